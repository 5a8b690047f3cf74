"""The cards of collection items in search results, kept ready to show (ItemCard).

A card shows an item's type, title (linking to it), summary and key facts
(card_facts()), and in search results the councils behind it. Making one
needs the item loaded as a page of its own type with its related objects:
for 20 results of four types that took about 45 ms of a 70 ms search page.
Search results read their items' stored cards in one query instead, and
make and store only those missing (the first search to show an item).

A stored card is used only while it is current:
- it is deleted when its page is saved (published, unpublished, or changed
  without a revision), when the site's addresses change, when the source
  standard a service standard is based on changes, and when a deployment
  migrates the database (the code that makes cards may have changed);
- it is not used when the page's live revision or url_path (which changes
  when a page above it is renamed or moved) differs from the one it was made
  from, so a card made while its page was being published is not shown;
- it is made again when it was made in another language or with other
  translations (card_edition).
The councils are read from the facet table at each search, so a renamed
council shows at once.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.models import F, Q
from django.utils.translation import get_language

from .facets import councils_by_page
from .models import ItemCard


@dataclass
class Card:
    """What the card of one collection item shows (rendered by the item_card template tag)."""

    pk: int
    type_label: str
    url: str
    title: str
    summary: str
    #: [(label, value), ...]: the item's card_facts().
    facts: list
    #: The names of the councils behind the item, where the listing shows them.
    councils: list = field(default_factory=list)

    @classmethod
    def of_page(cls, page, request=None, with_councils=False):
        """The card of `page`, a collection item of its own type (see BasePage.prepare_for_cards)."""
        return cls(
            pk=page.pk,
            type_label=str(page.collection_type_label),
            url=page.get_url(request=request) or "",
            title=page.title,
            summary=page.summary,
            facts=[(str(label), str(value)) for label, value in page.card_facts()],
            councils=page.card_councils if with_councils else [],
        )


@functools.cache
def _catalogue_digest(language):
    """A digest of what translates a card's words into `language`: this project's catalogue and Django's version."""
    digest = hashlib.sha256(django.get_version().encode())
    for directory in settings.LOCALE_PATHS:
        catalogue = Path(directory) / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


def card_edition():
    """The current language and its translations, as stored with each card made in them."""
    language = get_language() or settings.LANGUAGE_CODE
    return f"{language}:{_catalogue_digest(language)}"


def current_cards(page_ids, edition):
    """The stored cards of `page_ids` that are still current (see the module's docstring)."""
    same_revision = Q(live_revision=F("page__live_revision_id")) | Q(
        live_revision__isnull=True, page__live_revision__isnull=True
    )
    return ItemCard.objects.filter(same_revision, page_id__in=page_ids, edition=edition, url_path=F("page__url_path"))


def cards_for(page_ids, table=None):
    """The cards of the live items with `page_ids`, in that order, with their councils.

    Reads the stored ones; makes, stores and returns the rest. The councils come
    from the facet table (`table`: one this search has read already).
    """
    from .query import load_items  # search/query.py uses this module

    if not page_ids:
        return []
    edition = card_edition()
    stored = {row.page_id: row for row in current_cards(page_ids, edition)}
    missing = [pk for pk in page_ids if pk not in stored]
    if missing:
        made = [_stored_card(page, edition) for page in load_items(missing)]
        ItemCard.objects.bulk_create(made, update_conflicts=True, unique_fields=["page"], update_fields=STORED_FIELDS)
        stored.update((row.page_id, row) for row in made)
    councils = councils_by_page(page_ids, table)
    return [
        Card(
            pk=pk,
            facts=[tuple(fact) for fact in row.facts],
            councils=councils.get(pk, []),
            **{name: getattr(row, name) for name in TEXT_FIELDS},
        )
        for pk in page_ids
        if (row := stored.get(pk)) is not None
    ]


#: What a Card and an ItemCard both hold as text.
TEXT_FIELDS = ("type_label", "url", "title", "summary")
STORED_FIELDS = ["edition", *TEXT_FIELDS, "facts", "live_revision", "url_path"]


def _stored_card(page, edition):
    # Without a request: the page's own address (relative when there is one site, complete otherwise).
    card = Card.of_page(page)
    return ItemCard(
        page_id=page.pk,
        edition=edition,
        facts=[list(fact) for fact in card.facts],
        live_revision=page.live_revision_id,
        url_path=page.url_path,
        **{name: getattr(card, name) for name in TEXT_FIELDS},
    )


def forget_page_card(sender, instance, **kwargs):
    """Delete the stored card of a page that was saved (connected to every page type's post_save)."""
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.pk is not None:
        ItemCard.objects.filter(page_id=instance.pk).delete()


def forget_all_cards(**kwargs):
    """Delete every stored card (the site's addresses changed)."""
    ItemCard.objects.all().delete()


def forget_cards_after_migrating(using, **kwargs):
    """Delete every stored card after `migrate`: a deployment may have changed the code that makes them."""
    connection = connections[using]
    if ItemCard._meta.db_table in connection.introspection.table_names():  # not after unapplying search's migrations
        ItemCard.objects.using(using).all().delete()


def forget_cards_based_on(sender, instance, **kwargs):
    """Delete the cards of the service standards based on a source standard that changed."""
    from patterns.models import ServiceStandardPage

    ItemCard.objects.filter(
        page_id__in=ServiceStandardPage.objects.filter(source_standard=instance).values("pk")
    ).delete()


def connect_signals(app_config):
    from django.db.models.signals import post_delete, post_migrate, post_save
    from wagtail.models import Site

    from patterns.models import SourceStandard

    post_save.connect(forget_page_card, dispatch_uid="item-cards-page-saved")
    for signal in (post_save, post_delete):
        signal.connect(forget_all_cards, sender=Site, dispatch_uid=f"item-cards-site-{signal}")
    post_save.connect(forget_cards_based_on, sender=SourceStandard, dispatch_uid="item-cards-source-standard")
    post_migrate.connect(forget_cards_after_migrating, sender=app_config, dispatch_uid="item-cards-migrated")
