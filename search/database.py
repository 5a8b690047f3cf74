"""Full-text matching on the database backends, in two steps that scale.

Wagtail's database backends rank every match while joining it to its page,
and then count and page through that ranked join. Measured at 10,000 items
(docs/benchmarks.md), that costs most of a second on SQLite and about 200 ms
on PostgreSQL for a word found on most items. Here the words are matched and
ranked on Wagtail's own index table alone, restricted to the candidate pages
by a subquery; only the ids of one results page are taken, and only those
pages are loaded. The match and the rank are built by the backend's own query
compiler, so the text is parsed, stemmed and weighted exactly as Wagtail
indexed it.

These classes use the backends' query compilers and index models, which are
internal to modelsearch (pinned in requirements.txt); the search tests run
every path on both databases.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db.models import CharField, F, FloatField, Func, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from cms.core.collection import collection_page_models


def matcher_for(backend, words):
    """The matcher for a database search backend and the query's words."""
    module = type(backend).__module__
    if module.endswith("postgres.postgres"):
        return PostgresMatcher(backend, words)
    if module.endswith("sqlite.sqlite"):
        return SQLiteMatcher(backend, words)
    return PortableMatcher(backend, words)


def collection_content_type_ids():
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*collection_page_models()).values()]


def page_ids_as_text(pages):
    # The index table keeps object ids as text, for models of any primary key type.
    return pages.annotate(object_id_text=Cast("pk", CharField())).values("object_id_text")


class PostgresMatcher:
    def __init__(self, backend, words):
        compiler = backend.query_compiler_class(Page.objects.none(), " ".join(words), operator="and")
        self.tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))
        self.weights = compiler.sql_weights

    def entries(self):
        # `title || body` is the very expression the GIN index in
        # search/migrations/0005 covers, so the match is an index scan.
        document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        return (
            IndexEntry.objects.filter(content_type_id__in=collection_content_type_ids())
            .annotate(document=document)
            .filter(document=self.tsquery)
        )

    def page_ids(self):
        return self.entries().annotate(page_id=Cast("object_id", IntegerField())).values("page_id")

    def ranked_page_ids(self, pages, offset, limit):
        # The backend's own rank: title (scaled by its length norm) plus body.
        rank = SearchRank(F("title"), self.tsquery, weights=self.weights) * F("title_norm") + SearchRank(
            F("body"), self.tsquery, weights=self.weights
        )
        rows = self.entries().filter(object_id__in=page_ids_as_text(pages)).annotate(rank=rank)
        rows = rows.order_by("-rank", "object_id")
        return [int(object_id) for object_id in rows.values_list("object_id", flat=True)[offset : offset + limit]]


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

    def page_ids(self):
        return self.entries().annotate(page_id=Cast("index_entry__object_id", IntegerField())).values("page_id")

    def ranked_page_ids(self, pages, offset, limit):
        # bm25() is lower for better matches.
        rank = WeightedBM25(self.fts_model._meta.db_table, self.TITLE_WEIGHT, self.BODY_WEIGHT)
        rows = self.entries().filter(index_entry__object_id__in=page_ids_as_text(pages)).annotate(rank=rank)
        rows = rows.order_by("rank", "index_entry__object_id")
        return [int(pk) for pk in rows.values_list("index_entry__object_id", flat=True)[offset : offset + limit]]


def live_items_of_any_locale():
    return Page.objects.live().type(*collection_page_models())


class PortableMatcher:
    """Any other database backend, through Wagtail's public search API (slower, but correct)."""

    def __init__(self, backend, words):
        self.backend, self.text = backend, " ".join(words)

    def page_ids(self):
        results = self.backend.search(self.text, live_items_of_any_locale(), operator="and", order_by_relevance=False)
        return [page.pk for page in results]

    def ranked_page_ids(self, pages, offset, limit):
        results = self.backend.search(self.text, pages, operator="and")
        return [page.pk for page in results[offset : offset + limit]]
