"""Results that editors promote for a query (Wagtail's search promotions), on every backend."""

from dataclasses import dataclass

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string


@dataclass
class Promotion:
    title: str
    url: str
    description: str
    #: The promoted page in the reader's language, or None for a link elsewhere.
    page: object = None


def promotions_for(text, locale, request=None):
    """What editors promote for `text`, in their order: live pages (in `locale` where translated) and links."""
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text))
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
