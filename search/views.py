from django.core.paginator import Paginator
from django.shortcuts import render

from cms.core.queries import item_ids_in_service_area, live_items
from cms.taxonomy.models import ServiceArea

MAX_QUERY_LENGTH = 255
RESULTS_PER_PAGE = 20


def search(request):
    """Free-text search across every live collection item in the current language.

    A first, plain version (free text and one service area); the collection
    query with all its filters and facets replaces it.
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    area = ServiceArea.objects.filter(slug=request.GET.get("area", "")).first()
    # specific() loads each type's fields with one query per type, not one per result.
    items = live_items().specific()
    if area:
        items = items.filter(pk__in=item_ids_in_service_area(area.slug))
    if query:
        results = items.search(query)
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
