from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from search.facets import sync_item_facets
from search.indexing import index_item_task

from . import api_fields as api
from .collection import CollectionItemMixin
from .forms import BasePageForm


def preferring_locale(pages, locale_id):
    """One of `pages` for each translation key, in their order: the version in `locale_id`
    when it is among them, otherwise the first given.

    Synchronised relations (a case study's factory and the patterns it used) point at
    the English pages; a Welsh page lists the Welsh versions of what they link to, and
    a page lists the Welsh and English case studies that link to it only once each.
    """
    pages = list(pages)
    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (page.locale_id == locale_id and current.locale_id != locale_id):
            chosen[page.translation_key] = page
    return [page for page in pages if chosen[page.translation_key] is page]


class PageChange(TranslatableMixin, Orderable):
    """One dated entry in a page's public change log."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="change_log")
    date = models.DateField(default=timezone.localdate, help_text="When the change was made.")
    note = models.CharField(
        max_length=255, help_text="What changed, in a sentence a reader understands, e.g. 'Added research from Leeds'."
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("note")])]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        ordering = ["-date", "sort_order"]
        verbose_name = "change log entry"
        verbose_name_plural = "change log"

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.note}"


class BasePage(CollectionItemMixin, Page):
    """What every public item in the collection shares.

    Translated per language (wagtail-localize's editor, or a PO file): the title,
    summary, search description, change log notes and the item's own text.
    Synchronised from the source language, so the Welsh page always states the
    same facts as the English one: the web address (slug), service areas,
    authorities, licence, owner and review dates. Each page type adds its own
    facts (dates, money, codes, phases, relations) in override_translatable_fields;
    see docs/decisions/0013-welsh-content.md.
    """

    summary = models.TextField(
        max_length=300,
        help_text="One or two plain sentences saying what this is. Shown on cards, in feeds and search "
        "results, and as the page description for search engines (300 characters at most).",
    )
    service_areas = ParentalManyToManyField(
        "taxonomy.ServiceArea",
        blank=True,
        related_name="+",
        help_text="The council services this applies to, from the Local Government Services List.",
    )
    authorities = ParentalManyToManyField(
        "taxonomy.Authority",
        blank=True,
        related_name="+",
        help_text="The councils involved in this work.",
    )
    licence = models.ForeignKey(
        "taxonomy.Licence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The licence others may reuse this under. Leave empty for the site's default, "
        "the Open Government Licence v3.0.",
    )
    content_owner = models.CharField(
        "owner",
        max_length=255,
        blank=True,
        help_text="The team or person who keeps this up to date, e.g. 'Digital team, Leeds City Council'.",
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="When this should next be checked. Readers see a notice once it has passed."
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text="When this was last checked and found correct.")

    # A concrete page type sets its own template; BasePage is never rendered.
    template = None
    # Asks for a change log note when a change to a live page goes live (cms/core/forms.py).
    base_form_class = BasePageForm

    # What the read-only API (/api/v2/pages/) gives of every item: the facts its page shows,
    # not its owner (docs/decisions/0019-api.md). Each page type adds its own.
    api_fields = [
        APIField("summary"),
        APIField("service_areas", serializer=api.many(api.ServiceAreaSerializer)),
        APIField("authorities", serializer=api.many(api.AuthoritySerializer)),
        APIField("licence", serializer=api.LicenceSerializer(allow_null=True)),
        APIField("review_by"),
        APIField("last_reviewed"),
        APIField("change_log", serializer=api.many(api.PageChangeSerializer)),
    ]

    # Page's own fields first, so Wagtail's check (wagtailsearch.W001) finds them; a later entry
    # for the same field wins in the index, which gives the title its collection boost.
    search_fields = [
        *Page.search_fields,
        index.SearchField("title", boost=CollectionItemMixin.TITLE_BOOST),
        index.SearchField("summary", boost=CollectionItemMixin.SUMMARY_BOOST),
        index.RelatedFields("service_areas", [index.SearchField("label", boost=CollectionItemMixin.TAXONOMY_BOOST)]),
        index.SearchField("service_area_labels_in_locale", boost=CollectionItemMixin.TAXONOMY_BOOST),
        index.RelatedFields("authorities", [index.SearchField("name", boost=CollectionItemMixin.TAXONOMY_BOOST)]),
        index.FilterField("locale"),
        index.FilterField("last_published_at"),
        # "facet:value" strings, so the search engine can filter and count facets.
        index.FilterField("facet_keys"),
    ]

    # Anything wagtail-localize would otherwise guess: text is translated, and
    # relations to translatable snippets (the licence) would be swapped for their
    # translations. Facts are synchronised; `overridable=False` where a translator
    # must not give the Welsh page a different one (a URL or a team's name may have
    # a Welsh version, so those can be overridden).
    override_translatable_fields = [
        TranslatableField("summary"),
        TranslatableField("change_log"),
        # One web address in both languages: /patterns/x/ and /cy/patterns/x/, so
        # switching language, facet values (a factory's slug) and feed shortcuts agree.
        SynchronizedField("slug", overridable=False),
        SynchronizedField("service_areas"),
        SynchronizedField("authorities"),
        SynchronizedField("licence", overridable=False),
        SynchronizedField("content_owner"),
        SynchronizedField("review_by"),
        SynchronizedField("last_reviewed"),
    ]

    summary_panels = [FieldPanel("summary")]
    about_panels = [
        MultiFieldPanel(
            [FieldPanel("service_areas"), FieldPanel("authorities"), FieldPanel("licence")],
            heading="What it is about",
        ),
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldRowPanel([FieldPanel("review_by"), FieldPanel("last_reviewed")])],
            heading="Ownership and review",
        ),
        InlinePanel("change_log", heading="Change log", label="change", help_text="Newest first. Readers see these."),
    ]

    class Meta:
        abstract = True

    #: Lookups prefetched for each card in a listing (see prepare_for_cards).
    card_prefetches: ClassVar[tuple] = ()
    #: Related objects selected with each card in a listing.
    card_select_related: ClassVar[tuple] = ()
    #: Long text fields a card does show (the rest are left unread in listings).
    card_text_fields: ClassVar[tuple] = ("summary",)

    # Wagtail's save signal would index the page before its child items and
    # many-to-many choices are stored (ClusterableModel.save() writes them after
    # post_save), so it would index the old ones. BasePage turns that off and
    # indexes itself at the end of save() instead: once, and up to date.
    # Deletions are still taken out of the index (see cms/core/apps.py).
    search_auto_update = False

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        sync_item_facets(self)
        index_item_task.enqueue(self._meta.app_label, self._meta.model_name, str(self.pk))
        return result

    def service_area_labels_in_locale(self):
        """The service areas' labels in this page's language, for search, when that is not English.

        The relation names the English service areas (it is synchronised from the
        English page), whose labels are indexed already; a Welsh page, or the alias
        standing in for one, is found by their Welsh labels as well.
        """
        if self.pk is None or self.locale.language_code == settings.LANGUAGE_CODE:
            return ""
        keys = [area.translation_key for area in self.service_areas.all()]
        translations = self.service_areas.model.objects.filter(locale_id=self.locale_id, translation_key__in=keys)
        return ", ".join(translations.order_by("label").values_list("label", flat=True))

    def facet_keys(self):
        """The item's facet values as "facet:value" strings (see search/engine.py)."""
        return [f"{facet}:{value}" for facet, values in self.facet_values().items() for value in values if value]

    @classmethod
    def prepare_for_cards(cls, queryset):
        """The queryset with what card_facts() reads loaded up front, so any listing
        of this type (an index, search results, feeds) costs a fixed number of queries."""
        return (
            queryset.select_related("licence", *cls.card_select_related)
            .prefetch_related(*cls.card_prefetches)
            .defer(*cls.long_text_fields())
        )

    @classmethod
    def long_text_fields(cls):
        """The type's own long text and body fields, which no card shows: a listing leaves them unread."""
        long_text = (models.TextField, RichTextField, StreamField)
        return [
            field.name
            for field in cls._meta.local_concrete_fields
            if isinstance(field, long_text) and field.name not in cls.card_text_fields
        ]

    #: Nested relations the type's search fields read, prefetched when indexing in bulk.
    index_prefetches: ClassVar[tuple] = ()

    @classmethod
    def get_indexed_objects(cls):
        """What update_index reads, with everything the document needs loaded per chunk.

        Wagtail prefetches no ParentalManyToManyField (authorities, service
        areas), and facet_keys() reads both, so without this each item costs
        several queries: 2 minutes to rebuild 10,000 items instead of under one.
        """
        return (
            super()
            .get_indexed_objects()
            .select_related("licence", "locale")
            .prefetch_related("authorities", "service_areas", *cls.index_prefetches)
        )

    def get_render_prefetches(self):
        """Lookups prefetched before the page renders, so a page costs the same
        number of queries whatever the number of its related items."""
        return ["service_areas", "authorities", "change_log"]

    def prefetch_for_render(self, request):
        """Load every related item the template shows, one query per relation.

        Previews are skipped: their related items are in memory, not in the
        database, and must be shown as the editor left them.
        """
        if getattr(request, "is_preview", False) or self.pk is None:
            return
        prefetch_related_objects([self], *self.get_render_prefetches())

    def get_context(self, request, *args, **kwargs):
        self.prefetch_for_render(request)
        return super().get_context(request, *args, **kwargs)

    def clean(self):
        super().clean()
        if self.review_by and self.last_reviewed and self.review_by < self.last_reviewed:
            raise ValidationError({"review_by": "The review-by date must be after the date it was last reviewed."})

    def get_meta_description(self):
        return self.search_description or self.summary

    @cached_property
    def latest_change(self):
        """The newest change log entry, shown as 'Last updated'; None when there is none."""
        # all() rather than order_by(): it uses the Meta ordering and any prefetched entries.
        entries = list(self.change_log.all())
        return entries[0] if entries else None

    @property
    def is_overdue_for_review(self):
        return bool(self.review_by and self.review_by < timezone.localdate())


class SectionIndexPage(Page):
    """A section's landing page below the home page (patterns, factories, case studies...):
    an introduction, then a listing of the items below it, which each section renders."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="A short introduction under the page title: what readers will find here and how to use it.",
    )

    parent_page_types: ClassVar[list] = ["home.HomePage"]
    # One of each section under a home page (and so one per language).
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    # The section's address is the same in both languages, as its items' are.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta:
        abstract = True
