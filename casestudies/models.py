"""Local digital factories and the case studies of what they built.

A FactoryPage is a group of councils working together; a CaseStudyPage is one
thing a factory built, with its partners, openness, code, the patterns,
methods and standards it used, and a benefits ledger. The ledger's money is
whole pounds and every figure carries a confidence level; see
docs/decisions/0005-benefits-ledger.md.
"""

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core import api_fields as api
from cms.core.blocks import BodyStoryBlock
from cms.core.models import BasePage, SectionIndexPage, preferring_locale
from cms.taxonomy.models import Authority
from search.facets import sync_item_facets
from search.indexing import index_item_task

from .fields import PoundsField, QuarterField
from .ledger import LedgerTotals
from .panels import without_fields
from .permissions import CaseStudyPageForm, CaseStudyPermissionTester, FactoryPagePermissionTester

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


# Choices -------------------------------------------------------------------


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    OBSERVER = "observer", _("Observer")


class FormedBecause(models.TextChoices):
    SHARED_GEOGRAPHY = "shared-geography", _("Shared geography")
    DEVOLUTION_DEAL = "devolution-deal", _("Devolution deal")
    TRACK_RECORD = "track-record", _("Track record of working together")
    COMMON_SUPPLIER = "common-supplier", _("Common supplier")
    OTHER = "other", _("Other")


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")


class Phase(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")
    ALPHA = "alpha", _("Alpha")
    BETA = "beta", _("Beta")
    LIVE = "live", _("Live")
    RETIRED = "retired", _("Retired")


class Openness(models.TextChoices):
    OPEN_SOURCE = "open-source", _("Open source")
    OPEN_DESIGN = "open-design", _("Open design with a proprietary product")
    PROPRIETARY = "proprietary", _("Proprietary")


class Confidence(models.TextChoices):
    SELF_REPORTED = "self-reported", _("Self-reported")
    PEER_REVIEWED = "peer-reviewed", _("Peer-reviewed")
    AUDITED = "audited", _("Audited")

    @classmethod
    def strongest_first(cls):
        return [cls.AUDITED, cls.PEER_REVIEWED, cls.SELF_REPORTED]


# Factories -----------------------------------------------------------------


class FactoryIndexPage(SectionIndexPage):
    """The list of local digital factories."""

    template = "pages/casestudies/factory_index_page.html"
    subpage_types = ["casestudies.FactoryPage"]

    class Meta:
        verbose_name = "factory index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["factories"] = (
            FactoryPage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .prefetch_related(Prefetch("members", queryset=FactoryMember.objects.select_related("authority")))
        )
        return context


