"""The collection search, the same tests on every backend.

Each test runs on the database backend (PostgreSQL under `make test`, SQLite in
the smoke run) and on the real OpenSearch node, through the search page.
"""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale
from wagtail.rich_text import RichText

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, FactoryIndexPageFactory
from casestudies.models import Openness, Phase
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory
from cms.taxonomy.models import ServiceArea
from patterns.factories import MethodIndexPageFactory, MethodPageFactory, PatternIndexPageFactory, PatternPageFactory
from patterns.models.pattern import PatternStatus

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def publish(page, **relations):
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    return page


@pytest.fixture
def collection(home_page, collection_backend):
    locale = Locale.get_default()
    waste = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=locale)
    parking = ServiceArea.objects.create(lgsl_code=1125, label="Parking permits", locale=locale)
    leeds = AuthorityFactory(name="Leeds City Council", gss_code="E08000035", region="Yorkshire and The Humber")
    cardiff = AuthorityFactory(name="Cardiff Council", gss_code="W06000015")
    mit = LicenceFactory(spdx_id="MIT", name="MIT License")
    patterns = PatternIndexPageFactory(parent=home_page)
    methods = MethodIndexPageFactory(parent=home_page)
    FactoryIndexPageFactory(parent=home_page)
    CaseStudyIndexPageFactory(parent=home_page)
    items = {
        "bins": publish(
            PatternPageFactory(
                parent=patterns,
                title="Report a missed bin",
                summary="Tell the council a bin was missed.",
                search_aliases="refuse collection day, rubbish day",
                how_it_works=[("paragraph", RichText("<p>The resident picks the quetzal round from a map.</p>"))],
                status=PatternStatus.STABLE,
                licence=mit,
            ),
            service_areas=[waste],
            authorities=[leeds],
        ),
        "permits": publish(
            PatternPageFactory(
                parent=patterns,
                title="Apply for a resident parking permit",
                summary="Buy and renew a permit online.",
                status=PatternStatus.TRIAL,
            ),
            service_areas=[parking],
            authorities=[cardiff],
        ),
        "crit": publish(
            MethodPageFactory(parent=methods, title="Content crit", summary="Review the words on a page together."),
            service_areas=[waste],
        ),
        "study": publish(
            CaseStudyPageFactory(
                title="Shared bin collection service",
                summary="Three councils built one bin collection service.",
                phase=Phase.BETA,
                openness=Openness.OPEN_SOURCE,
                service_areas=[waste],
                partners=[leeds, cardiff],
            )
        ),
    }
    collection_backend.refresh()
    return {"items": items, "waste": waste, "parking": parking, "leeds": leeds, "cardiff": cardiff}


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content.decode()[:500]
    assert response.context["results"].notice == ""
    return response


def titles(response):
    return [item.title for item in response.context["items"]]


def counts(response, facet):
    for choices in response.context["results"].facets:
        if choices.key == facet:
            return {option.value: option.count for option in choices.options}
    return {}


def test_words_in_body_text_find_the_item(client, collection):
    assert titles(search(client, q="quetzal")) == ["Report a missed bin"]


def test_a_pattern_alias_finds_the_pattern(client, collection):
    assert titles(search(client, q="rubbish day")) == ["Report a missed bin"]


def test_every_word_must_match(client, collection):
    assert titles(search(client, q="bin permit")) == []
    assert set(titles(search(client, q="bin collection"))) == {"Report a missed bin", "Shared bin collection service"}


def test_filters_are_or_within_a_facet_and_and_across_facets(client, collection):
    waste, parking = collection["waste"].slug, collection["parking"].slug

    assert set(titles(search(client, area=[waste, parking], type="pattern"))) == {
        "Report a missed bin",
        "Apply for a resident parking permit",
    }
    assert titles(search(client, area=waste, type="method")) == ["Content crit"]
    assert set(titles(search(client, q="bin", nation="wales"))) == {"Shared bin collection service"}
    assert titles(search(client, region="yorkshire-and-the-humber", status="stable")) == ["Report a missed bin"]
    assert titles(search(client, phase="beta", openness="open-source")) == ["Shared bin collection service"]
    assert titles(search(client, licence="MIT")) == ["Report a missed bin"]


