from django.http import JsonResponse
from django.shortcuts import render

from cms.core.queries import live_items

from .exports import invalid_query_json, search_json, wants_json
from .facets import FACETS_BY_KEY
from .promotions import promotions_for
from .query import (
    CONTROL_CHARACTERS,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    SORTS,
    CollectionQuery,
    InvalidQuery,
    answer_with_fallback,
    words_of,
)
from .statistics import record_search

AUTOCOMPLETE_SUGGESTIONS = 8


def search(request):
    """The collection search: words, facets, sort and pages, on whichever backend settings choose."""
    try:
        query = CollectionQuery.from_params(request.GET)
        results = query.run()
    except InvalidQuery as problem:
        if wants_json(request):
            return invalid_query_json(problem)
        return render(
            request,
            "search/invalid_query.html",
            {"problem": str(problem), "search_query": request.GET.get("q", "")[:MAX_QUERY_LENGTH]},
            status=400,
        )
    if wants_json(request):  # ?format=json: the same results for programs (search/exports.py)
        return search_json(request, results)
    promoted = promotions_for(query.text, query.locale, request) if query.words and query.page == 1 else []
    promoted_pages = {promotion.page.pk for promotion in promoted if promotion.page}
    items = [card for card in results.cards if card.pk not in promoted_pages]
    if query.words and query.page == 1:
        record_search(query.text, results.total)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "items": items,
            "promoted": promoted,
            "search_query": query.text,
            "sorts": SORTS,
            "page_links": page_links(query, results),
            "previous_page": query.querystring(page=query.page - 1),
            "next_page": query.querystring(page=query.page + 1),
            # A new search from the box keeps the filters and sort; sorting keeps the rest.
            "search_form_hidden_inputs": query.hidden_inputs("q", "page"),
            "sort_hidden_inputs": query.hidden_inputs("sort", "page"),
            "facet_form_hidden_inputs": query.hidden_inputs("page", *FACETS_BY_KEY),
        },
    )


def page_links(query, results, around=2):
    """Page numbers to link to: the first, the last, and a few either side of this one (None for a gap)."""
    wanted = {1, results.page_count, *range(query.page - around, query.page + around + 1)}
    numbers = sorted(number for number in wanted if 1 <= number <= results.page_count)
    links, previous = [], 0
    for number in numbers:
        if number > previous + 1:
            links.append(None)
        links.append(
            {"number": number, "querystring": query.querystring(page=number), "current": number == query.page}
        )
        previous = number
    return links


def autocomplete(request):
    """Titles of live items that start with what was typed, as JSON for the search box."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", str(request.GET.get("q", ""))).split())[:MAX_QUERY_LENGTH]
    words = words_of(text)[:MAX_TERMS]
    suggestions = []
    if words:
        pages = live_items()
        for page in suggest(" ".join(words), pages)[:AUTOCOMPLETE_SUGGESTIONS]:
            suggestions.append(
                {"title": page.title, "url": page.get_url(request), "type": page.specific_class.collection_type_label}
            )
    return JsonResponse({"query": text, "results": suggestions})


def suggest(text, pages):
    def on(backend):
        return list(backend.autocomplete(text, pages)[:AUTOCOMPLETE_SUGGESTIONS])

    # Suggestions come as the reader types, so they too skip an engine that just failed.
    return answer_with_fallback(on, on)[0]
