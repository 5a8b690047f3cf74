"""Settings for the search benchmark (`make bench`, tools/bench/).

Production-like where it matters for timing (DEBUG off, no SQL logging,
templates as deployed); local where it does not (a fixed secret key, static
files served from the finders without a manifest).

Without OPENSEARCH_URL the search page asks the database backend. With it,
the backends are those of a deployment with an engine (see
search_backends_from_environment): OpenSearch, under the index prefix
factorycommons_bench, and the database backend to fall back to.
"""

import os

from .base import *  # noqa: F403
from .base import DATABASE_SEARCH_BACKEND, env_bool, search_backends_from_environment

SECRET_KEY = "bench-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders, so no collectstatic is needed first (and there is no collected copy).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Building the corpus turns indexing on save off, and update_index runs once at the end: much faster.
# Background tasks (search and reference indexing) are then queued and never run.
INDEX_ON_SAVE = env_bool("BENCH_INDEX_ON_SAVE", default=True)
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if INDEX_ON_SAVE
        else "django_tasks.backends.dummy.DummyBackend"
    }
}
if os.environ.get("OPENSEARCH_URL"):
    # As deployed with an engine: the page asks OpenSearch and falls back to the database backend.
    WAGTAILSEARCH_BACKENDS = search_backends_from_environment(
        {"OPENSEARCH_URL": os.environ["OPENSEARCH_URL"], "SEARCH_INDEX_PREFIX": "factorycommons_bench"}
    )
    COLLECTION_SEARCH_BACKEND = "default"
    COLLECTION_SEARCH_FALLBACK_BACKEND = "database"
else:
    WAGTAILSEARCH_BACKENDS = {"default": {**DATABASE_SEARCH_BACKEND, "AUTO_UPDATE": INDEX_ON_SAVE}}
    COLLECTION_SEARCH_BACKEND = "default"
    COLLECTION_SEARCH_FALLBACK_BACKEND = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