class FactoryMember(Orderable):
    """A council in a factory, and its role there."""

    page = ParentalKey("casestudies.FactoryPage", on_delete=models.CASCADE, related_name="members")
    authority = models.ForeignKey(
        "taxonomy.Authority",
        on_delete=models.PROTECT,
        related_name="factory_memberships",
        help_text="The council, from the authority register.",
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.PARTNER,
        help_text="Lead: runs the factory. Partner: builds and uses its services. Observer: follows the work.",
    )

    panels = [FieldRowPanel([FieldPanel("authority"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = "member authority"
        verbose_name_plural = "member authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "authority"],
                name="casestudies_factorymember_once_per_factory",
                violation_error_message="Each council can be a member of a factory only once.",
            )
        ]

    def __str__(self):
        return f"{self.authority} ({self.get_role_display()})"


class RoadmapItem(TranslatableMixin, Orderable):
    """A piece of work a factory plans, is doing or has done."""

    page = ParentalKey("casestudies.FactoryPage", on_delete=models.CASCADE, related_name="roadmap_items")
    title = models.CharField(
        max_length=255, help_text="What the work is, in a few words, e.g. 'Online blue badge renewals'."
    )
    service_area = models.ForeignKey(
        "taxonomy.ServiceArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The council service it is for, from the Local Government Services List.",
    )
    planned_quarter = QuarterField(
        help_text="The calendar quarter it is planned for or was done in, written like 2027 Q1.",
    )
    status = models.CharField(
        max_length=20,
        choices=RoadmapStatus.choices,
        default=RoadmapStatus.PLANNED,
        help_text="Planned, in progress or done.",
    )
    looking_for_partners = models.BooleanField(
        default=False, help_text="Tick if other councils are welcome to join this piece of work."
    )
    partner_note = models.TextField(
        blank=True,
        max_length=500,
        help_text="Who you are looking for and how to get in touch. Needed when you are looking for partners.",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("service_area"), FieldPanel("planned_quarter"), FieldPanel("status")]),
        FieldPanel("looking_for_partners"),
        FieldPanel("partner_note"),
    ]

    # The title and the note to partners are translated; when, what for and how far along are facts.
    override_translatable_fields = [
        SynchronizedField("service_area", overridable=False),
        SynchronizedField("planned_quarter", overridable=False),
        SynchronizedField("status"),
        SynchronizedField("looking_for_partners"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "roadmap item"
        verbose_name_plural = "roadmap"

    def __str__(self):
        return f"{self.planned_quarter}: {self.title}"

    def clean(self):
        super().clean()
        if self.looking_for_partners and not self.partner_note.strip():
            raise ValidationError(
                {
                    "partner_note": "Say who you are looking for and how to get in touch, or untick 'looking for "
                    "partners'."
                }
            )


class FactoryPage(BasePage):
    """A local digital factory: councils that design, build and run services together."""

    template = "pages/casestudies/factory_page.html"
    parent_page_types = ["casestudies.FactoryIndexPage"]
    subpage_types = []

    collection_type_label = _("Factory")
    collection_type_label_plural = _("Factories")
    collection_count_label = ngettext_lazy("%(count)d factory", "%(count)d factories", "count")
    collection_type_key = "factory"

    description = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="What the factory does and how it works, for a council thinking of joining or reusing its work.",
    )
    formed_because = models.CharField(
        "what brought them together",
        max_length=30,
        choices=FormedBecause.choices,
        help_text="The main reason these councils work together.",
    )
    formed_because_detail = models.TextField(
        "more about what brought them together",
        blank=True,
        max_length=1000,
        help_text="Optional detail, e.g. the name of the devolution deal. Needed when you choose 'Other'.",
    )
    contact_name = models.CharField(
        max_length=255, blank=True, help_text="Who to contact, e.g. 'Factory coordinator' or a named person."
    )
    contact_email = models.EmailField(
        blank=True, help_text="An email address that is read, ideally a team mailbox rather than a person's."
    )
    contact_url = models.URLField(
        "contact web address", blank=True, help_text="A contact form or web page, if you prefer that to email."
    )

    # Page's own search fields first, then BasePage's: modelsearch keeps the last entry for a field
    # name (so the title keeps BasePage's boost), and Wagtail's check (wagtailsearch.W001) sees Page's.
    # Not the contact's name or email address (docs/decisions/0019-api.md).
    api_fields = [
        *BasePage.api_fields,
        APIField("description", serializer=api.RichTextHTMLField()),
        APIField("formed_because"),
        APIField("formed_because_detail"),
        APIField("contact_url"),
        APIField("members", serializer=api.many(api.FactoryMemberSerializer)),
        APIField("roadmap_items", serializer=api.many(api.RoadmapItemSerializer)),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("description"),
        index.SearchField("formed_because_detail"),
        index.RelatedFields("members", [index.RelatedFields("authority", [index.SearchField("name")])]),
        index.RelatedFields("roadmap_items", [index.SearchField("title"), index.SearchField("partner_note")]),
        index.FilterField("formed_because"),
    ]
    index_prefetches = ("members__authority",)

    # Translated as well as BasePage's: the description, the detail of what brought
    # them together and the contact's name. The email and web address can be
    # overridden with a Welsh-language mailbox or contact page.
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("formed_because"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_url"),
        SynchronizedField("members"),
    ]

    content_panels = [
        *Page.content_panels,
        *BasePage.summary_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("formed_because"), FieldPanel("formed_because_detail")],
            heading="What brought them together",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_url")])],
            heading="Contact",
            help_text="Give an email address, a web address or both.",
        ),
    ]
    member_panels = [
        InlinePanel(
            "members",
            heading="Member authorities",
            label="member",
            min_num=1,
            help_text="The councils in the factory and their roles. The site lists these as the councils involved.",
        ),
    ]
    roadmap_panels = [
        InlinePanel(
            "roadmap_items",
            heading="Roadmap",
            label="roadmap item",
            help_text="Planned and recent work. Readers see it in order of planned quarter.",
        ),
    ]
    about_panels = without_fields(BasePage.about_panels, "authorities")

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Factory"),
            ObjectList(member_panels, heading="Members"),
            ObjectList(roadmap_panels, heading="Roadmap"),
            ObjectList(about_panels, heading="About"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    class Meta:
        verbose_name = "factory"
        verbose_name_plural = "factories"

    def permissions_for_user(self, user):
        # The factory's group edits it in every language (casestudies/permissions.py).
        return FactoryPagePermissionTester(user, self)

    def clean(self):
        super().clean()
        errors = {}
        if self.formed_because == FormedBecause.OTHER and not self.formed_because_detail.strip():
            errors["formed_because_detail"] = "Say what brought the councils together, as you chose 'Other'."
        if not (self.contact_email or self.contact_url):
            errors["contact_email"] = "Give an email address or a contact web address, so councils can get in touch."
        if errors:
            raise ValidationError(errors)
        self.authorities = [member.authority for member in self.members.all() if member.authority_id]

    def save(self, *args, **kwargs):
        old_slug = FactoryPage.objects.filter(pk=self.pk).values_list("slug", flat=True).first() if self.pk else None
        result = super().save(*args, **kwargs)
        if old_slug is not None and old_slug != self.slug:
            # The factory facet holds the slug: its case studies must be found under the new one.
            for case_study in self.case_studies.all():
                sync_item_facets(case_study)
                index_item_task.enqueue(case_study._meta.app_label, case_study._meta.model_name, str(case_study.pk))
        return result

    def facet_values(self):
        return {**super().facet_values(), "factory": [self.slug]}

    def card_facts(self):
        return [(gettext("What brought them together"), self.get_formed_because_display())]

    def get_render_prefetches(self):
        return [
            *super().get_render_prefetches(),
            Prefetch("members", queryset=FactoryMember.objects.select_related("authority")),
            Prefetch("roadmap_items", queryset=RoadmapItem.objects.select_related("service_area")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = list(self.members.all())
        context["roadmap_items"] = sorted(self.roadmap_items.all(), key=lambda item: item.planned_quarter)
        context["case_studies"] = self.live_case_studies()
        return context

    def live_case_studies(self):
        """The factory's live case studies, each in this page's language where it has a live version."""
        if not self.pk:
            return []
        # A translated case study names the English factory (the relation is synchronised).
        named = CaseStudyPage.objects.live().public().filter(factory__translation_key=self.translation_key)
        return preferring_locale(named.order_by("-first_published_at", "title"), self.locale_id)


# Case studies --------------------------------------------------------------


class CaseStudyFilterForm(forms.Form):
    """The index's filters, read from the query string. A value that is not valid is ignored, not fatal."""

    area = forms.SlugField(
        required=False,
        label=_("Service area"),
        error_messages={"invalid": _("That is not the short name of a service area.")},
    )
    phase = forms.ChoiceField(
        required=False,
        choices=[("", _("Any phase")), *Phase.choices],
        label=_("Phase"),
        error_messages={"invalid_choice": _("That is not a phase we know.")},
    )
    openness = forms.ChoiceField(
        required=False,
        choices=[("", _("Any openness")), *Openness.choices],
        label=_("Openness"),
        error_messages={"invalid_choice": _("That is not a kind of openness we know.")},
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = dict(areas)
        self.fields["area"].widget = forms.Select(choices=[("", _("Any service area")), *areas])

    def clean_area(self):
        slug = self.cleaned_data["area"]
        if slug and slug not in self.areas:
            raise ValidationError(_("There are no published case studies for that service area."))
        return slug

    def ignored(self):
        """(label, value, reason) for each filter that was given but not used."""
        return [
            (self.fields[name].label, self.data.get(name, ""), " ".join(errors))
            for name, errors in self.errors.items()
        ]

    def valid_filters(self):
        """The filters that were valid, as {name: value}; empty values left out."""
        self.is_valid()
        return {
            name: value
            for name, value in ((name, self.cleaned_data.get(name)) for name in self.fields)
            if name not in self.errors and value
        }


class CaseStudyIndexPage(SectionIndexPage):
    """The list of case studies, with the benefits they add up to."""

    template = "pages/casestudies/case_study_index_page.html"
    subpage_types = ["casestudies.CaseStudyPage"]
    case_studies_per_page = 20

    class Meta:
        verbose_name = "case study index page"

    def published_case_studies(self):
        """Live case studies under this index that anyone may see: the only ones that count."""
        return CaseStudyPage.objects.descendant_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = self.published_case_studies()
        areas = list(
            published.filter(service_areas__isnull=False)
            .order_by("service_areas__label")
            .values_list("service_areas__slug", "service_areas__label")
            .distinct()
        )
        form = CaseStudyFilterForm(request.GET, areas=areas)
        filters = form.valid_filters()

        case_studies = published
        if "area" in filters:
            case_studies = case_studies.filter(service_areas__slug=filters["area"]).distinct()
        if "phase" in filters:
            case_studies = case_studies.filter(phase=filters["phase"])
        if "openness" in filters:
            case_studies = case_studies.filter(openness=filters["openness"])

        paginator = Paginator(case_studies.select_related("factory").order_by("title"), self.case_studies_per_page)
        context.update(
            filter_form=form,
            filters=filters,
            ignored_filters=form.ignored(),
            case_studies=paginator.get_page(request.GET.get("page")),
            totals=collection_totals(case_studies),
        )
        return context


def collection_totals(case_studies):
    """The ledger totals and the number of distinct authorities of a queryset of case study pages."""
    ids = case_studies.order_by().values("pk")
    authority_ids = (
        Q(pk__in=CaseStudyPartner.objects.filter(page__in=ids).values("authority_id"))
        | Q(pk__in=BenefitLine.authorities.through.objects.filter(benefitline__page__in=ids).values("authority_id"))
        | Q(pk__in=CaseStudyPage.authorities.through.objects.filter(casestudypage__in=ids).values("authority_id"))
    )
    return {
        "ledger": LedgerTotals.from_queryset(BenefitLine.objects.filter(page__in=ids)),
        "authorities": Authority.objects.filter(authority_ids).count(),
    }


class CaseStudyPartner(Orderable):
    """A council that took part in a case study, and its role."""

    page = ParentalKey("casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="partners")
    authority = models.ForeignKey(
        "taxonomy.Authority",
        on_delete=models.PROTECT,
        related_name="case_study_partnerships",
        help_text="The council, from the authority register.",
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.PARTNER,
        help_text="Lead: ran the work. Partner: built or uses it. Observer: followed the work.",
    )

    panels = [FieldRowPanel([FieldPanel("authority"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = "partner authority"
        verbose_name_plural = "partner authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "authority"],
                name="casestudies_casestudypartner_once_per_case_study",
                violation_error_message="Each council can be a partner in a case study only once.",
            )
        ]

    def __str__(self):
        return f"{self.authority} ({self.get_role_display()})"


class CodeRepository(Orderable):
    """Where a case study's code is published."""

    page = ParentalKey("casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="code_repositories")
    name = models.CharField(max_length=255, help_text="What the code is, e.g. 'Permit application front end'.")
    url = models.URLField("web address", help_text="The repository's public web address.")
    licence = models.ForeignKey(
        "taxonomy.Licence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The licence the code is published under, if it differs from the case study's.",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("url"), FieldPanel("licence")])]

    class Meta(Orderable.Meta):
        verbose_name = "code repository"
        verbose_name_plural = "code repositories"

    def __str__(self):
        return self.name


class BenefitLine(TranslatableMixin, Orderable, ClusterableModel):
    """One line of a case study's benefits ledger: a saving, a benefit or a cost, with how sure it is."""

    page = ParentalKey("casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(
        max_length=255, help_text="What this line is about, e.g. 'Staff time handling permit applications'."
    )
    cashable_saving_per_year = PoundsField(
        "cashable saving per year",
        null=True,
        blank=True,
        help_text="Money no longer spent each year, in whole pounds (e.g. 12000). Leave empty if none.",
    )
    non_cashable_benefit = models.TextField(
        blank=True,
        max_length=1000,
        help_text="A benefit that is not money in the bank, e.g. 'Officers spend less time re-keying forms'.",
    )
    non_cashable_measure = models.CharField(
        "measure of the non-cashable benefit",
        max_length=255,
        blank=True,
        help_text="How much, with its unit, e.g. '1,200 staff hours a year' or '30% fewer phone calls'.",
    )
    one_off_cost = PoundsField(
        "one-off cost",
        null=True,
        blank=True,
        help_text="What it cost once to build or set up, in whole pounds (e.g. 45000). Leave empty if none.",
    )
    baseline = models.TextField(
        blank=True,
        max_length=1000,
        help_text="What things were like before, that the figure is measured against, "
        "e.g. '4,000 paper applications a year at £6 each'. Needed for a saving or a benefit.",
    )
    method = models.TextField(
        "method of calculation",
        max_length=1000,
        help_text="How the figure was worked out, so another council can check or repeat it.",
    )
    confidence = models.CharField(
        max_length=20,
        choices=Confidence.choices,
        help_text="Self-reported: the council's own figure. Peer-reviewed: checked by another council "
        "or the factory. Audited: checked by internal or external audit.",
    )
    evidence_url = models.URLField(
        "evidence link",
        blank=True,
        help_text="A public document or page that backs the figure up, such as an audit or committee report.",
    )
    authorities = ParentalManyToManyField(
        "taxonomy.Authority",
        blank=True,
        related_name="case_study_benefits",
        help_text="The councils this figure applies to. Leave empty if it is for the whole partnership.",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("cashable_saving_per_year"), FieldPanel("one_off_cost")]),
        FieldRowPanel([FieldPanel("non_cashable_benefit"), FieldPanel("non_cashable_measure")]),
        FieldPanel("baseline"),
        FieldPanel("method"),
        FieldRowPanel([FieldPanel("confidence"), FieldPanel("evidence_url")]),
        FieldPanel("authorities"),
    ]

    # The words are translated (title, benefit, measure, baseline, method); the figures,
    # their confidence and the councils they apply to are the same in every language.
    # The evidence link can be overridden with the Welsh version of the report.
    override_translatable_fields = [
        SynchronizedField("cashable_saving_per_year"),
        SynchronizedField("one_off_cost"),
        SynchronizedField("confidence"),
        SynchronizedField("evidence_url"),
        SynchronizedField("authorities"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "benefits ledger line"
        verbose_name_plural = "benefits ledger"
        constraints = [
            models.CheckConstraint(
                condition=Q(cashable_saving_per_year__gte=0),
                name="casestudies_benefitline_cashable_saving_not_negative",
                violation_error_message="The cashable saving per year cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(one_off_cost__gte=0),
                name="casestudies_benefitline_one_off_cost_not_negative",
                violation_error_message="The one-off cost cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        has_benefit = bool(self.non_cashable_benefit.strip())
        if self.cashable_saving_per_year is None and self.one_off_cost is None and not has_benefit:
            # Not tied to one field: when an amount could not be read, that field has its own error already.
            errors[NON_FIELD_ERRORS] = (
                "Give a cashable saving per year, a non-cashable benefit or a one-off cost: a ledger line needs one."
            )
        if has_benefit and not self.non_cashable_measure.strip():
            errors["non_cashable_measure"] = "Give a measure for the non-cashable benefit, with its unit."
        if self.non_cashable_measure.strip() and not has_benefit:
            errors["non_cashable_benefit"] = "Say what the non-cashable benefit is, as you gave a measure for it."
        if (self.cashable_saving_per_year is not None or has_benefit) and not self.baseline.strip():
            errors["baseline"] = "Give the baseline the saving or benefit is measured against."
        if errors:
            raise ValidationError(errors)

    @property
    def has_money(self):
        return self.cashable_saving_per_year is not None or self.one_off_cost is not None


class CaseStudyPage(RoutablePageMixin, BasePage):
    """What a factory built: the problem, the approach, who took part, what it cost and saved."""

    template = "pages/casestudies/case_study_page.html"
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types = []

    collection_type_label = _("Case study")
    collection_type_label_plural = _("Case studies")
    collection_count_label = ngettext_lazy("%(count)d case study", "%(count)d case studies", "count")
    collection_type_key = "case-study"

    factory = models.ForeignKey(
        "casestudies.FactoryPage",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text="The local digital factory that did this work.",
    )
    problem = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="The problem the councils set out to solve, and for whom, before any solution.",
    )
    approach = StreamField(
        BodyStoryBlock(),
        help_text="How they went about it: research, what they built, how they tested it.",
    )
    phase = models.CharField(
        max_length=20,
        choices=Phase.choices,
        help_text="Where the work is now, in the phases of the Service Manual.",
    )
    started_on = models.DateField("start date", help_text="When the work began.")
    live_on = models.DateField(
        "live date",
        null=True,
        blank=True,
        help_text="When it went live for the public. Needed for a live or retired service.",
    )
    ended_on = models.DateField(
        "end date", null=True, blank=True, help_text="When it was retired or the work stopped. Needed once retired."
    )
    openness = models.CharField(
        max_length=20,
        choices=Openness.choices,
        help_text="Open source: code and design can be reused. Open design: the design is open but it runs "
        "on a proprietary product. Proprietary: neither is open.",
    )
    openness_reason = models.TextField(
        "why it is not open source",
        blank=True,
        max_length=1000,
        help_text="Needed unless it is open source: why the code is not open, e.g. the supplier's licence terms.",
    )
    patterns_used = ParentalManyToManyField(
        "patterns.PatternPage",
        blank=True,
        related_name="case_studies",
        help_text="Design patterns from this site that the service uses. Each pattern lists this case study.",
    )
    methods_used = ParentalManyToManyField(
        "patterns.MethodPage",
        blank=True,
        related_name="case_studies",
        help_text="Methods from this site that the team followed.",
    )
    standards_used = ParentalManyToManyField(
        "patterns.ServiceStandardPage",
        blank=True,
        related_name="case_studies",
        help_text="Service standards from this site that the service was assessed against.",
    )
    suppliers = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Companies that built or supply it, one on each line. Leave empty if built in house.",
    )
    funding_source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who paid, e.g. 'Local Digital Fund round 4' or 'Partner councils' own budgets'.",
    )
    funding_amount = PoundsField(
        "funding amount",
        null=True,
        blank=True,
        help_text="How much funding, in whole pounds (e.g. 350000).",
    )
    lessons_learnt = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="What went well, what did not, and what you would do differently.",
    )
    how_to_reuse = RichTextField(
        "how to reuse it",
        features=RICH_TEXT_FEATURES,
        help_text="What another council needs to reuse this: skills, systems, costs, who to talk to.",
    )

    api_fields = [
        *BasePage.api_fields,
        APIField("factory", serializer=api.PageLinkSerializer(allow_null=True)),
        APIField("phase"),
        APIField("started_on"),
        APIField("live_on"),
        APIField("ended_on"),
        APIField("openness"),
        APIField("openness_reason"),
        APIField("problem", serializer=api.RichTextHTMLField()),
        APIField("approach"),
        APIField("partners", serializer=api.many(api.CaseStudyPartnerSerializer)),
        APIField("code_repositories", serializer=api.many(api.CodeRepositorySerializer)),
        APIField("benefits", serializer=api.many(api.BenefitLineSerializer)),
        APIField("patterns_used", serializer=api.many(api.PageLinkSerializer)),
        APIField("methods_used", serializer=api.many(api.PageLinkSerializer)),
        APIField("standards_used", serializer=api.many(api.PageLinkSerializer)),
        APIField("suppliers"),
        APIField("funding_source"),
        APIField("funding_amount_gbp", serializer=api.pounds("funding_amount")),
        APIField("lessons_learnt", serializer=api.RichTextHTMLField()),
        APIField("how_to_reuse", serializer=api.RichTextHTMLField()),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("problem"),
        index.SearchField("approach"),
        index.SearchField("lessons_learnt"),
        index.SearchField("how_to_reuse"),
        index.SearchField("suppliers"),
        index.SearchField("funding_source"),
        index.SearchField("openness_reason"),
        index.RelatedFields("partners", [index.RelatedFields("authority", [index.SearchField("name")])]),
        index.RelatedFields("factory", [index.SearchField("title")]),
        index.RelatedFields("benefits", [index.SearchField("title"), index.SearchField("non_cashable_benefit")]),
        index.FilterField("phase"),
        index.FilterField("openness"),
        index.FilterField("factory"),
    ]
    index_prefetches = ("partners__authority",)

    # Translated as well as BasePage's: the story (problem, approach, lessons, how to
    # reuse), why it is not open source, the funding source and the ledger's words.
    # Everything a council would compare or check is synchronised.
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("factory", overridable=False),
        SynchronizedField("phase"),
        SynchronizedField("started_on"),
        SynchronizedField("live_on"),
        SynchronizedField("ended_on"),
        SynchronizedField("openness"),
        SynchronizedField("funding_amount"),
        SynchronizedField("partners"),
        SynchronizedField("code_repositories"),
        SynchronizedField("suppliers", overridable=False),
        SynchronizedField("patterns_used"),
        SynchronizedField("methods_used"),
        SynchronizedField("standards_used"),
    ]

    content_panels = [
        *Page.content_panels,
        *BasePage.summary_panels,
        FieldPanel("factory"),
        MultiFieldPanel(
            [
                FieldPanel("phase"),
                FieldRowPanel([FieldPanel("started_on"), FieldPanel("live_on"), FieldPanel("ended_on")]),
            ],
            heading="Phase and dates",
        ),
        InlinePanel(
            "partners",
            heading="Partner authorities",
            label="partner",
            min_num=1,
            help_text="The councils that took part and their roles. The site lists these as the councils involved.",
        ),
    ]
    story_panels = [
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("lessons_learnt"),
        FieldPanel("how_to_reuse"),
    ]
    openness_panels = [
        MultiFieldPanel(
            [FieldPanel("openness"), FieldPanel("openness_reason"), FieldPanel("licence")],
            heading="Openness and licence",
        ),
        InlinePanel("code_repositories", heading="Code repositories", label="repository"),
        MultiFieldPanel(
            [
                FieldPanel("patterns_used", widget=forms.CheckboxSelectMultiple),
                FieldPanel("methods_used", widget=forms.CheckboxSelectMultiple),
                FieldPanel("standards_used", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Patterns, methods and standards used",
        ),
        MultiFieldPanel(
            [FieldPanel("suppliers"), FieldRowPanel([FieldPanel("funding_source"), FieldPanel("funding_amount")])],
            heading="Suppliers and funding",
        ),
    ]
    benefit_panels = [
        InlinePanel(
            "benefits",
            heading="Benefits ledger",
            label="ledger line",
            help_text="One line for each saving, benefit or cost. Money is in whole pounds. Every line needs "
            "a method and a confidence level; readers always see the confidence next to the figure.",
        ),
    ]
    about_panels = without_fields(BasePage.about_panels, "authorities", "licence")

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Case study"),
            ObjectList(story_panels, heading="Story"),
            ObjectList(openness_panels, heading="Openness and reuse"),
            ObjectList(benefit_panels, heading="Benefits"),
            ObjectList(about_panels, heading="About"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    # A factory's editors see and may choose only their own factory.
    base_form_class = CaseStudyPageForm

    def permissions_for_user(self, user):
        # The factory's group edits its case studies, wherever they sit in the tree (casestudies/permissions.py).
        return CaseStudyPermissionTester(user, self)

    def clean(self):
        super().clean()
        errors = {}
        if self.openness and self.openness != Openness.OPEN_SOURCE and not self.openness_reason.strip():
            errors["openness_reason"] = f"Say why it is not open source, as you chose '{self.get_openness_display()}'."
        if self.openness == Openness.OPEN_SOURCE and self.licence_id and not self.licence.is_open:
            errors["licence"] = "Open source work needs an open licence. Choose one, or change the openness."
        if self.phase in {Phase.LIVE, Phase.RETIRED} and not self.live_on:
            errors["live_on"] = f"Give the date it went live, as the phase is '{self.get_phase_display()}'."
        if self.phase == Phase.RETIRED and not self.ended_on:
            errors["ended_on"] = "Give the date it was retired."
        if self.started_on and self.live_on and self.live_on < self.started_on:
            errors["live_on"] = "The live date must be on or after the start date."
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be on or after the start date."
        if errors:
            raise ValidationError(errors)
        self.authorities = self.involved_authorities()

    def involved_authorities(self):
        """Partners and the councils named in the ledger: BasePage.authorities, kept for search and facets."""
        found = {}
        for partner in self.partners.all():
            if partner.authority_id:
                found.setdefault(partner.authority_id, partner.authority)
        for line in self.benefits.all():
            for authority in line.authorities.all():
                found.setdefault(authority.pk, authority)
        return list(found.values())

    def card_facts(self):
        facts = [(gettext("Phase"), self.get_phase_display()), (gettext("Openness"), self.get_openness_display())]
        if self.started_on:
            # The month and year in the reader's language ("Mawrth 2026" in Welsh).
            facts.append((gettext("Started"), date_format(self.started_on, "F Y")))
        return facts

    def facet_values(self):
        return {
            **super().facet_values(),
            "phase": [self.phase],
            "openness": [self.openness],
            "factory": [self.factory.slug] if self.factory_id else [],
        }

    @classmethod
    def facet_value_labels(cls):
        return {
            **super().facet_value_labels(),
            "phase": cls.choice_labels("phase"),
            "openness": cls.choice_labels("openness"),
        }

    @cached_property
    def supplier_list(self):
        return [line.strip() for line in self.suppliers.splitlines() if line.strip()]

    def get_render_prefetches(self):
        return [
            *super().get_render_prefetches(),
            Prefetch("partners", queryset=CaseStudyPartner.objects.select_related("authority")),
            Prefetch("code_repositories", queryset=CodeRepository.objects.select_related("licence")),
            "benefits__authorities",
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview holds the draft's relations in memory.
            used = [*self.patterns_used.all(), *self.methods_used.all(), *self.standards_used.all()]
        else:
            used = self.used_pages()
        benefits = list(self.benefits.all())
        context.update(
            partners=list(self.partners.all()),
            code_repositories=list(self.code_repositories.all()),
            benefits=benefits,
            ledger=LedgerTotals.from_lines(benefits),
            used_pages=used_by_kind([page for page in used if page.live]),
        )
        return context

    # Wagtail routes "<page url>publiccode.yml" here as "publiccode.yml/" (see cms/urls.py).
    @re_path(r"^publiccode\.yml/?$", name="publiccode_yml")
    def publiccode_yml_view(self, request):
        """The code's description in the publiccode.yml standard; only for case studies with code."""
        from .publiccode import has_publiccode, publiccode_yml

        if not has_publiccode(self):
            raise Http404("This case study has no code repository.")
        return HttpResponse(publiccode_yml(self, request), content_type="application/yaml; charset=utf-8")

    def used_pages(self):
        """The live patterns, methods and standards this case study used, each in its
        language where there is a live version (the relations name the English pages), in one query."""
        named = Page.objects.filter(
            Q(patternpage__case_studies=self)
            | Q(methodpage__case_studies=self)
            | Q(servicestandardpage__case_studies=self)
        )
        versions = Page.objects.live().filter(translation_key__in=named.values("translation_key"))
        return preferring_locale(versions.order_by("title"), self.locale_id)

    @cached_property
    def factory_page(self):
        """The factory, in this page's language where it has a live version."""
        factory = self.factory if self.factory_id else None
        if factory is None or factory.locale_id == self.locale_id:
            return factory
        versions = FactoryPage.objects.live().filter(translation_key=factory.translation_key, locale_id=self.locale_id)
        return versions.first() or factory


USED_KINDS = [
    ("patterns.PatternPage", _("Patterns")),
    ("patterns.MethodPage", _("Methods")),
    ("patterns.ServiceStandardPage", _("Service standards")),
]


def used_by_kind(pages):
    """Group pages into [(heading, [pages])] by their type, in a fixed order, leaving out empty groups."""
    groups = []
    for model_label, heading in USED_KINDS:
        # get_for_model is cached per process, so grouping costs no query once warm.
        content_type = ContentType.objects.get_for_model(apps.get_model(model_label))
        matching = [page for page in pages if page.content_type_id == content_type.pk]
        if matching:
            groups.append((heading, matching))
    return groups
