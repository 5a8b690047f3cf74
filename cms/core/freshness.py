"""Which items are due or overdue for review, for the admin report and dashboard panel.

Every concrete page type built on BasePage has an owner and a review-by date.
They are read here in one query over wagtailcore's page table, each type's
date brought in by a subquery, so the report can sort, paginate and export it
like any other Wagtail listing.
"""

import datetime

from django.apps import apps
from django.db.models import DateField, OuterRef, Subquery, TextField
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

#: Items due for review within this many days are listed with the overdue ones.
DUE_SOON_DAYS = 30


def reviewed_page_models():
    """Every concrete page model that inherits BasePage's owner and review dates."""
    from .models import BasePage

    return [model for model in apps.get_models() if issubclass(model, BasePage) and not model._meta.abstract]


def due_by(today=None, days=DUE_SOON_DAYS):
    """The last review-by date that counts as due: `days` days from today."""
    return (today or timezone.localdate()) + datetime.timedelta(days=days)


def review_due_pages(today=None, days=DUE_SOON_DAYS):
    """Live items whose review-by date has passed or falls within `days` days, soonest first.

    Each page carries `review_by` and `content_owner` annotations, read from its own type's table.
    """
    last_date = due_by(today, days)
    models = reviewed_page_models()
    if not models:
        return Page.objects.none()

    def field_of_page(field, output_field):
        values = [
            Subquery(model.objects.filter(pk=OuterRef("pk")).values(field)[:1], output_field=output_field)
            for model in models
        ]
        return Coalesce(*values, output_field=output_field) if len(values) > 1 else values[0]

    return (
        Page.objects.live()
        .annotate(
            review_by=field_of_page("review_by", DateField()),
            content_owner=field_of_page("content_owner", TextField()),
        )
        .filter(review_by__isnull=False, review_by__lte=last_date)
        .select_related("locale", "content_type")
        .order_by("review_by", "title", "pk")
    )


def is_overdue(review_by, today=None):
    return review_by < (today or timezone.localdate())
