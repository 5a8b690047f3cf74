"""Open design patterns: a reusable answer to a common problem in council services."""

import re

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import api_fields as api
from cms.core.blocks import BodyStoryBlock
from cms.core.forms import BasePageForm
from cms.core.models import BasePage
from patterns.fields import WebAddressField

from .base import TEXT_FEATURES, CollectionIndexPage, CollectionItemPage, item_edit_handler


class PatternStatus(models.TextChoices):
    TRIAL = "trial", _("Trial")
    STABLE = "stable", _("Stable")
    RETIRED = "retired", _("Retired")


# GOV.UK Frontend tag colours for each status.
STATUS_TAG_CLASSES = {
    PatternStatus.TRIAL: "govuk-tag--yellow",
    PatternStatus.STABLE: "govuk-tag--green",
    PatternStatus.RETIRED: "govuk-tag--grey",
}

ALIAS_SEPARATORS = re.compile(r"[,\n;]+")


def split_aliases(text):
    """The separate aliases in a comma-, semicolon- or line-separated text, without blanks or repeats."""
    seen = {}
    for alias in ALIAS_SEPARATORS.split(text or ""):
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in seen:
            seen[alias.casefold()] = alias
    return list(seen.values())


class PatternPageForm(BasePageForm):
    """Checks the related patterns as a whole: not the pattern itself, and each one once."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("related_pattern_links")
        if formset is None:
            return cleaned_data
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or formset._should_delete_form(form):
                continue
            related = form.cleaned_data.get("pattern")
            if related is None:
                continue
            if self.instance.pk and related.pk == self.instance.pk:
                form.add_error("pattern", "A pattern cannot be related to itself. Choose a different pattern.")
            elif related.pk in seen:
                form.add_error("pattern", f"“{related.title}” is already listed. Remove the repeat.")
            seen.add(related.pk)
        return cleaned_data


class PatternExample(TranslatableMixin, Orderable):
    """A live council service that uses the pattern."""

    page = ParentalKey("patterns.PatternPage", on_delete=models.CASCADE, related_name="examples")
    authority = models.ForeignKey(
        "taxonomy.Authority",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council whose live service uses this pattern.",
    )
    url = WebAddressField(
        "web address",
        help_text="The page of the live service where the pattern can be seen, "
        "for example https://www.example.gov.uk/bin-day.",
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Optional: what to look at, or how this council adapted the pattern.",
    )

    panels = [FieldRowPanel([FieldPanel("authority"), FieldPanel("url")]), FieldPanel("note")]

    # The note is translated. The council is a fact; the address can be overridden
    # with the Welsh version of the council's page.
    override_translatable_fields = [
        SynchronizedField("authority", overridable=False),
        SynchronizedField("url"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "example in a live service"
        verbose_name_plural = "examples in live services"

    def __str__(self):
        return f"{self.authority}: {self.url}"


class RelatedPattern(Orderable):
    """Another pattern readers of this one should know about.

    Not translated: the link is the same in every language, and the page shows
    the related pattern's translation in the reader's language when there is one.
    """

    page = ParentalKey("patterns.PatternPage", on_delete=models.CASCADE, related_name="related_pattern_links")
    pattern = models.ForeignKey(
        "patterns.PatternPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A pattern that is often used with this one, or instead of it.",
    )

    panels = [FieldPanel("pattern")]

    class Meta(Orderable.Meta):
        verbose_name = "related pattern"
        verbose_name_plural = "related patterns"

    def __str__(self):
        return str(self.pattern)


class PatternPage(CollectionItemPage):
    """An open design pattern: when to use it, how it works, where it is live and what is known about it."""

    template = "pages/patterns/pattern_page.html"
    parent_page_types = ["patterns.PatternIndexPage"]
    subpage_types = []
    base_form_class = PatternPageForm

    collection_type_label = _("Pattern")
    collection_type_label_plural = _("Patterns")
    collection_count_label = ngettext_lazy("%(count)d pattern", "%(count)d patterns", "count")
    collection_type_key = "pattern"

    when_to_use = RichTextField(
        features=TEXT_FEATURES,
        help_text="The situations this pattern is for: the user need and the kind of service.",
    )
    when_not_to_use = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Situations where this pattern does not fit, and what to use instead.",
    )
    how_it_works = StreamField(
        BodyStoryBlock(),
        help_text="How the pattern works, step by step: text, images with alt text, code examples, "
        "callouts and embedded prototypes or videos.",
    )
    research = RichTextField(
        "research and evidence",
        features=TEXT_FEATURES,
        blank=True,
        help_text="What research shows this pattern works: who was tested with, what was found, and links "
        "to the evidence.",
    )
    accessibility_notes = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="What to check so everyone can use it, for example with screen readers, "
        "magnification or keyboard only.",
    )
    known_issues = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Problems found and not yet solved, so others can avoid them or help fix them.",
    )
    status = models.CharField(
        max_length=20,
        choices=PatternStatus.choices,
        default=PatternStatus.TRIAL,
        help_text="Trial: in use, still being tested. Stable: tested in several live services. "
        "Retired: do not start using it; see the known issues or related patterns for what to use instead.",
    )
    next_steps = models.TextField(
        "what it needs to move on",
        blank=True,
        help_text="What this pattern needs to become stable (or why it was retired), for example "
        "'Research with users of screen readers in two more councils'.",
    )
    search_aliases = models.TextField(
        blank=True,
        help_text="Other names people search for, separated by commas or new lines, for example "
        "'bin day, refuse collection day, rubbish day'. Search matches these as strongly as the title.",
    )
    discussion_url = WebAddressField(
        "discussion web address",
        blank=True,
        help_text="Where people can discuss this pattern and suggest improvements, for example a GitHub "
        "discussion. Shown as 'Help improve this pattern'.",
    )

    content_panels = [
        *Page.content_panels,
        *BasePage.summary_panels,
        MultiFieldPanel([FieldPanel("status"), FieldPanel("next_steps")], heading="Status"),
        FieldPanel("when_to_use"),
        FieldPanel("when_not_to_use"),
        FieldPanel("how_it_works"),
        InlinePanel(
            "examples",
            heading="Examples in live services",
            label="example",
            help_text="Councils whose live services use this pattern.",
        ),
        FieldPanel("research"),
        FieldPanel("accessibility_notes"),
        FieldPanel("known_issues"),
        InlinePanel("related_pattern_links", heading="Related patterns", label="related pattern"),
        FieldPanel("discussion_url"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("search_aliases")]
    edit_handler = item_edit_handler(content_panels, promote_panels=promote_panels)

    # Translated as well as BasePage's: the pattern's text, what it needs to move on
    # and the search aliases (Welsh readers search for Welsh names).
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("status"),
        SynchronizedField("discussion_url"),
        SynchronizedField("related_pattern_links"),
    ]

    api_fields = [
        *BasePage.api_fields,
        APIField("status"),
        APIField("next_steps"),
        APIField("search_aliases"),
        APIField("when_to_use", serializer=api.RichTextHTMLField()),
        APIField("when_not_to_use", serializer=api.RichTextHTMLField()),
        APIField("how_it_works"),
        APIField("research", serializer=api.RichTextHTMLField()),
        APIField("accessibility_notes", serializer=api.RichTextHTMLField()),
        APIField("known_issues", serializer=api.RichTextHTMLField()),
        APIField("examples", serializer=api.many(api.PatternExampleSerializer)),
        # Live related patterns only, as the page lists them.
        APIField(
            "related_patterns",
            serializer=api.ManyField(child=api.PageLinkSerializer(), source="get_related_patterns", read_only=True),
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        # Aliases are other names for the title, so they weigh the same.
        index.SearchField("search_aliases", boost=BasePage.TITLE_BOOST),
        index.AutocompleteField("search_aliases"),
        index.SearchField("when_to_use"),
        index.SearchField("when_not_to_use"),
        index.SearchField("how_it_works"),
        index.SearchField("research"),
        index.SearchField("accessibility_notes"),
        index.SearchField("known_issues"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = "pattern"
        verbose_name_plural = "patterns"

    def card_facts(self):
        return [(gettext("Status"), self.get_status_display())]

    def facet_values(self):
        return {**super().facet_values(), "status": [self.status]}

    @classmethod
    def facet_value_labels(cls):
        return {**super().facet_value_labels(), "status": cls.choice_labels("status")}

    @property
    def status_tag_class(self):
        return STATUS_TAG_CLASSES.get(self.status, "govuk-tag--grey")

    @property
    def alias_list(self):
        return split_aliases(self.search_aliases)

    def get_render_prefetches(self):
        return [
            *super().get_render_prefetches(),
            Prefetch("examples", queryset=PatternExample.objects.select_related("authority")),
            Prefetch("related_pattern_links", queryset=RelatedPattern.objects.select_related("pattern")),
        ]

    def get_related_patterns(self):
        """Related live patterns, each in this page's language when a translation is live."""
        patterns = [link.pattern for link in self.related_pattern_links.all() if link.pattern.live]
        if all(page.locale_id == self.locale_id for page in patterns):
            return patterns
        translations = {
            page.translation_key: page
            for page in PatternPage.objects.live().filter(
                locale_id=self.locale_id, translation_key__in=[page.translation_key for page in patterns]
            )
        }
        return [translations.get(page.translation_key, page) for page in patterns]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_patterns"] = self.get_related_patterns()
        return context


class PatternIndexPage(CollectionIndexPage):
    """The patterns section: every live pattern, as cards."""

    template = "pages/patterns/pattern_index_page.html"
    subpage_types = ["patterns.PatternPage"]
    item_model = PatternPage

    class Meta:
        verbose_name = "pattern index"
