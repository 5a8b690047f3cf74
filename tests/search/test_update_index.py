"""`manage.py update_index` rebuilds the index the search page reads, on every backend."""

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from patterns.factories import PatternIndexPageFactory, PatternPageFactory

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
