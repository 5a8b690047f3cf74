"""Settings for the test suite: fast, and talking to real servers.

DATABASE_URL and OPENSEARCH_URL come from `make test` (see tools/test.sh).
The database search backend is always the default; when OPENSEARCH_URL is
set, a second backend named "opensearch" indexes the same pages into the
real engine, so one run exercises both.
"""

import os

from .base import *  # noqa: F403
from .base import search_backends_from_environment

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
