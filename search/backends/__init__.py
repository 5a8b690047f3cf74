"""Wagtail's search engine backends, with each facet in a field of its own and merged rebuilds.

settings.WAGTAILSEARCH_BACKENDS names these modules (search/backends/opensearch2.py
and the Elasticsearch ones) in place of Wagtail's.

Facet fields: a collection item indexes its facet values as "facet:value"
strings (facet_keys); the mapping here also puts each facet's values in a
keyword field of its own ("facet__area" and so on). The search page offers
the 20 most common values of each facet, and with a field per facet the engine
can count just those: counting every value of the one combined field (about
1,200 values at 10,000 items) and reading them all back cost about 11 ms a
search: about 6 in the engine and 5 in Python.

Merged rebuilds: a rebuild writes every item into a new index in bulk, which
leaves it in many small segments that the engine goes on merging in the
background once the alias has moved to it: searches straight after a rebuild
then share the CPU with the merging and read more segments (measured at
10,000 items: search page p95 77 ms straight after a rebuild, 55 to 57 ms once
merged). Merging the new index into one segment before the alias moves costs
about 2 s at that size, and readers only ever see the merged index. Updates
after the rebuild add small segments again, which the engine merges as usual.
"""

from django.utils.functional import cached_property
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


#: The indexed field of "facet:value" strings (see CollectionItemMixin.facet_keys).
FACET_KEYS_FIELD_NAME = "facet_keys"


def facet_field(facet_key):
    """The engine's field for the values of the facet `facet_key`."""
    return f"facet__{facet_key}"


class FacetFieldsMappingMixin:
    """Adds a keyword field per facet, filled from the facet_keys field, to the mapping of collection items."""

    @cached_property
    def facet_keys_column(self):
        """The document's name for the model's facet_keys field, or None when the model has none."""
        for field in self.model.get_filterable_search_fields():
            if field.field_name == FACET_KEYS_FIELD_NAME:
                return self.get_field_column_name(field)
        return None

    def get_mapping(self):
        mapping = super().get_mapping()
        if self.facet_keys_column:
            # Imported here: search.facets reads models, and settings may load this module before they are ready.
            from search.facets import FACETS

            mapping["properties"].update({facet_field(facet.key): {"type": "keyword"} for facet in FACETS})
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        column = self.facet_keys_column
        for facet_key in (document.get(column) or []) if column else []:
            facet, _, value = facet_key.partition(":")
            document.setdefault(facet_field(facet), []).append(value)
        return document


def engine_backend(backend_class):
    """`backend_class` (one of Wagtail's engine backends) with facet fields and MergingAtomicIndexRebuilder."""
    mapping_class = type(
        backend_class.mapping_class.__name__, (FacetFieldsMappingMixin, backend_class.mapping_class), {}
    )
    return type(
        backend_class.__name__,
        (backend_class,),
        {"mapping_class": mapping_class, "atomic_rebuilder_class": MergingAtomicIndexRebuilder},
    )
