"""Settings for the quick local run (`make run`)."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, caches_from_environment, env_bool, env_list


def _local_secret_key():
    """Keep one random key per checkout in var/, so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Redis when REDIS_URL is set (`make services` prints it), as in production; local memory otherwise.
CACHES = caches_from_environment(os.environ)

# Serve static files from the finders, so no collectstatic is needed here.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
