"""Welsh search and feeds follow the locale, on every backend.

Each test runs on the database backend (PostgreSQL under `make test`, SQLite
in the smoke run) and on the real OpenSearch node. Welsh content is made as
editors make it: Welsh synchronised from English (every English page has a
Welsh stand-in), then translated through wagtail-localize and published.

Welsh text is analysed as English text is (one analysis per backend; see
docs/decisions/0013-welsh-content.md): these tests show Welsh words are found,
including words the English stemmer changes and queries holding English stop
words.
"""

import feedparser
import pytest
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, FactoryIndexPageFactory
from casestudies.models import Phase
from cms.core.management.commands.setup_site import ensure_welsh_locale
from cms.taxonomy.factories import AuthorityFactory
from cms.taxonomy.models import ServiceArea
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from patterns.models import PatternPage

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

BINS_IN_WELSH = {
    "Find your bin collection day": "Dod o hyd i'ch diwrnod casglu biniau",
    "Residents find their next bin day from their address.": (
        "Mae preswylwyr yn cael gwybod pryd y bydd y lorri ailgylchu'n cerdded heibio'r tŷ a'r ardd."
    ),
    "Ask for the postcode, then show the collections.": (
        "Gofynnwch am y cod post, yna dangoswch bob cais am gasgliad a'r dyddiadau nesaf."
    ),
}
WASTE_IN_WELSH = "Casglu gwastraff y cartref"


