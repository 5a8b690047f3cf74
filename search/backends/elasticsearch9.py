from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from . import engine_backend

SearchBackend = engine_backend(Elasticsearch9SearchBackend)
