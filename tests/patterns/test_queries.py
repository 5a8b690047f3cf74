"""Each page type costs the same few queries to render whether it has 2 related items or 20.

"Render" is what happens after Wagtail's router hands the page over: the
page's serve(), its context and its template. Routing (finding the site and
walking down the tree) is Wagtail's fixed cost and is left out; the full
request is still checked to cost the same at both sizes.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from patterns.factories import (
    MethodPageFactory,
    MethodTemplateDownloadFactory,
    PatternExampleFactory,
    PatternPageFactory,
    RelatedPatternFactory,
    ServiceStandardPageFactory,
    SourceStandardFactory,
)
from patterns.models import MethodPage, ServiceStandardPage

from .utils import add_change_log, make_authorities, make_service_areas

# Includes one query for the page's versions in other languages (the language switcher and hreflang links).
MAX_RENDER_QUERIES = 11
SIZES = (2, 20)


def tag(page, size, licence):
    """Give the page `size` service areas, authorities and change log entries, and a licence."""
    page.service_areas.set(make_service_areas(size, start=10000 + page.pk * 100))
    page.authorities.set(make_authorities(size, start=100000 + page.pk * 100))
    page.licence = licence
    page.save()
    add_change_log(page, size)
    return page


def render_queries(client, page):
    """(queries to render the page as the router hands it over, queries for the whole request)."""
    url = page.url
    client.get(url)  # warm caches that are not the page's own: templates, site root paths

    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    Site.find_for_request(request)  # the router has already found the site
    fresh = Page.objects.get(pk=page.pk).specific
    with CaptureQueriesContext(connection) as rendering:
        response = fresh.serve(request)
        response.render()
    assert response.status_code == 200

    with CaptureQueriesContext(connection) as whole_request:
        assert client.get(url).status_code == 200
    return len(rendering), len(whole_request)


def make_pattern(index, size, licence):
    page = tag(PatternPageFactory(parent=index), size, licence)
    for authority in page.authorities.all():
        PatternExampleFactory(page=page, authority=authority)
    for _ in range(size):
        RelatedPatternFactory(page=page, pattern=PatternPageFactory(parent=index))
    return page


def make_standard(index, size, licence):
    source = SourceStandardFactory(points=size)
    return tag(ServiceStandardPageFactory(parent=index, source_standard=source, points=size), size, licence)


def make_method(index, size, licence):
    page = tag(MethodPageFactory(parent=index, steps=size), size, licence)
    for _ in range(size):
        MethodTemplateDownloadFactory(page=page)
    return page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "index_fixture"),
    [(make_pattern, "pattern_index"), (make_standard, "standard_index"), (make_method, "method_index")],
    ids=["pattern", "standard", "method"],
)
def test_item_page_queries_do_not_grow_with_related_items(client, request, licence, make, index_fixture):
    index = request.getfixturevalue(index_fixture)
    counts = {size: render_queries(client, make(index, size, licence)) for size in SIZES}

    small, large = counts[SIZES[0]], counts[SIZES[1]]
    assert large == small, counts
    assert small[0] <= MAX_RENDER_QUERIES, counts


@pytest.mark.django_db
def test_crosswalk_json_queries_do_not_grow_with_points(client, standard_index, licence):
    counts = []
    for size in SIZES:
        page = make_standard(standard_index, size, licence)
        client.get(page.url + "crosswalk.json")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url + "crosswalk.json").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def make_child(index, licence):
    """One item under the index, as its card sees it: tagged, with a licence and (for a standard) points."""
    if index.specific_class.item_model is ServiceStandardPage:
        page = ServiceStandardPageFactory(parent=index, source_standard=SourceStandardFactory(points=3), points=3)
    elif index.specific_class.item_model is MethodPage:
        page = MethodPageFactory(parent=index, steps=2)
    else:
        page = PatternPageFactory(parent=index)
    return tag(page, 2, licence)


@pytest.mark.django_db
@pytest.mark.parametrize("index_fixture", ["pattern_index", "standard_index", "method_index"])
def test_index_page_queries_do_not_grow_with_children(client, request, licence, index_fixture):
    index = request.getfixturevalue(index_fixture)
    counts = {}
    for size in SIZES:
        while index.get_children().count() < size:
            make_child(index, licence)
        counts[size] = render_queries(client, index)

    small, large = counts[SIZES[0]], counts[SIZES[1]]
    assert large == small, counts
    assert small[0] <= MAX_RENDER_QUERIES, counts
