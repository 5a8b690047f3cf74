"""Adapted service standards, their points, and how each point maps to the standard it was adapted from.

The crosswalk design is recorded in docs/decisions/0004-standards-crosswalk.md.
"""

from collections import Counter

from django import forms
from django.db import models
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import api_fields as api
from cms.core.blocks import BodyStoryBlock
from cms.core.forms import BasePageForm
from cms.core.models import BasePage
from patterns.fields import WebAddressField

from .base import (
    TEXT_FEATURES,
    CollectionIndexPage,
    CollectionItemPage,
    item_edit_handler,
)


class SourceStandard(ClusterableModel):
    """A published standard that standards in the collection are adapted from, such as the GOV.UK Service Standard.

    Reference data, loaded from patterns/data/ by `manage.py load_source_standards`.
    """

    name = models.CharField(
        max_length=255,
        help_text="The standard's published name, for example 'GOV.UK Service Standard'.",
    )
    version = models.CharField(
        max_length=100,
        help_text="Which version, so a crosswalk stays true when the standard changes, for example '2019, 14 points'.",
    )
    url = WebAddressField(
        "web address",
        blank=True,
        help_text="Where the standard is published, for example https://www.gov.uk/service-manual/service-standard.",
    )
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text="Who publishes the standard and under which licence, shown under the crosswalk.",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("version")]),
        FieldPanel("url"),
        FieldPanel("attribution"),
        InlinePanel("points", heading="Points", label="point", help_text="Every point of this version, in order."),
    ]

    class Meta:
        ordering = ["name", "version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="unique_source_standard_version")]

    def __str__(self):
        return f"{self.name} ({self.version})"


class SourceStandardPointManager(models.Manager):
    def get_queryset(self):
        # A point's label names its standard, so the standard always comes with it.
        return super().get_queryset().select_related("source_standard")


class SourceStandardPoint(Orderable):
    """One numbered point of a source standard, with its published title."""

    source_standard = ParentalKey(SourceStandard, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(help_text="The point's number in the source standard.")
    title = models.CharField(max_length=255, help_text="The point's title exactly as the source standard gives it.")

    objects = SourceStandardPointManager()

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("title")])]

    class Meta(Orderable.Meta):
        ordering = ["source_standard", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source_standard", "number"], name="unique_source_standard_point_number")
        ]

    def __str__(self):
        return f"{self.source_standard.name} ({self.source_standard.version}), point {self.number}: {self.title}"

    def as_json(self):
        return {"number": self.number, "title": self.title}


class Relationship(models.TextChoices):
    """How a point of an adapted standard relates to the points of its source standard."""

    EQUIVALENT = "equivalent", _("Equivalent")
    MERGED = "merged", _("Merged")
    SPLIT = "split", _("Split")
    ADDED = "added", _("Added")


#: Source points that no point of the adapted standard maps to. Worked out, never chosen (see the ADR).
REMOVED = "removed"
RELATIONSHIP_LABELS = {**dict(Relationship.choices), REMOVED: _("Removed")}
RELATIONSHIP_HELP = {
    Relationship.EQUIVALENT: _("says the same as one source point"),
    Relationship.MERGED: _("combines two or more source points"),
    Relationship.SPLIT: _("is one of two or more points made from one source point"),
    Relationship.ADDED: _("is new, with no source point"),
    REMOVED: _("a source point this standard does not carry over"),
}


