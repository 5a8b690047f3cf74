"""/api/v2/items/: the search page's parameters give the search page's results, totals and order."""

import pytest

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

PARAMETER_SETS = [
    {},
    {"q": "parking"},
    {"q": "parking", "sort": "newest"},
    {"type": "case-study"},
    {"type": ["pattern", "method"], "sort": "updated"},
    {"phase": "beta", "q": "parking"},
    {"authority": "E08000035"},
    {"area": "parking-permits", "per_page": "10"},
    {"per_page": "10", "page": "1", "sort": "newest"},
]


@pytest.fixture
def indexed(collection_backend, request):
    """The collection, made after the backend's indexes are emptied, and searchable."""
    collection = request.getfixturevalue("collection")
    collection_backend.refresh()
    return collection


def facet_counts(facets):
    return {facet["key"]: {option["value"]: option["count"] for option in facet["options"]} for facet in facets}


def test_items_match_the_search_page(client, indexed):
    totals = {}
    for params in PARAMETER_SETS:
        page = client.get("/search/", params)
        data = client.get("/api/v2/items/", params)

        assert page.status_code == data.status_code == 200, params
        data, results = data.json(), page.context["results"]
        assert data["total"] == results.total, params
        assert [(item["id"], item["title"]) for item in data["items"]] == [
            (item.pk, item.title) for item in page.context["items"]
        ], params
        assert (data["page"], data["per_page"]) == (results.query.page, results.query.per_page)
        pages_counts = {
            facet.key: {option.value: option.count for option in facet.options} for facet in results.facets
        }
        assert facet_counts(data["facets"]) == pages_counts, params
        totals[str(params)] = data["total"]
    # The draft is in neither.
    assert totals["{}"] == 5
    assert totals[str({"q": "parking"})] >= 3
    assert totals[str({"type": "case-study"})] == 1


def test_items_link_to_the_pages_endpoint(client, indexed):
    data = client.get("/api/v2/items/", {"type": "case-study"}).json()

    (item,) = data["items"]
    assert set(item) >= {"id", "type", "title", "url", "summary", "detail_url"}
    assert item["type"] == "case-study"
    detail = client.get(item["detail_url"])
    assert detail.status_code == 200
    assert detail.json()["benefits"][0]["title"] == "Fewer paper forms"


def test_items_in_welsh(client, indexed):
    from cms.core.management.commands.setup_site import ensure_welsh_locale

    ensure_welsh_locale()
    page = client.get("/cy/search/", {"type": "pattern"})
    data = client.get("/api/v2/items/", {"type": "pattern", "locale": "cy"}).json()

    assert data["language"] == "cy"
    assert [item["id"] for item in data["items"]] == [item.pk for item in page.context["items"]]
    assert "/cy/patterns/" in data["items"][0]["url"]


def test_pages_of_items(client, indexed):
    # Ten items per page is the smallest the search offers; five live items fit on one.
    data = client.get("/api/v2/items/", {"per_page": "10"}).json()
    assert (data["total"], data["pages"], data["next"], data["previous"]) == (5, 1, None, None)


BAD_PARAMETERS = [{"sort": "oldest"}, {"page": "0"}, {"per_page": "7"}, {"phase": "finished"}, {"page": "9"}]


def test_bad_parameters_are_a_400_with_the_reason(client, indexed):
    for params in [*BAD_PARAMETERS, {"locale": "fr"}]:
        response = client.get("/api/v2/items/", params)

        assert response.status_code == 400, params
        assert response["Content-Type"] == "application/json"
        assert response.json()["message"], params
    for params in BAD_PARAMETERS:  # the search page's own reason
        page = client.get("/search/", params)
        assert page.context["problem"] == client.get("/api/v2/items/", params).json()["message"]
