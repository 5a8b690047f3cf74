"""Whatever is typed or put in the address, the search page and its endpoints never fail.

Search boxes receive everything: operators from other search engines, stray
quotes and backslashes, emoji, Welsh letters, pasted paragraphs, and
addresses edited by hand. The search page answers 200, or 400 with a message
a reader understands; the autocomplete endpoint always answers 200 with JSON.
Generated input (hypothesis) covers what examples cannot; the examples below
it pin down the cases the search issue names.
"""

import os
import re
from html import unescape

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, FactoryIndexPageFactory
from casestudies.models import Openness, Phase
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory
from cms.taxonomy.models import Nation, ServiceArea
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from patterns.models.pattern import PatternStatus

AREA_LABEL = "Household waste collection"
AREA_SLUG = "household-waste-collection"
AUTHORITY_CODE = "E08000035"
REGION_SLUG = "yorkshire-and-the-humber"
LICENCE = "MIT"
WELSH_TITLE = "Gwasanaeth casglu gwastraff ŵyn a ŷd"


def make_content(home_page):
    """A few live items with every kind of facet value, so real filter values match something."""
    area = ServiceArea.objects.create(lgsl_code=524, label=AREA_LABEL, locale=Locale.get_default())
    leeds = AuthorityFactory(name="Leeds", gss_code=AUTHORITY_CODE, region="Yorkshire and The Humber")
    licence = LicenceFactory(spdx_id=LICENCE, name="MIT License")
    patterns = PatternIndexPageFactory(parent=home_page)
    for title, status in [
        ("Report a missed bin", PatternStatus.STABLE),
        ("Data-X.2 export of bin rounds", PatternStatus.TRIAL),
        (WELSH_TITLE, PatternStatus.RETIRED),
    ]:
        pattern = PatternPageFactory(parent=patterns, title=title, status=status, licence=licence)
        pattern.service_areas.set([area])
        pattern.authorities.set([leeds])
        pattern.save_revision().publish()
    FactoryIndexPageFactory(parent=home_page)
    case_study = CaseStudyPageFactory(
        parent=CaseStudyIndexPageFactory(parent=home_page),
        title="Bin collection day finder",
        phase=Phase.BETA,
        openness=Openness.OPEN_DESIGN,
        openness_reason="The rounds come from the waste contractor's licensed product.",
        partners=[leeds],
        service_areas=[area],
    )
    case_study.save_revision().publish()
    assert area.slug == AREA_SLUG


@pytest.fixture
def content(home_page):
    make_content(home_page)


@pytest.fixture
def indexed_content(collection_backend, home_page):
    """The same content, made once the backend under test is ready, and searchable on it."""
    make_content(home_page)
    collection_backend.refresh()


def visible_text(response):
    """The text a reader sees in the page's main content."""
    html = response.content.decode()
    main = re.search(r"<main\b[^>]*>(.*?)</main>", html, re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", main.group(1) if main else html)
    return " ".join(unescape(text).split())


# How a 400 page names each parameter when it says what was wrong with it.
PARAMETER_NAMES = {
    "sort": ["sort"],
    "page": ["page"],
    "per_page": ["per page"],
    "type": ["type"],
    "area": ["service area"],
    "authority": ["council", "authority"],
    "region": ["region"],
    "nation": ["nation"],
    "phase": ["phase"],
    "openness": ["openness"],
    "status": ["status"],
    "licence": ["licence", "license"],
}


def assert_search_page_answers(response, params):
    """200, or a 400 page whose message names one of the parameters given."""
    assert response.status_code in (200, 400), f"the search page answered {response.status_code}"
    if response.status_code == 400:
        assert response["Content-Type"].startswith("text/html")
        message = visible_text(response).lower()
        named = [name for key in params for name in PARAMETER_NAMES.get(key, []) if name in message]
        assert named, f"the 400 page does not say which parameter was wrong: {message!r}"


def assert_autocomplete_answers(response):
    assert response.status_code == 200, f"autocomplete answered {response.status_code}"
    body = response.json()
    assert isinstance(body["query"], str)
    assert len(body["results"]) <= 8
    for suggestion in body["results"]:
        assert set(suggestion) >= {"title", "url", "type"}


# Generated input ------------------------------------------------------------------

# Syntax of the query languages the backends understand (SQLite FTS5, PostgreSQL
# tsquery, Lucene), and text that trips up parsers, encodings and templates.
AWKWARD_TOKENS = [
    "-Data", "Data-X.2", "bin", "missed", "Leeds", '"', "'", "`", "\\", "\\\\", "(", ")", "[", "]", "{", "}",
    "*", "?", ":", "^", "~", "!", "+", "-", "|", "||", "&", "&&", "/", "%", "_", "@", "#", "<", ">", "=", ";",
    "AND", "OR", "NOT", "NEAR", "and", "or", "not", "*:*", "title:bin", "bin~2", "bin^3", '"missed bin"',
    "(bin OR parking)", "NOT bin", "-", "--", "'; DROP TABLE search;--", "<script>alert(1)</script>", "&amp;",
    "%00", "%", "\x00", "\t", "\n", "\u200b", "\ufeff", "🙂", "🚮", "👩‍👩‍👧", "ŵ", "ŷ", "Ŵ", "Ŷ", "ẁ", "ẃ", "ẅ",
    "ŵyn", "café", "ß", "İ", "ﬁ", "漢字", "مرحبا", "0", "-1", "1e308", "NaN", "null", "None",
    # "Data" in fullwidth and in mathematical letters, which Unicode normalisation turns into plain letters.
    "\uff24\uff41\uff54\uff41", "\U0001d507\U0001d51e\U0001d531\U0001d51e",
]  # fmt: skip
token = st.sampled_from(AWKWARD_TOKENS) | st.text(max_size=12)
query_text = st.one_of(
    st.text(max_size=80),
    st.lists(token, max_size=40).map(" ".join),
    st.lists(token, max_size=20).map("".join),
    # Past the limits of 255 characters and 25 words, made by repeating a piece (quicker than drawing each one).
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(32, 100)),
    st.builds(lambda word, times: " ".join([word] * times), st.sampled_from(AWKWARD_TOKENS), st.integers(20, 60)),
)
junk_value = st.sampled_from(["", " ", "0", "-1", "null", "%00", "\x00", "🙂", "ŵ", "a" * 300]) | st.text(max_size=20)


