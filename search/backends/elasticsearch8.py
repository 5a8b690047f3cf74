from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from . import engine_backend

SearchBackend = engine_backend(Elasticsearch8SearchBackend)
