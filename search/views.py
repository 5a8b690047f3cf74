import re

from django.core.paginator import Paginator
from django.shortcuts import render

from cms.core.queries import item_ids_in_service_area, live_items
from cms.taxonomy.models import ServiceArea

MAX_QUERY_LENGTH = 255
RESULTS_PER_PAGE = 20
NOT_A_WORD_CHARACTER = re.compile(r"[^\w]+")


def words_of(text):
    """The words of a query, as plain text for any backend.

    Punctuation means nothing to a plain word search, and some of it
    (quotes, brackets, operators) is syntax to a backend's own query
    parser: SQLite's full-text search fails on a lone apostrophe.
    """
    return " ".join(NOT_A_WORD_CHARACTER.sub(" ", text).split())


def search(request):
    """Free-text search across every live collection item in the current language.

    A first, plain version (free text and one service area); the collection
    query with all its filters and facets replaces it.
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    words = words_of(query)
    area = ServiceArea.objects.filter(slug=request.GET.get("area", "")).first()
    # specific() loads each type's fields with one query per type, not one per result.
    items = live_items().specific()
    if area:
        items = items.filter(pk__in=item_ids_in_service_area(area.slug))
    if words:
        results = items.search(words)
    elif area:
        results = items.order_by("title")
    else:
        results = items.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "area": area,
            "results": page,
            "items": list(page),
        },
    )
