"""The load test behind `make loadtest`: the site under gunicorn, 50 visitors, twice; the second time the engine dies.

    .venv/bin/python tools/loadtest/loadtest.py    (tools/loadtest/run.sh starts the servers first)

1. Data: the database <DATABASE_URL>_load gets the schema, the demo content
   (load_demo) and LOADTEST_ITEMS (1000) synthetic items from the benchmark's
   corpus (tools/bench/corpus.py), built once and kept for later runs with the
   same LOADTEST_ITEMS (LOADTEST_FRESH=true builds it again). The OpenSearch index (prefix
   factorycommons_load) is rebuilt from it on every run.
2. gunicorn with LOADTEST_WORKERS (2) workers and the production settings,
   as deployed behind a TLS proxy (see locustfile.py).
3. Two headless locust runs of LOADTEST_USERS (50) visitors for
   LOADTEST_SECONDS (60) each: the steady run, then the same with the
   OpenSearch node killed (SIGKILL) halfway, when search must answer from the
   database backend and every page keep answering.
4. Requests per second, p50, p95 and failures of each run are printed and
   written to the load test section of docs/benchmarks.md (LOADTEST_REPORT);
   the exit status is non-zero when any request failed (an HTTP error, a
   timeout after LOADTEST_TIMEOUT seconds, a refused connection), or when
   the engine was not killed or search never answered from the database.

Environment: DATABASE_URL (a PostgreSQL server), OPENSEARCH_URL and
LOADTEST_OPENSEARCH_HOME (the node's folder, for its pid: run.sh sets both)
are required; REDIS_URL is used when set.
"""

import csv
import datetime
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools" / "bench"))
VAR = ROOT / "var" / "loadtest"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
NODE_MAIN_CLASS = "uk.factorycommons.searchnode.Main"
# The page's own section, between the lines tools/bench/bench.py keeps when it writes the page.
from bench import LOAD_TEST_END, LOAD_TEST_START, machine, recreate_postgres_database  # noqa: E402


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def say(text):
    print(f"== {text}", flush=True)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True)  # noqa: S603


# 1. Data -----------------------------------------------------------------------


