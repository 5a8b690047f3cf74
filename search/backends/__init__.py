"""Wagtail's search engine backends, with a full rebuild that leaves the new index merged.

A rebuild writes every item into a new index in bulk, which leaves it in many
small segments that the engine goes on merging in the background once the
alias has moved to it: searches straight after a rebuild then share the CPU
with the merging and read more segments (measured at 10,000 items: search page
p95 77 ms straight after a rebuild, 55 to 60 ms once merged). Merging the new
index into one segment before the alias moves costs about 2 s at that size,
and readers only ever see the merged index. Updates after the rebuild add small
segments again, which the engine merges as usual.

settings.WAGTAILSEARCH_BACKENDS names these modules (search/backends/opensearch2.py
and the Elasticsearch ones) in place of Wagtail's.
"""

from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder

#: A merge is a long, rare, administrative request: it gets far longer than a search's 2 s.
MERGE_TIMEOUT_SECONDS = 30 * 60


def merge_index(index):
    """Merge the engine index `index` (a Wagtail index object) into one segment, waiting until it is done."""
    backend = index.backend
    if backend.use_new_elasticsearch_api:
        client = backend.es.options(request_timeout=MERGE_TIMEOUT_SECONDS)
        client.indices.forcemerge(index=index.name, max_num_segments=1)
    else:
        backend.es.indices.forcemerge(index=index.name, max_num_segments=1, request_timeout=MERGE_TIMEOUT_SECONDS)


class MergingAtomicIndexRebuilder(ElasticsearchAtomicIndexRebuilder):
    """Wagtail's atomic rebuild, with the new index merged before the alias moves to it."""

    def finish(self):
        self.index.refresh()
        merge_index(self.index)
        super().finish()


def merging_after_rebuild(backend_class):
    """`backend_class` (one of Wagtail's engine backends) with MergingAtomicIndexRebuilder."""
    return type(backend_class.__name__, (backend_class,), {"atomic_rebuilder_class": MergingAtomicIndexRebuilder})