def values(*real):
    """One to three values for one parameter: real ones and junk, repeated parameters included."""
    return st.lists(st.sampled_from(real) | junk_value, min_size=1, max_size=3)


NUMBERS = ["1", "2", "3", "0", "-1", "+1", "01", " 1", "1.5", "1e3", "abc", "99999", "9" * 40, "\u0661", "²", "0x1"]
REAL_FILTERS = {
    "type": ["pattern", "standard", "method", "factory", "case-study"],
    "area": [AREA_SLUG],
    "authority": [AUTHORITY_CODE],
    "region": [REGION_SLUG],
    "nation": Nation.values,
    "phase": Phase.values,
    "openness": Openness.values,
    "status": PatternStatus.values,
    "licence": [LICENCE],
}


def real_values(choices):
    return st.lists(st.sampled_from(choices), min_size=1, max_size=3)


# Up to two filters with real values, as readers mostly choose (each chosen filter is counted
# separately for its facet, so many at once make each example several times slower).
real_filters = st.lists(st.sampled_from(sorted(REAL_FILTERS)), max_size=2, unique=True).flatmap(
    lambda keys: st.fixed_dictionaries({key: real_values(REAL_FILTERS[key]) for key in keys})
)
# Parameters a form or a link could make, with any text: these get as far as a search.
well_formed_params = st.builds(
    lambda text, rest, filters: {**rest, **filters, "q": text},
    st.lists(query_text, min_size=1, max_size=2),
    st.fixed_dictionaries(
        {},
        optional={
            "sort": real_values(["relevance", "newest", "updated"]),
            "page": st.just(["1"]),
            "per_page": real_values(["10", "20", "50"]),
        },
    ),
    real_filters,
)
# Parameters edited by hand: real values mixed with junk, most of them refused.
any_params = st.fixed_dictionaries(
    {},
    optional={
        "q": st.lists(query_text, min_size=1, max_size=2),
        "sort": values("relevance", "newest", "updated", "RELEVANCE", "oldest"),
        "page": values(*NUMBERS),
        "per_page": values("10", "20", "50", "7", "100", *NUMBERS),
        "type": values(*REAL_FILTERS["type"], "Pattern", "case study"),
        "area": values(AREA_SLUG, AREA_SLUG.upper(), "no-such-area"),
        "authority": values(AUTHORITY_CODE, AUTHORITY_CODE.lower(), "E06000001", "E0800003"),
        "region": values(REGION_SLUG, "london", "Yorkshire and The Humber"),
        "nation": values(*Nation.values, "England", "cymru"),
        "phase": values(*Phase.values, "Live"),
        "openness": values(*Openness.values, "open source"),
        "status": values(*PatternStatus.values, "draft"),
        "licence": values(LICENCE, "mit", "OGL-UK-3.0", "GPL-3.0-or-later"),
        "utm_source": values("newsletter"),
    },
)
search_params = well_formed_params | any_params
#: Examples per test: 2,000 on the full run. The SQLite smoke run (tools/test.sh) asks
#: for fewer, as a check of the embedded default rather than a second full sweep.
EXAMPLES = int(os.environ.get("SEARCH_INPUT_EXAMPLES", "2000"))
GENERATED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # No example database: examples are drawn afresh on every run and machine.
    database=None,
    # The content is made once per test and only read by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.smoke
