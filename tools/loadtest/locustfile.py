"""Visitors of Factory Commons for `make loadtest` (tools/loadtest/loadtest.py runs this with locust).

Each simulated visitor is a council officer or a feed reader doing one thing at
a time, with a pause between: the weights below are the share of each thing in
a visit (see docs/decisions/0025-load-test.md). What to ask for is read from the
site itself when the test starts: every page from the sitemap, and the facet
values the search page offers, so the mix follows whatever content is loaded.

Requests go over plain HTTP to gunicorn, as from the TLS-terminating proxy in
front of it in production: with X-Forwarded-Proto: https, which the production
settings trust (SECURE_PROXY_SSL_HEADER), so they are served exactly as
HTTPS requests are there (no redirect to https://, HSTS sent).
"""

# The visitors' choices come from `random`: a varied mix, not secrets.
# ruff: noqa: S311

import json
import os
import random
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import requests
from defusedxml import ElementTree
from locust import FastHttpUser, between, events, task

PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
#: Seconds between one request and the next: much less than a person reading a page (tens of
#: seconds), so that 50 visitors make the traffic of a busy hour rather than of a quiet one.
PAUSE_MIN = float(os.environ.get("LOADTEST_PAUSE_MIN", "2"))
PAUSE_MAX = float(os.environ.get("LOADTEST_PAUSE_MAX", "8"))
#: Seconds a request may take before it counts as failed (a hang is an error, not a slow answer).
TIMEOUT = float(os.environ.get("LOADTEST_TIMEOUT", "10"))
#: The search page's notice when it answered from the database backend (templates/search/search.html).
FALLBACK_MARKER = "fc-search-notice"
SECTIONS = ("patterns", "standards", "methods", "factories", "case-studies")
FACETS = ("type", "area", "authority", "factory", "region", "nation", "phase", "openness", "status", "licence")
#: Words an officer types: topics of the demo and the synthetic items (tools/bench/corpus.py).
WORDS = [
    "waste",
    "bin collection",
    "parking",
    "housing repairs",
    "council tax",
    "form",
    "benefit",
    "planning",
    "school meals",
    "blue badge",
    "residents",
    "address",
    "appointment",
    "payment",
]
#: What the search box sends as the officer types a word (the script asks from 2 characters on).
TYPING = ["park", "hous", "wast", "coun", "bin", "plan", "form"]

#: Filled once at the start (see read_site) and shared by every visitor.
SITE = {"items": [], "welsh_items": [], "sections": [], "facets": {}}
#: Search pages answered from the database backend while the engine was down.
SEARCH_ANSWERS = defaultdict(int)


class FacetInputs(HTMLParser):
    """The (name, value) of every facet checkbox on the search page."""

    def __init__(self):
        super().__init__()
        self.values = defaultdict(list)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox" and attrs.get("name") in FACETS:
            self.values[attrs["name"]].append(attrs.get("value", ""))


def read_site(host):
    """Every page in the sitemap, by kind, and the facet values the search page offers."""
    response = requests.get(f"{host}/sitemap.xml", headers=PROXY_HEADERS, timeout=60)
    response.raise_for_status()
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [
        urlsplit(loc.text.strip()).path
        for loc in ElementTree.fromstring(response.content).findall("sm:url/sm:loc", namespace)
    ]
    for path in paths:
        welsh = path.startswith("/cy/")
        parts = [part for part in path.removeprefix("/cy").split("/") if part]
        if len(parts) == 1 and parts[0] in SECTIONS and not welsh:
            SITE["sections"].append(path)
        elif len(parts) >= 2 and parts[0] in SECTIONS:
            SITE["welsh_items" if welsh else "items"].append(path)
    parser = FacetInputs()
    parser.feed(requests.get(f"{host}/search/", headers=PROXY_HEADERS, timeout=60).text)
    SITE["facets"] = {name: values for name, values in parser.values.items() if values}
    missing = [name for name, found in (("items", SITE["items"]), ("sections", SITE["sections"])) if not found]
    if missing or not SITE["facets"]:
        raise RuntimeError(f"Nothing to visit: no {', '.join(missing) or 'facet values'} found on {host}.")