def translate(instance, locale, strings):
    """Translated in wagtail-localize's editor and published."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.string.data in strings:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=strings[segment.string.data],
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
    translation.save_target(publish=True)


def publish(page, **relations):
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    return page


@pytest.fixture
def welsh_collection(home_page, collection_backend, django_capture_on_commit_callbacks):
    english = Locale.get_default()
    waste = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=english)
    parking = ServiceArea.objects.create(lgsl_code=474, label="Parking permits", locale=english)
    cardiff = AuthorityFactory(name="Cardiff", gss_code="W06000015")
    patterns = PatternIndexPageFactory(parent=home_page)
    FactoryIndexPageFactory(parent=home_page)
    CaseStudyIndexPageFactory(parent=home_page)
    bins = publish(
        PatternPageFactory(
            parent=patterns,
            title="Find your bin collection day",
            summary="Residents find their next bin day from their address.",
            how_it_works=[("paragraph", RichText("<p>Ask for the postcode, then show the collections.</p>"))],
        ),
        service_areas=[waste],
        authorities=[cardiff],
    )
    permits = publish(
        PatternPageFactory(parent=patterns, title="Apply for a parking permit", summary="Buy a permit online."),
        service_areas=[parking],
    )
    study = publish(
        CaseStudyPageFactory(
            title="Shared bin service", summary="Councils share one bin service.", phase=Phase.LIVE, partners=[cardiff]
        ),
        service_areas=[waste],
    )
    # As `setup_site` does: Welsh is synchronised from English, so every page has a Welsh stand-in.
    welsh = ensure_welsh_locale()[0]
    with django_capture_on_commit_callbacks(execute=True):
        translate(waste, welsh, {"Household waste collection": WASTE_IN_WELSH})
        translate(bins, welsh, BINS_IN_WELSH)
    collection_backend.refresh()
    return {"bins": bins, "permits": permits, "study": study, "waste": waste, "welsh": welsh}


def search(client, path="/search/", **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content.decode()[:500]
    assert response.context["results"].notice == ""
    return response


def titles(response):
    return [item.title for item in response.context["items"]]


def welsh_titles(client, words):
    return titles(search(client, "/cy/search/", q=words))


def test_a_welsh_word_only_in_the_translation_is_found_in_welsh_and_not_in_english(client, welsh_collection):
    for words in ["biniau", "preswylwyr", "ailgylchu", "dyddiadau nesaf"]:
        assert welsh_titles(client, words) == ["Dod o hyd i'ch diwrnod casglu biniau"], words
        assert titles(search(client, q=words)) == [], words


def test_english_search_finds_the_english_page_and_not_its_translation(client, welsh_collection):
    assert titles(search(client, q="postcode collections")) == ["Find your bin collection day"]
    assert set(titles(search(client, q="bin"))) == {"Find your bin collection day", "Shared bin service"}


def test_welsh_results_link_to_welsh_pages(client, welsh_collection):
    response = search(client, "/cy/search/", q="biniau")

    [item] = response.context["items"]
    assert Page.objects.get(pk=item.pk).locale == welsh_collection["welsh"]
    assert item.url == "/cy/patterns/find-your-bin-collection-day/"
    assert 'href="/cy/patterns/find-your-bin-collection-day/"' in response.content.decode()


def test_welsh_words_the_english_stemmer_changes_are_still_found(client, welsh_collection):
    # English analysis cuts "cerdded" to "cerd" and "cais" to "cai", in the text and in the query alike.
    assert welsh_titles(client, "cerdded") == ["Dod o hyd i'ch diwrnod casglu biniau"]
    assert welsh_titles(client, "cais") == ["Dod o hyd i'ch diwrnod casglu biniau"]
    assert welsh_titles(client, "tŷ") == ["Dod o hyd i'ch diwrnod casglu biniau"]


def test_a_welsh_query_holding_english_stop_words_and_apostrophes_still_finds_the_page(client, welsh_collection):
    # "a" (and) and "i" (to) are English stop words: left out of the text and of the query alike;
    # "a'r" and "i'ch" are two words each, as the query reads them.
    assert welsh_titles(client, "tŷ a'r ardd") == ["Dod o hyd i'ch diwrnod casglu biniau"]
    assert welsh_titles(client, "dod o hyd i'ch diwrnod") == ["Dod o hyd i'ch diwrnod casglu biniau"]
    assert welsh_titles(client, "dod o hyd i\u2019ch diwrnod") == ["Dod o hyd i'ch diwrnod casglu biniau"]


def test_untranslated_pages_are_in_welsh_search_as_their_stand_ins(client, welsh_collection):
    """Until a page is translated, the Welsh site shows its English content (in Welsh page furniture)."""
    response = search(client, "/cy/search/", q="permit")

    [item] = response.context["items"]
    assert item.title == "Apply for a parking permit"
    page = Page.objects.get(pk=item.pk)
    assert page.locale == welsh_collection["welsh"]
    assert page.alias_of_id == welsh_collection["permits"].pk
    assert item.url == f"/cy/patterns/{welsh_collection['permits'].slug}/"


def test_welsh_pages_are_found_by_the_welsh_name_of_their_service_area(client, welsh_collection):
    # The case study is not translated: its stand-in is found by the Welsh label of its service area.
    assert set(welsh_titles(client, "gwastraff")) == {"Dod o hyd i'ch diwrnod casglu biniau", "Shared bin service"}
    assert titles(search(client, q="gwastraff")) == []


def test_welsh_facets_count_welsh_pages_and_use_the_welsh_service_area_labels(client, welsh_collection):
    waste = welsh_collection["waste"]

    response = search(client, "/cy/search/", area=waste.slug)

    assert set(titles(response)) == {"Dod o hyd i'ch diwrnod casglu biniau", "Shared bin service"}
    areas = next(choices for choices in response.context["results"].facets if choices.key == "area")
    # The chosen area first, in Welsh; an area with no Welsh label yet keeps its English one.
    assert [(option.label, option.count) for option in areas.options] == [(WASTE_IN_WELSH, 2), ("Parking permits", 1)]
    assert WASTE_IN_WELSH in response.content.decode()
    response = search(client, area=waste.slug)
    english = next(choices for choices in response.context["results"].facets if choices.key == "area")
    assert [option.label for option in english.options] == ["Household waste collection", "Parking permits"]


def test_the_welsh_page_shows_its_service_area_in_welsh(client, welsh_collection):
    bins = welsh_collection["bins"]
    welsh_page = PatternPage.objects.get(locale=welsh_collection["welsh"], translation_key=bins.translation_key)

    text = client.get(welsh_page.url).content.decode()

    assert WASTE_IN_WELSH in text
    assert "Household waste collection" not in text
    assert "Household waste collection" in client.get(bins.url).content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_welsh_feed_lists_the_welsh_item(client, welsh_collection, kind):
    welsh_feed = feedparser.parse(client.get(f"/cy/feeds/{kind}/").content)
    english_feed = feedparser.parse(client.get(f"/feeds/{kind}/").content)

    welsh_entries = {entry.title: entry for entry in welsh_feed.entries}
    assert "Dod o hyd i'ch diwrnod casglu biniau" in welsh_entries
    entry = welsh_entries["Dod o hyd i'ch diwrnod casglu biniau"]
    assert entry.link.endswith("/cy/patterns/find-your-bin-collection-day/")
    assert WASTE_IN_WELSH in {tag.term for tag in entry.tags}
    assert "Find your bin collection day" not in welsh_entries
    assert welsh_feed.feed.language == "cy"
    english_titles = {entry.title for entry in english_feed.entries}
    assert "Find your bin collection day" in english_titles
    assert "Dod o hyd i'ch diwrnod casglu biniau" not in english_titles
    # A search's feed follows the locale too.
    searched = feedparser.parse(client.get(f"/cy/feeds/{kind}/", {"q": "biniau"}).content)
    assert [entry.title for entry in searched.entries] == ["Dod o hyd i'ch diwrnod casglu biniau"]
    assert feedparser.parse(client.get(f"/feeds/{kind}/", {"q": "biniau"}).content).entries == []
