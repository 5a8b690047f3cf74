import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from patterns.factories import MethodIndexPageFactory, PatternIndexPageFactory, PatternPageFactory


def navigation_links(client):
    html = client.get("/").content.decode()
    menu = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return [line.split('href="', 1)[1].split('"', 1)[0] for line in menu.splitlines() if 'href="' in line]


@pytest.mark.smoke
def test_header_lists_the_sections_and_search(client, home_page):
    PatternIndexPageFactory(parent=home_page).save_revision().publish()

    assert navigation_links(client) == ["/patterns/", "/search/"]


@pytest.mark.smoke
def test_header_follows_publishing_and_unpublishing_sections(client, home_page):
    patterns = PatternIndexPageFactory(parent=home_page)
    patterns.save_revision().publish()
    assert navigation_links(client) == ["/patterns/", "/search/"]

    methods = MethodIndexPageFactory(parent=home_page)
    methods.save_revision().publish()
    assert navigation_links(client) == ["/patterns/", "/methods/", "/search/"]

    patterns.unpublish()
    assert navigation_links(client) == ["/methods/", "/search/"]


@pytest.mark.smoke
def test_current_section_is_marked(client, home_page):
    patterns = PatternIndexPageFactory(parent=home_page)
    patterns.save_revision().publish()

    html = client.get("/patterns/").content.decode()

    assert 'href="/patterns/" aria-current="true"' in html


def breadcrumbs(client, url):
    """[(text, href)] of the page's breadcrumbs, or None when it has none."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    trail = soup.find("nav", class_="govuk-breadcrumbs")
    if trail is None:
        return None
    return [(link.get_text(strip=True), link["href"]) for link in trail.find_all("a")]


@pytest.mark.smoke
def test_breadcrumbs_lead_back_up_to_the_home_page(client, home_page):
    patterns = PatternIndexPageFactory(parent=home_page, title="Patterns")
    patterns.save_revision().publish()
    pattern = PatternPageFactory(parent=patterns, title="Find an address")
    pattern.save_revision().publish()

    assert breadcrumbs(client, "/") is None
    assert breadcrumbs(client, "/patterns/") == [("Home", "/")]
    assert breadcrumbs(client, pattern.url) == [("Home", "/"), ("Patterns", "/patterns/")]


def test_welsh_breadcrumbs_stay_in_welsh(client, home_page):
    patterns = PatternIndexPageFactory(parent=home_page, title="Patterns")
    patterns.save_revision().publish()
    pattern = PatternPageFactory(parent=patterns, title="Find an address")
    pattern.save_revision().publish()
    welsh = pattern.copy_for_translation(Locale.objects.create(language_code="cy"), copy_parents=True)
    welsh.save_revision().publish()

    assert [href for _text, href in breadcrumbs(client, welsh.url)] == ["/cy/", "/cy/patterns/"]
