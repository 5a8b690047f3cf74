from wagtail.search.backends.elasticsearch7 import Elasticsearch7SearchBackend

from . import merging_after_rebuild

SearchBackend = merging_after_rebuild(Elasticsearch7SearchBackend)