def database_exists(server_url, name):
    import dj_database_url
    import psycopg2

    params = dj_database_url.parse(server_url)
    connection = psycopg2.connect(
        dbname="postgres", user=params["USER"], password=params["PASSWORD"], host=params["HOST"], port=params["PORT"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


CORPUS_SCRIPT = """
import json, os, sys
sys.path.insert(0, "tools/bench")
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from corpus import BUILD_GROUPS, CorpusBuilder
from wagtail.models import Page

builder = CorpusBuilder(int(os.environ["LOADTEST_ITEMS"]))
made = {}
for number in range(len(BUILD_GROUPS)):
    made.update(builder.build_group(number))
call_command("rebuild_item_facets", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(json.dumps({"made": made, "pages": Page.objects.count()}))
"""


# update_index on the engine, with more time per request than the 2 s a search waits (cms/settings/base.py):
# its bulk requests take longer than that on a busy machine.
REBUILD_SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command

settings.WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = 60
call_command("update_index", backend_name="default", verbosity=0)
"""


def prepare_data(env, server_url, database_name, items):
    marker = VAR / f"content-{database_name}.json"
    stored = json.loads(marker.read_text()) if marker.exists() else {}
    # Indexed into the database backend as they are saved; the engine's index is rebuilt below, in one go.
    without_engine = {key: value for key, value in env.items() if key != "OPENSEARCH_URL"}
    if (
        os.environ.get("LOADTEST_FRESH", "").lower() != "true"
        and stored.get("items") == items
        and database_exists(server_url, database_name)
    ):
        say(f"The database {database_name} as an earlier run built it ({items:,} synthetic items); migrate")
        manage(without_engine, "migrate", "--no-input", "-v", "0")
    else:
        # A new database whenever the content asked for differs: the corpus cannot be added to twice.
        say(f"A new database {database_name}: schema and demo content (migrate, load_demo)")
        marker.unlink(missing_ok=True)
        recreate_postgres_database(server_url, database_name)
        started = time.perf_counter()
        manage(without_engine, "migrate", "--no-input", "-v", "0")
        manage(without_engine, "load_demo", "-v", "0")
        built = {"items": items}
        if items:
            say(f"{items:,} synthetic items (tools/bench/corpus.py), then the database search index")
            # Built as `make bench` builds them: no indexing on each save, one update_index at the end.
            build_env = {
                **{key: value for key, value in without_engine.items() if key != "REDIS_URL"},
                "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
                "BENCH_INDEX_ON_SAVE": "false",
                "LOADTEST_ITEMS": str(items),
            }
            output = subprocess.run(  # noqa: S603
                [PYTHON, "-c", CORPUS_SCRIPT], env=build_env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
            ).stdout
            built.update(json.loads(output.strip().splitlines()[-1]))
            manage(env, "update_index", "--backend", "database", "-v", "0")
        built["seconds"] = round(time.perf_counter() - started, 1)
        marker.write_text(json.dumps(built))
        print(f"   built in {built['seconds']} s", flush=True)
    say("OpenSearch index (update_index)")
    subprocess.run([PYTHON, "-c", REBUILD_SCRIPT], env=env, cwd=ROOT, check=True)  # noqa: S603
    manifest, built = VAR / "static" / "staticfiles.json", ROOT / "static_build" / ".built"
    if not manifest.exists() or not built.exists() or manifest.stat().st_mtime < built.stat().st_mtime:
        say("Static files (collectstatic)")
        manage(env, "collectstatic", "--no-input", "-v", "0")


# 2. gunicorn -----------------------------------------------------------------


def get(url, timeout=10):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status


def start_gunicorn(env, port, workers):
    log = (VAR / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "cms.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--access-logfile=-",
            "--access-logformat=%(s)s %(M)sms %(r)s",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {VAR / 'gunicorn.log'}")
        try:
            if get(f"http://127.0.0.1:{port}/", timeout=5) == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit(f"gunicorn did not answer within 60 s; see {VAR / 'gunicorn.log'}")


#: Requests made once before the runs, not counted: the first of each kind is slow
#: (templates compiled, the engine's caches cold), and a cold engine answering a search
#: in more than its 2 s would send search to the database for the first run.
WARM_UP = [
    "/",
    "/patterns/",
    "/search/",
    "/search/?q=council",
    "/search/?type=pattern&sort=newest",
    "/search/autocomplete/?q=pa",
    "/feeds/rss/",
    "/cy/",
    "/cy/search/?q=cyngor",
]

FORGET_ENGINE_FAILURE = """
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from search.engine import ENGINE_DOWN_CACHE_KEY

cache.delete(ENGINE_DOWN_CACHE_KEY.format(settings.COLLECTION_SEARCH_BACKEND))
"""


def warm_up(env, host):
    for _ in range(2):
        for path in WARM_UP:
            get(f"{host}{path}", timeout=60)
    forget_engine_failure(env)


def forget_engine_failure(env):
    """Let search ask the engine again at once: each run starts with the engine as the site's first choice."""
    subprocess.run([PYTHON, "-c", FORGET_ENGINE_FAILURE], env=env, cwd=ROOT, check=True)  # noqa: S603


# 3. The runs -------------------------------------------------------------------


def node_pid(home):
    """The pid of the OpenSearch node whose folder is `home`, checked to be that node."""
    pid = int((Path(home) / "opensearch.pid").read_text().strip())
    if NODE_MAIN_CLASS not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
        raise RuntimeError(f"pid {pid} in {home}/opensearch.pid is not the OpenSearch node")
    return pid


def run_locust(label, host, users, seconds, during=None):
    """One headless locust run; returns its figures. `during` is (after seconds, function) to call mid-run."""
    say(f"{label}: {users} visitors for {seconds} s")
    prefix = VAR / label.split(",")[0].lower().replace(" ", "-")
    answers = Path(f"{prefix}_search_answers.json")
    answers.unlink(missing_ok=True)
    events = {}
    timer = None
    if during:
        after, action = during

        def act():
            events["action"] = action()
            events["at"] = after

        timer = threading.Timer(after, act)
    command = [
        str(BIN / "locust"),
        f"--locustfile={HERE / 'locustfile.py'}",
        "--headless",
        "--only-summary",
        f"--users={users}",
        f"--spawn-rate={max(1, users // 5)}",
        f"--run-time={seconds}s",
        # Visitors finish the request they are making when the time is up, so none is cut off and miscounted.
        "--stop-timeout=15",
        f"--host={host}",
        f"--csv={prefix}",
        "--loglevel=WARNING",
    ]
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "LOADTEST_SEARCH_ANSWERS": str(answers)})  # noqa: S603
    if timer:
        timer.start()
    child.wait()
    if timer:
        timer.cancel()
    figures = read_figures(prefix)
    figures.update(
        label=label,
        users=users,
        seconds=seconds,
        wall_seconds=round(time.monotonic() - started, 1),
        locust_exit=child.returncode,
        search_answers=json.loads(answers.read_text()) if answers.exists() else {},
        **events,
    )
    return figures


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def failure_kind(error):
    if "timed out" in error or "Timeout" in error or "no answer" in error:
        return "no answer within the timeout"
    if "refused" in error.lower():
        return "connection refused"
    status = re.search(r"\b([45]\d\d)\b", error)
    return f"HTTP {status.group(1)}" if status else error[:100]


