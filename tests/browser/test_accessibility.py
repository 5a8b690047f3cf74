"""Every kind of public page passes axe-core at WCAG 2.2 A/AA, at a phone's width and a desktop's.

One test per page: it loads the page at 375 px and at 1280 px, keeps a full-page
screenshot of each under var/screenshots/, and runs axe-core on each.
"""

import pytest

from tests.browser.conftest import WIDTHS, axe_violations, describe_violations, screenshot

# name -> a path, or the name of a demo page (see demo_paths in conftest.py), and the status it answers.
PAGES = {
    "home": ("home", 200),
    "patterns": ("index-patterns", 200),
    "standards": ("index-standards", 200),
    "methods": ("index-methods", 200),
    "factories": ("index-factories", 200),
    "case-studies": ("index-case-studies", 200),
    "pattern": ("patternpage", 200),
    "service-standard": ("servicestandardpage", 200),
    "method": ("methodpage", 200),
    "factory": ("factorypage", 200),
    "case-study": ("casestudypage", 200),
    "search-results": ("/search/?q=bin", 200),
    "search-no-results": ("/search/?q=zzxqvnotaword", 200),
    "feeds": ("/feeds/", 200),
    "not-found": ("/no-such-page-here/", 404),
    # The Welsh site: page furniture in Welsh, with lang="cy" (checked below).
    "cy-home": ("cy-home", 200),
    "cy-patterns": ("cy-index-patterns", 200),
    "cy-pattern": ("cy-patternpage", 200),
    "cy-pattern-untranslated": ("cy-patternpage-untranslated", 200),
    "cy-case-study": ("cy-casestudypage", 200),
    "cy-search-results": ("/cy/search/?q=bin", 200),
    "cy-feeds": ("/cy/feeds/", 200),
    "cy-not-found": ("/cy/no-such-page-here/", 404),
}

# The demo content is committed by demo_site, outside the transaction each test
# runs in, so the live server's own connection sees it; django_db asks for the
# test database. With `pytest -n N --dist loadgroup` all of them run on one
# worker, with the other tests that read the demo ("demo", tests/conftest.py),
# which then loads the demo once.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_every_section_index_is_visited(demo_site):
    indexes = {path for path, _status in PAGES.values() if path.startswith("index-")}
    assert indexes == {name for name in demo_site.paths if name.startswith("index-")}


def test_the_welsh_pages_visited_are_welsh_versions(demo_site):
    """A translated Welsh pattern and a stand-in for one not yet translated, both under /cy/."""
    for name in ("cy-home", "cy-index-patterns", "cy-patternpage", "cy-patternpage-untranslated"):
        assert demo_site.paths[name].startswith("/cy/"), (name, demo_site.paths[name])
    assert demo_site.paths["cy-patternpage"] != demo_site.paths["cy-patternpage-untranslated"]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations_at_either_width(name, demo_site, page):
    target, status = PAGES[name]
    path = target if target.startswith("/") else demo_site.paths[target]
    problems = []
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(demo_site.url + path)
        assert response.status == status, f"{path} answered {response.status}"
        expected_language = "cy" if name.startswith("cy-") else "en"
        assert page.evaluate("document.documentElement.lang") == expected_language, path
        assert screenshot(page, name, width).stat().st_size > 0
        violations = axe_violations(page)
        if violations:
            problems.append(f"at {width} px ({label}):\n{describe_violations(violations)}")
    assert not problems, f"axe-core found WCAG 2.2 A/AA violations on {path}\n" + "\n".join(problems)


def test_the_axe_check_finds_a_violation_when_there_is_one(page):
    """The check itself: a page with an unlabelled image and field must not pass."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= found, found
    assert "image-alt" in describe_violations(axe_violations(page))
