"""docs/openapi.yaml: a valid OpenAPI description, served by the site, that the site keeps to.

The run below calls every operation it describes with input generated from it
(a few examples each, so the run stays within a minute or two) over a small
collection, through the site's own WSGI application, and fails on any 5xx.
"""

import pytest
import schemathesis
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cms.api import OPENAPI_FILE

pytestmark = pytest.mark.django_db

#: No 5xx, and every answer is one the description gives, with its content type and shape.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: Generated requests per operation.
MAX_EXAMPLES = 15


def description():
    return yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))


def test_the_description_is_valid_openapi():
    validate(description())


def test_the_description_is_served(client):
    response = client.get("/api/openapi.yaml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(b"".join(response.streaming_content)) == description()


def test_it_describes_every_endpoint():
    paths = set(description()["paths"])
    assert {"/api/v2/items/", "/api/v2/pages/", "/api/v2/pages/{id}/", "/api/v2/authorities/"} <= paths
    assert {"/api/v2/service-areas/", "/api/v2/licences/", "/export/casestudies.csv", "/export/benefits.csv"} <= paths
    assert "/search/" in paths


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, inside this test's transaction.

    Django closes the database connection at the end of each request when it is
    not in autocommit (as inside a test's transaction); its test client stops
    that, and so does this.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_generated_requests_get_no_server_error(collection, wsgi_app):
    schema = schemathesis.openapi.from_path(OPENAPI_FILE)
    schema.app = wsgi_app
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate(checks=CHECKS)

        call()
