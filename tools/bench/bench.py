"""The search benchmark behind `make bench`: build a synthetic corpus, time the search page, report.

    .venv/bin/python tools/bench/bench.py           run every phase (tools/bench/run.sh starts the servers)
    .venv/bin/python tools/bench/bench.py PHASE OUT run one phase in this process, writing its figures to OUT

The driver runs each phase in its own process with its own environment
(settings are read once per process): the database, the search backend the
page asks, and whether pages index themselves on save.

1. PostgreSQL: a fresh database <DATABASE_URL>_bench, BENCH_ITEMS items, then
   the search page on the database backend.
2. OpenSearch: a full index rebuild of that database (update_index), then the
   search page on the engine, with the engine's own time per request.
3. SQLite (the embedded default): a fresh var/bench.sqlite3 with
   BENCH_SQLITE_ITEMS items, then the search page on the database backend.

Environment: DATABASE_URL (a PostgreSQL server) and OPENSEARCH_URL are required;
BENCH_ITEMS (10000), BENCH_SQLITE_ITEMS (5000), BENCH_ROUNDS (10),
BENCH_WARMUP_ROUNDS (2), BENCH_BUILD_WORKERS (2, PostgreSQL only) and
BENCH_REPORT (docs/benchmarks.md) are optional.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
VAR_BENCH = ROOT / "var" / "bench"
SQLITE_PATH = ROOT / "var" / "bench.sqlite3"
SETTINGS = "cms.settings.bench"


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@contextmanager
def timed(timings, name):
    started = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - started, 2)


# Phases (each in its own process) --------------------------------------------


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def database_version():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def phase_build():
    """Schema, reference data, corpus, database search index and facet rows, each timed."""
    setup_django()
    from corpus import BUILD_GROUPS, CorpusBuilder
    from django.core.management import call_command
    from django.db import connection

    items = int(os.environ["BENCH_ITEMS"])
    # Two builders at once on PostgreSQL (the machines here have two cores); SQLite allows one writer.
    workers = min(2, env_int("BENCH_BUILD_WORKERS", 2)) if connection.vendor == "postgresql" else 1
    timings = {}
    quiet = {"verbosity": 0}
    with timed(timings, "schema (migrate)"):
        call_command("migrate", interactive=False, **quiet)
    with timed(timings, "reference data"):
        call_command("load_service_areas", **quiet)
        call_command("load_licences", **quiet)
        call_command("import_authorities", no_progress=True, **quiet)
        call_command("load_source_standards", **quiet)
    stats = Counter()
    with timed(timings, f"{items:,} pages ({workers} at a time)"):
        builder = CorpusBuilder(items)
        builder.prepare()
        stats.update(builder.build_group(0))
        rest = range(1, len(BUILD_GROUPS))
        if workers > 1:
            connection.close()
            outputs = [VAR_BENCH / f"build-group-{number}.json" for number in rest]
            for out in outputs:
                out.unlink(missing_ok=True)
            children = [
                start_phase("build_group", out, {**os.environ, "BENCH_GROUP": str(number)})
                for number, out in zip(rest, outputs, strict=True)
            ]
            exit_codes = [child.wait() for child in children]
            if any(exit_codes):
                raise SystemExit("Building the corpus failed (see above).")
            for out in outputs:
                stats.update(json.loads(out.read_text()))
        else:
            for number in rest:
                stats.update(builder.build_group(number))
    with timed(timings, "database search index (update_index)"):
        call_command("update_index", backend_name="default", **quiet)
    facets = "rebuilt"
    try:
        from search.facets import rebuild_item_facets
    except ImportError:
        facets = "not rebuilt: search.facets.rebuild_item_facets() does not exist yet"
    else:
        with timed(timings, "facet rows (rebuild_item_facets)"):
            rebuild_item_facets()
    if connection.vendor == "postgresql":
        # Planner statistics for the new rows, and the visibility map index-only scans read,
        # as autovacuum would have made them by the time anyone searches.
        with timed(timings, "planner statistics (VACUUM ANALYZE)"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "items": items,
        "timings": timings,
        "stats": dict(stats),
        "facets": facets,
        "database": database_version(),
    }


def phase_build_group():
    """One group of the corpus (see corpus.BUILD_GROUPS), built beside the others."""
    setup_django()
    from corpus import CorpusBuilder

    return CorpusBuilder(int(os.environ["BENCH_ITEMS"])).build_group(int(os.environ["BENCH_GROUP"]))


ENGINE_NAMES = {"opensearch": "OpenSearch"}


def phase_rebuild():
    """A full rebuild of the engine's index, as `manage.py update_index` does it."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(settings.COLLECTION_SEARCH_BACKEND)
    version = backend.es.info()["version"]
    started = time.perf_counter()
    call_command("update_index", backend_name=settings.COLLECTION_SEARCH_BACKEND, verbosity=0)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "engine": f"{ENGINE_NAMES.get(version.get('distribution'), 'Elasticsearch')} {version['number']}",
    }


def phase_migrate():
    """Bring a corpus an earlier run built up to the current schema."""
    setup_django()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return {"seconds": round(time.perf_counter() - started, 2)}


def phase_measure():
    setup_django()
    from measure import run_mix

    figures = run_mix(rounds=int(os.environ["BENCH_ROUNDS"]), warmup_rounds=int(os.environ["BENCH_WARMUP_ROUNDS"]))
    figures["database"] = database_version()
    return figures


PHASES = {
    "build": phase_build,
    "build_group": phase_build_group,
    "migrate": phase_migrate,
    "rebuild": phase_rebuild,
    "measure": phase_measure,
}