def read_figures(prefix):
    with Path(f"{prefix}_stats.csv").open() as file:
        rows = list(csv.DictReader(file))
    by_name = {}
    total = None
    for row in rows:
        figures = {
            "requests": int(number(row["Request Count"])),
            "failures": int(number(row["Failure Count"])),
            "rps": number(row["Requests/s"]),
            "p50": number(row["50%"]),
            "p95": number(row["95%"]),
            "max": number(row["Max Response Time"]),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            by_name[row["Name"]] = figures
    # locust lists each failing URL apart; the report counts them by kind of request and of failure.
    counts = Counter()
    with Path(f"{prefix}_failures.csv").open() as file:
        for row in csv.DictReader(file):
            counts[row["Name"], failure_kind(row["Error"])] += int(number(row["Occurrences"]))
    errors = [{"name": name, "error": kind, "count": count} for (name, kind), count in sorted(counts.items())]
    if total is None:
        sys.exit(f"locust wrote no figures to {prefix}_stats.csv")
    return {"total": total, "by_name": by_name, "errors": errors}


# 4. Report ---------------------------------------------------------------------


def ms(value):
    return f"{value:,.0f} ms"


def markdown_section(results):
    steady, killed = results["steady"], results["killed"]
    machine_figures = results["machine"]
    names = sorted(set(steady["by_name"]) | set(killed["by_name"]))
    kill = (
        f"SIGKILL after {killed['at']} s of {killed['seconds']}"
        if killed.get("action") == "killed"
        else f"**not killed**: {killed.get('action', 'the timer never fired')}"
    )
    lines = [
        LOAD_TEST_START,
        "## Load test",
        "",
        "Written by `make loadtest` (code in `tools/loadtest/`, the mix in",
        "`docs/decisions/0025-load-test.md`); run it again to replace this section.",
        "",
        f"- Date: {results['date']}. Machine: {machine_figures['cpu']}, {machine_figures['cores']} cores, "
        f"{machine_figures['memory']} of memory; {machine_figures['os']}.",
        f"  Load average (1 / 5 / 15 minutes) at the start: {machine_figures['load']}; "
        f"at the end: {results['load_at_end']}. The load test, the site, PostgreSQL and OpenSearch share these cores.",
        f"- Site: gunicorn, {results['workers']} sync workers, production settings "
        f"(`cms.settings.production`, cache: {results['cache']}), PostgreSQL and OpenSearch; "
        f"{results['pages']:,} pages (the demo content in English and Welsh, "
        f"and {results['items']:,} synthetic items in English).",
        f"- Visitors: {steady['users']} at once (locust, started {max(1, steady['users'] // 5)} a second), "
        f"each pausing {results['pauses']} s between requests; {steady['seconds']} s a run. "
        f"A request failed if it was not answered 2xx/3xx within {results['timeout']:g} s.",
        f"- Second run: the OpenSearch node was killed ({kill}); search then answered from the database backend.",
        "",
        "| run | requests | requests/s | p50 | p95 | max | failures |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in (steady, killed):
        total = run["total"]
        lines.append(
            f"| {run['label']} | {total['requests']:,} | {total['rps']:.1f} | {ms(total['p50'])} | "
            f"{ms(total['p95'])} | {ms(total['max'])} | {total['failures']:,} |"
        )
    answered = [
        f"{run['label']}: {run['search_answers'].get('engine', 0):,} by the engine and "
        f"{run['search_answers'].get('database', 0):,} by the database backend"
        for run in (steady, killed)
    ]
    lines += [
        "",
        f"Search pages answered: {'; '.join(answered)} (the engine is left alone for 30 s after it fails or "
        "takes more than 2 s; on a busy machine it sometimes does).",
        "",
        "By kind of request (p50 / p95; requests):",
        "",
        f"| request | {steady['label']} | {killed['label']} |",
        "| --- | ---: | ---: |",
    ]
    for name in names:
        cells = []
        for run in (steady, killed):
            figures = run["by_name"].get(name)
            cells.append(
                f"{ms(figures['p50'])} / {ms(figures['p95'])}; {figures['requests']:,}"
                + (f" (**{figures['failures']} failed**)" if figures["failures"] else "")
                if figures
                else "-"
            )
        lines.append(f"| {name} | {' | '.join(cells)} |")
    found = problems(results)
    lines += [
        "",
        f"**The load test failed**: {'; '.join(found)}." if found else "The load test passed: no request failed.",
    ]
    for run in (steady, killed):
        if run["errors"]:
            lines += ["", f"Failures ({run['label']}):", ""]
            lines += [f"- {error['count']} times {error['name']}: {error['error']}" for error in run["errors"]]
    lines.append(LOAD_TEST_END)
    return "\n".join(lines) + "\n"


def write_section(path, section):
    old = path.read_text() if path.exists() else ""
    start, end = old.find(LOAD_TEST_START), old.find(LOAD_TEST_END)
    if start >= 0 and end > start:
        new = old[:start] + section.rstrip("\n") + old[end + len(LOAD_TEST_END) :]
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + section
    path.write_text(new)


def problems(results):
    found = []
    for run in (results["steady"], results["killed"]):
        if run["total"]["failures"]:
            found.append(f"{run['label']}: {run['total']['failures']} requests failed")
        if not run["total"]["requests"]:
            found.append(f"{run['label']}: no requests were made")
    if results["killed"].get("action") != "killed":
        found.append("the OpenSearch node was not killed in the second run")
    elif not results["killed"]["search_answers"].get("database"):
        found.append("search never answered from the database backend after the engine was killed")
    return found


# The driver --------------------------------------------------------------------


def main():
    server_url = os.environ.get("DATABASE_URL", "").rstrip("/")
    opensearch_url = os.environ.get("OPENSEARCH_URL", "")
    node_home = os.environ.get("LOADTEST_OPENSEARCH_HOME", "")
    if not server_url.startswith(("postgres://", "postgresql://")) or not opensearch_url or not node_home:
        sys.exit(
            "The load test needs DATABASE_URL (PostgreSQL), OPENSEARCH_URL and LOADTEST_OPENSEARCH_HOME: "
            "run it with `make loadtest`."
        )
    VAR.mkdir(parents=True, exist_ok=True)
    users = env_int("LOADTEST_USERS", 50)
    seconds = env_int("LOADTEST_SECONDS", 60)
    workers = env_int("LOADTEST_WORKERS", 2)
    items = env_int("LOADTEST_ITEMS", 1000)
    port = env_int("LOADTEST_PORT", 8050)
    report_path = Path(os.environ.get("LOADTEST_REPORT") or ROOT / "docs" / "benchmarks.md")
    database_name = server_url.rsplit("/", 1)[1] + "_load"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": server_url.rsplit("/", 1)[0] + "/" + database_name,
        "DATABASE_CONN_MAX_AGE": "60",
        "SEARCH_INDEX_PREFIX": "factorycommons_load",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "LOG_LEVEL": "WARNING",
        # Its own keys in the shared cache, in a Redis database of its own (tests empty theirs).
        "CACHE_KEY_PREFIX": "factorycommons_load",
    }
    redis_url = os.environ.get("REDIS_URL", "").rstrip("/")
    if redis_url and redis_url.count("/") == 2:
        env["REDIS_URL"] = f"{redis_url}/{env_int('LOADTEST_REDIS_DB', 3)}"
    started_at = machine()
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    prepare_data(env, server_url, database_name, items)
    pages = int(
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", "from wagtail.models import Page; print(Page.objects.count())"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    say(f"gunicorn, {workers} workers, on 127.0.0.1:{port}")
    server = start_gunicorn(env, port, workers)
    host = f"http://127.0.0.1:{port}"

    def kill_node():
        try:
            pid = node_pid(node_home)
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, RuntimeError) as error:
            return f"could not kill it: {error}"
        print(f"   OpenSearch node (pid {pid}) killed", flush=True)
        return "killed"

    try:
        warm_up(env, host)
        steady = run_locust("Steady", host, users, seconds)
        forget_engine_failure(env)
        killed = run_locust("OpenSearch killed halfway", host, users, seconds, during=(seconds / 2, kill_node))
    finally:
        server.terminate()
        server.wait(timeout=30)
    results = {
        "date": date,
        "machine": started_at,
        "load_at_end": machine()["load"],
        "workers": workers,
        "items": items,
        "pages": pages,
        "timeout": float(os.environ.get("LOADTEST_TIMEOUT", "10")),
        # As locustfile.py reads them.
        "pauses": f"{os.environ.get('LOADTEST_PAUSE_MIN', '2')} to {os.environ.get('LOADTEST_PAUSE_MAX', '8')}",
        "cache": "Redis" if os.environ.get("REDIS_URL") else "the production default (no REDIS_URL)",
        "steady": steady,
        "killed": killed,
    }
    (VAR / "results.json").write_text(json.dumps(results, indent=2))
    section = markdown_section(results)
    print()
    print(section)
    write_section(report_path, section)
    print(f"Written to {report_path} (raw figures in {VAR / 'results.json'}, server log in {VAR / 'gunicorn.log'}).")
    found = problems(results)
    if found:
        sys.exit("The load test failed: " + "; ".join(found) + ".")


if __name__ == "__main__":
    main()
