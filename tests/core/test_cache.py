"""The shared cache (cms/core/cache.py): Django's Redis backend, as an empty cache while Redis is down.

Every test talks to a real redis-server of its own, or to a port where nothing
answers (tests/faults.py). The site as a whole with the cache down is tested in
tests/core/test_resilience.py.
"""

import logging
import os
import socket
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings

from cms.core.checks import check_shared_cache
from tests.faults import use_cache_at

#: Seconds the tests wait for the cache to try the server again after a failure.
RETRY_AFTER = 0.5


def test_a_working_redis_is_the_cache(redis_server, settings):
    use_cache_at(settings, redis_server.url)

    cache.set("colour", "green")
    assert cache.get("colour") == "green"
    assert cache.add("colour", "red") is False
    assert cache.add("count", 1) is True
    assert cache.incr("count") == 2
    assert cache.get_many(["colour", "count", "missing"]) == {"colour": "green", "count": 2}
    cache.delete_many(["colour", "count"])
    assert cache.get("colour") is None
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")


def test_a_stopped_cache_server_is_an_empty_cache_with_one_warning(closed_port, settings, caplog):
    use_cache_at(settings, f"redis://127.0.0.1:{closed_port}/0")

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="cms.core.cache"):
        assert cache.get("colour", "default") == "default"
        cache.set("colour", "green")
        assert cache.get("colour") is None
        assert cache.add("count", 1) is True  # as Django's dummy cache answers
        with pytest.raises(ValueError, match="not found"):
            cache.incr("count")  # as for a key that is not there
        assert cache.get_many(["colour"]) == {}
        assert cache.set_many({"colour": "green"}) == ["colour"]  # the keys not stored
        assert cache.has_key("colour") is False
        assert cache.delete("colour") is False
        assert cache.get_or_set("made", lambda: "fresh") == "fresh"
        cache.clear()

    assert time.monotonic() - started < 1
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        f"Cache server redis://127.0.0.1:{closed_port}/0 is unreachable"
    ]


def test_a_hung_cache_server_holds_up_one_call_and_not_the_next(silent_port, settings):
    use_cache_at(settings, f"redis://127.0.0.1:{silent_port}/0")

    started = time.monotonic()
    assert cache.get("colour") is None
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(50):
        assert cache.get("colour") is None
    next_fifty = time.monotonic() - started

    assert first < 2  # one short socket timeout, not redis-py's retries
    assert next_fifty < 0.2  # the server is left alone for a while


def pause(server, seconds):
    """Make the real server stop answering its clients for a while (Redis's CLIENT PAUSE)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as connection:
        connection.sendall(f"CLIENT PAUSE {int(seconds * 1000)} ALL\r\n".encode())
        assert connection.recv(16).startswith(b"+OK")


def test_the_cache_is_used_again_when_the_server_answers_and_missed_deletions_are_made(redis_server, settings):
    use_cache_at(settings, redis_server.url, retry_after=RETRY_AFTER)
    cache.set("navigation", "the old sections")

    # The server stops answering; clearing the entry (a page was published) cannot reach it.
    pause(redis_server, 1.0)
    assert cache.delete("navigation") is False
    assert cache.get("navigation") is None  # an empty cache meanwhile, not the old sections

    # It answers again, still holding the old entry; the deletion it missed is made before anything is read.
    time.sleep(1.2)
    server = redis.Redis.from_url(redis_server.url)
    key = cache.make_key("navigation")
    assert server.exists(key)
    assert cache.get("navigation") is None
    assert not server.exists(key)
    cache.set("navigation", "the new sections")
    assert cache.get("navigation") == "the new sections"


def test_a_server_that_goes_away_and_comes_back_is_used_again(redis_server, settings):
    use_cache_at(settings, redis_server.url, retry_after=RETRY_AFTER)
    cache.set("colour", "green")

    redis_server.stop()
    assert cache.get("colour") is None
    cache.set("colour", "red")  # dropped

    redis_server.start()  # the same port, empty (nothing is kept on disk)
    time.sleep(RETRY_AFTER + 0.1)
    assert cache.get("colour") is None
    cache.set("colour", "blue")
    assert cache.get("colour") == "blue"


def test_the_deploy_checks_ask_for_a_shared_cache():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert [message.id for message in check_shared_cache(None)] == ["core.W001"]
    redis = {"default": {"BACKEND": "cms.core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=redis):
        assert check_shared_cache(None) == []


def test_production_takes_its_cache_from_redis_url():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default'])"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://commons:secret@db.internal:5432/commons",  # not contacted
        "REDIS_URL": "redis://cache.internal:6379/2",
    }
    result = subprocess.run(  # noqa: S603 (this Python, no shell)
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "'BACKEND': 'cms.core.cache.ResilientRedisCache'" in result.stdout
    assert "'LOCATION': 'redis://cache.internal:6379/2'" in result.stdout