@GENERATED
@given(params=search_params)
@example(params={"q": ["bin"], "area": [AREA_SLUG], "licence": [LICENCE], "sort": ["newest"], "per_page": ["10"]})
@example(params={"q": ["\x00bin"]})
@example(params={"licence": ["\x00"]})
def test_search_page_answers_any_parameters_without_a_server_error(client, content, params):
    response = client.get("/search/", params)

    # Shown by --hypothesis-show-statistics: how many examples got past the checks to a search.
    event(f"answered {response.status_code}")
    assert_search_page_answers(response, params)


@pytest.mark.smoke
@GENERATED
@given(
    text=st.lists(query_text, max_size=2),
    extra=st.dictionaries(st.sampled_from(["q", "page", "type"]), junk_value),
)
@example(text=["\x00mis"], extra={})
def test_autocomplete_answers_any_text_without_a_server_error(client, content, text, extra):
    params = {**extra, "q": text} if text else extra
    assert_autocomplete_answers(client.get("/search/autocomplete/", params))


# The cases the search issue names ---------------------------------------------------

AWKWARD_QUERIES = [
    "-Data",
    "Data-X.2",
    "\\",
    "bin\\",
    '"missed bin"',
    '"',
    "'",
    "(bin)",
    "[bin]",
    "{bin}",
    "🙂",
    "🚮 bin",
    "ŵ ŷ",
]


@pytest.mark.smoke
def test_awkward_characters_are_searched_as_words(client, indexed_content):
    # One test for the whole list: each test on the engine starts from freshly made indexes, which takes seconds.
    for text in AWKWARD_QUERIES:
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, f"{text!r} answered {response.status_code}"
        assert not response.context["results"].notice, f"the engine failed on {text!r} and the database answered"
        assert_autocomplete_answers(client.get("/search/autocomplete/", {"q": text}))

    welsh = client.get("/search/", {"q": "ŵyn ŷd"})

    assert [item.title for item in welsh.context["items"]] == [WELSH_TITLE]


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("text", "shortened"),
    [
        ("b" * 255, False),
        ("b" * 256, True),
        ("bin " * 64, True),
        (" ".join(f"word{number}" for number in range(25)), False),
        (" ".join(f"word{number}" for number in range(26)), True),
    ],
    ids=["255 characters", "256 characters", "256 characters of words", "25 words", "26 words"],
)
def test_queries_over_the_limits_are_shortened_and_say_so(client, home_page, text, shortened):
    response = client.get("/search/", {"q": text})

    assert response.status_code == 200
    assert ("shortened" in visible_text(response).lower()) is shortened


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"q": "bin", "sort": "alphabetical"}, "sort"),
        ({"q": "bin", "page": "0"}, "page"),
        ({"q": "bin", "page": "abc"}, "page"),
        ({"q": "bin", "page": "2"}, "page"),
        ({"area": AREA_SLUG, "page": "99"}, "page"),
        ({"q": "bin", "per_page": "7"}, "per page"),
        ({"q": "bin", "area": "no-such-area"}, "service area"),
    ],
    ids=[
        "unknown sort",
        "page 0",
        "page abc",
        "page beyond the last",
        "page far beyond",
        "per_page 7",
        "unknown area",
    ],
)
def test_malformed_parameters_get_a_400_that_says_what_is_wrong(client, content, params, mentions):
    response = client.get("/search/", params)

    assert response.status_code == 400
    assert mentions in visible_text(response).lower()


@pytest.mark.smoke
def test_a_rejected_value_is_not_echoed_as_markup(client, home_page):
    response = client.get("/search/", {"q": "bin", "area": "<script>alert(1)</script>"})

    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.smoke
def test_autocomplete_suggests_titles_as_json(client, content):
    empty = client.get("/search/autocomplete/", {"q": ""}).json()
    suggestions = client.get("/search/autocomplete/", {"q": "miss"}).json()

    assert empty == {"query": "", "results": []}
    assert suggestions["query"] == "miss"
    assert [suggestion["title"] for suggestion in suggestions["results"]] == ["Report a missed bin"]
    assert suggestions["results"][0]["type"] == "Pattern"
    assert suggestions["results"][0]["url"].endswith("/report-a-missed-bin/")
