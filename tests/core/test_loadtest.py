"""The load test's report: `make loadtest` and `make bench` share docs/benchmarks.md, each keeping
the other's part, and any failed request fails the run."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


driver = load("loadtest_driver", "tools/loadtest/loadtest.py")
bench = load("bench_driver", "tools/bench/bench.py")


def run(label, failures=0, database_answers=0, action="killed"):
    total = {"requests": 500, "failures": failures, "rps": 8.3, "p50": 120.0, "p95": 900.0, "max": 2100.0}
    return {
        "label": label,
        "users": 50,
        "seconds": 60,
        "total": total,
        "by_name": {"item": total},
        "errors": [{"name": "item", "error": "HTTP 500", "count": failures}] if failures else [],
        "search_answers": {"engine": 40, "database": database_answers},
        "action": action,
        "at": 30.0,
    }


def results(**killed):
    return {
        "date": "2026-11-27 12:00 UTC",
        "machine": {"cpu": "AMD EPYC", "cores": 2, "memory": "23.5 GiB", "os": "Linux", "load": "1.0 / 1.0 / 1.0"},
        "load_at_end": "1.0 / 1.0 / 1.0",
        "workers": 2,
        "items": 2000,
        "pages": 4200,
        "timeout": 10.0,
        "pauses": "2 to 8",
        "cache": "Redis",
        "steady": run("Steady", action=None),
        "killed": run("OpenSearch killed halfway", **{"database_answers": 25, **killed}),
    }


def test_each_command_keeps_the_others_part_of_the_page(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text("# Search benchmarks\n\nSearch page p95: 127 ms\n")

    driver.write_section(page, driver.markdown_section(results()))
    text = page.read_text()
    assert text.startswith("# Search benchmarks\n\nSearch page p95: 127 ms\n")
    assert "## Load test" in text
    assert "| Steady | 500 | 8.3 | 120 ms | 900 ms | 2,100 ms | 0 |" in text

    # make bench writes its page again: the load test's section stays.
    page.write_text("# Search benchmarks\n\nSearch page p95: 99 ms\n" + bench.kept_load_test_section(page))
    text = page.read_text()
    assert "Search page p95: 99 ms" in text
    assert "127 ms" not in text
    assert text.count("## Load test") == 1

    # make loadtest again: its section is replaced, once, and the rest left alone.
    driver.write_section(page, driver.markdown_section(results(failures=3)))
    text = page.read_text()
    assert text.count("## Load test") == 1
    assert "Search page p95: 99 ms" in text
    assert "3 times item: HTTP 500" in text


@pytest.mark.parametrize(
    ("killed", "problem"),
    [
        ({}, None),
        ({"failures": 1}, "OpenSearch killed halfway: 1 requests failed"),
        ({"action": "could not kill it: no pid"}, "the OpenSearch node was not killed in the second run"),
        ({"database_answers": 0}, "search never answered from the database backend after the engine was killed"),
    ],
)
def test_a_failed_request_or_a_node_left_alive_fails_the_run(killed, problem):
    assert driver.problems(results(**killed)) == ([problem] if problem else [])
