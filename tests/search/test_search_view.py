"""The first search page: free text and a service area over every item type."""

import pytest
from wagtail.models import Locale

from cms.taxonomy.models import ServiceArea
from patterns.factories import MethodIndexPageFactory, MethodPageFactory, PatternIndexPageFactory, PatternPageFactory


@pytest.fixture
def waste(db):
    return ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=Locale.get_default())


@pytest.fixture
def items(home_page, waste):
    patterns = PatternIndexPageFactory(parent=home_page)
    methods = MethodIndexPageFactory(parent=home_page)
    bins = PatternPageFactory(
        parent=patterns, title="Report a missed bin", summary="Tell the council a bin was missed."
    )
    bins.service_areas.set([waste])
    bins.save_revision().publish()
    crit = MethodPageFactory(parent=methods, title="Content crit", summary="Review words together as a team.")
    crit.save_revision().publish()
    return {"bins": bins, "crit": crit}


def result_titles(response):
    return [item.title for item in response.context["items"]]


@pytest.mark.smoke
def test_search_finds_items_of_any_type_by_their_words(client, items):
    assert result_titles(client.get("/search/", {"q": "missed"})) == ["Report a missed bin"]
    assert result_titles(client.get("/search/", {"q": "words together"})) == ["Content crit"]


@pytest.mark.smoke
def test_search_by_service_area_lists_the_items_tagged_with_it(client, items, waste):
    response = client.get("/search/", {"area": waste.slug})

    assert result_titles(response) == ["Report a missed bin"]
    assert "1 result in Household waste collection" in response.content.decode()


@pytest.mark.smoke
def test_search_with_nothing_matching_says_so(client, items):
    response = client.get("/search/", {"q": "zzzyzzx"})

    assert response.status_code == 200
    assert "No results for “zzzyzzx”" in response.content.decode()


@pytest.mark.smoke
@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "-Data Data-X.2 \\ \" ' ( ) [ ] { } 🙂 ŵ ŷ"},
        {"q": "bin", "page": "not-a-number"},
        {"q": "bin", "page": "99999"},
        {"area": "no-such-area"},
    ],
)
def test_awkward_input_never_breaks_the_search_page(client, items, params):
    assert client.get("/search/", params).status_code == 200


def test_search_page_query_count_does_not_grow_with_results(client, home_page, django_assert_max_num_queries):
    patterns = PatternIndexPageFactory(parent=home_page)
    for number in range(20):
        PatternPageFactory(parent=patterns, title=f"Parking pattern {number}").save_revision().publish()

    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "parking"})

    assert len(response.context["items"]) == 20
