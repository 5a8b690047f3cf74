from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from . import merging_after_rebuild

SearchBackend = merging_after_rebuild(OpenSearch2SearchBackend)