def test_facet_counts_equal_the_items_each_choice_finds(client, collection):
    response = search(client, q="bin")

    assert response.context["results"].total == 2
    for facet, values in [(key, counts(response, key)) for key in ["type", "area", "authority", "nation"]]:
        assert values, facet
        for value, count in values.items():
            assert search(client, q="bin", **{facet: value}).context["results"].total == count, (facet, value)


def test_a_chosen_facet_still_counts_its_other_values(client, collection):
    response = search(client, type="pattern")

    # The case study's factory page is an item too.
    assert counts(response, "type") == {"pattern": 2, "method": 1, "case-study": 1, "factory": 1}
    assert counts(response, "area") == {collection["waste"].slug: 1, collection["parking"].slug: 1}


def test_sort_by_newest_and_recently_updated(client, collection, collection_backend):
    newest_first = ["Shared bin collection service", "Content crit", "Apply for a resident parking permit"]
    assert titles(search(client, sort="newest"))[:3] == newest_first

    publish(collection["items"]["crit"])
    collection_backend.refresh()
    assert titles(search(client, q="page words", sort="updated")) == ["Content crit"]
    assert titles(search(client, sort="updated"))[0] == "Content crit"


def test_pagination(client, collection, collection_backend):
    methods = collection["items"]["crit"].get_parent()
    for number in range(7):
        publish(MethodPageFactory(parent=methods, title=f"Paper prototype {number}", summary="Sketch a page."))
    collection_backend.refresh()
    everything = titles(search(client, sort="newest", per_page=50))
    assert len(everything) == 12

    first, second = (search(client, sort="newest", per_page=10, page=page) for page in (1, 2))
    assert titles(first) + titles(second) == everything
    assert len(titles(second)) == 2
    assert first.context["results"].has_next
    assert not second.context["results"].has_next
    response = client.get("/search/", {"sort": "newest", "per_page": 10, "page": 3})
    assert response.status_code == 400
    assert "only 2 pages" in response.content.decode()
    # With words, on the engine too.
    assert len(titles(search(client, q="sketch", per_page=10, page=1))) == 7


def test_results_follow_the_locale(client, collection, collection_backend):
    welsh = Locale.objects.create(language_code="cy")
    english = collection["items"]["crit"]
    translation = english.copy_for_translation(welsh, copy_parents=True)
    translation.title = "Beirniadaeth cynnwys"
    translation.summary = "Adolygu geiriau tudalen gyda'n gilydd."
    translation.save_revision().publish()
    collection_backend.refresh()

    assert titles(search(client, q="crit")) == ["Content crit"]
    response = client.get("/cy/search/", {"q": "Beirniadaeth"})
    assert response.status_code == 200
    assert titles(response) == ["Beirniadaeth cynnwys"]
    assert titles(client.get("/cy/search/", {"q": "Content"})) == []


def test_promoted_results_come_first_on_every_backend(client, collection):
    query = Query.get("bins")
    SearchPromotion.objects.create(
        query=query, page=collection["items"]["crit"], sort_order=0, description="Start by fixing the words."
    )

    response = search(client, q="bins")

    assert [promotion.title for promotion in response.context["promoted"]] == ["Content crit"]
    assert "Content crit" not in titles(response)
    assert "Start by fixing the words." in response.content.decode()


def test_matches_are_marked_in_the_results(client, collection):
    html = search(client, q="missed").content.decode()

    assert '<mark class="fc-highlight">missed</mark>' in html


def test_a_facet_offers_its_most_common_values_and_every_chosen_one(client, home_page, collection_backend):
    """Councils are too many to list: the most common are offered, and a chosen one is counted however rare."""
    from search.query import MAX_FACET_OPTIONS

    common = AuthorityFactory.create_batch(MAX_FACET_OPTIONS)
    rarer, rarest = AuthorityFactory.create_batch(2)
    patterns = PatternIndexPageFactory(parent=home_page)
    publish(PatternPageFactory(parent=patterns, title="Every council"), authorities=[*common, rarer, rarest])
    for number in range(2):
        publish(PatternPageFactory(parent=patterns, title=f"Common councils {number}"), authorities=common)
    collection_backend.refresh()

    offered = counts(search(client, type="pattern"), "authority")
    assert offered == {council.gss_code: 3 for council in common}

    offered = counts(search(client, authority=rarest.gss_code), "authority")
    assert offered == {rarest.gss_code: 1, **{council.gss_code: 3 for council in common}}
