"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def import_settings(module, **environ):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(environ, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.smoke
def test_production_without_secret_key_stops_with_a_clear_message():
    result = import_settings("cms.settings.production", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.smoke
def test_production_with_its_settings_starts():
    result = import_settings(
        "cms.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://commons@db.internal:5432/commons",
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.smoke
def test_base_settings_are_safe_on_their_own():
    from cms.settings import base

    assert base.DEBUG is False
    assert "SECRET_KEY" not in os.environ or os.environ["SECRET_KEY"] == base.SECRET_KEY
