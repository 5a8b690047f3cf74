"""Queries over the whole collection, whatever the item types."""

from django.db.models import Q
from wagtail.models import Locale, Page

from cms.taxonomy.models import ServiceArea

from .collection import collection_page_models


def live_items(locale=None):
    """Live, public collection items (any type) in a locale, as a Page queryset."""
    return Page.objects.live().public().type(*collection_page_models()).filter(locale=locale or Locale.get_active())


def item_ids_in_service_area(slug):
    """Ids of items of any type tagged with the service area `slug`, as one subquery."""
    condition = Q(pk__in=[])
    for model in collection_page_models():
        condition |= Q(pk__in=model.objects.filter(service_areas__slug=slug).values("pk"))
    return Page.objects.filter(condition).values("pk")


def service_areas_in_use(locale=None):
    """Service areas that at least one live item in the locale is tagged with, in one query."""
    items = live_items(locale).values("pk")
    condition = Q(pk__in=[])
    for model in collection_page_models():
        condition |= Q(pk__in=model.objects.filter(pk__in=items).values("service_areas"))
    return ServiceArea.objects.filter(condition)
