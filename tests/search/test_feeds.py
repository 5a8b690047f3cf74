"""RSS and Atom feeds of the collection: the search page's query, rendered for feed readers.

Every feed is parsed with feedparser (what many readers use), and the rules
the W3C feed validator checks that need no network are checked on the XML.
"""

import datetime
import email.utils
import re
import time

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale

from casestudies.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    FactoryIndexPageFactory,
    FactoryPageFactory,
)
from casestudies.models import Openness, Phase
from cms.core.bulk_load import indexes_updated_at_the_end
from cms.core.models import PageChange
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory
from cms.taxonomy.models import ServiceArea
from patterns.factories import MethodIndexPageFactory, MethodPageFactory, PatternIndexPageFactory, PatternPageFactory
from search.models import SearchTermDay

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
KINDS = ("rss", "atom")
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
# RFC 822 as RSS 2.0 uses it (four-digit years allowed): "Tue, 03 Mar 2026 10:00:00 +0000".
RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT|[A-Z]{3})$"
)
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def publish(page, **relations):
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def collection(home_page):
    """Seven live items of every type, published one after another (oldest first)."""
    locale = Locale.get_default()
    waste = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=locale)
    parking = ServiceArea.objects.create(lgsl_code=1125, label="Parking permits", locale=locale)
    leeds = AuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    york = AuthorityFactory(name="City of York Council", gss_code="E06000014")
    cardiff = AuthorityFactory(name="Cardiff Council", gss_code="W06000015")
    patterns = PatternIndexPageFactory(parent=home_page)
    methods = MethodIndexPageFactory(parent=home_page)
    factories = FactoryIndexPageFactory(parent=home_page)
    case_studies = CaseStudyIndexPageFactory(parent=home_page)
    mit = LicenceFactory(spdx_id="MIT", name="MIT License")

    items = {}
    items["bins"] = publish(
        PatternPageFactory(
            parent=patterns, title="Report a missed bin", summary="Tell the council a bin was missed.", licence=mit
        ),
        service_areas=[waste],
        authorities=[leeds],
    )
    items["permits"] = publish(
        PatternPageFactory(parent=patterns, title="Apply for a parking permit", summary="Buy a permit online."),
        service_areas=[parking],
        authorities=[cardiff],
    )
    items["crit"] = publish(
        MethodPageFactory(parent=methods, title="Content crit", summary="Review the words on a page together."),
        service_areas=[waste],
    )
    items["factory"] = publish(
        FactoryPageFactory(
            parent=factories,
            title="Northern Bins Factory",
            summary="Two councils share bin services.",
            members=[leeds, york],
        )
    )
    items["study"] = publish(
        CaseStudyPageFactory(
            parent=case_studies,
            title="Shared bin collection service",
            summary="Two councils built one bin collection service.",
            factory=items["factory"],
            phase=Phase.BETA,
            openness=Openness.OPEN_SOURCE,
            service_areas=[waste],
            partners=[leeds, york],
        )
    )
    items["southern"] = publish(FactoryPageFactory(parent=factories, title="Southern Factory", members=[cardiff]))
    items["other_study"] = publish(
        CaseStudyPageFactory(
            parent=case_studies,
            title="Welsh parking permits",
            summary="One permit service for Cardiff.",
            factory=items["southern"],
            phase=Phase.LIVE,
            live_on=datetime.date(2026, 1, 5),
            openness=Openness.OPEN_SOURCE,
            service_areas=[parking],
            partners=[cardiff],
        )
    )
    return {
        "items": items,
        "waste": waste,
        "parking": parking,
        "leeds": leeds,
        "york": york,
        "cardiff": cardiff,
        "patterns": patterns,
        "methods": methods,
    }


def newest_first(collection):
    return [page.title for page in sorted(collection["items"].values(), key=lambda page: page.first_published_at)][
        ::-1
    ]


def fetch(client, path, params=None, **headers):
    return client.get(path, params or {}, **headers)


