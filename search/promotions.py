"""Results that editors promote for a query (Wagtail's search promotions), on every backend."""

from dataclasses import dataclass

from django.core.cache import cache
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string


@dataclass
class Promotion:
    title: str
    url: str
    description: str
    #: The promoted page in the reader's language, or None for a link elsewhere.
    page: object = None


PROMOTED_QUERIES_CACHE_KEY = "search:promoted-queries"
PROMOTED_QUERIES_CACHE_SECONDS = 300


def promoted_query_strings():
    """Every query editors promote results for (normalised), from the cache.

    Most searches have no promotions; they then cost no query. Saving or
    deleting a promotion clears the cache (forget_promoted_queries).
    """
    return cache.get_or_set(
        PROMOTED_QUERIES_CACHE_KEY,
        lambda: frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True)),
        PROMOTED_QUERIES_CACHE_SECONDS,
    )


def forget_promoted_queries(**kwargs):
    """Clear the cached promoted queries (connected to saving and deleting a promotion or its query)."""
    cache.delete(PROMOTED_QUERIES_CACHE_KEY)


def promotions_for(text, locale, request=None):
    """What editors promote for `text`, in their order: live pages (in `locale` where translated) and links."""
    query_string = normalise_query_string(text)
    if query_string not in promoted_query_strings():
        return []
    promotions = (
        SearchPromotion.objects.filter(query__query_string=query_string)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    found = []
    for promotion in promotions:
        if promotion.page_id is None:
            found.append(Promotion(promotion.external_link_text, promotion.external_link_url, promotion.description))
            continue
        page = promotion.page.get_translation_or_none(locale) or promotion.page
        if page.live and page.locale_id == locale.pk:
            page = page.specific
            found.append(Promotion(page.title, page.get_url(request), promotion.description, page=page))
    return found
