"""Shared fixtures, and the rule for tests that need a real server.

Tests marked `postgres` or `opensearch` need that server. When it is
missing they fail under CI=true (CI must never pass without them) and are
skipped elsewhere, with a summary line at the end that nobody can miss.
"""

import io
import json
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models

from search.facets import forget_facet_values
from tests.search.conftest import pytest_terminal_summary as relevance_set_summary

# Stopped, hung and vanishing search engines and caches, for every test that needs one.
pytest_plugins = ["tests.faults"]

IN_CI = os.environ.get("CI", "").lower() == "true"
#: Seconds the test setup gives the search engine to make, empty or refresh indexes.
ENGINE_ADMIN_TIMEOUT = 30


def service_missing(service, reason):
    """Fail under CI=true, skip elsewhere: a test that needs `service` and cannot reach it."""
    if IN_CI:
        pytest.fail(f"{service} is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"{service} missing: {reason}")


def opensearch_problem():
    """Why the OpenSearch backend cannot be used, or None when it can."""
    if "opensearch" not in settings.WAGTAILSEARCH_BACKENDS:
        return "OPENSEARCH_URL is not set (make test starts a node and sets it)"
    try:
        get_search_backend("opensearch").es.info()
    except Exception as error:  # any failure to reach the node means the same thing here
        return f"no answer from {settings.WAGTAILSEARCH_BACKENDS['opensearch']['URLS'][0]}: {error}"
    return None


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as the database starts empty."""
    cache.clear()
    # The search's in-memory copy of the facet table too: a test's rows are rolled back,
    # and SQLite then gives the next test's rows the same ids.
    forget_facet_values()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to a /cy/ page leaves Welsh
    active in the thread (LocaleMiddleware activates it and nothing resets it)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _require_services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        service_missing("PostgreSQL", f"the tests ran on {connection.vendor}; set DATABASE_URL")
    if request.node.get_closest_marker("opensearch"):
        problem = opensearch_problem()
        if problem:
            service_missing("OpenSearch", problem)


def pytest_terminal_summary(terminalreporter):
    # Read from the skip reports, so the line also appears when pytest-xdist ran the tests.
    missing = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        service, marker, why = reason.removeprefix("Skipped: ").partition(" missing: ")
        if marker:
            missing.setdefault(service, why)
    for service, why in missing.items():
        terminalreporter.write_sep("!", f"{service} TESTS DID NOT RUN: {why}", red=True, bold=True)
    relevance_set_summary(terminalreporter)


@pytest.fixture
def opensearch_backend(request, settings):
    """The real OpenSearch backend, with empty indexes, kept up to date by saves during this test."""
    if not request.node.get_closest_marker("opensearch"):
        raise pytest.UsageError("tests that use opensearch_backend must carry @pytest.mark.opensearch")
    engine = {**settings.WAGTAILSEARCH_BACKENDS["opensearch"], "AUTO_UPDATE": True}
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS, "opensearch": engine}
    backend = get_search_backend("opensearch")
    # Making indexes can take the node longer than the 2 s a search may, on a busy
    # machine: this setup gets its own, longer timeout.
    admin = get_search_backend("opensearch", TIMEOUT=ENGINE_ADMIN_TIMEOUT)
    _empty_engine_indexes(admin)
    return backend


#: More documents than any test indexes: emptying reads them all in one search.
MAX_TEST_DOCUMENTS = 10_000


def _empty_engine_indexes(admin):
    """Each test starts from empty indexes with Wagtail's mappings, as after `update_index`.

    The first time in a test run the indexes are made afresh (2 to 4 s on this machine,
    too slow for every test), so that indexes left by an earlier run with older
    mappings or analysis are never reused. After that their documents are deleted
    (about 20 ms). The node has no delete-by-query, so the documents are found and
    deleted in bulk.
    """
    pattern = f"{admin.index_prefix}*"
    indexes = [admin.get_index_for_model(model) for model in get_indexed_models()]
    if admin.index_prefix in _indexes_made and all(index.exists() for index in indexes):
        admin.es.indices.refresh(index=pattern)
        found = admin.es.search(
            index=pattern, body={"query": {"match_all": {}}, "size": MAX_TEST_DOCUMENTS, "_source": False}
        )
        deletions = [{"delete": {"_index": hit["_index"], "_id": hit["_id"]}} for hit in found["hits"]["hits"]]
        if deletions:
            admin.es.bulk(body=deletions, refresh=True)
        return
    # Deleting by prefix also removes the aliased indexes an atomic rebuild leaves
    # (reset_indexes() refuses an alias).
    admin.es.indices.delete(index=pattern, ignore_unavailable=True)
    for index in indexes:
        if not index.exists():
            index.put()
    for model, index in zip(get_indexed_models(), indexes, strict=True):
        index.add_model(model)
    _indexes_made.add(admin.index_prefix)


#: Index prefixes whose indexes this test run (this worker) has made afresh.
_indexes_made = set()


class BackendUnderTest:
    """The search backend a parametrised test runs on, as the search page will use it."""

    def __init__(self, name, engine=None):
        self.name = name
        self.engine = engine

    def refresh(self):
        """Make what was just indexed searchable (the engine makes new documents visible about once a second)."""
        if self.engine is not None:
            self.engine.es.indices.refresh(index=f"{self.engine.index_prefix}*", request_timeout=ENGINE_ADMIN_TIMEOUT)

    def __repr__(self):
        return self.name


@pytest.fixture(params=["database", pytest.param("opensearch", marks=pytest.mark.opensearch)])
def collection_backend(request, settings):
    """Runs the test once on the database backend and once on the real OpenSearch node.

    The search page, its endpoints and CollectionQuery use the chosen backend; on
    OpenSearch they fall back to the database backend as production does.
    """
    if request.param == "database":
        settings.COLLECTION_SEARCH_BACKEND = "default"
        settings.COLLECTION_SEARCH_FALLBACK_BACKEND = None
        return BackendUnderTest("database")
    engine = request.getfixturevalue("opensearch_backend")
    settings.COLLECTION_SEARCH_BACKEND = "opensearch"
    settings.COLLECTION_SEARCH_FALLBACK_BACKEND = "default"
    return BackendUnderTest("opensearch", engine)


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def home_page(db):
    """The site's home page, as `make run` sets it up."""
    from cms.core.management.commands.setup_site import ensure_home_page

    return ensure_home_page()[0]


@pytest.fixture
def write_json(tmp_path):
    """Writes data (or text as it is) to a JSON file under the test's temporary directory; returns its path."""

    def write(data, name="data.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path

    return write


# The demo content, shared -------------------------------------------------------


class SharedDemo:
    """The demo content, loaded into this worker's test database once for every test that
    only reads it (those that ask for `demo_content`), instead of once per test.

    It is committed outside the tests' transactions, so what a test writes on top is
    rolled back as usual. It is taken out again, leaving the migrated state as a
    transactional test does, as soon as the next test does not use it; those tests
    run one after the other (see pytest_collection_modifyitems), on one worker under
    `--dist loadgroup` (the xdist group "demo"), so it is loaded once per run.
    """

    def __init__(self):
        self.blocker = None
        self.migrated_state = None

    @property
    def loaded(self):
        return self.migrated_state is not None

    def load(self, blocker):
        self.blocker = blocker
        with blocker.unblock():
            self.migrated_state = connection.creation.serialize_db_to_string()
            call_command("load_demo", verbosity=0, stdout=io.StringIO())

    def unload(self):
        with self.blocker.unblock():
            call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
            connection.creation.deserialize_db_from_string(self.migrated_state)
        self.migrated_state = None


SHARED_DEMO = SharedDemo()
DEMO_GROUP = "demo"


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker):
    """The demo content, as `manage.py load_demo` leaves it, for tests that only read it."""
    if not SHARED_DEMO.loaded:
        SHARED_DEMO.load(django_db_blocker)
    yield SHARED_DEMO
    if SHARED_DEMO.loaded:
        SHARED_DEMO.unload()


def uses_demo(item):
    return "demo_content" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The tests that use the demo content run one after another, from where the first
    of them is, and together on one worker (before pytest-xdist reads the groups)."""
    demo = [item for item in items if uses_demo(item)]
    if not demo:
        return
    for item in demo:
        item.add_marker(pytest.mark.xdist_group(DEMO_GROUP))
    first = items.index(demo[0])
    rest = [item for item in items if not uses_demo(item)]
    items[:] = rest[:first] + demo + rest[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # Loaded again when a test that does not use it ran in between (the session fixture
    # loads it the first time), before the test's own transaction starts.
    if uses_demo(item) and SHARED_DEMO.blocker is not None and not SHARED_DEMO.loaded:
        SHARED_DEMO.load(SHARED_DEMO.blocker)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if SHARED_DEMO.loaded and (nextitem is None or not uses_demo(nextitem)):
        SHARED_DEMO.unload()
    return result