@events.test_start.add_listener
def _read_site(environment, **kwargs):
    try:
        read_site(environment.host.rstrip("/"))
    except (OSError, RuntimeError, ElementTree.ParseError) as error:
        # Without pages to visit the run would measure nothing: stop at once, and say why.
        print(f"Cannot start the load test: {error}", flush=True)
        environment.process_exit_code = 1
        environment.runner.quit()
        return
    print(
        f"Visiting {len(SITE['items'])} items, {len(SITE['welsh_items'])} Welsh items, "
        f"{len(SITE['sections'])} listings, facets {', '.join(sorted(SITE['facets']))}",
        flush=True,
    )


@events.test_stop.add_listener
def _write_search_answers(environment, **kwargs):
    out = os.environ.get("LOADTEST_SEARCH_ANSWERS")
    if out:
        with open(out, "w") as file:
            json.dump(dict(SEARCH_ANSWERS), file)


class CouncilOfficer(FastHttpUser):
    wait_time = between(PAUSE_MIN, PAUSE_MAX)
    network_timeout = TIMEOUT
    connection_timeout = TIMEOUT
    default_headers = PROXY_HEADERS

    def get(self, path, name, params=None):
        url = f"{path}?{urlencode(params, doseq=True)}" if params else path
        return self.client.get(url, name=name)

    def facet(self):
        name = random.choice(sorted(SITE["facets"]))
        return name, random.choice(SITE["facets"][name])

    def search(self, params, name, prefix=""):
        with self.client.get(f"{prefix}/search/?{urlencode(params)}", name=name, catch_response=True) as response:
            if response.status_code == 200:
                SEARCH_ANSWERS["database" if FALLBACK_MARKER in (response.text or "") else "engine"] += 1
                response.success()
            elif response.status_code == 0:
                response.failure(f"no answer: {response.error!r}")
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(8)
    def home(self):
        self.get("/", "home")

    @task(12)
    def listing(self):
        self.get(random.choice(SITE["sections"]), "listing")

    @task(30)
    def item(self):
        self.get(random.choice(SITE["items"]), "item")

    @task(12)
    def search_words(self):
        params = {"q": random.choice(WORDS)}
        if random.random() < 0.2:
            params["sort"] = random.choice(["newest", "updated"])
        self.search(params, "search: words")

    @task(10)
    def search_filters(self):
        name, value = self.facet()
        params = {name: value}
        if random.random() < 0.5:
            params["q"] = random.choice(WORDS)
        if random.random() < 0.3:
            other, other_value = self.facet()
            params.setdefault(other, other_value)
        self.search(params, "search: filters")

    @task(3)
    def search_next_page(self):
        # The second page of what is new: there is one whatever content is loaded.
        self.search({"sort": random.choice(["newest", "updated"]), "page": 2}, "search: page 2")

    @task(8)
    def autocomplete(self):
        # As the search box asks while someone types a word: "pa", "par", "park".
        word = random.choice(TYPING)
        for end in range(2, len(word) + 1):
            self.get("/search/autocomplete/", "autocomplete", {"q": word[:end]})

    @task(7)
    def feed(self):
        # Feed readers poll the whole feed and the shortcut feeds of a type or a service area.
        kind = random.choice(["rss", "atom"])
        choice = random.random()
        if choice < 0.4:
            self.get(f"/feeds/{kind}/", "feed")
        elif choice < 0.7 and SITE["facets"].get("type"):
            self.get(f"/feeds/type/{random.choice(SITE['facets']['type'])}/{kind}/", "feed")
        else:
            name, value = self.facet()
            self.get(f"/feeds/{kind}/", "feed", {name: value})

    @task(2)
    def welsh_page(self):
        path = random.choice(SITE["welsh_items"] or ["/cy/"])
        self.get(path, "Welsh: page")

    @task(1)
    def welsh_search(self):
        self.search({"q": random.choice(["gwastraff", "parcio", "tai", "cyngor"])}, "Welsh: search", prefix="/cy")
