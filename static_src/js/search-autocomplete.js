// Suggestions under the search box, from the JSON endpoint named in the
// form's data-autocomplete-url. Without JavaScript, or if anything here
// fails, the plain form still searches for the typed text.
//
// The library is a UMD bundle that defines window.accessibleAutocomplete.
import "../accessible-autocomplete/accessible-autocomplete.min.js";

const MIN_QUERY_LENGTH = 2;
// Long enough to skip the requests for letters typed in quick succession.
const DEBOUNCE_MILLISECONDS = 250;

function escapeHtml(text) {
  const element = document.createElement("span");
  element.textContent = text;
  return element.innerHTML;
}

// Messages come from the form so that they follow the page's language.
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (placeholder, name) => (name in values ? values[name] : placeholder));
}

function messagesFrom(form) {
  const data = form.dataset;
  const messages = {};
  if (data.autocompleteTooShort) {
    messages.tStatusQueryTooShort = (minLength) => fill(data.autocompleteTooShort, { count: minLength });
  }
  if (data.autocompleteNoResults) {
    messages.tStatusNoResults = () => data.autocompleteNoResults;
  }
  if (data.autocompleteSelected) {
    messages.tStatusSelectedOption = (option, count, index) =>
      fill(data.autocompleteSelected, { option, position: index + 1, count });
  }
  if (data.autocompleteResults) {
    messages.tStatusResults = (count, selectedOptionMessage) =>
      `${fill(data.autocompleteResults, { count })} ${selectedOptionMessage}`.trim();
  }
  if (data.autocompleteHint) {
    messages.tAssistiveHint = () => data.autocompleteHint;
  }
  return messages;
}

// Fetches suggestions after a pause in typing; a newer query cancels the
// request of the one before, so an old answer never replaces a newer one.
// Suggestions are only for someone typing in the box (not for the query the
// page was loaded with) and only for what the box still holds: the library
// asks nothing when the text gets shorter than MIN_QUERY_LENGTH, so a
// request already under way must not open the menu then.
function suggestionSource(endpoint, box) {
  let timer = null;
  let pending = null;
  return (query, populateResults) => {
    clearTimeout(timer);
    if (pending) {
      pending.abort();
      pending = null;
    }
    if (!box.isFocused()) {
      populateResults([]);
      return;
    }
    timer = setTimeout(async () => {
      if (box.text() !== query) {
        return;
      }
      const controller = new AbortController();
      pending = controller;
      const url = new URL(endpoint, window.location.href);
      url.searchParams.set("q", query);
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) {
          return;
        }
        const body = await response.json();
        if (box.text() === query) {
          populateResults(Array.isArray(body.results) ? body.results : []);
        }
      } catch {
        // Aborted, offline or not JSON: no suggestions, and the form still works.
      } finally {
        if (pending === controller) {
          pending = null;
        }
      }
    }, DEBOUNCE_MILLISECONDS);
  };
}

// Follow only web addresses, never a "javascript:" one, whatever the endpoint sent.
function pageAddress(suggestion) {
  if (!suggestion || typeof suggestion.url !== "string") {
    return null;
  }
  const address = new URL(suggestion.url, window.location.href);
  return address.protocol === "http:" || address.protocol === "https:" ? address.href : null;
}

// The library draws its own input, with the same id (the label still points
// at it) and the same name (the form still sends q), in place of the plain one.
function startAutocomplete(form, input, endpoint) {
  const container = document.createElement("div");
  const widthClasses = [...input.classList].filter((name) => name.startsWith("govuk-!-width-"));
  container.classList.add("fc-search-autocomplete", ...widthClasses);
  const box = {
    isFocused: () => container.contains(document.activeElement),
    text: () => container.querySelector("input")?.value,
  };
  input.replaceWith(container);

  window.accessibleAutocomplete({
    element: container,
    id: input.id,
    name: input.name,
    minLength: MIN_QUERY_LENGTH,
    displayMenu: "overlay",
    // Leaving the box must keep the typed text, not pick a suggestion.
    confirmOnBlur: false,
    // The search itself answers "nothing found" better than a menu can.
    showNoOptionsFound: false,
    inputClasses: "govuk-input",
    source: suggestionSource(endpoint, box),
    templates: {
      inputValue: (suggestion) => (suggestion ? suggestion.title : ""),
      suggestion: (suggestion) =>
        suggestion
          ? `<span class="fc-search-autocomplete__title">${escapeHtml(suggestion.title)}</span>` +
            (suggestion.type ? ` <span class="fc-search-autocomplete__type">${escapeHtml(suggestion.type)}</span>` : "")
          : "",
    },
    onConfirm: (suggestion) => {
      const address = pageAddress(suggestion);
      if (address) {
        window.location.assign(address);
      }
    },
    ...messagesFrom(form),
  });
  return container;
}

function enhance(form) {
  const input = form.querySelector('input[name="q"]');
  const endpoint = form.dataset.autocompleteUrl;
  if (!input || !endpoint || typeof window.accessibleAutocomplete !== "function") {
    return;
  }
  let container;
  try {
    container = startAutocomplete(form, input, endpoint);
  } catch (error) {
    // Keep the plain box rather than none.
    form.querySelector(".fc-search-autocomplete")?.replaceWith(input);
    throw error;
  }

  const enhancedInput = container.querySelector("input");
  if (input.maxLength > 0) {
    enhancedInput.maxLength = input.maxLength;
  }
  // The library's own defaultValue would offer the current query as the only
  // suggestion as soon as the box is focused; handing the value over as if
  // typed avoids that (and, with the box not focused, fetches nothing).
  if (input.value) {
    enhancedInput.value = input.value;
    enhancedInput.dispatchEvent(new Event("input", { bubbles: true }));
  }
  // While suggestions are shown the library swallows Enter in the box itself;
  // Enter there means "search for what I typed", as it does without JavaScript.
  // (Enter on a highlighted suggestion happens on the suggestion, not here.)
  enhancedInput.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) {
      return;
    }
    event.preventDefault();
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
}

document.querySelectorAll("form[data-autocomplete-url]").forEach(enhance);
