from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from . import engine_backend

SearchBackend = engine_backend(OpenSearch2SearchBackend)
