"""Open data: the case studies and their benefits ledgers as CSV, and any search as JSON.

Every export is the search page's query: the same URL parameters, read by
CollectionQuery.from_params, and the same 400 page for bad ones. The CSV files
list every match rather than one page of results, restricted to case studies,
and are streamed: the ids of the matches are read first (a list of numbers),
then the rows are loaded and written a chunk at a time, with a fixed number of
queries per chunk, so a large export never holds every row in memory.

The columns are documented in docs/open-data.md; see docs/decisions/0017-exports.md.
"""

import csv
import dataclasses
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from casestudies.ledger import LedgerTotals
from casestudies.models import BenefitLine, CaseStudyPage, Confidence

from .facets import FACETS_BY_KEY
from .query import MAX_QUERY_LENGTH, CollectionQuery, InvalidQuery, database_backend

#: Rows (case studies, or ledger lines) loaded and written at a time.
CHUNK_SIZE = 500
#: Joins the values of a many-valued cell (councils, service areas, repositories).
#: Not a comma: some councils' official names hold one ("Bristol, City of").
LIST_SEPARATOR = "; "

# Column headers are English in every language: they are names for programs, not text for readers.
CASE_STUDY_COLUMNS = (
    "id",
    "url",
    "language",
    "title",
    "summary",
    "factory",
    "phase",
    "openness",
    "licence",
    "started_on",
    "live_on",
    "ended_on",
    "service_areas",
    "councils",
    "council_gss_codes",
    "code_repositories",
    "funding_source",
    "funding_amount_gbp",
    "ledger_lines",
    "cashable_saving_per_year_gbp",
    "cashable_figures",
    "one_off_cost_gbp",
    "one_off_figures",
    *(
        f"{figure}_{confidence.value.replace('-', '_')}_gbp"
        for figure in ("cashable_saving_per_year", "one_off_cost")
        for confidence in Confidence.strongest_first()
    ),
    "first_published_at",
    "last_published_at",
)

BENEFIT_COLUMNS = (
    "case_study_id",
    "case_study_url",
    "case_study_title",
    "language",
    "line",
    "title",
    "cashable_saving_per_year_gbp",
    "one_off_cost_gbp",
    "non_cashable_benefit",
    "non_cashable_measure",
    "baseline",
    "method",
    "confidence",
    "evidence_url",
    "councils",
    "council_gss_codes",
)


# The query ---------------------------------------------------------------------


def matching_ids(query, only_type=None):
    """Ids of every live item `query` matches (not one page of them), in the query's order.

    Read from the database backend whatever settings choose for the search page:
    an export is not in a hurry, and an engine pages through at most 10,000 hits
    (its result window), where an export must list every match.
    """
    if only_type:
        query = dataclasses.replace(query, filters={**query.filters, "type": (only_type,)})
    matches = query.database_matches(database_backend())
    ids = matches.ids()
    return matches.ranked(ids, 0, len(ids))


