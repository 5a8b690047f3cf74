"""The benchmark's figures as a Markdown page (docs/benchmarks.md), with the targets they are held to."""

from vocabulary import RARE_WORD

# The targets of issue 5, for these corpus sizes on the reference machine (2 cores).
TARGET_ITEMS = 10_000
TARGET_SQLITE_ITEMS = 5_000
POSTGRES_P95_MS = 100
OPENSEARCH_P95_MS = 60
REBUILD_SECONDS = 60
SQLITE_P95_MS = 500


ITEM_TYPES = ["patterns", "service standards", "methods", "factories", "case studies"]


def times(count):
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def ms(value):
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def pair(figures):
    return f"{ms(figures['p50'])} / {ms(figures['p95'])}" if figures else "-"


def verdict(value, target, items, target_items):
    result = "met" if value <= target else "**not met**"
    if items != target_items:
        result += f" (at {items:,} items; the target is for {target_items:,})"
    return result


def common_word_p95(figures):
    return next(query["page"]["p95"] for query in figures["queries"] if query["name"] == "word on most items")


def markdown_report(results):
    machine = results["machine"]
    postgres, opensearch, sqlite = results["postgres"], results["opensearch"], results["sqlite"]
    items = results["postgres_build"]["items"]
    sqlite_items = results["sqlite_build"]["items"]
    rebuild = results["rebuild"]["seconds"]
    stats = results["postgres_build"]["stats"]
    types = ", ".join(f"{stats[name]:,} {name}" for name in ITEM_TYPES if name in stats)
    council_share = stats.get("items about councils", 0) / items
    lines = [
        "# Search benchmarks",
        "",
        "Written by `make bench` (code in `tools/bench/`); run it again to replace this page. Figures from",
        "another machine, or from a machine busy with something else, are not comparable.",
        "",
        "## How it was measured",
        "",
        f"- Date: {results['date']}.",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']} of memory; {machine['os']}.",
        f"  Load average (1 / 5 / 15 minutes) at the start: {machine['load']}; at the end: {results['load_at_end']}.",
        f"- Software: Python {machine['python']}, {postgres['database']}, {results['rebuild']['engine']}, "
        f"{sqlite['database']}.",
        f"- Corpus: {items:,} synthetic items on PostgreSQL and OpenSearch ({types}); {sqlite_items:,} on SQLite.",
        f"  Made from one seed, so every run has the same content: `council` is on {council_share:.0%} of the items,",
        f"  `{RARE_WORD}` on {stats.get('items with the rare word', 0):,}.",
        *(
            [
                "  The corpora were built by an earlier run (`BENCH_REUSE_CORPUS=true`); their build times below",
                "  are that run's.",
            ]
            if postgres_build_reused(results)
            else []
        ),
        "- Requests: the search page `/search/` as a full Django request (routing, middleware, view, template)",
        "  made in process with `django.test.Client`, over a persistent database connection, with no HTTP server.",
        f"  The mix of {len(postgres['queries'])} queries below ran {times(postgres['warmup_rounds'])} untimed, then",
        f"  {times(postgres['rounds'])} timed; p50 and p95 are over every timed request (nearest rank).",
        "- Engine time: the sum of the `took` figures OpenSearch reported for the searches one page request made.",
        "- Rebuild: `manage.py update_index` on the OpenSearch backend, the whole site, atomic rebuild on.",
        "",
        "## Against the targets",
        "",
        "| measure | measured | target | |",
        "| --- | ---: | ---: | --- |",
        f"| Search page p95, PostgreSQL, database backend | {ms(postgres['page']['p95'])} | "
        f"≤ {POSTGRES_P95_MS} ms | {verdict(postgres['page']['p95'], POSTGRES_P95_MS, items, TARGET_ITEMS)} |",
        f"| Search page p95, OpenSearch | {ms(opensearch['page']['p95'])} | ≤ {OPENSEARCH_P95_MS} ms | "
        f"{verdict(opensearch['page']['p95'], OPENSEARCH_P95_MS, items, TARGET_ITEMS)} |",
        f"| Full index rebuild, OpenSearch | {rebuild:,.1f} s | ≤ {REBUILD_SECONDS} s | "
        f"{verdict(rebuild, REBUILD_SECONDS, items, TARGET_ITEMS)} |",
        f"| Search page p95, SQLite, database backend | {ms(sqlite['page']['p95'])} | ≤ {SQLITE_P95_MS} ms | "
        f"{verdict(sqlite['page']['p95'], SQLITE_P95_MS, sqlite_items, TARGET_SQLITE_ITEMS)} |",
        f"| Search page p95, SQLite, word on most items | {ms(common_word_p95(sqlite))} | ≤ {SQLITE_P95_MS} ms | "
        f"{verdict(common_word_p95(sqlite), SQLITE_P95_MS, sqlite_items, TARGET_SQLITE_ITEMS)} |",
        "",
        "Other figures: search page p50 "
        f"{ms(postgres['page']['p50'])} on PostgreSQL, {ms(opensearch['page']['p50'])} on OpenSearch, "
        f"{ms(sqlite['page']['p50'])} on SQLite; OpenSearch's own time per page request p50 / p95 "
        f"{pair(opensearch['engine'])}.",
        "",
        "## Search page by query",
        "",
        "p50 / p95 of each query. Hits: the number of items the page reported (PostgreSQL / OpenSearch / SQLite).",
        "",
        f"| query | URL | hits | PostgreSQL ({items:,}) | OpenSearch ({items:,}) | OpenSearch `took` | "
        f"SQLite ({sqlite_items:,}) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pg_query, os_query, lite_query in zip(
        postgres["queries"], opensearch["queries"], sqlite["queries"], strict=True
    ):
        name = pg_query["name"]
        hits = " / ".join(
            "?" if figures["hits"].get(name) is None else f"{figures['hits'][name]:,}"
            for figures in (postgres, opensearch, sqlite)
        )
        lines.append(
            f"| {name} | `{pg_query['url']}` | {hits} | {pair(pg_query['page'])} | {pair(os_query['page'])} | "
            f"{pair(os_query['engine'])} | {pair(lite_query['page'])} |"
        )
    lines += [
        "",
        "## Time taken",
        "",
        "| phase | seconds |",
        "| --- | ---: |",
    ]
    for label, build in (("PostgreSQL", results["postgres_build"]), ("SQLite", results["sqlite_build"])):
        for step, seconds in build["timings"].items():
            lines.append(f"| {label}: {step} | {seconds:,.1f} |")
        if build["facets"] != "rebuilt":
            lines.append(f"| {label}: facet rows {build['facets']} | - |")
    lines += [
        f"| OpenSearch: full index rebuild | {rebuild:,.1f} |",
        f"| Timed requests: PostgreSQL / OpenSearch / SQLite | {postgres['timed_seconds']:,.1f} / "
        f"{opensearch['timed_seconds']:,.1f} / {sqlite['timed_seconds']:,.1f} |",
        f"| The whole benchmark | {results['total_seconds']:,.1f} |",
        "",
    ]
    return "\n".join(lines)


def postgres_build_reused(results):
    return results["postgres_build"].get("reused") or results["sqlite_build"].get("reused")