def parse(response):
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def get_feed(client, kind, params=None, prefix=""):
    response = fetch(client, f"{prefix}/feeds/{kind}/", params)
    assert response["Content-Type"].startswith(FEED_TYPES[kind])
    return parse(response)


def titles(feed):
    return [entry.title for entry in feed.entries]


def entry_titled(feed, title):
    return next(entry for entry in feed.entries if entry.title == title)


# What every feed holds ------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("kind", KINDS)
def test_with_no_parameters_a_feed_lists_everything_newest_first(client, collection, kind):
    feed = get_feed(client, kind)

    assert feed.version == {"rss": "rss20", "atom": "atom10"}[kind]
    assert titles(feed) == newest_first(collection)
    bins = collection["items"]["bins"]
    entry = entry_titled(feed, "Report a missed bin")
    assert entry.link == bins.get_full_url()
    assert all(entry.link.startswith("http://") for entry in feed.entries)
    assert feed.feed.link.startswith("http://")
    assert feed.feed.language == "en"


@pytest.mark.parametrize("kind", KINDS)
def test_an_entry_has_its_summary_types_areas_councils_and_dates(client, collection, kind):
    bins = collection["items"]["bins"]
    PageChange.objects.create(page=bins, date=datetime.date(2026, 3, 2), note="Added research from Leeds & York")
    bins.save_revision().publish()

    entry = entry_titled(get_feed(client, kind), "Report a missed bin")

    assert "Tell the council a bin was missed." in entry.summary
    assert "Added research from Leeds &amp; York" in entry.summary
    assert "2 March 2026" in entry.summary
    assert [tag.term for tag in entry.tags] == ["Pattern", "Household waste collection"]
    assert entry.author == "Leeds City Council"
    bins.refresh_from_db()
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == bins.first_published_at.replace(
        microsecond=0
    )
    assert datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC) == bins.last_published_at.replace(
        microsecond=0
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_title_with_markup_characters_reads_as_written(client, collection, kind):
    crit = collection["items"]["crit"]
    crit.title = "Crit <words> & pictures"
    crit.save_revision().publish()

    assert "Crit <words> & pictures" in titles(get_feed(client, kind))


def test_the_factory_entry_names_its_member_councils(client, collection):
    entry = entry_titled(get_feed(client, "atom"), "Northern Bins Factory")
    assert entry.author == "City of York Council; Leeds City Council"
    assert [tag.term for tag in entry.tags] == ["Factory"]


def test_many_councils_are_named_three_at_a_time(client, collection):
    publish(CaseStudyPageFactory(title="Big partnership", partners=5))
    entry = entry_titled(get_feed(client, "rss"), "Big partnership")
    assert entry.author.count(";") == 2
    assert entry.author.endswith(" and 2 more")


@pytest.mark.parametrize("kind", KINDS)
def test_guids_stay_the_same_across_an_edit_and_a_move_and_the_edit_shows_as_an_update(
    client, home_page, collection, kind
):
    before = {entry.title: entry for entry in get_feed(client, kind).entries}
    bins = collection["items"]["bins"]
    old_link = before["Report a missed bin"].link

    time.sleep(1.05)  # feed dates have whole seconds
    more_patterns = PatternIndexPageFactory(parent=home_page, title="More patterns", slug="more-patterns")
    bins.move(more_patterns, pos="last-child")
    bins.refresh_from_db()
    bins.title = "Report a missed bin collection"
    PageChange.objects.create(page=bins, note="Renamed after user research")
    bins.save_revision().publish()

    after = {entry.title: entry for entry in get_feed(client, kind).entries}
    edited = after["Report a missed bin collection"]
    assert edited.id == before["Report a missed bin"].id
    assert edited.link != old_link
    assert edited.link == bins.get_full_url()
    assert edited.published == before["Report a missed bin"].published
    assert edited.updated_parsed > before["Report a missed bin"].updated_parsed
    assert "Renamed after user research" in edited.summary
    assert {entry.id for entry in after.values()} == {entry.id for entry in before.values()}
    # The recently-updated feed brings the change to the top.
    assert titles(get_feed(client, kind, {"sort": "updated"}))[0] == "Report a missed bin collection"


@pytest.mark.parametrize("kind", KINDS)
def test_guids_are_not_urls_and_differ_between_languages(client, collection, kind):
    english = collection["items"]["crit"]
    welsh = english.copy_for_translation(Locale.objects.create(language_code="cy"), copy_parents=True)
    welsh.save_revision().publish()

    english_id = entry_titled(get_feed(client, kind), "Content crit").id
    welsh_id = get_feed(client, kind, prefix="/cy").entries[0].id

    assert english_id.startswith("urn:uuid:")
    assert welsh_id.startswith("urn:uuid:")
    assert english_id != welsh_id


# Offline validity: the W3C validator's rules that need no network ----------


def test_rss_dates_are_rfc_822_and_the_feed_links_to_itself(client, collection):
    response = fetch(client, "/feeds/rss/", {"type": "pattern"})
    channel = ET.fromstring(response.content).find("channel")

    assert RFC_822.match(channel.findtext("lastBuildDate"))
    items = channel.findall("item")
    assert len(items) == 2
    for item in items:
        assert RFC_822.match(item.findtext("pubDate")), item.findtext("pubDate")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate"))
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert RFC_3339.match(item.findtext("{http://purl.org/dc/terms/}modified"))
    self_links = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == ["http://testserver/feeds/rss/?type=pattern"]
    assert len({item.findtext("guid") for item in items}) == len(items)
    assert channel.findtext("description")


def test_atom_dates_are_rfc_3339_ids_unique_and_the_feed_links_to_itself(client, collection):
    response = fetch(client, "/feeds/atom/", {"type": "pattern", "sort": "newest"})
    root = ET.fromstring(response.content)

    assert RFC_3339.match(root.findtext(f"{ATOM}updated"))
    assert root.findtext(f"{ATOM}id")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Factory Commons"
    self_links = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    # The default sort is left out of the feed's own address.
    assert self_links == ["http://testserver/feeds/atom/?type=pattern"]
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        assert RFC_3339.match(entry.findtext(f"{ATOM}updated"))
        assert RFC_3339.match(entry.findtext(f"{ATOM}published"))
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.find(f"{ATOM}link").get("rel") == "alternate"
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    assert root.findtext(f"{ATOM}id") not in ids


# The same query as the search page ------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_filters_and_words_narrow_the_feed_on_every_backend(client, collection_backend, collection, kind):
    # collection_backend comes first: it empties the engine's indexes, then saves index into them.
    collection_backend.refresh()
    waste = collection["waste"].slug

    assert titles(get_feed(client, kind, {"type": "pattern", "area": waste})) == ["Report a missed bin"]
    assert set(titles(get_feed(client, kind, {"q": "bin collection"}))) == {
        "Report a missed bin",
        "Shared bin collection service",
    }
    assert titles(get_feed(client, kind, {"q": "bin", "type": "pattern"})) == ["Report a missed bin"]
    assert titles(get_feed(client, kind, {"authority": collection["cardiff"].gss_code})) == [
        "Welsh parking permits",
        "Southern Factory",
        "Apply for a parking permit",
    ]


def test_with_words_and_no_sort_a_feed_lists_the_newest_first(client, collection):
    newest = titles(get_feed(client, "rss", {"q": "bin"}))
    assert newest == [title for title in newest_first(collection) if title in newest]
    assert len(newest) == 3
    assert set(titles(get_feed(client, "rss", {"q": "bin", "sort": "relevance"}))) == set(newest)


def test_a_feed_is_not_counted_as_a_search(client, collection):
    get_feed(client, "rss", {"q": "bins"})
    assert not SearchTermDay.objects.exists()


def test_a_feed_answers_when_the_search_engine_is_down(client, collection, settings):
    from cms.settings.base import DATABASE_SEARCH_BACKEND, search_backends_from_environment

    engine = search_backends_from_environment(
        {"OPENSEARCH_URL": "http://127.0.0.1:9", "SEARCH_INDEX_PREFIX": "fc_feeds_unreachable"}
    )
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND, "engine": engine["default"]}
    settings.COLLECTION_SEARCH_BACKEND = "engine"
    settings.COLLECTION_SEARCH_FALLBACK_BACKEND = "default"

    assert titles(get_feed(client, "atom", {"q": "permit"})) == ["Welsh parking permits", "Apply for a parking permit"]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/feeds/type/pattern/rss/", "/feeds/rss/?type=pattern"),
        ("/feeds/type/case-study/atom/", "/feeds/atom/?type=case-study"),
        ("/feeds/area/household-waste-collection/rss/", "/feeds/rss/?area=household-waste-collection"),
        ("/feeds/authority/E08000035/atom/", "/feeds/atom/?authority=E08000035"),
        ("/feeds/type/pattern/rss/?q=bin", "/feeds/rss/?q=bin&type=pattern"),
    ],
)
def test_shortcut_addresses_are_the_same_query(client, collection, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target
    assert titles(parse(client.get(path, follow=True))) == titles(parse(client.get(target)))


@pytest.mark.parametrize("kind", KINDS)
def test_a_factory_feed_lists_the_factory_and_its_case_studies(client, collection, kind):
    response = client.get(f"/feeds/factory/northern-bins-factory/{kind}/")
    assert response.status_code == 301
    assert response["Location"] == f"/feeds/{kind}/?factory=northern-bins-factory"

    feed = parse(client.get(response["Location"]))
    # Not "Report a missed bin": Leeds, a member, made it outside the factory.
    assert titles(feed) == ["Shared bin collection service", "Northern Bins Factory"]


def test_a_factory_keeps_its_case_studies_when_its_address_changes(client, collection):
    factory = collection["items"]["factory"]
    factory.slug = "northern-factory"
    factory.save_revision().publish()

    assert titles(get_feed(client, "rss", {"factory": "northern-factory"})) == [
        "Shared bin collection service",
        "Northern Bins Factory",
    ]
    assert fetch(client, "/feeds/rss/", {"factory": "northern-bins-factory"}).status_code == 400


@pytest.mark.smoke
@pytest.mark.parametrize(
    "path",
    [
        "/feeds/type/nothing/rss/",
        "/feeds/area/no-such-area/atom/",
        "/feeds/authority/E99999999/rss/",
        "/feeds/factory/no-such-factory/rss/",
        "/feeds/json/",
    ],
)
def test_unknown_shortcuts_are_not_found(client, home_page, path):
    assert client.get(path).status_code == 404


# Bad input and limits ------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "params",
    [
        {"type": "nothing"},
        {"area": "<script>"},
        {"sort": "oldest"},
        {"per_page": "5"},
        {"per_page": "1000"},
        {"per_page": "-1"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "99"},
    ],
)
def test_bad_values_are_refused_with_a_400(client, home_page, kind, params):
    response = fetch(client, f"/feeds/{kind}/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().strip()


@pytest.mark.smoke
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00 bins \x1f"},
        {"q": '"unbalanced (quotes AND'},
        {"q": "🚮" * 300},
        {"q": "bin " * 40},
        {"utm_source": "newsletter"},
        {"type": ""},
    ],
)
def test_odd_text_and_unknown_parameters_still_give_a_feed(client, home_page, kind, params):
    parse(fetch(client, f"/feeds/{kind}/", params))


