"""One setting chooses the search backend, from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import search_backends_from_environment


@pytest.mark.smoke
def test_no_engine_url_selects_the_database_backend():
    backends = search_backends_from_environment({})

    assert backends == {"default": {"BACKEND": "wagtail.search.backends.database"}}


@pytest.mark.smoke
def test_opensearch_url_selects_opensearch2():
    default = search_backends_from_environment({"OPENSEARCH_URL": "http://127.0.0.1:9200"})["default"]

    assert default["BACKEND"] == "search.backends.opensearch2"
    assert default["URLS"] == ["http://127.0.0.1:9200"]
    assert default["TIMEOUT"] == 2


@pytest.mark.smoke
@pytest.mark.parametrize("version", ["7", "8", "9"])
def test_elasticsearch_url_selects_the_matching_version(version):
    environ = {"ELASTICSEARCH_URL": "http://127.0.0.1:9201", "ELASTICSEARCH_VERSION": version}

    default = search_backends_from_environment(environ)["default"]

    assert default["BACKEND"] == f"search.backends.elasticsearch{version}"


@pytest.mark.smoke
@pytest.mark.parametrize("version", ["", "6", "eight"])
def test_elasticsearch_without_a_known_version_is_refused(version):
    environ = {"ELASTICSEARCH_URL": "http://127.0.0.1:9201", "ELASTICSEARCH_VERSION": version}

    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_VERSION must be 7, 8 or 9"):
        search_backends_from_environment(environ)


@pytest.mark.smoke
def test_both_engine_urls_are_refused():
    environ = {"OPENSEARCH_URL": "http://a:9200", "ELASTICSEARCH_URL": "http://b:9200", "ELASTICSEARCH_VERSION": "8"}

    with pytest.raises(ImproperlyConfigured, match="not both"):
        search_backends_from_environment(environ)