# The driver ------------------------------------------------------------------


def start_phase(name, out, env):
    """A child process running phase `name` of this script, writing its figures to `out`."""
    return subprocess.Popen([sys.executable, __file__, name, str(out)], env=env, cwd=ROOT)  # noqa: S603


def run_phase(name, label, env):
    """Run one phase in a child process with `env` added to a clean environment; return its figures."""
    VAR_BENCH.mkdir(parents=True, exist_ok=True)
    out = VAR_BENCH / f"{label.replace(' ', '-')}.json"
    out.unlink(missing_ok=True)
    child_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"OPENSEARCH_URL", "ELASTICSEARCH_URL", "ELASTICSEARCH_VERSION"}
    }
    child_env.update(env, DJANGO_SETTINGS_MODULE=SETTINGS)
    print(f"== {label}", flush=True)
    started = time.perf_counter()
    if start_phase(name, out, child_env).wait():
        raise SystemExit(f"The benchmark stopped: {label} failed (see above).")
    figures = json.loads(out.read_text())
    figures["phase_seconds"] = round(time.perf_counter() - started, 1)
    print(f"   done in {figures['phase_seconds']} s", flush=True)
    return figures


def recreate_postgres_database(server_url, name):
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    params = dj_database_url.parse(server_url)
    # From the server's maintenance database, so the one named in DATABASE_URL need not exist.
    connection = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"],
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def machine():
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        # Other work on the machine slows every figure; the load average says how busy it was.
        "load": " / ".join(f"{value:.1f}" for value in os.getloadavg()),
    }


# `make loadtest` (tools/loadtest/) writes its own section of the same page between these lines.
LOAD_TEST_START = "<!-- load test: written by make loadtest -->"
LOAD_TEST_END = "<!-- end of load test -->"


def kept_load_test_section(path):
    """The load test's section of the page at `path`, to keep when this page is written again."""
    old = path.read_text() if path.exists() else ""
    start, end = old.find(LOAD_TEST_START), old.find(LOAD_TEST_END)
    if start < 0 or end < start:
        return ""
    return "\n" + old[start : end + len(LOAD_TEST_END)] + "\n"


def main():
    server_url = os.environ.get("DATABASE_URL", "")
    opensearch_url = os.environ.get("OPENSEARCH_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")) or not opensearch_url:
        sys.exit(
            "The benchmark needs DATABASE_URL (a PostgreSQL server) and OPENSEARCH_URL: run it with `make bench`."
        )
    items = env_int("BENCH_ITEMS", 10_000)
    sqlite_items = env_int("BENCH_SQLITE_ITEMS", 5_000)
    timing = {
        "BENCH_ROUNDS": str(env_int("BENCH_ROUNDS", 10)),
        "BENCH_WARMUP_ROUNDS": str(env_int("BENCH_WARMUP_ROUNDS", 2)),
    }
    report_path = Path(os.environ.get("BENCH_REPORT") or ROOT / "docs" / "benchmarks.md")
    started = time.perf_counter()

    database_name = server_url.rstrip("/").rsplit("/", 1)[1] + "_bench"
    postgres_url = server_url.rstrip("/").rsplit("/", 1)[0] + "/" + database_name
    postgres = {"DATABASE_URL": postgres_url}
    engine = {**postgres, "OPENSEARCH_URL": opensearch_url}
    sqlite = {"DATABASE_URL": f"sqlite:///{SQLITE_PATH}"}
    # BENCH_REUSE_CORPUS=true measures the corpora the last run built (after a
    # change to the search code), with that run's build figures.
    reuse = os.environ.get("BENCH_REUSE_CORPUS", "").lower() == "true"

    def build(label, env):
        stored = VAR_BENCH / f"{label.replace(' ', '-')}.json"
        if reuse and stored.exists():
            print(f"== {label}: reusing the corpus the last run built", flush=True)
            built = json.loads(stored.read_text())
            run_phase("migrate", f"Migrating the reused corpus: {label}", env)
            return {**built, "reused": True}
        if "sqlite" in env["DATABASE_URL"]:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        else:
            recreate_postgres_database(server_url, database_name)
        return run_phase("build", label, env)

    results = {
        "machine": machine(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "postgres_build": build(
            f"Building {items:,} items on PostgreSQL",
            {**postgres, "BENCH_ITEMS": str(items), "BENCH_INDEX_ON_SAVE": "false"},
        ),
        "postgres": run_phase("measure", "Search page on PostgreSQL, database backend", {**postgres, **timing}),
        "rebuild": run_phase("rebuild", "Full index rebuild on OpenSearch", engine),
        "opensearch": run_phase("measure", "Search page on OpenSearch", {**engine, **timing}),
        "sqlite_build": build(
            f"Building {sqlite_items:,} items on SQLite",
            {**sqlite, "BENCH_ITEMS": str(sqlite_items), "BENCH_INDEX_ON_SAVE": "false"},
        ),
        "sqlite": run_phase("measure", "Search page on SQLite, database backend", {**sqlite, **timing}),
    }
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["load_at_end"] = machine()["load"]
    (VAR_BENCH / "results.json").write_text(json.dumps(results, indent=2))

    from report import markdown_report

    text = markdown_report(results)
    print()
    print(text)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(text + kept_load_test_section(report_path))
    print(f"Written to {report_path} (raw figures in {VAR_BENCH / 'results.json'}).")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        phase, out = sys.argv[1:]
        Path(out).write_text(json.dumps(PHASES[phase]()))
    elif len(sys.argv) == 1:
        main()
    else:
        sys.exit(__doc__)
