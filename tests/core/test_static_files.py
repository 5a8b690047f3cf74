"""Static files as deployed: collected with hashed names by the production
settings, and light enough that an item page stays under its weight budget."""

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from cms.core.collection import collection_page_models
from tests.conftest import service_missing

STATIC_BUILD = Path(settings.BASE_DIR) / "static_build"
PAGE_WEIGHT_BUDGET = 150 * 1024
# A static import or a bare import in one of our module scripts.
JS_IMPORT = re.compile(r"""^\s*import\s+(?:[^'"]*?\s+from\s+)?["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)


@pytest.fixture(autouse=True)
def front_end_build():
    """Every test here reads the built files. Like a missing server, a missing build
    fails under CI=true and is skipped loudly elsewhere."""
    if not (STATIC_BUILD / "css" / "main.css").exists():
        service_missing("The front-end build", "static_build/ is empty: run `npm run build`")


def test_the_build_ships_every_file_its_stylesheet_and_scripts_name():
    css = (STATIC_BUILD / "css" / "main.css").read_text()
    for url in re.findall(r"url\(\"?(/static/[^\")]+)\"?\)", css):
        assert (STATIC_BUILD / url.removeprefix("/static/")).exists(), url
    for script in STATIC_BUILD.rglob("*.js"):
        for name in re.findall(r"sourceMappingURL=(\S+)", script.read_text()):
            assert (script.parent / name).exists(), f"{script}: {name}"


@pytest.mark.smoke
def test_collectstatic_with_the_production_settings_writes_hashed_compressed_files(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "collectstatic-only-" + "x" * 40,
        "ALLOWED_HOSTS": "example.org",
        # Production refuses anything but PostgreSQL; collectstatic never connects to it.
        "DATABASE_URL": "postgres://commons@db.internal:5432/commons",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ["css/main.css", "js/main.js", "govuk/govuk-frontend.min.js", "govuk/assets/images/favicon.svg"]:
        hashed = paths[name]
        assert re.search(r"\.[0-9a-f]{12}\.", hashed), hashed
        assert (tmp_path / hashed).exists()
    # Whitenoise keeps a compressed copy where compressing saves space (not for the tiny main.js).
    for name in ["css/main.css", "govuk/govuk-frontend.min.js"]:
        assert (tmp_path / f"{paths[name]}.gz").exists(), name
    # Module imports point at the hashed files, so every script can be cached for a long time.
    main_js = (tmp_path / paths["js/main.js"]).read_text()
    assert Path(paths["govuk/govuk-frontend.min.js"]).name in main_js


def static_files_of(html):
    """The stylesheets and scripts a page loads, with the modules its scripts import."""
    soup = BeautifulSoup(html, "html.parser")
    urls = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    files = [STATIC_BUILD / url.removeprefix(settings.STATIC_URL) for url in urls]
    seen, queue = [], list(files)
    while queue:
        file = queue.pop()
        if file in seen:
            continue
        seen.append(file)
        if file.suffix == ".js":
            queue += [(file.parent / name).resolve() for name in JS_IMPORT.findall(file.read_text())]
    return seen


def compressed_weight(client, url):
    """A page's HTML with every stylesheet and script it loads, each gzip-compressed, in bytes."""
    html = client.get(url).content
    files = static_files_of(html.decode())
    return len(gzip.compress(html)) + sum(len(gzip.compress(file.read_bytes())) for file in files), files


@pytest.mark.django_db
def test_every_demo_item_page_with_its_css_and_javascript_is_under_150_kb_compressed(client, demo_content):
    items = [page for model in collection_page_models() for page in model.objects.live()]
    assert {type(page) for page in items} == set(collection_page_models())

    weights = {}
    for page in items:
        weight, files = compressed_weight(client, page.url)
        assert {"main.css", "main.js", "govuk-frontend.min.js"} <= {file.name for file in files}
        weights[page.url] = weight

    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < PAGE_WEIGHT_BUDGET, f"{heaviest}: {weights[heaviest]} bytes"
