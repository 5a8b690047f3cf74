"""A published page is found through Wagtail search on every backend we run."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from cms.home.models import HomePage


def publish_page(parent, title, introduction):
    page = HomePage(title=title, introduction=introduction)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.smoke
@pytest.mark.django_db
def test_published_page_is_found_on_the_database_backend(root_page):
    page = publish_page(root_page, "Bin collection finder", "<p>Find your quetzalbin collection day.</p>")

    results = list(get_search_backend("default").search("quetzalbin", HomePage))

    assert results == [page]


@pytest.mark.smoke
@pytest.mark.django_db
def test_unpublished_pages_are_not_found_on_the_database_backend(root_page):
    publish_page(root_page, "Parking permits", "<p>Apply for a zorblepark permit.</p>").unpublish()

    assert list(get_search_backend("default").search("zorblepark", HomePage.objects.live())) == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_backend_uses_postgresql_full_text_search(root_page):
    page = publish_page(root_page, "Council tax rebates", "<p>Claim a wibbletax rebate.</p>")
    backend = get_search_backend("default")

    assert connection.vendor == "postgresql"
    assert type(backend).__module__.endswith("database.postgres.postgres")
    assert list(backend.search("wibbletax", HomePage)) == [page]


@pytest.mark.opensearch
@pytest.mark.django_db
def test_published_page_is_found_on_the_real_opensearch_node(opensearch_backend, root_page):
    info = opensearch_backend.es.info()
    assert info["version"]["distribution"] == "opensearch"
    assert info["version"]["number"].startswith("2.")

    # Publishing indexes the page in every configured backend through Wagtail's signals.
    page = publish_page(root_page, "Missed bin report", "<p>Report a flumpwaste collection that was missed.</p>")
    opensearch_backend.get_index_for_model(HomePage).refresh()

    results = list(opensearch_backend.search("flumpwaste", HomePage))

    assert results == [page]


@pytest.mark.smoke
@pytest.mark.django_db
def test_collection_items_are_indexed_once_per_save_and_unindexed_on_delete(home_page):
    from wagtail.search.models import IndexEntry

    from patterns.factories import PatternIndexPageFactory, PatternPageFactory
    from patterns.models import PatternPage

    pattern = PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Garden waste renewals")
    pattern.save_revision().publish()
    assert list(get_search_backend("default").search("garden", PatternPage)) == [pattern]
    assert IndexEntry.objects.filter(object_id=str(pattern.pk)).count() == 1

    pattern.delete()

    assert list(get_search_backend("default").search("garden", PatternPage)) == []
    assert not IndexEntry.objects.filter(object_id=str(pattern.pk)).exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_index_vectors_are_kept_in_the_row_and_the_plain_text_may_go_out_of_it():
    # Ranking reads every match's title and body vectors: read back from out of line
    # storage it took four times as long (search/migrations/0006).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'wagtailsearch_indexentry'::regclass"
            " AND attname IN ('title', 'body', 'title_text', 'body_text')"
        )
        storage = dict(cursor.fetchall())

    assert storage == {"title": "m", "body": "m", "title_text": "x", "body_text": "x"}


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_live_pages_of_a_language_have_an_index_holding_what_a_search_lists():
    # Every search on the database backend lists the live items of a language
    # (search/migrations/0008); with their ids and dates in the index, the
    # list needs no read of the page table.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_live_pages'")
        [(definition,)] = cursor.fetchall()

    assert "(locale_id, content_type_id) INCLUDE (id, first_published_at, last_published_at) WHERE live" in definition
