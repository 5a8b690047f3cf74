"""The relevance set's score, printed at the end of every test run that ran it."""

import pytest

RELEVANCE_PROPERTY = "relevance_set"
SUMMARY_WRITTEN = pytest.StashKey[bool]()


@pytest.fixture
def record_relevance(record_property):
    """Record one backend's score on the relevance set for the summary at the end of the run.

    Kept in the test report's user_properties, which pytest-xdist sends from
    its workers to the process that prints the summary.
    """

    def record(backend, score, out_of, misses):
        record_property(
            RELEVANCE_PROPERTY, {"backend": str(backend), "score": score, "out_of": out_of, "misses": misses}
        )

    return record


def relevance_scores(terminalreporter):
    """The scores recorded in this run, one per backend, in the order the backends are named."""
    scores = {}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == RELEVANCE_PROPERTY:
                    scores[value["backend"]] = value
    return [scores[backend] for backend in sorted(scores)]


def pytest_terminal_summary(terminalreporter):
    """Print "Relevance set: 19/20 on database, 20/20 on opensearch" and each query that missed.

    Under pytest-xdist the process that prints the summary loads only the
    conftest files of the paths it was given, so tests/conftest.py calls this
    too; it prints once however often it is called.
    """
    if terminalreporter.config.stash.get(SUMMARY_WRITTEN, False):
        return
    scores = relevance_scores(terminalreporter)
    if not scores:
        return
    terminalreporter.config.stash[SUMMARY_WRITTEN] = True
    line = ", ".join(f"{score['score']}/{score['out_of']} on {score['backend']}" for score in scores)
    terminalreporter.write_sep("-", f"Relevance set: {line}", bold=True)
    for score in scores:
        for miss in score["misses"]:
            first = ", ".join(f"“{title}”" for title in miss["first"]) or "nothing"
            terminalreporter.write_line(
                f"missed on {score['backend']}: “{miss['query']}” expected “{miss['expected']}”; first: {first}"
            )
