"""At most a few submissions an hour from one network address or one email address.

Counted in Django's cache (a fixed one-hour window from the first submission).
Addresses are hashed before they become cache keys, so the cache holds no
email address in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _key(kind, value):
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"contributions:rate:{kind}:{digest}"


def _keys(ip_address, email):
    keys = []
    if ip_address:
        keys.append(_key("ip", ip_address))
    if email:
        keys.append(_key("email", email))
    return keys


def limit_reached(ip_address, email):
    """True when either address has already sent the hourly number of submissions."""
    limit = settings.CONTRIBUTIONS_RATE_LIMIT_PER_HOUR
    counts = cache.get_many(_keys(ip_address, email))
    return any(count >= limit for count in counts.values())


def count_submission(ip_address, email):
    for key in _keys(ip_address, email):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                # The count expired between add() and incr(): this submission starts a new window.
                cache.add(key, 1, WINDOW_SECONDS)


def client_address(request):
    """The address the request came from, as the web server saw it.

    X-Forwarded-For is not read: anyone can send it. Behind a proxy, the proxy
    (or the application server) must set REMOTE_ADDR to the reader's address.
    """
    return request.META.get("REMOTE_ADDR", "")
