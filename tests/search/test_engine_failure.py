"""When the search engine is down, slow or failing, search still answers and publishing still works."""

import logging
import socket
import time

import pytest
from django.core.management import call_command

from cms.settings.base import DATABASE_SEARCH_BACKEND, search_backends_from_environment
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from search.models import PendingIndexUpdate
from search.query import FALLBACK_NOTICE

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers, like an engine that hangs."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def closed_port():
    """A port nothing listens on, like an engine that is stopped."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def use_engine_at(settings, url):
    engine = search_backends_from_environment({"OPENSEARCH_URL": url, "SEARCH_INDEX_PREFIX": "fc_unreachable"})
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND, "engine": engine["default"]}
    settings.COLLECTION_SEARCH_BACKEND = "engine"
    settings.COLLECTION_SEARCH_FALLBACK_BACKEND = "default"


@pytest.fixture(params=["stopped", "never answers"])
def broken_engine(request, settings):
    port = request.getfixturevalue("closed_port" if request.param == "stopped" else "silent_port")
    use_engine_at(settings, f"http://127.0.0.1:{port}")
    return request.param


@pytest.fixture
def pattern(home_page):
    page = PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home_page), title="Report a missed bin", summary="Tell us."
    )
    page.save_revision().publish()
    return page


def timed_get(client, path, params):
    started = time.monotonic()
    response = client.get(path, params)
    return response, time.monotonic() - started


@pytest.mark.smoke
def test_search_page_answers_from_the_database_with_a_notice(client, home_page, broken_engine, caplog):
    # Published while the engine is broken: the database backend has it all the same.
    PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home_page), title="Report a missed bin", summary="Tell us."
    ).save_revision().publish()

    with caplog.at_level(logging.WARNING, logger="search.query"):
        response, seconds = timed_get(client, "/search/", {"q": "missed bin"})

    assert response.status_code == 200
    assert seconds < 3
    assert [item.title for item in response.context["items"]] == ["Report a missed bin"]
    assert response.context["results"].notice == FALLBACK_NOTICE
    assert FALLBACK_NOTICE in response.content.decode()
    assert any("answering from the database backend" in record.getMessage() for record in caplog.records)

    # The next searches do not wait for the engine again for a while.
    response, seconds = timed_get(client, "/search/", {"q": "bin"})
    assert response.status_code == 200
    assert seconds < 1
    assert response.context["results"].notice == FALLBACK_NOTICE


@pytest.mark.smoke
def test_autocomplete_answers_from_the_database(client, pattern, broken_engine):
    response, seconds = timed_get(client, "/search/autocomplete/", {"q": "miss"})

    assert response.status_code == 200
    assert seconds < 3
    assert [result["title"] for result in response.json()["results"]] == ["Report a missed bin"]

    # Suggestions come as the reader types: the next ones do not wait for the engine again.
    response, seconds = timed_get(client, "/search/autocomplete/", {"q": "missed"})
    assert response.status_code == 200
    assert seconds < 1
    assert [result["title"] for result in response.json()["results"]] == ["Report a missed bin"]


@pytest.mark.smoke
def test_publishing_succeeds_and_the_update_is_kept_for_later(home_page, broken_engine, caplog):
    index = PatternIndexPageFactory(parent=home_page)
    page = PatternPageFactory(parent=index, title="Apply for a parking permit", summary="Online.")

    with caplog.at_level(logging.WARNING, logger="search.indexing"):
        page.save_revision().publish()

    page.refresh_from_db()
    assert page.live
    pending = PendingIndexUpdate.objects.get(backend_name="engine", object_id=str(page.pk))
    assert pending.action == PendingIndexUpdate.Action.INDEX
    assert "will be retried" in caplog.text


@pytest.mark.opensearch
def test_kept_updates_reach_the_engine_once_it_is_back(client, home_page, settings, opensearch_backend, closed_port):
    real_engine = settings.WAGTAILSEARCH_BACKENDS["opensearch"]
    use_engine_at(settings, f"http://127.0.0.1:{closed_port}")
    page = PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home_page), title="Apply for a quokkapermit", summary="Online."
    )
    page.save_revision().publish()
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()

    # The engine is back (the real node, under the same backend name).
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND, "engine": real_engine}
    call_command("retry_index_updates")

    assert not PendingIndexUpdate.objects.exists()
    opensearch_backend.get_index_for_model(type(page)).refresh()
    response = client.get("/search/", {"q": "quokkapermit"})
    assert response.context["results"].answered_by == "engine"
    assert [item.title for item in response.context["items"]] == ["Apply for a quokkapermit"]
