"""Full-text matching on the database backends, on Wagtail's own index table.

Wagtail's database backends rank every match while joining it to its page,
and then count and page through that ranked join (issue 5 measured 13.5 s on
SQLite at 5,000 pages, about 200 ms on PostgreSQL at 10,000). Here the words
are matched on the index table alone, once, giving the ids of the matching
items; CollectionQuery intersects them with the candidate pages, and only
the ids of one results page are ranked and loaded. The match and the rank are
built by the backend's own query compiler, so the text is parsed, stemmed and
weighted exactly as Wagtail indexed it.

These classes use the backends' query compilers and index models, which are
internal to modelsearch (pinned in requirements.txt); the search tests run
every path on both databases.
"""

from itertools import islice

from django.db import connections, router, transaction
from django.db.models import FloatField, Func
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from cms.core.collection import collection_content_type_ids, collection_page_models
from cms.core.queries import column_as_array


def matcher_for(backend, words, ranked=True):
    """The matcher for a database search backend and the query's words (`ranked`: results will be ranked)."""
    module = type(backend).__module__
    if module.endswith("postgres.postgres"):
        return PostgresMatcher(backend, words, ranked)
    if module.endswith("sqlite.sqlite"):
        return SQLiteMatcher(backend, words)
    return PortableMatcher(backend, words)


class PostgresMatcher:
    """Matches, and ranks when asked, in one query: every match's id, best first, read through the GIN index.

    Ranking in a second query over the list of matching ids cost 280 ms for a word
    on 9,000 items at 10,000 (planning the list alone took 35 ms); ranking the rows
    as they are matched costs about 30 ms. PostgreSQL sorts them by rank too, so
    only their ids come back: reading 9,000 ranks into Python and sorting them
    there took another 13 ms.
    """

    def __init__(self, backend, words, ranked=True):
        compiler = backend.query_compiler_class(Page.objects.none(), " ".join(words), operator="and")
        self.tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))
        self.weights = compiler.sql_weights
        #: Rank while matching (for results by relevance); matching alone is several times faster.
        self.ranked = ranked
        #: Every match's id, best first (equal ranks: the lower id first), once matched with ranks.
        self.best_first = None

    def matching_page_ids(self):
        db = router.db_for_read(IndexEntry)
        connection = connections[db]
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # The backend's own query, parsed once. Written into the match, to_tsquery()
            # runs again for every row matched and ranked (PostgreSQL cannot fold it: it
            # depends on the text search setting): 88 ms instead of 32 for 9,000 matches.
            query = IndexEntry.objects.none().query
            tsquery_sql, tsquery_params = self.tsquery.resolve_expression(query).as_sql(
                query.get_compiler(db), connection
            )
            cursor.execute(f"SELECT ({tsquery_sql})::text", tsquery_params)
            parsed = cursor.fetchone()[0]
            # For a word on most items the planner prefers reading the whole table,
            # which joins `title || body` afresh on every row: 110 ms where the
            # index takes 10 ms. The setting lasts until this transaction ends.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # `title || body` is the very expression the GIN index in
            # search/migrations/0005 covers, so the match is an index scan.
            # The rank is the backend's own: title (scaled by its length norm) plus body.
            table = connection.ops.quote_name(IndexEntry._meta.db_table)
            sql = (
                f"SELECT object_id::integer FROM {table}"  # noqa: S608 - fixed SQL and a quoted name only
                " WHERE content_type_id = ANY(%(types)s) AND (title || body) @@ %(query)s::tsquery"
            )
            if self.ranked:
                sql += (
                    " ORDER BY ts_rank(%(weights)s::float4[], title, %(query)s::tsquery) * title_norm"
                    " + ts_rank(%(weights)s::float4[], body, %(query)s::tsquery) DESC, 1"
                )
            params = {"weights": self.weights, "query": parsed, "types": collection_content_type_ids()}
            ids = column_as_array(cursor, sql, params)
        if self.ranked:
            self.best_first = ids
        return ids

    def ranked_page_ids(self, page_ids, offset, limit):
        """The ids in `page_ids` best first from `offset`; equal ranks keep their order."""
        if self.best_first is None:
            self.ranked = True
            self.matching_page_ids()
        wanted = page_ids if isinstance(page_ids, set | frozenset) else set(page_ids)
        return list(islice(filter(wanted.__contains__, self.best_first), offset, offset + limit))


class WeightedBM25(Func):
    """SQLite FTS5's bm25() with a weight per column: a title match counts three times a body match."""

    output_field = FloatField()

    def __init__(self, table, title_weight, body_weight):
        super().__init__()
        self.table, self.title_weight, self.body_weight = table, title_weight, body_weight

    def as_sql(self, compiler, connection, **extra):
        return f"bm25({self.table}, %s, %s)", [self.title_weight, self.body_weight]


class SQLiteMatcher:
    TITLE_WEIGHT = 3.0
    BODY_WEIGHT = 1.0

    def __init__(self, backend, words):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from wagtail.search.models import SQLiteFTSIndexEntry

        compiler = backend.query_compiler_class(Page.objects.none(), " ".join(words), operator="and")
        search_query = compiler.build_search_query(normalize(compiler.query), config=compiler.get_config(backend))
        self.fts_model = SQLiteFTSIndexEntry
        self.match = MatchExpression(compiler.FTS_TABLE_FIELDS, search_query)

    def entries(self):
        return self.fts_model.objects.filter(self.match).filter(
            index_entry__content_type_id__in=collection_content_type_ids()
        )

    def matching_page_ids(self):
        return [int(object_id) for object_id in self.entries().values_list("index_entry__object_id", flat=True)]

    def ranked_page_ids(self, page_ids, offset, limit):
        # bm25() is lower for better matches.
        rank = WeightedBM25(self.fts_model._meta.db_table, self.TITLE_WEIGHT, self.BODY_WEIGHT)
        rows = self.entries().filter(index_entry__object_id__in=[str(pk) for pk in page_ids]).annotate(rank=rank)
        rows = rows.order_by("rank", "index_entry__object_id")
        return [int(pk) for pk in rows.values_list("index_entry__object_id", flat=True)[offset : offset + limit]]


def live_items_of_any_locale():
    return Page.objects.live().type(*collection_page_models())


class PortableMatcher:
    """Any other database backend, through Wagtail's public search API (slower, but correct)."""

    def __init__(self, backend, words):
        self.backend, self.text = backend, " ".join(words)

    def matching_page_ids(self):
        results = self.backend.search(self.text, live_items_of_any_locale(), operator="and", order_by_relevance=False)
        return [page.pk for page in results]

    def ranked_page_ids(self, page_ids, offset, limit):
        results = self.backend.search(self.text, Page.objects.filter(pk__in=page_ids), operator="and")
        return [page.pk for page in results[offset : offset + limit]]
