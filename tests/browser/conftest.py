"""A live server holding the demo content, a real Chromium, and axe-core.

The browser tests drive Debian's Chromium (/usr/bin/chromium) with Playwright;
they never use a browser Playwright downloads. Like PostgreSQL and OpenSearch
(tests/conftest.py), a missing Chromium fails the run under CI=true and skips
the tests loudly elsewhere.

Loading the demo takes a while, so the browser tests share the one copy the tests
that read the demo share (`demo_content`, tests/conftest.py): loaded once into the
test database, outside any test transaction, and served here by one live server.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from pytest_django.live_server_helper import LiveServer

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# WCAG 2.2 A and AA: axe files the criteria by the version that introduced them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"narrow": 375, "wide": 1280}
INSTALL_CHROMIUM = "apt-get install chromium (tools/test.sh does it when run as root)"


def browser_problem():
    """Why the browser tests cannot run, or None when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}; install it with: {INSTALL_CHROMIUM}"
    if not AXE_SCRIPT.exists():
        return f"no axe-core at {AXE_SCRIPT}; install it with: npm ci --ignore-scripts"
    try:
        import playwright.sync_api  # noqa: F401 - only checks that it is installed
    except ImportError:
        return "the playwright package is not installed; install it with: make deps"
    return None


def pytest_collection_modifyitems(items):
    # Skip before any fixture runs, so that a run without Chromium does not load the demo.
    problem = browser_problem()
    if problem and not IN_CI:
        here = Path(__file__).parent
        for item in items:
            if item.path.is_relative_to(here):
                item.add_marker(pytest.mark.skip(reason=f"Chromium missing: {problem}"))


def require_browser():
    """Fails under CI=true, and skips elsewhere, when the browser tests cannot run."""
    problem = browser_problem()
    if problem:
        # The same words tests/conftest.py's summary line looks for.
        if IN_CI:
            pytest.fail(f"Chromium is required under CI=true: {problem}", pytrace=False)
        pytest.skip(f"Chromium missing: {problem}")


@pytest.fixture(autouse=True)
def _require_browser():
    require_browser()


class DemoSite:
    def __init__(self, url, paths, item_paths):
        self.url = url
        self.paths = paths
        self.item_paths = item_paths


def demo_paths():
    """The path of each page the browser tests visit, by name, and the paths of all the items."""
    from casestudies.models import CaseStudyPage, FactoryPage
    from cms.core.models import BasePage, SectionIndexPage
    from cms.home.models import HomePage
    from patterns.models import MethodPage, PatternPage, ServiceStandardPage

    home = HomePage.objects.live().first()
    paths = {"home": home.url}
    for index in home.get_children().live().specific():
        if isinstance(index, SectionIndexPage):
            paths[f"index-{index.slug}"] = index.url
    for model in (PatternPage, ServiceStandardPage, MethodPage, FactoryPage, CaseStudyPage):
        paths[model._meta.model_name] = model.objects.live().order_by("path").first().url
    item_paths = {page.url for page in home.get_descendants().live().specific() if isinstance(page, BasePage)}
    paths.update(welsh_paths(paths))
    return paths, item_paths


def welsh_paths(english_paths):
    """The Welsh version of each English page visited, as "cy-<name>"; for pattern pages,
    one translated ("cy-patternpage") and one not yet translated ("cy-patternpage-untranslated")."""
    from wagtail.models import Locale, Page

    from patterns.models import PatternPage

    welsh = Locale.objects.get(language_code="cy")
    english_pages = {page.url: page for page in Page.objects.live().filter(locale=Locale.get_default())}
    paths = {}
    for name, path in english_paths.items():
        version = english_pages[path].get_translation_or_none(welsh)
        if version is not None and version.live:
            paths[f"cy-{name}"] = version.url
    welsh_patterns = PatternPage.objects.live().filter(locale=welsh).order_by("path")
    paths["cy-patternpage"] = welsh_patterns.filter(alias_of__isnull=True).first().url
    paths["cy-patternpage-untranslated"] = welsh_patterns.filter(alias_of__isnull=False).first().url
    return paths


@pytest.fixture(autouse=True)
def _on_the_browser_worker(request):
    """With `--dist loadgroup` every browser test must run on one worker (group "demo"), or each loads the demo.

    pytest-xdist marks a grouped test by adding "@group" to its id; a pytest it
    does not work with ignores that silently (pytest 9.2 did), so it is checked here.
    """
    if getattr(request.config.option, "loadgroup", False) and not request.node.nodeid.endswith("@demo"):
        pytest.fail("the browser tests were not grouped on one worker: check the pytest and pytest-xdist versions")


@pytest.fixture(scope="package")
def demo_site(demo_content, django_db_blocker):
    """A live server holding the demo content: its base URL and the paths of the pages to visit."""
    require_browser()
    with django_db_blocker.unblock():
        paths, item_paths = demo_paths()
        server = LiveServer("localhost")
        try:
            yield DemoSite(server.url, paths, item_paths)
        finally:
            server.stop()


@pytest.fixture(scope="package")
def browser(demo_site):
    """Chromium, started after the demo is loaded and closed before it is removed.

    The tests ask the database nothing while the browser runs (Playwright's event
    loop would make Django keep a second connection); what they need to know of
    the demo comes from demo_site.
    """
    require_browser()
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread, which Django
    # takes for an async context; the database calls here are all synchronous.
    mp = pytest.MonkeyPatch()
    mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
            yield chromium
            chromium.close()
            # While Playwright's loop runs, Django keeps the tests' connection apart
            # from this thread's usual one; close it here, or the test database
            # cannot be dropped at the end of the run.
            connections.close_all()
    finally:
        mp.undo()


@pytest.fixture
def page(browser):
    """A fresh browser context for each test: no cookies or history carried over."""
    context = browser.new_context(viewport={"width": WIDTHS["wide"], "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page):
    """Runs axe-core on the page at the WCAG 2.2 A/AA levels and returns its violations."""
    # Evaluated by the browser's debugging channel, which the page's Content-Security-Policy
    # does not govern: a <script> tag added to the page would be blocked, having no nonce.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations):
    """What a person fixing the page needs: the rule, why, and where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def screenshot(page, name, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
