"""?format=json on the search page: the page's results, order, page and facet counts, for programs."""

import datetime

import pytest

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import Phase
from cms.core.management.commands.setup_site import ensure_welsh_locale
from patterns.factories import PatternIndexPageFactory, PatternPageFactory

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.fixture
def items(case_study_index, home_page, collection_backend, django_capture_on_commit_callbacks):
    patterns = PatternIndexPageFactory(parent=home_page)
    with django_capture_on_commit_callbacks(execute=True):
        made = [
            CaseStudyPageFactory(
                parent=case_study_index,
                title=f"Parking permits {number}",
                summary=f"Parking permits online, round {number}.",
                phase=Phase.BETA if number % 2 else Phase.LIVE,
                live_on=None if number % 2 else datetime.date(2026, 1, 15),
            )
            for number in range(5)
        ]
        made.append(PatternPageFactory(parent=patterns, title="Apply for a parking permit", summary="A pattern."))
    collection_backend.refresh()
    return made


def both(client, path="/search/", **params):
    page = client.get(path, params)
    data = client.get(path, {**params, "format": "json"})
    assert page.status_code == data.status_code == 200
    assert data["Content-Type"] == "application/json"
    return page.context["results"], data.json()


def test_json_gives_the_pages_results_in_the_same_order(client, items):
    results, data = both(client, q="parking", per_page=10)

    assert data["total"] == results.total == 6
    assert (data["page"], data["per_page"], data["pages"]) == (1, 10, 1)
    assert [(item["id"], item["title"]) for item in data["items"]] == [(item.pk, item.title) for item in results.items]
    first = data["items"][0]
    assert set(first) == {"id", "title", "url", "type", "type_label", "summary"}
    page = next(item for item in items if item.title == first["title"])
    assert first["url"] == page.full_url
    assert first["summary"] == page.summary
    assert {item["type"] for item in data["items"]} == {"case-study", "pattern"}


def test_json_takes_the_pages_filters_sort_and_page(client, items):
    _results, data = both(client, q="parking", per_page=10, sort="newest")
    assert data["next"] is None
    assert data["previous"] is None
    assert data["sort"] == "newest"

    _results, beta = both(client, sort="newest", type="case-study", phase="beta")
    assert [item["title"] for item in beta["items"]] == ["Parking permits 3", "Parking permits 1"]
    past_the_end = client.get("/search/", {"q": "parking", "page": 2, "format": "json"})
    assert past_the_end.status_code == 400
    assert past_the_end.json() == {"error": "There is only 1 page of results."}


def test_json_gives_the_facet_counts_the_page_offers(client, items):
    results, data = both(client, q="parking", type="case-study")

    facets = {facet["key"]: facet for facet in data["facets"]}
    assert set(facets) == {facet.key for facet in results.facets}
    phases = {option["value"]: option["count"] for option in facets["phase"]["options"]}
    assert phases == {"beta": 2, "live": 3}
    types = {option["value"]: option for option in facets["type"]["options"]}
    assert types["case-study"]["selected"] is True
    assert types["case-study"]["label"] == "Case studies"


def test_bad_parameters_give_a_json_400(client, items):
    response = client.get("/search/", {"sort": "cheapest", "format": "json"})
    assert response.status_code == 400
    assert response.json() == {"error": "Results can be sorted by relevance, newest or updated only."}
    # Without format=json the page is the usual HTML problem page.
    assert client.get("/search/", {"sort": "cheapest"})["Content-Type"].startswith("text/html")


def test_welsh_json_lists_welsh_pages_with_welsh_labels(
    client, items, collection_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ensure_welsh_locale()
    collection_backend.refresh()
    _results, data = both(client, "/cy/search/", type="case-study", sort="newest")

    assert data["language"] == "cy"
    assert data["total"] == 5
    assert all("/cy/" in item["url"] for item in data["items"])
    assert {item["type_label"] for item in data["items"]} == {"Astudiaeth achos"}
