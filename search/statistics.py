"""Search statistics for editors: what readers search for, and what finds nothing.

One row per day and normalised search text, with two counters. Nothing is
kept about who searched (see docs/decisions/0007-search-statistics.md).
"""

import contextlib
import datetime
import logging
import re
from dataclasses import dataclass

from django.db import DatabaseError, connections, router, transaction
from django.db.models import Sum
from django.utils import timezone

from .models import SearchTermDay
from .query import CONTROL_CHARACTERS

logger = logging.getLogger(__name__)

REPORT_DAYS = 30
REPORT_LENGTH = 50
MAX_QUERY_LENGTH = SearchTermDay._meta.get_field("query").max_length

# Searches longer than this are cut before they are normalised, which keeps the work per search small.
MAX_TEXT_EXAMINED = 4 * MAX_QUERY_LENGTH
# Readers sometimes type their own details into a search box. A word with an "@"
# inside it (an email address) or a phone-like number (7 digits or more, spaces or
# hyphens allowed between them) is replaced before anything is stored.
EMAIL_ADDRESS_PLACEHOLDER = "[email address]"
LONG_NUMBER = re.compile(r"\+?\d(?:[ \-]?\d){6,}")


@dataclass(frozen=True)
class TermCount:
    query: str
    count: int


@dataclass(frozen=True)
class SearchTermsReport:
    start: datetime.date
    end: datetime.date
    popular: list[TermCount]
    without_results: list[TermCount]


def normalise_search_text(text):
    """The form a search is counted under: lower case, single spaces, at most 255 characters."""
    text = CONTROL_CHARACTERS.sub(" ", (text or "")[:MAX_TEXT_EXAMINED])
    words = [EMAIL_ADDRESS_PLACEHOLDER if "@" in word.strip("@") else word for word in text.lower().split()]
    text = LONG_NUMBER.sub("[number]", " ".join(words))
    return text[:MAX_QUERY_LENGTH].rstrip()


def record_search(text, result_count):
    """Count one search for `text` today, and whether it found nothing. Empty searches are not counted.

    Counting must never fail a reader's search, so a database error is logged, not raised.
    """
    query = normalise_search_text(text)
    if not query:
        return
    without_results = 1 if result_count == 0 else 0
    try:
        _count(timezone.localdate(), query, without_results)
    except DatabaseError:
        logger.warning("Could not count a search in the search statistics", exc_info=True)


def _count(date, query, without_results):
    """Add one search to the day's row for `query`, making the row if there is none.

    One INSERT ... ON CONFLICT (PostgreSQL and SQLite both have it) rather than the
    ORM's update, then create, then update again if another request made the row
    first: one statement, with no race and no transaction to open (about 1.5 ms
    of each search). Django's upsert (bulk_create's update_conflicts) can only set
    values, not add to them.
    """
    db = router.db_for_write(SearchTermDay)
    connection = connections[db]
    name = connection.ops.quote_name
    table, searches, without = name(SearchTermDay._meta.db_table), name("searches"), name("searches_without_results")
    sql = (
        f"INSERT INTO {table} ({name('date')}, {name('query')}, {searches}, {without}) VALUES (%s, %s, 1, %s)"  # noqa: S608 - quoted names only
        f" ON CONFLICT ({name('date')}, {name('query')}) DO UPDATE SET {searches} = {table}.{searches} + 1,"
        f" {without} = {table}.{without} + excluded.{without}"
    )
    # Inside a caller's transaction, a savepoint, so that a failure here leaves it usable;
    # otherwise the statement is a transaction of its own.
    in_transaction = transaction.atomic(using=db) if connection.in_atomic_block else contextlib.nullcontext()
    with in_transaction, connection.cursor() as cursor:
        cursor.execute(sql, [date, query, without_results])


def report_start(days, today=None):
    """The first day of the last `days` days, today included."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=days - 1)


def search_terms_report(days=REPORT_DAYS, limit=REPORT_LENGTH):
    """The most searched texts, and the texts searched that found nothing, over the last `days` days."""
    today = timezone.localdate()
    start = report_start(days, today)
    rows = SearchTermDay.objects.filter(date__gte=start, date__lte=today).values("query")
    popular = rows.annotate(count=Sum("searches")).order_by("-count", "query")[:limit]
    without_results = (
        rows.annotate(count=Sum("searches_without_results")).filter(count__gt=0).order_by("-count", "query")[:limit]
    )
    return SearchTermsReport(
        start=start,
        end=today,
        popular=[TermCount(row["query"], row["count"]) for row in popular],
        without_results=[TermCount(row["query"], row["count"]) for row in without_results],
    )


def prune_search_statistics(keep_days):
    """Delete the counts of days before the last `keep_days` days; return how many rows went."""
    deleted, _ = SearchTermDay.objects.filter(date__lt=report_start(keep_days)).delete()
    return deleted
