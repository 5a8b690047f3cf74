"""Each page costs the same number of queries however much it shows (no N+1)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from casestudies.factories import CaseStudyPageFactory, FactoryPageFactory, RoadmapItemFactory
from cms.core.models import PageChange
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory, ServiceAreaFactory
from patterns.factories import PatternIndexPageFactory, PatternPageFactory

pytestmark = pytest.mark.django_db

# Rendering a case study page: its relations, the navigation, the breadcrumbs (its ancestors)
# and the page's versions in other languages (the language switcher and hreflang links).
ITEM_PAGE_MAX_QUERIES = 12
INDEX_MAX_QUERIES = 15


def rendering_queries(rf, page):
    """The queries a page makes to build its context and render, as served after Wagtail's routing.

    Routing (site, locale, one lookup per level of the tree, view restrictions) is
    Wagtail's and the same for every page type, so it is left out here.
    """
    request = rf.get(page.url)
    request.user = AnonymousUser()
    Site.find_for_request(request)
    page = Page.objects.get(pk=page.pk).specific
    with CaptureQueriesContext(connection) as captured:
        response = page.serve(request)
        response.render()
    assert response.status_code == 200
    return captured


def request_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


def case_study_with(count, parent, pattern_index):
    councils = AuthorityFactory.create_batch(count)
    patterns = PatternPageFactory.create_batch(count, parent=pattern_index)
    case_study = CaseStudyPageFactory(
        parent=parent,
        licence=LicenceFactory(),
        partners=councils,
        benefits=[{"cashable_saving_per_year": 100, "authorities": councils[:2]} for _ in range(count)],
        repositories=count,
        service_areas=ServiceAreaFactory.create_batch(count),
        patterns_used=patterns,
    )
    for number in range(count):
        PageChange.objects.create(page=case_study, note=f"Change {number}")
    return case_study


def factory_with(count, parent, case_study_index):
    factory = FactoryPageFactory(
        parent=parent, members=count, service_areas=ServiceAreaFactory.create_batch(count), licence=LicenceFactory()
    )
    for _ in range(count):
        RoadmapItemFactory(page=factory, service_area=ServiceAreaFactory())
    CaseStudyPageFactory.create_batch(count, parent=case_study_index, factory=factory)
    return factory


@pytest.mark.smoke
def test_case_study_page_queries_do_not_grow_with_its_content(rf, client, home_page, case_study_index):
    pattern_index = PatternIndexPageFactory(parent=home_page)
    small = case_study_with(2, case_study_index, pattern_index)
    large = case_study_with(20, case_study_index, pattern_index)
    request_queries(client, small.url)

    small_count = len(rendering_queries(rf, small))
    large_count = len(rendering_queries(rf, large))
    # The whole request (with Wagtail's routing) does not grow either.
    assert len(request_queries(client, small.url)) == len(request_queries(client, large.url))

    assert small_count == large_count, (small_count, large_count)
    assert large_count <= ITEM_PAGE_MAX_QUERIES, large_count


@pytest.mark.smoke
def test_factory_page_queries_do_not_grow_with_its_content(rf, client, factory_index, case_study_index):
    small = factory_with(2, factory_index, case_study_index)
    large = factory_with(20, factory_index, case_study_index)
    request_queries(client, small.url)

    small_count = len(rendering_queries(rf, small))
    large_count = len(rendering_queries(rf, large))
    # The whole request (with Wagtail's routing) does not grow either.
    assert len(request_queries(client, small.url)) == len(request_queries(client, large.url))

    assert small_count == large_count, (small_count, large_count)
    assert large_count <= ITEM_PAGE_MAX_QUERIES, large_count


@pytest.mark.smoke
@pytest.mark.parametrize("query", ["", "?phase=live&openness=open-source"])
def test_case_study_index_queries_do_not_grow_with_the_collection(client, case_study_index, query):
    def add_case_studies(count):
        for _ in range(count):
            CaseStudyPageFactory(
                parent=case_study_index,
                partners=2,
                benefits=[{"confidence": "audited", "one_off_cost": 10}, {}],
                service_areas=[ServiceAreaFactory()],
            )

    add_case_studies(2)
    small = request_queries(client, case_study_index.url + query)
    add_case_studies(18)
    large = request_queries(client, case_study_index.url + query)

    assert len(small) == len(large), (len(small), len(large))
    assert len(large) <= INDEX_MAX_QUERIES, len(large)


def test_factory_index_queries_do_not_grow_with_the_number_of_factories(client, factory_index):
    FactoryPageFactory.create_batch(2, parent=factory_index, members=2)
    small = request_queries(client, factory_index.url)
    FactoryPageFactory.create_batch(18, parent=factory_index, members=3)
    large = request_queries(client, factory_index.url)

    assert len(small) == len(large), (len(small), len(large))
    assert len(large) <= INDEX_MAX_QUERIES, len(large)
