"""Deploy checks (`manage.py check --deploy`) for what Django's own do not cover."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

SHARED_CACHE_BACKENDS = {
    "cms.core.cache.ResilientRedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """A deployment runs several processes: a cache in each one's memory makes the share
    form's rate limit per process, and clearing an entry reaches only one of them."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        Warning(
            f"The cache ({backend}) is not shared between processes.",
            hint="Set REDIS_URL to the Redis server the site's processes share (docs/deploy.md).",
            id="core.W001",
        )
    ]
