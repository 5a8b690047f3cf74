"""When the search engine is down, slow or failing, search still answers and publishing still works.

The broken engines (broken_engine, closed_port) are in tests/faults.py.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command

from cms.settings.base import DATABASE_SEARCH_BACKEND
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from search import engine
from search.models import PendingIndexUpdate
from search.query import FALLBACK_NOTICE
from tests.faults import use_engine_at

pytestmark = pytest.mark.django_db


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
    # That save found the engine down, so searches would skip it for a while; this one meets it.
    cache.clear()

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


def test_after_an_engine_failure_the_next_saves_do_not_wait_for_it(home_page, broken_engine):
    index = PatternIndexPageFactory(parent=home_page)
    first = PatternPageFactory(parent=index, title="Apply for a parking permit", summary="Online.")
    first_failure = PendingIndexUpdate.objects.get(backend_name="engine", object_id=str(first.pk))
    assert not first_failure.last_error.startswith("not sent")
    assert engine.failed_recently("engine")

    second = PatternPageFactory(parent=index, title="Report a pothole", summary="Online.")
    second.save_revision().publish()

    second_failure = PendingIndexUpdate.objects.get(backend_name="engine", object_id=str(second.pk))
    assert second_failure.last_error.startswith("not sent: the engine failed in the last 30 seconds")
    second.refresh_from_db()
    assert second.live
