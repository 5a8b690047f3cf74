from wagtail.search.backends.elasticsearch7 import Elasticsearch7SearchBackend

from . import engine_backend

SearchBackend = engine_backend(Elasticsearch7SearchBackend)