PARAMETER_VALUES = {
    "q": ["bin", "bin collection", '"', "\x00", "🚮", "ŵyn", "a" * 300],
    "sort": ["relevance", "newest", "updated", "oldest", ""],
    "page": ["1", "2", "0", "-1", "abc", "9" * 40],
    "per_page": ["10", "20", "50", "5", "100"],
    "type": ["pattern", "case-study", "factory", "nothing"],
    "area": ["household-waste-collection", "parking-permits", "no-such-area"],
    "authority": ["E08000035", "W06000015", "e08000035"],
    "phase": ["beta", "live", "Live"],
    "utm_source": ["newsletter"],
}
# Any key with any of the values (a real one for another key is junk here), or generated text.
ANY_VALUE = [value for values in PARAMETER_VALUES.values() for value in values]
any_feed_params = st.dictionaries(
    st.sampled_from(sorted(PARAMETER_VALUES)),
    st.lists(st.sampled_from(ANY_VALUE) | st.text(max_size=20), max_size=3),
    max_size=4,
)


@pytest.mark.smoke
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    # The content is made once per test and only read by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=st.sampled_from(KINDS), params=any_feed_params)
def test_any_parameters_give_a_feed_or_a_400(client, collection, kind, params):
    response = fetch(client, f"/feeds/{kind}/", params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        parse(response)


# HTTP caching ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_conditional_requests_get_304_until_something_is_published(client, collection, kind):
    path = f"/feeds/{kind}/"
    first = fetch(client, path, {"type": "pattern"})
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert "max-age=" in first["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", first["Cache-Control"]).group(1)) <= 900

    assert fetch(client, path, {"type": "pattern"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert fetch(client, path, {"type": "pattern"}, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    unchanged = fetch(client, path, {"type": "pattern"})
    assert unchanged["ETag"] == etag
    # A different query is a different feed.
    assert fetch(client, path, {"type": "method"}, HTTP_IF_NONE_MATCH=etag).status_code == 200

    time.sleep(1.05)  # Last-Modified has whole seconds
    PatternPageFactory(parent=collection["patterns"], title="Brand new pattern").save_revision().publish()

    by_etag = fetch(client, path, {"type": "pattern"}, HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 200
    assert "Brand new pattern" in titles(parse(by_etag))
    assert by_etag["ETag"] != etag
    assert fetch(client, path, {"type": "pattern"}, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200
    assert fetch(client, path, {"type": "pattern"}, HTTP_IF_NONE_MATCH=by_etag["ETag"]).status_code == 304


def test_an_unpublished_item_leaves_the_feed_at_once(client, collection):
    etag = fetch(client, "/feeds/rss/")["ETag"]
    collection["items"]["permits"].unpublish()

    response = fetch(client, "/feeds/rss/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Apply for a parking permit" not in titles(parse(response))


def test_the_cache_keeps_languages_and_queries_apart(client, collection):
    welsh_locale = Locale.objects.create(language_code="cy")
    welsh = collection["items"]["crit"].copy_for_translation(welsh_locale, copy_parents=True)
    welsh.title = "Beirniadaeth cynnwys"
    welsh.save_revision().publish()

    for _ in range(2):  # the second time from the cache
        assert titles(get_feed(client, "rss")) == newest_first(collection)
        assert titles(get_feed(client, "rss", prefix="/cy")) == ["Beirniadaeth cynnwys"]
        assert titles(get_feed(client, "rss", {"type": "method"})) == ["Content crit"]
    # Parameters that mean the same give the same feed, whatever their order or extras.
    one = fetch(client, "/feeds/atom/", {"type": ["pattern", "method"], "utm_source": "mail"})
    other = fetch(client, "/feeds/atom/", {"type": ["method", "pattern"], "sort": "newest"})
    assert one.content == other.content
    assert one["ETag"] == other["ETag"]
    # Control characters are dropped from values, as on the search page.
    assert fetch(client, "/feeds/rss/", {"authority": "E08000035\x00"}).content == (
        fetch(client, "/feeds/rss/", {"authority": "E08000035"}).content
    )


# Welsh -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_welsh_feeds_list_welsh_content(client, collection, kind):
    welsh_locale = Locale.objects.create(language_code="cy")
    english = collection["items"]["crit"]
    welsh = english.copy_for_translation(welsh_locale, copy_parents=True)
    welsh.title = "Beirniadaeth cynnwys"
    welsh.summary = "Adolygu geiriau tudalen gyda'n gilydd."
    welsh.save_revision().publish()

    feed = get_feed(client, kind, prefix="/cy")

    assert titles(feed) == ["Beirniadaeth cynnwys"]
    assert "/cy/" in feed.entries[0].link
    assert "Adolygu geiriau" in feed.entries[0].summary
    assert feed.feed.language == "cy"
    assert "Beirniadaeth cynnwys" not in titles(get_feed(client, kind))
    assert titles(get_feed(client, kind, {"type": "method"}, prefix="/cy")) == ["Beirniadaeth cynnwys"]


# Query count and limits ------------------------------------------------------

#: Parsing, the collection's state, the query, facets and the items of two types with what entries show.
MAX_QUERIES = 40


@pytest.fixture
def add_items(home_page):
    """add_items(n) publishes n more items, patterns and methods in turn, each with areas, councils and a change."""
    area = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=Locale.get_default())
    authorities = [AuthorityFactory(), AuthorityFactory()]
    licence = LicenceFactory(spdx_id="MIT", name="MIT License")
    indexes = [PatternIndexPageFactory(parent=home_page), MethodIndexPageFactory(parent=home_page)]
    made = []

    def add(number):
        # The indexes are updated once per item, at the end, as when the demo loads.
        with indexes_updated_at_the_end():
            for _ in range(number):
                count = len(made)
                page_factory = (PatternPageFactory, MethodPageFactory)[count % 2]
                page = page_factory(parent=indexes[count % 2], title=f"Bin item {count}", licence=licence)
                page.service_areas.set([area])
                page.authorities.set(authorities)
                PageChange.objects.create(page=page, note=f"Change {count}")
                page.save_revision().publish()
                made.append(page)

    return add


def feed_query_count(client, kind, params):
    client.get(f"/feeds/{kind}/", params)  # fills the per-process caches (content types, sites)
    cache.clear()  # ...and the feed itself is built again below
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/feeds/{kind}/", params)
    return parse(response), len(queries)


@pytest.mark.smoke
def test_feeds_make_the_same_number_of_queries_for_5_and_50_items_and_hold_20_or_up_to_50(client, add_items):
    # One test for both concerns and both kinds: publishing 55 items is most of its time.
    listings = [{"per_page": 50}, {"per_page": 50, "q": "bin", "type": ["pattern", "method"], "sort": "updated"}]
    add_items(5)
    small = {kind: [feed_query_count(client, kind, params) for params in listings] for kind in KINDS}
    add_items(45)
    large = {kind: [feed_query_count(client, kind, params) for params in listings] for kind in KINDS}

    for kind in KINDS:
        for (small_feed, small_count), (large_feed, large_count) in zip(small[kind], large[kind], strict=True):
            assert len(small_feed.entries) == 5, kind
            assert len(large_feed.entries) == 50, kind
            assert large_count == small_count, kind
            assert large_count <= MAX_QUERIES, kind

    add_items(5)
    assert len(get_feed(client, "rss").entries) == 20
    assert len(get_feed(client, "rss", {"per_page": 50}).entries) == 50
    assert len(get_feed(client, "atom", {"per_page": 50, "page": 2}).entries) == 5
    assert fetch(client, "/feeds/atom/", {"per_page": 100}).status_code == 400


# Autodiscovery and the Subscribe links on listing pages --------------------------


def discovered_feeds(response, subscribe_link=True):
    """{kind: href} of the page's autodiscovery links, after checking its visible Subscribe link matches."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    # Feed readers look for alternate links with a feed type; the page's hreflang links have none.
    for link in soup.head.find_all("link", rel="alternate", type=True):
        kind = {value: key for key, value in FEED_TYPES.items()}[link["type"]]
        assert link.get("title")
        found[kind] = link["href"]
    assert set(found) == set(KINDS)
    if not subscribe_link:
        return found
    subscribe = soup.find(class_="fc-subscribe")
    assert subscribe is not None
    # "Dilynwch" on Welsh pages (locale/cy/LC_MESSAGES/django.po).
    assert "Subscribe" in subscribe.get_text() or "Dilynwch" in subscribe.get_text()
    visible = {a["href"] for a in subscribe.find_all("a")}
    assert set(found.values()) <= visible
    assert "/feeds/" in visible or "/cy/feeds/" in visible
    return found


def feeds_behind(client, response):
    """The parsed RSS and Atom feeds a page advertises; both list the same entries."""
    found = discovered_feeds(response)
    feeds = {kind: parse(client.get(href, follow=True)) for kind, href in found.items()}
    assert titles(feeds["rss"]) == titles(feeds["atom"])
    return feeds["rss"]


def test_the_home_page_advertises_the_feed_of_everything(client, collection):
    response = client.get("/")
    feed = feeds_behind(client, response)
    latest = [item.title for item in response.context["latest_additions"]]
    assert titles(feed)[: len(latest)] == latest
    assert titles(feed) == newest_first(collection)


@pytest.mark.parametrize(("index", "type_label"), [("patterns", "Pattern"), ("methods", "Method")])
def test_a_section_index_advertises_its_type_feed(client, collection, index, type_label):
    response = client.get(collection[index].url)
    feed = feeds_behind(client, response)
    assert set(titles(feed)) == {item.title for item in response.context["items"]}
    assert all(entry.tags[0].term == type_label for entry in feed.entries)


def test_the_factory_index_advertises_the_factories_feed(client, collection):
    response = client.get("/factories/")
    feed = feeds_behind(client, response)
    assert set(titles(feed)) == {factory.title for factory in response.context["factories"]}


def test_the_case_study_index_advertises_a_feed_of_what_it_shows(client, collection):
    response = client.get("/case-studies/")
    assert set(titles(feeds_behind(client, response))) == {
        "Shared bin collection service",
        "Welsh parking permits",
    }
    filtered = client.get("/case-studies/", {"area": collection["parking"].slug, "phase": "live"})
    feed = feeds_behind(client, filtered)
    assert titles(feed) == [case_study.title for case_study in filtered.context["case_studies"]]
    assert titles(feed) == ["Welsh parking permits"]


def test_a_factory_page_advertises_the_feed_of_its_own_work(client, collection):
    factory = collection["items"]["factory"]
    response = client.get(factory.url)
    feed = feeds_behind(client, response)
    listed = {case_study.title for case_study in response.context["case_studies"]}
    assert listed == {"Shared bin collection service"}
    assert set(titles(feed)) == listed | {"Northern Bins Factory"}


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "bin"}, {"type": "pattern"}, {"area": "household-waste-collection", "sort": "updated", "page": "1"}],
)
def test_search_results_advertise_the_feed_of_the_same_search(client, collection, params):
    response = client.get("/search/", params)
    feed = feeds_behind(client, response)
    if params:
        assert set(titles(feed)) == {item.title for item in response.context["items"]}
    else:
        assert titles(feed) == newest_first(collection)
    if params.get("sort") == "updated":
        assert titles(feed) == [item.title for item in response.context["items"]]


def test_welsh_pages_advertise_welsh_feeds(client, collection):
    welsh_locale = Locale.objects.create(language_code="cy")
    welsh = collection["items"]["crit"].copy_for_translation(welsh_locale, copy_parents=True)
    welsh.save_revision().publish()

    found = discovered_feeds(client.get("/cy/search/", {"type": "method"}))
    assert all(href.startswith("/cy/feeds/") for href in found.values())


# The feeds page -------------------------------------------------------------------


def test_the_feeds_page_explains_feeds_and_lists_the_common_ones(client, collection):
    response = client.get("/feeds/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    text = page.get_text(" ")
    assert "feed reader" in text
    links = page.find("main").find_all("a")  # not the header's link to this page in Welsh
    hrefs = [a["href"] for a in links if "/feeds/" in a["href"] and a["href"] != "/feeds/"]
    for expected in (
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/rss/?sort=updated",
        "/feeds/type/pattern/rss/",
        "/feeds/type/case-study/atom/",
        f"/feeds/area/{collection['waste'].slug}/rss/",
        "/feeds/factory/northern-bins-factory/rss/",
    ):
        assert expected in hrefs
    for href in hrefs:
        parse(client.get(href, follow=True))
    assert discovered_feeds(response, subscribe_link=False) == {"rss": "/feeds/rss/", "atom": "/feeds/atom/"}
