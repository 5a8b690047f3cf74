from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from . import merging_after_rebuild

SearchBackend = merging_after_rebuild(Elasticsearch9SearchBackend)
