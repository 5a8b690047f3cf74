"""casestudies.csv and benefits.csv: the search's query, every match, streamed, adding up as the site does."""

import csv
import io
import time
import tracemalloc
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.ledger import LedgerTotals
from casestudies.models import BenefitLine, CaseStudyPage, Confidence
from cms.core.management.commands.setup_site import ensure_welsh_locale
from cms.taxonomy.factories import AuthorityFactory, ServiceAreaFactory
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from search.exports import BENEFIT_COLUMNS, CASE_STUDY_COLUMNS

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

OPEN_DATA_DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


def line(confidence, cashable=None, one_off=None, **fields):
    return {"confidence": confidence, "cashable_saving_per_year": cashable, "one_off_cost": one_off, **fields}


def download(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def collection(case_study_index, home_page):
    """Published case studies with known ledgers, beside a draft, a private one and a pattern."""
    councils = [AuthorityFactory(name=name, gss_code=code) for name, code in COUNCILS]
    parking = ServiceAreaFactory(label="Parking permits", slug="parking-permits")
    make = CaseStudyPageFactory
    permits = make(
        parent=case_study_index,
        title="Permits",
        phase="live",
        partners=councils[0:2],
        service_areas=[parking],
        repositories=1,
        benefits=[
            line("audited", 10_000, 5_000, authorities=[councils[2]]),
            line("self-reported", 2_500),
            line("audited", one_off=1_200),
        ],
    )
    bulky = make(
        parent=case_study_index,
        title="Bulky waste",
        phase="beta",
        live_on=None,
        openness="proprietary",
        openness_reason="The booking system is a supplier's product.",
        partners=councils[1:3],
        benefits=[line("peer-reviewed", 1_000), line("audited", one_off=20_000)],
    )
    quiet = make(parent=case_study_index, title="No figures yet", partners=[councils[0]])
    make(parent=case_study_index, title="Draft", live=False, benefits=[line("audited", 900_000)])
    private = make(parent=case_study_index, title="Private", benefits=[line("audited", 700_000)])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Permits pattern")
    return {"permits": permits, "bulky": bulky, "quiet": quiet, "councils": councils, "index": case_study_index}


COUNCILS = [("Leeds City Council", "E08000035"), ("Bristol, City of", "E06000023"), ("Cardiff Council", "W06000015")]


def test_the_case_studies_csv_has_the_documented_header_and_one_row_per_live_public_case_study(client, collection):
    rows = download(client, "/export/casestudies.csv")

    assert tuple(rows[0]) == CASE_STUDY_COLUMNS
    documented = OPEN_DATA_DOC.read_text()
    for column in (*CASE_STUDY_COLUMNS, *BENEFIT_COLUMNS):
        assert f"`{column}`" in documented, column
    titles = {row["title"] for row in as_dicts(rows)}
    # Drafts, private case studies and other item types are left out.
    assert titles == {"Permits", "Bulky waste", "No figures yet"}


def test_each_case_studys_totals_match_its_page_and_the_index_totals(client, collection):
    rows = {row["title"]: row for row in as_dicts(download(client, "/export/casestudies.csv"))}

    for page in (collection["permits"], collection["bulky"], collection["quiet"]):
        row = rows[page.title]
        shown = client.get(page.url).context["ledger"]
        assert row["ledger_lines"] == str(shown.lines)
        assert row["cashable_figures"] == str(shown.cashable_figures)
        assert row["one_off_figures"] == str(shown.one_off_figures)
        assert row["cashable_saving_per_year_gbp"] == (str(shown.cashable_per_year) if shown.cashable_figures else "")
        assert row["one_off_cost_gbp"] == (str(shown.one_off_cost) if shown.one_off_figures else "")

    permits = rows["Permits"]
    assert (permits["cashable_saving_per_year_gbp"], permits["one_off_cost_gbp"]) == ("12500", "6200")
    assert permits["cashable_saving_per_year_audited_gbp"] == "10000"
    assert permits["cashable_saving_per_year_self_reported_gbp"] == "2500"
    # No line at that confidence: empty, not a misleading 0.
    assert permits["cashable_saving_per_year_peer_reviewed_gbp"] == ""
    assert permits["one_off_cost_audited_gbp"] == "6200"
    assert rows["No figures yet"]["cashable_saving_per_year_gbp"] == ""

    index_totals = client.get(collection["index"].url).context["totals"]["ledger"]
    cashable = sum(int(row["cashable_saving_per_year_gbp"] or 0) for row in rows.values())
    assert cashable == index_totals.cashable_per_year
    assert sum(int(row["one_off_cost_gbp"] or 0) for row in rows.values()) == index_totals.one_off_cost == 26_200
    for confidence in Confidence.strongest_first():
        column = f"cashable_saving_per_year_{confidence.value.replace('-', '_')}_gbp"
        expected = next((s.cashable_per_year for s in index_totals.by_confidence if s.confidence == confidence), 0)
        assert sum(int(row[column] or 0) for row in rows.values()) == expected


def test_a_case_study_row_says_what_the_site_says(client, collection):
    [row] = [row for row in as_dicts(download(client, "/export/casestudies.csv")) if row["title"] == "Permits"]
    permits = collection["permits"]

    assert row["id"] == str(permits.pk)
    assert row["url"] == permits.full_url
    assert row["language"] == "en"
    assert (row["phase"], row["openness"], row["live_on"]) == ("live", "open-source", "2026-01-15")
    assert row["service_areas"] == "Parking permits"
    # Partners and the councils named in the ledger, by name; "; " keeps "Bristol, City of" whole.
    assert row["councils"] == "Bristol, City of; Cardiff Council; Leeds City Council"
    assert row["council_gss_codes"] == "E06000023; W06000015; E08000035"
    assert row["code_repositories"] == permits.code_repositories.get().url


def test_the_benefits_csv_has_one_row_per_ledger_line_in_ledger_order(client, collection):
    rows = download(client, "/export/benefits.csv")

    assert tuple(rows[0]) == BENEFIT_COLUMNS
    lines = as_dicts(rows)
    assert len(lines) == 5
    permits = [row for row in lines if row["case_study_title"] == "Permits"]
    assert [row["line"] for row in permits] == ["1", "2", "3"]
    expected = [line.title for line in collection["permits"].benefits.order_by("sort_order")]
    assert [row["title"] for row in permits] == expected
    first = permits[0]
    assert (first["cashable_saving_per_year_gbp"], first["one_off_cost_gbp"], first["confidence"]) == (
        "10000",
        "5000",
        "audited",
    )
    assert first["councils"] == "Cardiff Council"
    # No amount is an empty cell; no councils means the whole partnership.
    assert (permits[1]["one_off_cost_gbp"], permits[1]["councils"]) == ("", "")
    # The lines add up to the case studies' totals.
    pages = [collection["permits"], collection["bulky"]]
    totals = LedgerTotals.from_queryset(BenefitLine.objects.filter(page__in=pages))
    assert sum(int(row["cashable_saving_per_year_gbp"] or 0) for row in lines) == totals.cashable_per_year


def test_exports_take_the_search_parameters_and_only_ever_list_case_studies(client, collection):
    def titles(path, **params):
        return [row["title"] for row in as_dicts(download(client, path, **params))]

    assert titles("/export/casestudies.csv", phase="beta") == ["Bulky waste"]
    assert titles("/export/casestudies.csv", area="parking-permits") == ["Permits"]
    assert titles("/export/casestudies.csv", authority="W06000015", sort="newest") == ["Bulky waste", "Permits"]
    # Asking for patterns still gives case studies only.
    assert "Permits pattern" not in titles("/export/casestudies.csv", type="pattern")
    benefits = as_dicts(download(client, "/export/benefits.csv", phase="beta"))
    assert {row["case_study_title"] for row in benefits} == {"Bulky waste"}


def test_bad_parameters_get_the_search_pages_400(client, collection):
    for params in ({"phase": "finished"}, {"sort": "cheapest"}, {"area": "nowhere"}):
        for path in ("/export/casestudies.csv", "/export/benefits.csv"):
            response = client.get(path, params)
            assert response.status_code == 400, (path, params)
            assert "search/invalid_query.html" in [template.name for template in response.templates]


def test_words_narrow_the_export_as_they_narrow_the_search(client, collection):
    rows = as_dicts(download(client, "/export/casestudies.csv", q="bulky"))
    assert [row["title"] for row in rows] == ["Bulky waste"]


def test_welsh_exports_list_the_welsh_case_studies(client, collection):
    ensure_welsh_locale()
    rows = as_dicts(download(client, "/cy/export/casestudies.csv"))

    assert {row["language"] for row in rows} == {"cy"}
    assert all(row["url"].startswith("http://localhost/cy/") for row in rows)
    # The Welsh versions carry the same ledger figures.
    welsh = {row["title"]: row for row in rows}
    assert welsh["Permits"]["cashable_saving_per_year_gbp"] == "12500"
    assert {row["language"] for row in as_dicts(download(client, "/cy/export/benefits.csv"))} == {"cy"}


def test_the_index_and_the_search_page_link_to_the_exports_with_their_filters(client, collection):
    page = BeautifulSoup(client.get(collection["index"].url, {"phase": "beta"}).content, "html.parser")
    links = {link.get_text(strip=True): link["href"] for link in page.select(".fc-downloads a")}
    assert links == {
        "Case studies with their benefits totals (CSV)": "/export/casestudies.csv?phase=beta",
        "Every line of their benefits ledgers (CSV)": "/export/benefits.csv?phase=beta",
    }

    results = BeautifulSoup(client.get("/search/", {"q": "waste", "type": "case-study"}).content, "html.parser")
    hrefs = [link["href"] for link in results.select(".fc-downloads a")]
    assert hrefs == ["/export/casestudies.csv?q=waste&type=case-study", "/export/benefits.csv?q=waste&type=case-study"]
    patterns_only = BeautifulSoup(client.get("/search/", {"type": "pattern"}).content, "html.parser")
    assert patterns_only.select(".fc-downloads") == []


def test_exports_read_a_fixed_number_of_queries_whatever_the_number_of_case_studies(client, collection):
    def queries(path):
        cache.clear()  # saving a factory clears the cached facet labels; count their reads every time
        with CaptureQueriesContext(connection) as captured:
            download(client, path)
        return len(captured)

    before = {path: queries(path) for path in ("/export/casestudies.csv", "/export/benefits.csv")}
    for _number in range(6):
        CaseStudyPageFactory(parent=collection["index"], partners=2, repositories=1, benefits=2)
    after = {path: queries(path) for path in before}
    assert after == before


def test_a_20000_line_ledger_export_streams_in_little_memory(client, case_study_index):
    """20,000 ledger lines over four case studies, read chunk by chunk while tracemalloc watches."""
    pages = [CaseStudyPageFactory(parent=case_study_index, title=f"Large ledger {n}") for n in range(4)]
    council = AuthorityFactory()
    BenefitLine.objects.bulk_create(
        BenefitLine(
            page=pages[number % 4],
            locale_id=pages[0].locale_id,
            sort_order=number,
            title=f"Saving {number}",
            cashable_saving_per_year=number,
            baseline="Paper forms handled by hand.",
            method="Forms a year times the cost of handling one.",
            confidence=Confidence.SELF_REPORTED,
        )
        for number in range(20_000)
    )
    # Some lines name a council, so the export reads the many-to-many rows too.
    BenefitLine.authorities.through.objects.bulk_create(
        BenefitLine.authorities.through(benefitline_id=pk, authority_id=council.pk)
        for pk in BenefitLine.objects.values_list("pk", flat=True)[:2000]
    )
    assert CaseStudyPage.objects.count() == 4
    # A first export, untraced, loads the code and fills the caches it needs, so what
    # is measured next is the export itself (and tracing slows the first one most).
    assert len(download(client, "/export/benefits.csv")) == 20_001

    started = time.monotonic()
    tracemalloc.start()
    try:
        response = client.get("/export/benefits.csv")
        assert response.status_code == 200
        rows, total = 0, 0
        for chunk in response.streaming_content:
            for row in csv.reader(io.StringIO(chunk.decode("utf-8"))):
                rows += 1
                total += int(row[6]) if rows > 1 else 0
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert rows == 20_001
    assert total == sum(range(20_000))
    assert peak < 200 * 1024 * 1024, f"peak {peak / 1024 / 1024:.0f} MB"
    assert time.monotonic() - started < 60
