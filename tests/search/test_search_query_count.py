"""The search page costs the same number of SQL queries however many results it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.core.bulk_load import indexes_updated_at_the_end
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory
from cms.taxonomy.models import ServiceArea
from patterns.factories import MethodIndexPageFactory, MethodPageFactory, PatternIndexPageFactory, PatternPageFactory
from search.models import ItemCard

#: Words, filters, facets, promotions, statistics and the cards of every item type together.
MAX_QUERIES = 40


@pytest.fixture
def many_items(home_page):
    area = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=Locale.get_default())
    authorities = [AuthorityFactory(region="North West"), AuthorityFactory()]
    licence = LicenceFactory(spdx_id="MIT", name="MIT License")
    patterns = PatternIndexPageFactory(parent=home_page)
    methods = MethodIndexPageFactory(parent=home_page)
    # The indexes are updated once per item, at the end, as when the demo loads.
    with indexes_updated_at_the_end():
        for number in range(30):
            for page in (
                PatternPageFactory(parent=patterns, title=f"Bin pattern {number}", licence=licence),
                MethodPageFactory(parent=methods, title=f"Bin method {number}"),
            ):
                page.service_areas.set([area])
                page.authorities.set(authorities)
                page.save_revision().publish()
    return area


def queries_for(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"q": "bin"}, {"q": "bin", "type": ["pattern", "method"], "nation": "england"}, {}]
)
def test_query_count_does_not_grow_with_the_page_size(client, many_items, params):
    # Patterns and methods alternate, newest first, so both pages hold both
    # types (each type costs its own few queries).
    params = {**params, "area": many_items.slug, "sort": "newest"}
    queries_for(client, {**params, "per_page": 50})  # fills the per-process caches (content types, sites)
    # A results page makes and stores the cards it does not find stored (search/cards.py).
    ItemCard.objects.all().delete()
    cold_small_count = queries_for(client, {**params, "per_page": 10})[1]
    ItemCard.objects.all().delete()
    cold_large_count = queries_for(client, {**params, "per_page": 50})[1]
    small, small_count = queries_for(client, {**params, "per_page": 10})
    large, large_count = queries_for(client, {**params, "per_page": 50})

    assert len(small.context["items"]) == 10
    assert len(large.context["items"]) == 50
    assert cold_large_count == cold_small_count <= MAX_QUERIES
    assert large_count == small_count < cold_small_count
    # Ranked by relevance the mix of types may differ, but the bound holds.
    ItemCard.objects.all().delete()
    for per_page in (10, 50):
        assert queries_for(client, {**params, "sort": "relevance", "per_page": per_page})[1] <= MAX_QUERIES
