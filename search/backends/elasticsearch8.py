from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from . import merging_after_rebuild

SearchBackend = merging_after_rebuild(Elasticsearch8SearchBackend)
