"""The search box's suggestions: the pages that have the box load the script,
name the endpoint of their language, and the built files are served.

What the script does in a browser is checked by the browser tests; here is
what can be seen from the server.
"""

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from django.templatetags.static import static
from wagtail.models import Locale

from patterns.factories import PatternIndexPageFactory, PatternPageFactory

SCRIPT = "js/search-autocomplete.js"


@pytest.fixture
def welsh_home_page(home_page):
    welsh = Locale.objects.create(language_code="cy")
    translation = home_page.copy_for_translation(welsh)
    translation.save_revision().publish()
    return translation


def search_form(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    forms = page.select('form[role="search"]')
    assert len(forms) == 1
    return page, forms[0]


def module_scripts(page):
    return [script["src"] for script in page.select('script[type="module"][src]')]


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("page_url", "action", "endpoint"),
    [
        ("/search/", "/search/", "/search/autocomplete/"),
        ("/cy/search/", "/cy/search/", "/cy/search/autocomplete/"),
    ],
)
def test_the_search_page_loads_the_suggestions_in_its_language(client, home_page, page_url, action, endpoint):
    page, form = search_form(client.get(page_url))

    assert form["action"] == action
    assert form["data-autocomplete-url"] == endpoint
    # Without JavaScript the box is a plain input sending q.
    assert form.select_one('input[name="q"]')["id"] == "search-q"
    assert static(SCRIPT) in module_scripts(page)


@pytest.mark.smoke
def test_the_home_page_loads_the_suggestions_in_english(client, home_page):
    page, form = search_form(client.get("/"))

    assert form["action"] == "/search/"
    assert form["data-autocomplete-url"] == "/search/autocomplete/"
    assert static(SCRIPT) in module_scripts(page)


@pytest.mark.smoke
def test_the_welsh_home_page_loads_the_suggestions_in_welsh(client, welsh_home_page):
    page, form = search_form(client.get("/cy/"))

    assert page.html["lang"] == "cy"
    assert form["action"] == "/cy/search/"
    assert form["data-autocomplete-url"] == "/cy/search/autocomplete/"
    assert static(SCRIPT) in module_scripts(page)


@pytest.mark.smoke
def test_the_endpoint_the_page_names_answers_with_suggestions(client, home_page):
    pattern = PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Apply for a parking permit")
    pattern.save_revision().publish()
    _, form = search_form(client.get("/search/"))

    response = client.get(form["data-autocomplete-url"], {"q": "park"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert [(result["title"], result["url"]) for result in response.json()["results"]] == [
        ("Apply for a parking permit", pattern.url)
    ]


@pytest.mark.smoke
def test_the_script_and_the_library_it_imports_are_served(client):
    script_url = static(SCRIPT)
    script = client.get(script_url)
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]

    source = b"".join(script.streaming_content).decode()
    imports = re.findall(r'^import\s+"([^"]+)";', source, flags=re.MULTILINE)
    assert imports == ["../accessible-autocomplete/accessible-autocomplete.min.js"]
    library = client.get(urljoin(script_url, imports[0]))
    assert library.status_code == 200
    assert b"accessibleAutocomplete" in b"".join(library.streaming_content)
    # Served with its source map, which the library names at its end.
    assert client.get(urljoin(script_url, imports[0]) + ".map").status_code == 200


@pytest.mark.smoke
def test_the_stylesheet_carries_the_suggestions_styles(client):
    stylesheet = client.get(static("css/main.css"))

    assert stylesheet.status_code == 200
    css = b"".join(stylesheet.streaming_content)
    assert b".autocomplete__menu" in css
    assert b".fc-search-autocomplete" in css
