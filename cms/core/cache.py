"""The shared cache: Django's own Redis backend, made to step aside when Redis is down.

Django's RedisCache raises when the server cannot be reached, and the cache is
read on every page (Wagtail's site lookup, the navigation, facet labels, feeds),
so a stopped or hung Redis would take the whole site down with it. Here a
connection error or timeout is logged once and the cache acts as empty: reads
miss, writes are dropped, and the page is built from the database as if
nothing had been cached. See docs/decisions/0023-cache-and-faults.md.

After a failure the server is left alone for RETRY_AFTER seconds (a few lines
of circuit breaker rather than a library: the state is one time per server
list, with no half-open bookkeeping to share), so a hung server costs one
socket timeout per process every few seconds, not one per cache call. Keys
whose deletion failed meanwhile are deleted when the server answers again, so
an invalidation (a renamed section, a changed council) is not lost.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

#: What "the cache server is down" looks like (a refused or dropped connection,
#: a server still loading, a timeout). Other errors are bugs and are raised.
CACHE_SERVER_FAULTS = (RedisConnectionError, RedisTimeoutError)
#: Seconds to wait for Redis to connect or answer. It answers in well under a
#: millisecond when healthy; waiting longer only holds up the page.
DEFAULT_SOCKET_TIMEOUT = 0.5
#: Seconds to treat the cache as empty after a failure before trying the server again.
DEFAULT_RETRY_AFTER = 5.0
#: At most this many deletions are kept to replay; beyond it the oldest are
#: dropped (they expire with their own timeout in any case).
MAX_PENDING_DELETES = 10_000


class _ServerState:
    """Per process and server list: when to try again, and the deletions still owed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.pending_deletes = {}  # an ordered set of full keys


_states = {}
_states_lock = threading.Lock()


def _state_for(servers):
    with _states_lock:
        return _states.setdefault(tuple(servers), _ServerState())


class ResilientRedisCache(RedisCache):
    """RedisCache that acts as an empty cache, with a warning in the log, while Redis is unreachable.

    OPTIONS are those of Django's RedisCache (passed to redis-py's connection
    pool), with short socket timeouts by default, plus RETRY_AFTER (seconds).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._state = _state_for(self._servers)

    def _call(self, operation, when_down, *args, **kwargs):
        """`operation(*args, **kwargs)` on Redis, or `when_down()` while it cannot be reached."""
        state = self._state
        if state.down_until:
            if time.monotonic() < state.down_until:
                return when_down()
            self._recover()
            if state.down_until:
                return when_down()
        try:
            return operation(*args, **kwargs)
        except CACHE_SERVER_FAULTS as error:
            self._trip(error)
            return when_down()

    def _trip(self, error):
        state = self._state
        with state.lock:
            first = not state.down_until
            state.down_until = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "Cache server %s is unreachable (%s: %s); serving without the cache, trying again every %g s",
                ",".join(self._servers),
                type(error).__name__,
                error,
                self.retry_after,
            )

    def _recover(self):
        """Try the server again: replay the deletions it missed, then use it as usual."""
        state = self._state
        with state.lock:
            keys = list(state.pending_deletes)
        try:
            if keys:
                self._cache.delete_many(keys)
            else:
                self._cache.get_client(None).ping()
        except CACHE_SERVER_FAULTS:
            with state.lock:
                state.down_until = time.monotonic() + self.retry_after
            return
        with state.lock:
            for key in keys:
                state.pending_deletes.pop(key, None)
            state.down_until = 0.0
        logger.info("Cache server %s answers again; using the cache", ",".join(self._servers))

    def _owe_deletion(self, keys):
        state = self._state
        with state.lock:
            for key in keys:
                state.pending_deletes.pop(key, None)
                state.pending_deletes[key] = None
            while len(state.pending_deletes) > MAX_PENDING_DELETES:
                del state.pending_deletes[next(iter(state.pending_deletes))]

    # Each operation as RedisCache does it, with what an empty cache would answer while Redis is down
    # (the same answers as Django's DummyCache).

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, lambda: True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        def when_down():
            self._owe_deletion([self.make_and_validate_key(key, version=version)])
            return False

        return self._call(super().delete, when_down, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def when_down():
            raise ValueError(f"Key '{key}' not found.")

        return self._call(super().incr, when_down, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)

        def when_down():
            self._owe_deletion([self.make_and_validate_key(key, version=version) for key in keys])

        return self._call(super().delete_many, when_down, keys, version)

    def clear(self):
        return self._call(super().clear, lambda: False)
