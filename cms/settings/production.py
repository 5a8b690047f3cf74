"""Settings for a public deployment. Everything secret comes from the environment."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, STORAGES, caches_from_environment, env_bool, env_list

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
        'string, for example the output of: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the site's host names, separated by commas.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Email to editors (new shared work, workflow notices) goes through the SMTP server given here.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10

# The shared cache: Redis at REDIS_URL through Django's own backend, which keeps the site
# answering without the cache while Redis is down (docs/decisions/0023-cache-and-faults.md).
# Without REDIS_URL each process has its own cache, and `check --deploy` warns.
CACHES = caches_from_environment(os.environ)
# Sessions stay in the database (Django's default), so editors stay signed in when Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The database: PostgreSQL from DATABASE_URL, connections kept for a minute and checked
# before reuse, so a restarted database server costs one failed check, not a 500.
if not os.environ.get("DATABASE_URL", "").strip():
    raise ImproperlyConfigured(
        "DATABASE_URL is not set: give the PostgreSQL database as postgres://user:password@host:5432/name."
    )
try:
    DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
except ValueError:
    raise ImproperlyConfigured("DATABASE_CONN_MAX_AGE must be a whole number of seconds.") from None
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        f"DATABASE_URL must name a PostgreSQL database in production (got {DATABASES['default']['ENGINE']})."
    )

# The search engine (OPENSEARCH_URL, or ELASTICSEARCH_URL with ELASTICSEARCH_VERSION) is chosen
# in base.py by search_backends_from_environment; the database backend is kept beside it.

# Media (docs/deploy.md): on disk under MEDIA_ROOT, or in an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set. Objects stay private (no ACL): documents reach readers
# only through Wagtail's view, which checks privacy and sends them as attachments.
if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"].strip(),
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                # Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the
                # machine's role, as boto3 finds them.
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }

# Logs go to standard output, one line each, for the process manager or container to collect.
LOGGING["handlers"]["console"]["stream"] = "ext://sys.stdout"
LOGGING["formatters"]["plain"]["format"] = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Session and CSRF cookies: HTTPS only (above), out of reach of scripts (the session), not
# sent with requests other sites start (except following a link), and an editor's session
# ends after a working day.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 10 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"

# The login lockout counts failures per address: behind TRUSTED_PROXY_COUNT reverse proxies
# the client's address is read from X-Forwarded-For as those proxies wrote it.
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
except ValueError:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be a whole number: how many reverse proxies stand in front of the site."
    ) from None
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