class StandardPoint(TranslatableMixin, Orderable, ClusterableModel):
    """One point of an adapted standard: what it asks, why, and how it is assessed."""

    page = ParentalKey("patterns.ServiceStandardPage", on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(
        help_text="The point's number in this standard. Each point needs its own number."
    )
    title = models.CharField(
        max_length=255, help_text="A short instruction, for example 'Understand users and their needs'."
    )
    why_it_matters = RichTextField(
        features=TEXT_FEATURES, help_text="Why this point matters to the people who use the service."
    )
    what_to_do = RichTextField(features=TEXT_FEATURES, help_text="What a team must do to meet this point.")
    how_assessed = RichTextField(
        "how it is assessed",
        features=TEXT_FEATURES,
        help_text="What assessors look for, and what evidence the team should show.",
    )
    guidance = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Optional: links to guidance, tools and examples that help teams meet this point.",
    )
    relationship = models.CharField(
        "relationship to the source standard",
        max_length=20,
        choices=Relationship.choices,
        default=Relationship.EQUIVALENT,
        help_text="Equivalent: says the same as one source point. Merged: combines two or more source points. "
        "Split: one of two or more points made from one source point. Added: new, with no source point.",
    )
    source_points = ParentalManyToManyField(
        SourceStandardPoint,
        blank=True,
        related_name="+",
        help_text="The points of the source standard this point comes from. Choose none for an added point. "
        "Source points that no point comes from are shown as removed.",
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("why_it_matters"),
        FieldPanel("what_to_do"),
        FieldPanel("how_assessed"),
        FieldPanel("guidance"),
        MultiFieldPanel(
            [FieldPanel("relationship"), FieldPanel("source_points", widget=forms.CheckboxSelectMultiple)],
            heading="Where this point comes from",
        ),
    ]

    # The words are translated; the number and the crosswalk are the same in every language.
    override_translatable_fields = [
        SynchronizedField("number", overridable=False),
        SynchronizedField("relationship"),
        SynchronizedField("source_points"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "standard point"
        verbose_name_plural = "standard points"

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_relationship_help(self):
        return RELATIONSHIP_HELP.get(self.relationship, "")


def _point_label(number):
    return f"Point {number}"


class ServiceStandardPageForm(BasePageForm):
    """Checks the points as a whole: unique numbers, and source points that fit the relationship."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("points")
        if formset is None:
            return cleaned_data
        source_standard = cleaned_data.get("source_standard")
        live_forms = [
            form
            for form in formset.forms
            # Invalid forms already show their own errors; deleted and untouched new forms do not count.
            if form.is_valid() and not formset._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]

        numbers = Counter(form.cleaned_data.get("number") for form in live_forms)
        split_sources = Counter()
        for form in live_forms:
            if form.cleaned_data.get("relationship") == Relationship.SPLIT:
                split_sources.update(point.pk for point in form.cleaned_data.get("source_points") or [])

        for form in live_forms:
            number = form.cleaned_data.get("number")
            if number is not None and numbers[number] > 1:
                form.add_error(
                    "number",
                    f"{_point_label(number)} is used more than once in this standard. Give each point its own number.",
                )
            self._check_sources(form, source_standard, split_sources)
        return cleaned_data

    def _check_sources(self, form, source_standard, split_sources):
        relationship = form.cleaned_data.get("relationship")
        sources = list(form.cleaned_data.get("source_points") or [])
        if source_standard is not None:
            foreign = [point for point in sources if point.source_standard_id != source_standard.pk]
            if foreign:
                form.add_error(
                    "source_points",
                    f"Choose source points from {source_standard}, the standard this one is adapted from. "
                    f"Not from: {'; '.join(str(point) for point in foreign)}.",
                )
                return
        if relationship == Relationship.ADDED and sources:
            form.add_error(
                "source_points", "An added point has no source points. Untick them, or change the relationship."
            )
        elif relationship == Relationship.EQUIVALENT and len(sources) != 1:
            form.add_error("source_points", "An equivalent point comes from exactly one source point. Tick one.")
        elif relationship == Relationship.MERGED and len(sources) < 2:
            form.add_error("source_points", "A merged point combines two or more source points. Tick each of them.")
        elif relationship == Relationship.SPLIT:
            if len(sources) != 1:
                form.add_error("source_points", "A split point comes from exactly one source point. Tick one.")
            elif split_sources[sources[0].pk] < 2:
                form.add_error(
                    "source_points",
                    f"Source point {sources[0].number} is split, so at least two points must come from it "
                    "with the relationship 'Split'. Add the other part, or choose 'Equivalent'.",
                )


class ServiceStandardPage(RoutablePageMixin, CollectionItemPage):
    """A standard adapted from a published one, with its points and a crosswalk back to the source."""

    template = "pages/patterns/service_standard_page.html"
    parent_page_types = ["patterns.StandardIndexPage"]
    subpage_types = []
    base_form_class = ServiceStandardPageForm

    collection_type_label = _("Service standard")
    collection_type_label_plural = _("Service standards")
    collection_count_label = ngettext_lazy("%(count)d service standard", "%(count)d service standards", "count")
    collection_type_key = "standard"

    introduction = StreamField(
        BodyStoryBlock(),
        blank=True,
        help_text="What this standard is for, who must meet it and how it differs from its source.",
    )
    source_standard = models.ForeignKey(
        SourceStandard,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published standard this one is adapted from, with its version. Each point below maps "
        "to its points.",
    )
    crosswalk_notes = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Optional: notes for the crosswalk, for example why source points were removed or merged.",
    )

    content_panels = [
        *Page.content_panels,
        *BasePage.summary_panels,
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("source_standard"), FieldPanel("crosswalk_notes")], heading="Source standard"),
        InlinePanel("points", heading="Points", label="point", help_text="In the order readers should see them."),
    ]
    edit_handler = item_edit_handler(content_panels)

    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("source_standard", overridable=False),
    ]

    # The points carry the crosswalk: each point's relationship to its source points.
    api_fields = [
        *BasePage.api_fields,
        APIField("introduction"),
        APIField("source_standard", serializer=api.SourceStandardSerializer()),
        APIField("crosswalk_notes", serializer=api.RichTextHTMLField()),
        APIField("points", serializer=api.many(api.StandardPointSerializer)),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.RelatedFields(
            "points",
            [
                index.SearchField("title"),
                index.SearchField("why_it_matters"),
                index.SearchField("what_to_do"),
                index.SearchField("how_assessed"),
                index.SearchField("guidance"),
            ],
        ),
        index.RelatedFields("source_standard", [index.SearchField("name")]),
    ]

    card_select_related = ("source_standard",)

    class Meta:
        verbose_name = "service standard"
        verbose_name_plural = "service standards"

    @classmethod
    def prepare_for_cards(cls, queryset):
        return super().prepare_for_cards(queryset).annotate(point_count=Count("points", distinct=True))

    @cached_property
    def point_count(self):
        return len(self.points.all())

    def card_facts(self):
        return [
            (gettext("Based on"), str(self.source_standard)),
            (gettext("Points"), str(self.point_count)),
        ]

    def get_render_prefetches(self):
        source_points = Prefetch("source_points", queryset=SourceStandardPoint.objects.order_by("number"))
        return [
            *super().get_render_prefetches(),
            Prefetch("points", queryset=StandardPoint.objects.prefetch_related(source_points)),
        ]

    def prefetch_for_render(self, request):
        super().prefetch_for_render(request)
        if getattr(request, "is_preview", False) or self.pk is None:
            return
        # The source standard comes with its points (one query, not two).
        source_points = list(SourceStandardPoint.objects.filter(source_standard_id=self.source_standard_id))
        if source_points:
            self.source_standard = source_points[0].source_standard
        self._source_points = source_points

    def get_source_points(self):
        """Every point of the source standard, in number order."""
        if not hasattr(self, "_source_points"):
            self._source_points = list(self.source_standard.points.order_by("number"))
        return self._source_points

    def crosswalk(self):
        """The crosswalk as rows: each point with its source points, then each source point left out.

        The page's table and crosswalk.json are both made from this, in one order.
        """
        rows = []
        mapped = set()
        for point in self.points.all():
            sources = sorted(point.source_points.all(), key=lambda source: source.number)
            mapped.update(source.pk for source in sources)
            rows.append(
                {
                    "point": point,
                    "relationship": point.relationship,
                    "relationship_label": RELATIONSHIP_LABELS.get(point.relationship, point.relationship),
                    "source_points": sources,
                }
            )
        for source in self.get_source_points():
            if source.pk not in mapped:
                rows.append(
                    {
                        "point": None,
                        "relationship": REMOVED,
                        "relationship_label": RELATIONSHIP_LABELS[REMOVED],
                        "source_points": [source],
                    }
                )
        return rows

    def crosswalk_json(self, request=None):
        source = self.source_standard
        return {
            "standard": {
                "title": self.title,
                "url": self.get_full_url(request),
                "language": self.locale.language_code,
            },
            "source_standard": {"name": source.name, "version": source.version, "url": source.url},
            "relationships": {key: RELATIONSHIP_HELP[key] for key in RELATIONSHIP_LABELS},
            "rows": [
                {
                    "point": ({"number": row["point"].number, "title": row["point"].title} if row["point"] else None),
                    "relationship": row["relationship"],
                    "source_points": [source_point.as_json() for source_point in row["source_points"]],
                }
                for row in self.crosswalk()
            ],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["crosswalk"] = self.crosswalk()
        return context

    # Wagtail routes "<page url>crosswalk.json" here as "crosswalk.json/" (see patterns/urls.py);
    # reversing gives the address without the slash.
    @re_path(r"^crosswalk\.json/?$", name="crosswalk_json")
    def crosswalk_json_view(self, request):
        self.prefetch_for_render(request)
        return JsonResponse(
            self.crosswalk_json(request),
            json_dumps_params={"ensure_ascii": False, "indent": 2},
            content_type="application/json; charset=utf-8",
        )


class StandardIndexPage(CollectionIndexPage):
    """The standards section: every live adapted standard, as cards."""

    template = "pages/patterns/standard_index_page.html"
    subpage_types = ["patterns.ServiceStandardPage"]
    item_model = ServiceStandardPage

    class Meta:
        verbose_name = "standard index"
