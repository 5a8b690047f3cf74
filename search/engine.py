"""Answering a collection query on OpenSearch or Elasticsearch, in one round trip.

Wagtail compiles the words, boosts and page filters into the engine's query
(its usual `search()`), and the facet filters are added to it as terms on
the `facet_keys` field every collection item indexes. One multi-search then
asks for the page of hits with the total and the facet counts, plus one
count per chosen facet (a chosen facet counts what choosing more of its
values would add, so it is counted without its own filter).
Listings without words are the same request over every item.
"""

import re
from dataclasses import dataclass

from django.core.cache import cache
from elastic_transport import TransportError
from elasticsearch import ApiError
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.query import MATCH_ALL
from opensearchpy.exceptions import OpenSearchException
from wagtail.models import Page

from cms.core.collection import collection_page_models
from cms.core.queries import live_items


class EngineQueryError(Exception):
    """The engine answered a query with an error."""


#: What an engine that is down, slow or failing raises (both clients are in requirements.txt).
ENGINE_ERRORS = (EngineQueryError, ConnectionError, TimeoutError, OpenSearchException, ApiError, TransportError)
FACET_KEYS_FIELD_NAME = "facet_keys"
MAX_FACET_VALUES = 5000


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


def facet_keys_column(backend):
    """The engine's name for the facet_keys field (the same on every collection item type)."""
    model = collection_page_models()[0]
    field = next(field for field in model.get_filterable_search_fields() if field.field_name == FACET_KEYS_FIELD_NAME)
    return backend.mapping_class(model).get_field_column_name(field)


def search(backend, query):
    """Run `query` (a CollectionQuery, with or without words) on the engine `backend`."""
    from .query import SORT_FIELD

    pages = live_items(query.locale)
    by_relevance = query.sort == "relevance" and bool(query.words)
    if not by_relevance:
        # Newest (or most recently updated) first, as on the database; the engine sorts items without a date last.
        pages = pages.order_by(f"-{SORT_FIELD[query.sort]}", "-id")
    words = " ".join(query.words) if query.words else MATCH_ALL
    results = backend.search(words, pages, operator="and", order_by_relevance=by_relevance)
    body = results._get_es_body()  # Wagtail's compiled query and sort for these words and pages
    column = facet_keys_column(backend)

    def narrowed(leave_out=None):
        filters = [
            {"terms": {column: [f"{facet}:{value}" for value in values]}}
            for facet, values in query.filters.items()
            if facet != leave_out
        ]
        return {"bool": {"must": [body["query"]], "filter": filters}} if filters else body["query"]

    def facet_counts(include=None):
        # One aggregation over every facet's values costs the engine less than one per facet.
        terms = {"field": column, "size": MAX_FACET_VALUES}
        if include:
            terms["include"] = include
        return {"facets": {"terms": terms}}

    index = {"index": backend.get_index_for_model(Page).name}
    hits_request = {
        "query": narrowed(),
        "from": query.offset,
        "size": query.per_page,
        "_source": False,
        results.fields_param_name: ["pk"],
        "track_total_hits": True,
        "aggs": facet_counts(),
    }
    if "sort" in body:
        hits_request["sort"] = body["sort"]
    searches = [index, hits_request]
    chosen = list(query.filters)
    for facet in chosen:
        searches += [
            index,
            {"query": narrowed(leave_out=facet), "size": 0, "aggs": facet_counts(f"{re.escape(facet)}:.*")},
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
    for facet, response in zip(chosen, responses[1:], strict=True):
        counts[facet] = _counts(response).get(facet, {})
    return EngineAnswer(
        ids=[int(hit["fields"]["pk"][0]) for hit in answer["hits"]["hits"]],
        total=answer["hits"]["total"]["value"],
        counts=counts,
    )


def _counts(response):
    counts = {}
    for bucket in response["aggregations"]["facets"]["buckets"]:
        facet, _, value = bucket["key"].partition(":")
        counts.setdefault(facet, {})[value] = bucket["doc_count"]
    return counts
