"""The production settings as an operator starts them (docs/deploy.md,
docs/decisions/0021-production-and-logins.md).

Each test starts a fresh interpreter with a realistic environment, as gunicorn
would, so what is checked is what the settings module makes of that environment.
"""

import functools
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

#: What an operator sets (docs/deploy.md); nothing here is contacted by the checks.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "ALLOWED_HOSTS": "commons.example.gov.uk",
    "DATABASE_URL": "postgres://commons:secret@db.internal:5432/commons",
    "OPENSEARCH_URL": "https://search.internal:9200",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://commons.example.gov.uk",
    "MEDIA_ROOT": "/srv/commons/media",
    "STATIC_ROOT": "/srv/commons/static",
}
#: Variables of the test run that must not leak into the production process.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "OPENSEARCH_URL",
    "ELASTICSEARCH_URL",
    "SEARCH_INDEX_PREFIX",
    "AWS_STORAGE_BUCKET_NAME",
    "TRUSTED_PROXY_COUNT",
    "REDIS_URL",
}


def production_environment():
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(PRODUCTION_ENVIRONMENT, SECRET_KEY=secrets.token_urlsafe(50))
    return env


def run(args, **environ):
    env = production_environment()
    env.update({key: value for key, value in environ.items() if value is not None})
    for key in [key for key, value in environ.items() if value is None]:
        env.pop(key, None)
    return subprocess.run(  # noqa: S603 (this Python, no shell)
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def production_settings(*names, **environ):
    """The named settings, as the production settings module computes them from `environ`."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


#: The cookie and HTTPS settings production must have, with their values.
SECURE_COOKIES = {
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_AGE": 10 * 60 * 60,
    "CSRF_COOKIE_SECURE": True,
    "CSRF_COOKIE_SAMESITE": "Lax",
    "SECURE_SSL_REDIRECT": True,
}


@functools.cache
def default_production_settings():
    """The settings most tests look at, from one interpreter started with PRODUCTION_ENVIRONMENT."""
    return production_settings(
        "SILENCED_SYSTEM_CHECKS",
        "DATABASES",
        "WAGTAILSEARCH_BACKENDS",
        "STORAGES",
        "MEDIA_ROOT",
        "MIDDLEWARE",
        "AXES_IPWARE_META_PRECEDENCE_ORDER",
        *SECURE_COOKIES,
    )


def test_the_deployment_checks_pass_with_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_no_security_check_is_silenced():
    assert default_production_settings()["SILENCED_SYSTEM_CHECKS"] == []


def test_without_a_database_url_production_stops_with_a_clear_message():
    result = run(["-c", "import django; django.setup()"], DATABASE_URL=None)

    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_production_refuses_sqlite():
    result = run(["-c", "import django; django.setup()"], DATABASE_URL="sqlite:////tmp/commons.sqlite3")

    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_the_database_connection_is_kept_and_checked():
    database = default_production_settings()["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.internal"
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_search_engine_comes_from_the_environment_with_the_database_beside_it():
    backends = default_production_settings()["WAGTAILSEARCH_BACKENDS"]

    assert backends["default"]["BACKEND"] == "search.backends.opensearch2"
    assert backends["default"]["URLS"] == ["https://search.internal:9200"]
    assert backends["database"]["BACKEND"] == "wagtail.search.backends.database"


def test_media_are_on_disk_by_default_and_static_files_through_whitenoise():
    values = default_production_settings()

    assert values["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert values["MEDIA_ROOT"] == "/srv/commons/media"
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "cms.core.storage.StaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    values = production_settings(
        "STORAGES",
        AWS_STORAGE_BUCKET_NAME="commons-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="uk-south",
    )

    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "commons-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://objects.example.net"
    assert default["OPTIONS"]["region_name"] == "uk-south"
    # Objects are private; documents reach readers only through the site's own view.
    assert default["OPTIONS"]["default_acl"] is None
    assert default["OPTIONS"]["file_overwrite"] is False


def test_the_s3_storage_loads():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "storage = storages['default']; print(type(storage).__name__, storage.bucket_name)"
    )
    result = run(["-c", code], AWS_STORAGE_BUCKET_NAME="commons-media")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["S3Storage", "commons-media"]


def test_logs_go_to_standard_output():
    code = "import django, logging; django.setup(); logging.getLogger('cms').warning('written to stdout')"
    result = run(["-c", code])

    assert result.returncode == 0, result.stderr
    assert "WARNING cms: written to stdout" in result.stdout
    assert "written to stdout" not in result.stderr


def test_session_and_csrf_cookies_are_secure():
    values = {name: default_production_settings()[name] for name in SECURE_COOKIES}

    assert values == SECURE_COOKIES


def test_the_lockout_trusts_forwarded_addresses_only_from_the_proxies_named():
    direct = default_production_settings()
    behind_proxy = production_settings(
        "AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", TRUSTED_PROXY_COUNT="1"
    )

    assert direct["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
    assert behind_proxy["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert behind_proxy["AXES_IPWARE_PROXY_COUNT"] == 1


def test_a_bad_proxy_count_stops_with_a_clear_message():
    result = run(["-c", "import django; django.setup()"], TRUSTED_PROXY_COUNT="one")

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_gunicorn_reads_its_configuration_and_loads_the_site():
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = subprocess.run(  # noqa: S603 (the gunicorn beside this Python, no shell)
        [gunicorn, "--print-config"],
        cwd=settings.BASE_DIR,
        env={**production_environment(), "GUNICORN_WORKERS": "7", "GUNICORN_TIMEOUT": "20"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    config = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    assert {key: config[key.ljust(34)].strip() for key in ["workers", "timeout", "bind", "accesslog", "wsgi_app"]} == {
        "workers": "7",
        "timeout": "20",
        "bind": "['127.0.0.1:8000']",
        "accesslog": "-",
        "wsgi_app": "cms.wsgi:application",
    }
