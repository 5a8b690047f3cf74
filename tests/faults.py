"""Servers that fail: a search engine or a cache that is stopped, hangs, or goes away mid-test.

Real sockets and a real redis-server, no mocks. The fixtures are made available
to every test by tests/conftest.py.
"""

import shutil
import socket
import subprocess
import time

import pytest

from cms.settings.base import DATABASE_SEARCH_BACKEND, caches_from_environment, search_backends_from_environment

#: Seconds a broken cache may hold a request up: production's socket timeouts are
#: shorter, this is what the tests give it on a busy machine.
BROKEN_CACHE_TIMEOUT = 0.3


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers, like a server that hangs."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


def free_port():
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture
def closed_port():
    """A port nothing listens on, like a server that is stopped."""
    return free_port()


def use_engine_at(settings, url):
    """The collection search asks an engine at `url`, and falls back to the database backend."""
    engine = search_backends_from_environment({"OPENSEARCH_URL": url, "SEARCH_INDEX_PREFIX": "fc_unreachable"})
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND, "engine": engine["default"]}
    settings.COLLECTION_SEARCH_BACKEND = "engine"
    settings.COLLECTION_SEARCH_FALLBACK_BACKEND = "default"


@pytest.fixture(params=["stopped", "never answers"])
def broken_engine(request, settings):
    port = request.getfixturevalue("closed_port" if request.param == "stopped" else "silent_port")
    use_engine_at(settings, f"http://127.0.0.1:{port}")
    return request.param


def use_cache_at(settings, url, retry_after=5):
    """The site's cache is the Redis at `url`, as production configures it, with short timeouts."""
    settings.CACHES = caches_from_environment(
        {"REDIS_URL": url},
        socket_connect_timeout=BROKEN_CACHE_TIMEOUT,
        socket_timeout=BROKEN_CACHE_TIMEOUT,
        RETRY_AFTER=retry_after,
    )


class RedisServer:
    """A private redis-server on its own port, started and stopped by one test."""

    def __init__(self, executable):
        self.executable = executable
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (Debian's redis-server, found on PATH; no shell)
            [self.executable, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    """A real Redis of this test's own (Debian's redis-server), stopped at the end if the test has not."""
    from tests.conftest import service_missing  # tests.conftest imports this module

    executable = shutil.which("redis-server")
    if executable is None:
        service_missing("Redis", "redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(executable).start()
    yield server
    server.stop()


@pytest.fixture(params=["stopped", "never answers", "went away"])
def broken_cache(request, settings):
    """The cache server is stopped, hangs, or answered and then was stopped (a real redis-server)."""
    from django.core.cache import cache

    if request.param == "went away":
        server = request.getfixturevalue("redis_server")
        use_cache_at(settings, server.url)
        cache.set("fault:probe", "here")
        assert cache.get("fault:probe") == "here"
        server.stop()
    else:
        port = request.getfixturevalue("closed_port" if request.param == "stopped" else "silent_port")
        use_cache_at(settings, f"redis://127.0.0.1:{port}/0")
    return request.param