def chunks(items, size=CHUNK_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# CSV -----------------------------------------------------------------------------


class _Line:
    """Gives back what csv.writer writes, so each row becomes a string to stream."""

    def write(self, text):
        return text


def csv_response(rows, filename, language):
    """A streamed CSV file of `rows` (an iterator of lists), written a chunk of rows at a time in `language`."""
    writer = csv.writer(_Line())

    def content():
        # The file is written after the view has returned: its language (labels of service
        # areas, the factory) is set here rather than left to whatever the thread has then.
        with translation.override(language):
            lines = []
            for row in rows:
                lines.append(writer.writerow([spreadsheet_safe(value) for value in row]))
                if len(lines) >= CHUNK_SIZE:
                    yield "".join(lines)
                    lines = []
            if lines:
                yield "".join(lines)

    response = StreamingHttpResponse(content(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


#: What a spreadsheet reads as the start of a formula when a cell begins with it (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula, with a ' in front, so it opens as text.

    A council officer opens these files in a spreadsheet, and anyone who can edit a page
    or send the public form chooses some of the text; numbers are left as they are.
    See docs/decisions/0022-hostile-input.md.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value):
    """A value as CSV text: empty for none, dates as YYYY-MM-DD, times in UTC ISO 8601."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def joined(values):
    return LIST_SEPARATOR.join(str(value) for value in values)


def ledger_totals_by_page(page_ids):
    """{case study id: LedgerTotals} for `page_ids`, summed by the database in one query."""
    rows = (
        BenefitLine.objects.filter(page_id__in=page_ids)
        .order_by()
        .values("page_id", "confidence")
        .annotate(
            cashable_sum=Sum("cashable_saving_per_year"),
            one_off_sum=Sum("one_off_cost"),
            cashable_figures=Count("cashable_saving_per_year"),
            one_off_figures=Count("one_off_cost"),
            lines=Count("pk"),
        )
    )
    by_page = {}
    for row in rows:
        by_page.setdefault(row["page_id"], []).append(row)
    return {page_id: LedgerTotals.from_counts(page_rows) for page_id, page_rows in by_page.items()}


def money_or_blank(amount, figures):
    """An amount in whole pounds, or empty when no line gave a figure (a total of none is not £0)."""
    return amount if figures else ""


def by_confidence_cells(ledger):
    """The cashable totals at each confidence, strongest first, then the one-off costs the same way."""
    subtotals = {subtotal.confidence: subtotal for subtotal in ledger.by_confidence}
    cells = []
    for amount, figures in (("cashable_per_year", "cashable_figures"), ("one_off_cost", "one_off_figures")):
        for confidence in Confidence.strongest_first():
            subtotal = subtotals.get(confidence.value)
            cells.append(money_or_blank(getattr(subtotal, amount), getattr(subtotal, figures)) if subtotal else "")
    return cells


def case_study_pages(ids, *, full=True):
    """{id: case study} for `ids`, live and loaded for export rows (fewer relations when not `full`)."""
    pages = (
        CaseStudyPage.objects.live()
        .filter(pk__in=ids)
        .select_related("locale", "licence", "factory")
        .defer(*CaseStudyPage.long_text_fields())
    )
    if full:
        pages = pages.prefetch_related("service_areas", "authorities", "code_repositories")
    return {page.pk: page for page in pages}


def case_study_rows(ids, request):
    yield CASE_STUDY_COLUMNS
    factory_names = FACETS_BY_KEY["factory"].all_labels()
    for chunk in chunks(ids):
        pages = case_study_pages(chunk)
        totals = ledger_totals_by_page(chunk)
        for pk in chunk:
            page = pages.get(pk)
            if page is None:  # unpublished since the ids were read
                continue
            ledger = totals.get(pk, LedgerTotals())
            councils = sorted(page.authorities.all(), key=lambda authority: authority.name)
            factory = page.factory
            yield [
                page.pk,
                page.get_full_url(request),
                page.locale.language_code,
                page.title,
                page.summary,
                factory_names.get(factory.slug, factory.title) if factory else "",
                page.phase,
                page.openness,
                page.licence.spdx_id if page.licence else "",
                cell(page.started_on),
                cell(page.live_on),
                cell(page.ended_on),
                joined(sorted(area.label_in_language for area in page.service_areas.all())),
                joined(authority.name for authority in councils),
                joined(authority.gss_code for authority in councils),
                joined(repository.url for repository in page.code_repositories.all()),
                page.funding_source,
                cell(page.funding_amount),
                ledger.lines,
                money_or_blank(ledger.cashable_per_year, ledger.cashable_figures),
                ledger.cashable_figures,
                money_or_blank(ledger.one_off_cost, ledger.one_off_figures),
                ledger.one_off_figures,
                *by_confidence_cells(ledger),
                cell(page.first_published_at),
                cell(page.last_published_at),
            ]


def benefit_rows(ids, request):
    yield BENEFIT_COLUMNS
    for chunk in chunks(ids):
        pages = case_study_pages(chunk, full=False)
        # Worked out once per case study, not once per line: a page's URL takes a few tenths of a millisecond.
        urls = {pk: page.get_full_url(request) for pk, page in pages.items()}
        position = {pk: number for number, pk in enumerate(chunk)}
        # Only the lines' ids first, in the export's order: each case study's lines in ledger order.
        line_keys = BenefitLine.objects.filter(page_id__in=chunk).values_list("page_id", "sort_order", "pk")
        line_ids = [pk for _page, _order, pk in sorted(line_keys, key=lambda key: ledger_order(key, position))]
        numbers = {}
        for line_chunk in chunks(line_ids):
            # Plain values, not model instances: a ledger line is a ClusterableModel, whose
            # instances and their many-to-many managers cost ten times more to make than the row.
            lines = BenefitLine.objects.filter(pk__in=line_chunk).values_list("pk", *LINE_FIELDS)
            lines = {line[0]: line for line in lines}
            councils = councils_of_lines(line_chunk)
            for pk in line_chunk:
                line = lines.get(pk)
                page = pages.get(line[1]) if line else None
                if page is None:
                    continue
                numbers[page.pk] = number = numbers.get(page.pk, 0) + 1
                _pk, _page_id, title, cashable, one_off, *words, confidence, evidence_url = line
                named = councils.get(pk, NO_COUNCILS)
                yield [
                    page.pk,
                    urls[page.pk],
                    page.title,
                    page.locale.language_code,
                    number,
                    title,
                    cell(cashable),
                    cell(one_off),
                    *words,
                    confidence,
                    evidence_url,
                    *named,
                ]


def ledger_order(key, position):
    """Sort key of a (case study id, sort order, line id): the case study's place, then the ledger's order."""
    page_id, sort_order, pk = key
    return position[page_id], sort_order is None, sort_order or 0, pk


#: What benefits.csv reads of a line, in this order: the words between the money and the confidence
#: are written as they are (non_cashable_benefit, non_cashable_measure, baseline, method).
LINE_FIELDS = (
    "page_id",
    "title",
    "cashable_saving_per_year",
    "one_off_cost",
    "non_cashable_benefit",
    "non_cashable_measure",
    "baseline",
    "method",
    "confidence",
    "evidence_url",
)
#: The council cells of a line that names none: it applies to the whole partnership.
NO_COUNCILS = ("", "")


def councils_of_lines(line_ids):
    """{ledger line id: (council names, their GSS codes) as two cells, in name order} for `line_ids`, in one query."""
    rows = (
        BenefitLine.authorities.through.objects.filter(benefitline_id__in=line_ids)
        .order_by("authority__name")
        .values_list("benefitline_id", "authority__name", "authority__gss_code")
    )
    named = {}
    for line_id, name, code in rows:
        named.setdefault(line_id, []).append((name, code))
    return {
        line_id: (joined(name for name, _code in councils), joined(code for _name, code in councils))
        for line_id, councils in named.items()
    }


def invalid_query(request, problem):
    """The search page's 400 page, for an export asked for with parameters it cannot answer."""
    return render(
        request,
        "search/invalid_query.html",
        {"problem": str(problem), "search_query": request.GET.get("q", "")[:MAX_QUERY_LENGTH]},
        status=400,
    )


def case_studies_csv(request):
    """/export/casestudies.csv: one row per case study the search's parameters match, with its ledger totals."""
    return case_study_export(request, case_study_rows, "casestudies.csv")


def benefits_csv(request):
    """/export/benefits.csv: one row per ledger line of the case studies the search's parameters match."""
    return case_study_export(request, benefit_rows, "benefits.csv")


def case_study_export(request, rows, filename):
    """A CSV file of `rows(ids, request)` for the case studies the search's parameters match."""
    try:
        query = CollectionQuery.from_params(request.GET)
    except InvalidQuery as problem:
        return invalid_query(request, problem)
    ids = matching_ids(query, only_type=CaseStudyPage.collection_type_key)
    return csv_response(rows(ids, request), filename, query.locale.language_code)


def export_url(name, query=None, **params):
    """The address of export `name` ("casestudies" or "benefits") for a query's words and filters, or `params`."""
    if query is not None:
        params = {"q": query.text, **{key: list(values) for key, values in query.filters.items()}}
        if query.sort != "relevance":
            params["sort"] = query.sort
    params = {key: value for key, value in params.items() if value not in (None, "", [], ())}
    url = reverse(f"exports:{name}")
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


# JSON of a search ------------------------------------------------------------------


def wants_json(request):
    return request.GET.get("format") == "json"


def invalid_query_json(problem):
    return JsonResponse({"error": str(problem)}, status=400, json_dumps_params={"ensure_ascii": False})


def search_json(request, results):
    """One page of search results as JSON: what the search page shows, in the same order."""
    query = results.query

    def page_url(number):
        return request.build_absolute_uri(f"{request.path}?{query.querystring(page=number, format='json')}")

    return JsonResponse(
        results_data(request, results, page_url), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def results_data(request, results, page_url):
    """One page of CollectionResults as plain data, for `?format=json` and the API's items endpoint.

    `page_url(number)` gives the full address of another page of the same results.
    """
    query = results.query
    return {
        "query": query.text,
        "language": query.locale.language_code,
        "sort": query.sort,
        "total": results.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": results.page_count,
        "next": page_url(query.page + 1) if results.has_next else None,
        "previous": page_url(query.page - 1) if results.has_previous else None,
        "notice": results.notice or None,
        "facets": [
            {
                "key": facet.key,
                "label": str(facet.label),
                "options": [
                    {"value": option.value, "label": option.label, "count": option.count, "selected": option.selected}
                    for option in facet.options
                ],
            }
            for facet in results.facets
        ],
        "items": [
            {
                "id": item.pk,
                "title": item.title,
                "url": item.get_full_url(request),
                "type": item.collection_type_key,
                "type_label": str(item.collection_type_label),
                "summary": item.summary,
            }
            for item in results.items
        ],
    }
