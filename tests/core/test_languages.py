"""Every page says where it is in the other language: the switcher, hreflang links, and
the stand-in shown on the Welsh site for an item not yet translated."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Locale

from patterns.factories import PatternIndexPageFactory, PatternPageFactory


@pytest.fixture
def welsh(db):
    return Locale.objects.get_or_create(language_code="cy")[0]


@pytest.fixture
def pattern_index(home_page):
    return PatternIndexPageFactory(parent=home_page)


@pytest.fixture
def translated_pattern(pattern_index, welsh):
    english = PatternPageFactory(parent=pattern_index, title="Find your bin day")
    welsh_page = english.copy_for_translation(welsh, copy_parents=True)
    welsh_page.title = "Dod o hyd i'ch diwrnod biniau"
    welsh_page.slug = "dod-o-hyd-ich-diwrnod-biniau"
    welsh_page.save_revision().publish()
    welsh_page.refresh_from_db()  # publishing stored the new slug's URL path
    return english, welsh_page


UNTRANSLATED_NOTICE = "This page has not been translated yet, so it is shown in English."


def in_welsh(message):
    """The Welsh for an interface message, which must have one (the Welsh .po file holds them)."""
    with translation.override("cy"):
        welsh = translation.gettext(message)
    assert welsh != message, f"no Welsh for {message!r}"
    return welsh


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def switcher_links(soup):
    """{language code: href} of the switcher's links (the current language is not a link)."""
    nav = soup.find("nav", class_="fc-language-switcher")
    return {link["hreflang"]: link["href"] for link in nav.find_all("a")}


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


@pytest.mark.django_db
def test_a_page_and_its_translation_link_to_each_other(client, translated_pattern):
    english, welsh_page = translated_pattern

    english_soup = soup_of(client.get(english.url))
    welsh_soup = soup_of(client.get(welsh_page.url))

    assert welsh_page.url.startswith("/cy/")
    assert switcher_links(english_soup) == {"cy": welsh_page.url}
    assert switcher_links(welsh_soup) == {"en": english.url}
    # Each language's name is in that language, marked with its language for screen readers.
    link = english_soup.find("nav", class_="fc-language-switcher").find("a")
    assert (link.get_text(strip=True), link["lang"]) == ("Cymraeg", "cy")
    current = welsh_soup.find("nav", class_="fc-language-switcher").find(attrs={"aria-current": "true"})
    assert current.get_text(strip=True) == "Cymraeg"


@pytest.mark.django_db
def test_hreflang_links_name_both_languages_and_english_as_the_default(client, translated_pattern):
    english, welsh_page = translated_pattern
    expected = {
        "en": f"http://testserver{english.url}",
        "cy": f"http://testserver{welsh_page.url}",
        "x-default": f"http://testserver{english.url}",
    }

    assert alternates(soup_of(client.get(english.url))) == expected
    assert alternates(soup_of(client.get(welsh_page.url))) == expected


@pytest.mark.django_db
def test_a_page_with_no_welsh_version_offers_the_welsh_home_page_and_no_hreflang(client, pattern_index, welsh):
    english = PatternPageFactory(parent=pattern_index, title="Report a pothole")
    welsh_home = pattern_index.get_parent().copy_for_translation(welsh)
    welsh_home.save_revision().publish()

    soup = soup_of(client.get(english.url))

    assert switcher_links(soup) == {"cy": "/cy/"}
    assert alternates(soup) == {}


@pytest.mark.django_db
def test_search_switches_language_keeping_the_query(client, home_page):
    english = soup_of(client.get("/search/?q=bins&type=pattern"))
    welsh = soup_of(client.get("/cy/search/?q=bins&type=pattern"))

    assert switcher_links(english) == {"cy": "/cy/search/?q=bins&type=pattern"}
    assert switcher_links(welsh) == {"en": "/search/?q=bins&type=pattern"}
    assert welsh.find("html")["lang"] == "cy"


@pytest.mark.django_db
def test_an_untranslated_item_on_the_welsh_site_shows_english_content_in_welsh_furniture(client, pattern_index, welsh):
    english = PatternPageFactory(parent=pattern_index, title="Report a pothole", summary="Tell us where it is.")
    welsh_index = pattern_index.copy_for_translation(welsh, copy_parents=True)
    welsh_index.title = "Patrymau"
    welsh_index.save_revision().publish()
    # What wagtail-localize's synchronisation keeps in the Welsh tree until someone translates the page.
    stand_in = english.create_alias(parent=welsh_index, update_locale=welsh, reset_translation_key=False)

    soup = soup_of(client.get(stand_in.url))

    assert stand_in.url.startswith("/cy/")
    assert soup.find("html")["lang"] == "cy"
    main = soup.find("main")
    assert main["lang"] == "en"
    assert "Report a pothole" in main.get_text()
    notice = main.find(class_="fc-untranslated-notice")
    assert notice["lang"] == "cy"
    assert in_welsh(UNTRANSLATED_NOTICE) in notice.get_text()
    # Welsh page furniture: the skip link, the section in Welsh, and a way back to English.
    assert soup.find("a", class_="govuk-skip-link").get_text(strip=True) == in_welsh("Skip to main content")
    assert "Patrymau" in soup.find("header").get_text()
    assert switcher_links(soup) == {"en": english.url}


@pytest.mark.django_db
def test_a_translated_page_shows_no_untranslated_notice(client, translated_pattern):
    _english, welsh_page = translated_pattern

    soup = soup_of(client.get(welsh_page.url))

    assert soup.find(class_="fc-untranslated-notice") is None
    assert not soup.find("main").has_attr("lang")
