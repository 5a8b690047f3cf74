"""Settings for the test suite: fast, and talking to real servers.

DATABASE_URL, OPENSEARCH_URL and REDIS_URL come from `make test` (see tools/test.sh).
The database search backend is always the default; when OPENSEARCH_URL is
set, a second backend named "opensearch" indexes the same pages into the
real engine, so one run exercises both.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import caches_from_environment, search_backends_from_environment


def redis_test_url(url):
    """REDIS_URL with a database of the test run's own: each test empties the cache
    (FLUSHDB), so each pytest-xdist worker gets its own database, and none is the
    one in REDIS_URL (the development site's, database 0 unless it names another)."""
    if not url:
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + worker}"))


SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Redis, as in production, when REDIS_URL is set (make test starts one); local memory otherwise.
CACHES = caches_from_environment(
    {**os.environ, "REDIS_URL": redis_test_url(os.environ.get("REDIS_URL", ""))},
    # A busy machine can hold Redis up for longer than production's short timeouts.
    socket_connect_timeout=5,
    socket_timeout=5,
)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Plain storage: tests must not depend on a collectstatic manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if os.environ.get("OPENSEARCH_URL"):
    engine = search_backends_from_environment(
        {
            "OPENSEARCH_URL": os.environ["OPENSEARCH_URL"],
            # pytest-xdist workers each get their own test database, and their own indexes here.
            "SEARCH_INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "factorycommons_test")
            + os.environ.get("PYTEST_XDIST_WORKER", ""),
        }
    )["default"]
    # Only tests that ask for the engine (the opensearch_backend fixture turns
    # this on) index into it; every other test would pay a round trip per save.
    engine["AUTO_UPDATE"] = False
    WAGTAILSEARCH_BACKENDS["opensearch"] = engine
# The search page asks the database backend unless a test chooses the engine
# (the collection_backend fixture), which then falls back to "default".
COLLECTION_SEARCH_BACKEND = "default"
COLLECTION_SEARCH_FALLBACK_BACKEND = None

# Serve static files from the finders, so no collectstatic is needed here.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
