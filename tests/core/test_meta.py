"""What every public page says about itself: title, description, canonical
link, Open Graph and JSON-LD; the sitemap, robots.txt, the accessibility
statement, the error pages, and no cookies for readers."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Locale, Page

from casestudies.models import CaseStudyPage
from cms.core.models import BasePage
from cms.core.templatetags.meta_tags import json_ld_script
from patterns.factories import PatternIndexPageFactory, PatternPageFactory


@pytest.fixture
def pattern_index(home_page):
    return PatternIndexPageFactory(parent=home_page)


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def head_facts(soup):
    """The facts a search engine or link preview reads from a page's head."""
    descriptions = soup.find_all("meta", attrs={"name": "description"})
    canonicals = soup.find_all("link", rel="canonical")
    return {
        "h1s": len(soup.find_all("h1")),
        "title": soup.title.string.strip() if soup.title and soup.title.string else "",
        "descriptions": [meta.get("content", "") for meta in descriptions],
        "canonicals": [link.get("href", "") for link in canonicals],
        "og": {meta["property"]: meta.get("content", "") for meta in soup.find_all("meta", property=True)},
        "json_ld": [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")],
    }


@pytest.mark.django_db
def test_every_demo_page_has_one_h1_a_unique_title_a_description_and_a_canonical_link(client, demo_content):
    pages = list(Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"))
    assert len(pages) > 30  # the home page, five indexes and every demo item

    titles = {}
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        facts = head_facts(soup_of(response))

        assert facts["h1s"] == 1, page.url
        assert facts["title"], page.url
        if page.alias_of_id is None:
            # Unique within each language; a Welsh stand-in repeats its English page until translated.
            titles.setdefault((page.locale_id, facts["title"]), []).append(page.url)
        assert len(facts["descriptions"]) == 1, page.url
        assert facts["descriptions"][0].strip(), page.url
        assert facts["canonicals"] == [page.get_full_url()], page.url
        assert facts["og"]["og:url"] == page.get_full_url()
        assert facts["og"]["og:title"] == (page.seo_title or page.title)
        assert facts["og"]["og:description"] == facts["descriptions"][0]
        assert facts["og"]["og:site_name"] == "Factory Commons"

        if isinstance(page, BasePage):
            assert facts["descriptions"][0] == page.get_meta_description()
            assert facts["og"]["og:type"] == "article"
            (json_ld,) = facts["json_ld"]
            expected_type = "Article" if isinstance(page, CaseStudyPage) else "CreativeWork"
            assert json_ld["@context"] == "https://schema.org"
            assert json_ld["@type"] == expected_type
            assert json_ld["name"] == page.title
            assert json_ld["url"] == page.get_full_url()
            assert json_ld["description"] == page.get_meta_description()
            assert json_ld["inLanguage"] == page.locale.language_code
        else:
            assert facts["og"]["og:type"] == "website"
            assert facts["json_ld"] == []

    assert {title: urls for title, urls in titles.items() if len(urls) > 1} == {}


@pytest.mark.django_db
def test_an_item_without_a_search_description_is_described_by_its_summary(client, pattern_index):
    pattern = PatternPageFactory(parent=pattern_index, summary="Ask for a postcode first.", search_description="")

    facts = head_facts(soup_of(client.get(pattern.url)))

    assert facts["descriptions"] == ["Ask for a postcode first."]


@pytest.mark.django_db
def test_the_home_page_is_described_by_its_introduction_as_plain_text(client, home_page):
    home_page.introduction = "<p>Patterns &amp; <b>methods</b> from councils.</p>"
    home_page.search_description = ""
    home_page.save_revision().publish()

    facts = head_facts(soup_of(client.get("/")))

    assert facts["descriptions"] == ["Patterns & methods from councils."]
    assert facts["title"] == "Factory Commons"


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(client, pattern_index):
    pattern = PatternPageFactory(parent=pattern_index, title="Forms </script><script>alert(1)</script>")

    soup = soup_of(client.get(pattern.url))

    (script,) = soup.find_all("script", type="application/ld+json")
    assert "</script" not in script.string
    assert json.loads(script.string)["name"] == pattern.title
    assert not any("alert(1)" in (tag.string or "") for tag in soup.find_all("script", type=False))


def test_json_ld_script_escapes_markup_characters():
    html = json_ld_script({"name": "a </script> & <!--"})

    assert html.startswith('<script type="application/ld+json">')
    assert "</script>" not in html.removesuffix("</script>")
    assert "<!--" not in html
    assert json.loads(html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")) == {
        "name": "a </script> & <!--"
    }


@pytest.mark.django_db
def test_search_pages_are_noindex_with_a_canonical_link_without_the_query(client, home_page):
    facts = head_facts(soup_of(client.get("/search/?q=forms&sort=newest&page=1")))
    soup = soup_of(client.get("/search/?q=forms"))

    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert facts["canonicals"] == ["http://testserver/search/"]
    assert facts["h1s"] == 1


@pytest.mark.django_db
def test_the_feeds_page_keeps_its_one_description_and_gets_a_canonical_link(client, home_page):
    facts = head_facts(soup_of(client.get("/feeds/")))

    assert len(facts["descriptions"]) == 1
    assert facts["canonicals"] == ["http://testserver/feeds/"]


@pytest.mark.django_db
def test_the_sitemap_lists_english_and_welsh_pages(client, pattern_index):
    english = PatternPageFactory(parent=pattern_index, title="Find your bin day")
    welsh = english.copy_for_translation(Locale.objects.create(language_code="cy"), copy_parents=True)
    welsh.save_revision().publish()
    draft = PatternPageFactory(parent=pattern_index, live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    locations = set(re.findall(r"<url><loc>([^<]+)</loc>", response.content.decode()))
    assert english.get_full_url() in locations
    assert welsh.get_full_url() in locations
    assert "/cy/" in welsh.get_full_url()
    assert pattern_index.get_full_url() in locations
    assert draft.get_full_url() not in locations


@pytest.mark.django_db
def test_the_welsh_sitemap_url_is_not_a_second_sitemap(client, home_page):
    assert client.get("/cy/sitemap.xml").status_code == 404


def test_robots_txt_allows_readers_points_at_the_sitemap_and_keeps_out_of_admin_and_search(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Disallow: /cy/search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "title"),
    [("/accessibility/", "en", "Accessibility statement"), ("/cy/accessibility/", "cy", "Datganiad hygyrchedd")],
)
def test_the_accessibility_statement(client, home_page, url, language, title):
    response = client.get(url)

    assert response.status_code == 200
    soup = soup_of(response)
    facts = head_facts(soup)
    assert soup.html["lang"] == language
    assert facts["h1s"] == 1
    # The page furniture, title and description are in the reader's language.
    assert facts["title"] == f"{title} \N{EN DASH} Factory Commons"
    assert len(facts["descriptions"]) == 1
    assert facts["og"]["og:title"] == title
    assert facts["og"]["og:description"] == facts["descriptions"][0]
    assert facts["og"]["og:locale"] == f"{language}_GB"
    assert facts["canonicals"] == [f"http://testserver{url}"]
    text = soup.find("main").get_text(" ", strip=True)
    assert "WCAG 2.2" in text
    assert "cookies" in text
    assert "tracking" in text
    if language == "cy":
        # The statement itself is in English; the Welsh page says so and marks it up as English.
        assert soup.find("main").find(attrs={"lang": "en"}) is not None


@pytest.mark.django_db
def test_the_footer_links_to_the_accessibility_statement_in_the_reader_s_language(client, home_page):
    english = soup_of(client.get("/")).find("footer")
    welsh = soup_of(client.get("/cy/accessibility/")).find("footer")

    assert english.find("a", href="/accessibility/") is not None
    assert welsh.find("a", href="/cy/accessibility/") is not None


@pytest.mark.django_db
def test_an_anonymous_reader_gets_no_cookies(client, pattern_index):
    pattern = PatternPageFactory(parent=pattern_index)
    urls = ["/", pattern_index.url, pattern.url, "/search/?q=forms", "/feeds/", "/accessibility/", "/nope/"]

    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url


@pytest.mark.django_db
def test_a_missing_page_is_a_404_page_in_the_site_style(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    soup = soup_of(response)
    facts = head_facts(soup)
    assert facts["h1s"] == 1
    assert facts["title"] == "Page not found \N{EN DASH} Factory Commons"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("link", rel="stylesheet") is not None
    assert soup.find("footer") is not None


@pytest.mark.django_db
def test_a_missing_welsh_page_is_a_404_page_too(client, home_page):
    response = client.get("/cy/no-such-page/")

    assert response.status_code == 404
    assert head_facts(soup_of(response))["h1s"] == 1


def test_the_500_page_needs_no_database():
    # No django_db mark: any query here fails the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    soup = soup_of(response)
    assert head_facts(soup)["h1s"] == 1
    assert soup.title.string.strip() == "Sorry, there is a problem with the service \N{EN DASH} Factory Commons"
    assert soup.find("link", rel="stylesheet") is not None
    assert soup.html["lang"] == "en"
