"""The Content-Security-Policy, as Chromium enforces it: a script slipped into a
public page's HTML without the response's nonce does not run, while the page's
own scripts (marked with the nonce, or from the site itself) do: the search box
still suggests pages, and the front end raises no violation of its own
(docs/decisions/0020-security-headers.md)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("demo")]

INJECTED = "<script>window.injectedScriptRan = true;</script>"

#: Collects the page's CSP violation reports; runs before any of the page's own scripts.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push({directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample});
});
"""


def inject_script_into(page, url):
    """Serves `url` with the server's own headers and an extra inline script, as a stored
    cross-site scripting payload would arrive; returns the list the route fills with the
    policy it was served with."""
    served = []

    def handle(route):
        response = route.fetch()
        html = response.text()
        assert "</body>" in html
        served.append(response.headers.get("content-security-policy", ""))
        route.fulfill(response=response, body=html.replace("</body>", INJECTED + "</body>"))

    page.route(url, handle)
    return served


def test_an_injected_script_without_the_nonce_is_blocked_and_the_pages_own_scripts_run(demo_site, page):
    url = demo_site.url + "/search/"
    page.add_init_script(WATCH_VIOLATIONS)
    served = inject_script_into(page, url)

    page.goto(url)

    assert len(served) == 1
    assert "'nonce-" in served[0], served
    assert page.content().count("window.injectedScriptRan") == 1, "the script was not injected"
    assert page.evaluate("window.injectedScriptRan") is None
    violations = page.evaluate("window.cspViolations")
    assert [v["directive"] for v in violations] == ["script-src-elem"], violations
    assert violations[0]["blocked"] == "inline"

    # The page's own inline script (with the nonce) ran, and so did the front end's modules.
    assert "js-enabled" in page.evaluate("document.body.className")
    box = page.locator("#search-q")
    box.click()
    box.press_sequentially("park", delay=50)
    option = page.locator(".autocomplete__option").first
    option.wait_for(state="visible")
    assert option.inner_text().strip()


@pytest.mark.parametrize("name", ["home", "patternpage", "casestudypage", "cy-home"])
def test_the_public_pages_raise_no_violation_of_their_own(demo_site, page, name):
    page.add_init_script(WATCH_VIOLATIONS)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    response = page.goto(demo_site.url + demo_site.paths[name])

    assert response.status == 200
    assert "'nonce-" in response.headers["content-security-policy"]
    assert "js-enabled" in page.evaluate("document.body.className")
    assert page.evaluate("window.cspViolations") == []
    assert not [error for error in errors if "Content Security Policy" in error], errors
