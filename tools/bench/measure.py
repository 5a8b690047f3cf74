"""Timing the search page over a fixed mix of queries and filters.

Each request is a full Django request (URL routing, middleware, view,
template) made in process with django.test.Client, with a persistent
database connection and no HTTP server in front. A request that does not
answer 200 stops the benchmark: a failing page is not a fast page.
"""

import logging
import math
import time
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from vocabulary import RARE_WORD
from wagtail.search.backends import get_search_backend

SEARCH_URL = "/search/"

# (what it exercises, parameters). Every filter value exists in the corpus
# (see corpus.py), so a page that answers 400 here is a bug, not bad input.
QUERY_MIX = [
    ("word on most items", {"q": "council"}),
    ("rare word", {"q": RARE_WORD}),
    ("two words", {"q": "parking permit"}),
    ("quoted phrase", {"q": '"free school meals"'}),
    ("no match", {"q": "xylophone"}),
    ("type filter, no text", {"type": "case-study"}),
    ("area filter, no text", {"area": "household-waste-collection"}),
    ("common word + type", {"q": "council", "type": "pattern"}),
    ("word + area", {"q": "housing", "area": "housing-repairs"}),
    ("common word + authority", {"q": "council", "authority": "E08000035"}),
    ("common word + nation", {"q": "council", "nation": "wales"}),
    ("word + region", {"q": "residents", "region": "london"}),
    ("word + phase + openness", {"q": "waste", "phase": "live", "openness": "open-source"}),
    ("word + licence", {"q": "service", "licence": "MIT"}),
    ("word + type + status", {"q": "form", "type": "pattern", "status": "stable"}),
    ("common word, newest first", {"q": "council", "sort": "newest"}),
    ("word, recently updated", {"q": "residents", "sort": "updated"}),
    ("common word, page 2", {"q": "council", "page": "2"}),
    ("common word, 50 a page", {"q": "council", "per_page": "50"}),
]


class BenchFailure(Exception):
    """The benchmark cannot give a true figure; the message says why."""


def url_of(params):
    return f"{SEARCH_URL}?{urlencode(params)}" if params else SEARCH_URL


def percentile(values, share):
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(values):
    return {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95), "count": len(values)}


class EngineClock:
    """Adds up the `took` (milliseconds spent in the engine) of every search the engine answers.

    The search page's own engine client is wrapped, so the figure is for
    exactly the queries the page sends: searches, multi-searches and scrolls.
    """

    def __init__(self, backend):
        self.took = 0
        self.calls = 0
        client_class = type(backend.es)
        for name in ("search", "scroll", "msearch"):
            original = getattr(client_class, name)
            setattr(client_class, name, self.wrap(original))

    def wrap(self, original):
        def timed(client, *args, **kwargs):
            response = original(client, *args, **kwargs)
            # A multi-search reports its own `took`; an engine that does not gives one for each search in it.
            took = response.get("took")
            if took is None:
                took = max((part.get("took", 0) for part in response.get("responses", [])), default=0)
            self.took += took
            self.calls += 1
            return response

        return timed

    def reset(self):
        self.took, self.calls = 0, 0


class WarningCatcher(logging.Handler):
    """Keeps the warnings logged while a request runs: an engine failure the page hid behind its fallback."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(f"{record.name}: {record.getMessage()}")


def get(client, params):
    url = url_of(params)
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        body = response.content[:600].decode(errors="replace")
        raise BenchFailure(f"GET {url} answered {response.status_code}, not 200:\n{body}")
    return elapsed, response


def run_mix(rounds, warmup_rounds):
    """Time every query of the mix `rounds` times, after `warmup_rounds` untimed rounds."""
    backend = get_search_backend(settings.COLLECTION_SEARCH_BACKEND)
    uses_engine = hasattr(backend, "es")
    clock = EngineClock(backend) if uses_engine else None
    catcher = WarningCatcher()
    logging.getLogger().addHandler(catcher)
    client = Client()

    for _ in range(warmup_rounds):
        for _name, params in QUERY_MIX:
            get(client, params)

    page_times = {name: [] for name, _params in QUERY_MIX}
    engine_times = {name: [] for name, _params in QUERY_MIX}
    started = time.perf_counter()
    for _ in range(rounds):
        for name, params in QUERY_MIX:
            if clock:
                clock.reset()
            catcher.messages.clear()
            elapsed, _response = get(client, params)
            if uses_engine and catcher.messages:
                raise BenchFailure(
                    f"GET {url_of(params)} logged warnings on the engine, so its figure would be the fallback's:\n"
                    + "\n".join(catcher.messages)
                )
            if clock and params.get("q") and clock.calls == 0:
                raise BenchFailure(
                    f"GET {url_of(params)} did not ask the engine ({settings.COLLECTION_SEARCH_BACKEND})."
                )
            page_times[name].append(elapsed)
            if clock and clock.calls:
                engine_times[name].append(clock.took)
    timed_seconds = time.perf_counter() - started
    logging.getLogger().removeHandler(catcher)

    all_page = [value for values in page_times.values() for value in values]
    all_engine = [value for values in engine_times.values() for value in values]
    return {
        "backend": settings.WAGTAILSEARCH_BACKENDS[settings.COLLECTION_SEARCH_BACKEND]["BACKEND"],
        "rounds": rounds,
        "warmup_rounds": warmup_rounds,
        "timed_seconds": timed_seconds,
        "page": summary(all_page),
        "engine": summary(all_engine) if all_engine else None,
        "queries": [
            {
                "name": name,
                "url": url_of(params),
                "page": summary(page_times[name]),
                "engine": summary(engine_times[name]) if engine_times[name] else None,
            }
            for name, params in QUERY_MIX
        ],
        "hits": count_hits(),
    }


def count_hits():
    """How many items each query found, read from the page's context in one more, untimed, pass.

    Also checks the engine answered: a page that fell back to the database says so in `results.notice`.
    """
    setup_test_environment()
    client = Client()
    hits = {}
    for name, params in QUERY_MIX:
        _elapsed, response = get(client, params)
        results = response.context.get("results")
        if getattr(results, "notice", None):
            raise BenchFailure(f"GET {url_of(params)} answered from the fallback: {results.notice}")
        total = getattr(results, "total", None)
        if total is None and hasattr(results, "paginator"):
            total = results.paginator.count
        hits[name] = total
    return hits
