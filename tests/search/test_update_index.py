"""`manage.py update_index` rebuilds the index the search page reads, on every backend."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from casestudies.factories import CaseStudyPageFactory, FactoryPageFactory
from cms.core.collection import collection_page_models
from cms.taxonomy.factories import AuthorityFactory, ServiceAreaFactory
from patterns.factories import (
    MethodIndexPageFactory,
    MethodPageFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    StandardIndexPageFactory,
)
from patterns.models import MethodIndexPage, PatternIndexPage, StandardIndexPage

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_update_index_rebuilds_what_search_finds(client, home_page, collection_backend, settings):
    page = PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Find a wombatstop")
    page.save_revision().publish()
    backend_name = settings.COLLECTION_SEARCH_BACKEND
    backend = get_search_backend(backend_name)
    # Start from nothing: the rebuild must put the page back.
    backend.reset_indexes()
    collection_backend.refresh()
    if collection_backend.engine is None:
        assert client.get("/search/", {"q": "wombatstop"}).context["items"] == []

    call_command("update_index", backend_name=backend_name, verbosity=0)
    collection_backend.refresh()

    response = client.get("/search/", {"q": "wombatstop"})
    assert response.context["results"].notice == ""
    assert [item.title for item in response.context["items"]] == ["Find a wombatstop"]
    assert response.context["results"].answered_by == ("engine" if collection_backend.engine else "database")


def make_items_of_every_type(count, home_page):
    """`count` items of each collection type, each with councils and service areas."""
    patterns = PatternIndexPage.objects.first() or PatternIndexPageFactory(parent=home_page)
    methods = MethodIndexPage.objects.first() or MethodIndexPageFactory(parent=home_page)
    standards = StandardIndexPage.objects.first() or StandardIndexPageFactory(parent=home_page)
    for _ in range(count):
        areas = ServiceAreaFactory.create_batch(2)
        councils = AuthorityFactory.create_batch(2)
        for page in (
            PatternPageFactory(parent=patterns),
            MethodPageFactory(parent=methods),
            ServiceStandardPageFactory(parent=standards),
            FactoryPageFactory(members=councils, service_areas=areas),
        ):
            page.service_areas = areas
            page.authorities = councils
            page.save()
        CaseStudyPageFactory(partners=councils, service_areas=areas, benefits=1).save()


def queries_to_build_every_document(backend):
    with CaptureQueriesContext(connection) as queries:
        for model in collection_page_models():
            mapping = backend.mapping_class(model)
            documents = [mapping.get_document(item) for item in model.get_indexed_objects()]
            assert documents
    return len(queries)


@pytest.mark.opensearch
def test_rebuilding_the_index_reads_each_type_in_a_fixed_number_of_queries(home_page, opensearch_backend):
    """update_index reads items a chunk at a time; related councils and service areas must not cost a query each."""
    make_items_of_every_type(2, home_page)
    with_two = queries_to_build_every_document(opensearch_backend)
    make_items_of_every_type(4, home_page)
    assert queries_to_build_every_document(opensearch_backend) == with_two


def segment_count(backend, index_name):
    shards = backend.es.indices.segments(index=index_name)["indices"]
    return sum(
        copy["num_search_segments"]
        for index in shards.values()
        for copies in index["shards"].values()
        for copy in copies
    )


@pytest.mark.opensearch
def test_a_full_rebuild_merges_the_new_index_before_search_reads_it(home_page, opensearch_backend):
    """Readers never search a freshly bulk-loaded index while the engine merges it in the background."""
    patterns = PatternIndexPageFactory(parent=home_page)
    first = [PatternPageFactory(parent=patterns, title=f"Rebuild pattern {number}") for number in range(3)]
    second = [PatternPageFactory(parent=patterns, title=f"Rebuild pattern {number}") for number in range(3, 6)]
    alias = opensearch_backend.get_index_for_model(PatternPageFactory._meta.model)
    rebuilder = opensearch_backend.rebuilder_class(alias)
    new_index = rebuilder.start()
    new_index.add_model(PatternPageFactory._meta.model)  # as update_index does
    for batch in (first, second):
        new_index.add_items(PatternPageFactory._meta.model, batch)
        new_index.refresh()  # each refresh makes a segment, as bulk loading does
    assert segment_count(opensearch_backend, new_index.name) == 2

    rebuilder.finish()

    assert alias.is_alias()
    assert segment_count(opensearch_backend, alias.name) == 1
    assert opensearch_backend.es.count(index=alias.name)["count"] == len(first + second)
