"""Methods: ways of working that a team can pick up and follow, step by step."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import api_fields as api
from cms.core.models import BasePage

from .base import TEXT_FEATURES, CollectionIndexPage, CollectionItemPage, item_edit_handler


class MethodStep(TranslatableMixin, Orderable):
    """One step of a method, in the order a team follows them."""

    page = ParentalKey("patterns.MethodPage", on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(
        max_length=255, help_text="What to do, as a short instruction, for example 'Map the journey'."
    )
    detail = RichTextField(features=TEXT_FEATURES, help_text="How to do this step, and what to watch out for.")
    duration = models.CharField(
        max_length=100,
        blank=True,
        help_text="Optional: roughly how long this step takes, for example '2 hours' or '1 to 2 days'.",
    )

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("duration")]), FieldPanel("detail")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "step"
        verbose_name_plural = "steps"

    def __str__(self):
        return self.title


class MethodTemplateDownload(TranslatableMixin, Orderable):
    """A template a team can download and fill in while following the method."""

    page = ParentalKey("patterns.MethodPage", on_delete=models.CASCADE, related_name="template_downloads")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The file to download, for example a workshop plan or a spreadsheet.",
    )
    label = models.CharField(
        max_length=255,
        help_text="What the file is, as readers will see it, for example 'Journey map template'.",
    )

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("document")])]

    # The label is translated; the file is the same unless a translator chooses its Welsh version.
    override_translatable_fields = [SynchronizedField("document")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "template to download"
        verbose_name_plural = "templates to download"

    def __str__(self):
        return self.label


class MethodPage(CollectionItemPage):
    """A way of working: its purpose, when to use it, its steps, who is needed, and what it produces."""

    template = "pages/patterns/method_page.html"
    parent_page_types = ["patterns.MethodIndexPage"]
    subpage_types = []

    collection_type_label = _("Method")
    collection_type_label_plural = _("Methods")
    collection_count_label = ngettext_lazy("%(count)d method", "%(count)d methods", "count")
    collection_type_key = "method"

    purpose = RichTextField(
        features=TEXT_FEATURES, help_text="What the method is for and what it helps a team decide."
    )
    when_to_use = RichTextField(
        features=TEXT_FEATURES,
        help_text="When in a project to use it, for example 'In discovery, before any design work'.",
    )
    roles = RichTextField(
        "roles needed",
        features=TEXT_FEATURES,
        blank=True,
        help_text="Who takes part and what each person does, for example 'a facilitator and two frontline staff'.",
    )
    time_needed = models.CharField(
        max_length=100,
        help_text="How long the whole method takes, for example 'Half a day' or '2 weeks, part time'. "
        "Shown on the method's card.",
    )
    outputs = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="What the team has at the end, for example 'a prioritised list of user needs'.",
    )

    content_panels = [
        *Page.content_panels,
        *BasePage.summary_panels,
        FieldPanel("purpose"),
        FieldPanel("when_to_use"),
        MultiFieldPanel([FieldPanel("time_needed"), FieldPanel("roles")], heading="Roles and time needed"),
        InlinePanel("steps", heading="Steps", label="step", help_text="In the order a team follows them."),
        InlinePanel(
            "template_downloads",
            heading="Templates to download",
            label="template",
            help_text="Files a team can download and fill in.",
        ),
        FieldPanel("outputs"),
    ]
    edit_handler = item_edit_handler(content_panels)

    api_fields = [
        *BasePage.api_fields,
        APIField("purpose", serializer=api.RichTextHTMLField()),
        APIField("when_to_use", serializer=api.RichTextHTMLField()),
        APIField("roles", serializer=api.RichTextHTMLField()),
        APIField("time_needed"),
        APIField("outputs", serializer=api.RichTextHTMLField()),
        APIField("steps", serializer=api.many(api.MethodStepSerializer)),
        APIField("template_downloads", serializer=api.many(api.TemplateDownloadSerializer)),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("purpose"),
        index.SearchField("when_to_use"),
        index.SearchField("roles"),
        index.SearchField("outputs"),
        index.RelatedFields("steps", [index.SearchField("title"), index.SearchField("detail")]),
    ]

    class Meta:
        verbose_name = "method"
        verbose_name_plural = "methods"

    def card_facts(self):
        return [(gettext("Time needed"), self.time_needed)] if self.time_needed else []

    def get_render_prefetches(self):
        return [
            *super().get_render_prefetches(),
            "steps",
            Prefetch("template_downloads", queryset=MethodTemplateDownload.objects.select_related("document")),
        ]


class MethodIndexPage(CollectionIndexPage):
    """The methods section: every live method, as cards."""

    template = "pages/patterns/method_index_page.html"
    subpage_types = ["patterns.MethodPage"]
    item_model = MethodPage

    class Meta:
        verbose_name = "method index"
