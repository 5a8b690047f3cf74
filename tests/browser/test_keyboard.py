"""Someone using only a keyboard can find, filter and open an item.

Only key presses: no clicks, no focus() calls, no navigation by URL after the
first page load.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

TAB_LIMIT = 80

# The demo content is committed by demo_site, outside the transaction each test
# runs in, so the live server's own connection sees it; django_db asks for the
# test database. With `pytest -n N --dist loadgroup` all of them run on one
# worker, with the other tests that read the demo ("demo", tests/conftest.py),
# which then loads the demo once.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def tab_until(page, condition, what):
    """Presses Tab until the focused element meets `condition` (a JavaScript function of it)."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate(f"({condition})(document.activeElement)"):
            return page.evaluate("document.activeElement.outerHTML")
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{TAB_LIMIT} presses of Tab never reached {what}; focus is on {focused}")


def test_search_filter_and_open_a_result_with_the_keyboard_only(demo_site, page):
    page.goto(demo_site.url + "/")

    tab_until(page, "el => el.matches('a.govuk-skip-link')", "the skip link")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"

    tab_until(page, "el => el.id === 'search-q'", "the search box")
    page.keyboard.type("parking")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["parking"]

    checkbox = tab_until(page, "el => el.matches('.fc-facets input[type=checkbox]')", "a facet checkbox")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked"), checkbox
    facet = page.evaluate("document.activeElement.name")

    tab_until(page, "el => el.matches('button') && el.textContent.trim() === 'Apply filters'", "Apply filters")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    applied = parse_qs(urlsplit(page.url).query)
    assert applied["q"] == ["parking"]
    assert facet in applied, applied

    result = tab_until(page, "el => el.matches('.fc-results a')", "a result link")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    path = urlsplit(page.url).path
    assert path == urlsplit(href).path, result
    assert path in demo_site.item_paths, f"{path} is not an item page"
    assert page.locator("h1").count() == 1
