import pytest

from patterns.factories import MethodIndexPageFactory, PatternIndexPageFactory


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
