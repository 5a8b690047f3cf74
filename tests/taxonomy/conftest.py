import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext


def run_command(name, *args, **options):
    """Run a management command and return what it wrote to stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


class WriteWatcher(CaptureQueriesContext):
    """Collects the SQL statements that change rows."""

    @property
    def writes(self):
        return [
            query["sql"]
            for query in self.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]


@pytest.fixture
def watch_writes():
    return WriteWatcher(connection)


@pytest.fixture
def authorities(db):
    run_command("import_authorities")


@pytest.fixture
def service_areas(db):
    run_command("load_service_areas")


@pytest.fixture
def licences(db):
    run_command("load_licences")
