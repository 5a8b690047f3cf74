"""Answering a collection query on OpenSearch or Elasticsearch, in one round trip.

Wagtail compiles the words, boosts and page filters into the engine's query
(its usual `search()`), and the facet filters are added to it as terms on
the field each facet has in the index (search/backends). One multi-search
then asks for the page of hits with the total and the counts of each facet's
most common values, plus one count per chosen facet (a chosen facet counts
what choosing more of its values would add, so it is counted without its own
filter, and its chosen values are counted whatever their number).
Listings without words are the same request over every item.
"""

from dataclasses import dataclass

from django.core.cache import cache
from elastic_transport import TransportError
from elasticsearch import ApiError
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.query import MATCH_ALL
from opensearchpy.exceptions import OpenSearchException
from wagtail.models import Page

from cms.core.queries import live_items

from .backends import facet_field
from .facets import FACETS


class EngineQueryError(Exception):
    """The engine answered a query with an error."""


#: What an engine that is down, slow or failing raises (both clients are in requirements.txt).
ENGINE_ERRORS = (EngineQueryError, ConnectionError, TimeoutError, OpenSearchException, ApiError, TransportError)


def is_engine(backend):
    return isinstance(backend, ElasticsearchBaseSearchBackend)


#: After an engine fails, searches go straight to the database and index updates
#: straight to the retry list for this long, rather than each waiting for its timeout.
ENGINE_RETRY_AFTER_SECONDS = 30
ENGINE_DOWN_CACHE_KEY = "search:engine-down:{}"


def failed_recently(backend_name):
    """Whether the engine called `backend_name` in settings failed in the last ENGINE_RETRY_AFTER_SECONDS."""
    return bool(cache.get(ENGINE_DOWN_CACHE_KEY.format(backend_name)))


def mark_failed(backend_name):
    cache.set(ENGINE_DOWN_CACHE_KEY.format(backend_name), True, ENGINE_RETRY_AFTER_SECONDS)


def forget_failure(backend_name):
    """The engine answered again: searches and index updates go back to it at once."""
    cache.delete(ENGINE_DOWN_CACHE_KEY.format(backend_name))


@dataclass
class EngineAnswer:
    ids: list
    total: int
    #: {facet: {value: number of items}}
    counts: dict


def search(backend, query):
    """Run `query` (a CollectionQuery, with or without words) on the engine `backend`."""
    from .query import MAX_FACET_OPTIONS, SORT_FIELD

    pages = live_items(query.locale)
    by_relevance = query.sort == "relevance" and bool(query.words)
    if not by_relevance:
        # Newest (or most recently updated) first, as on the database; the engine sorts items without a date last.
        pages = pages.order_by(f"-{SORT_FIELD[query.sort]}", "-id")
    words = " ".join(query.words) if query.words else MATCH_ALL
    results = backend.search(words, pages, operator="and", order_by_relevance=by_relevance)
    body = results._get_es_body()  # Wagtail's compiled query and sort for these words and pages

    def narrowed(leave_out=None):
        filters = [
            {"terms": {facet_field(facet): list(values)}}
            for facet, values in query.filters.items()
            if facet != leave_out
        ]
        return {"bool": {"must": [body["query"]], "filter": filters}} if filters else body["query"]

    def facet_counts(facet):
        # The values facet_choices() can offer: the most common ones besides those chosen, and those chosen.
        chosen = query.filters.get(facet, ())
        field = facet_field(facet)
        aggs = {facet: {"terms": {"field": field, "size": MAX_FACET_OPTIONS + len(chosen)}}}
        if chosen:
            aggs[f"{facet}:chosen"] = {"terms": {"field": field, "include": list(chosen), "size": len(chosen)}}
        return aggs

    index = {"index": backend.get_index_for_model(Page).name}
    hits_request = {
        "query": narrowed(),
        "from": query.offset,
        "size": query.per_page,
        "_source": False,
        results.fields_param_name: ["pk"],
        "track_total_hits": True,
        # A chosen facet is counted in a search of its own, below.
        "aggs": {
            name: terms
            for facet in FACETS
            if facet.key not in query.filters
            for name, terms in facet_counts(facet.key).items()
        },
    }
    if "sort" in body:
        hits_request["sort"] = body["sort"]
    searches = [index, hits_request]
    chosen = list(query.filters)
    for facet in chosen:
        searches += [
            index,
            {"query": narrowed(leave_out=facet), "size": 0, "aggs": facet_counts(facet)},
        ]

    if backend.use_new_elasticsearch_api:
        responses = backend.es.msearch(searches=searches)["responses"]
    else:
        responses = backend.es.msearch(body=searches)["responses"]
    for response in responses:
        if "error" in response:
            raise EngineQueryError(str(response["error"])[:500])

    answer = responses[0]
    counts = _counts(answer)
    for response in responses[1:]:
        counts.update(_counts(response))
    return EngineAnswer(
        ids=[int(hit["fields"]["pk"][0]) for hit in answer["hits"]["hits"]],
        total=answer["hits"]["total"]["value"],
        counts=counts,
    )


def _counts(response):
    """{facet: {value: number of items}} from the aggregations of facet_counts()."""
    counts = {}
    for name, aggregation in response["aggregations"].items():
        facet = name.partition(":")[0]
        counts.setdefault(facet, {}).update((bucket["key"], bucket["doc_count"]) for bucket in aggregation["buckets"])
    return counts
