"""Factories for every model in the casestudies app, shared by the tests and usable for demo content.

Page factories take a parent; without one they use the first index page of
their kind, made under the default site's home page if there is none yet.
Related rows are made by post-generation hooks that take a number or a list:

    CaseStudyPageFactory(partners=3, benefits=[...], repositories=1, patterns_used=[pattern])

The page is saved again after its relations are made, so BasePage.authorities
(derived from partners and ledger lines) is right.
"""

import datetime

import factory as factory_boy
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.taxonomy.factories import AuthorityFactory

from .models import (
    BenefitLine,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPartner,
    CodeRepository,
    Confidence,
    FactoryIndexPage,
    FactoryMember,
    FactoryPage,
    FormedBecause,
    Openness,
    Phase,
    RoadmapItem,
    RoadmapStatus,
    Role,
)


def paragraph(text):
    return f"<p>{text}</p>"


def _site_home():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else Page.get_first_root_node()


def default_factory_index():
    return FactoryIndexPage.objects.first() or FactoryIndexPageFactory(parent=_site_home())


def default_case_study_index():
    return CaseStudyIndexPage.objects.first() or CaseStudyIndexPageFactory(parent=_site_home())


# Factories -----------------------------------------------------------------


class FactoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Factories"
    slug = "factories"
    introduction = paragraph("Groups of councils that design, build and run services together.")

    class Meta:
        model = FactoryIndexPage


class FactoryPageFactory(wagtail_factories.PageFactory):
    title = factory_boy.Sequence(lambda n: f"Example factory {n}")
    parent = factory_boy.LazyFunction(default_factory_index)
    summary = "An example local digital factory made for tests."
    description = paragraph("Councils that share a geography build their services once, together.")
    formed_because = FormedBecause.SHARED_GEOGRAPHY
    contact_name = "Factory coordinator"
    contact_email = "factory@example.org"

    class Meta:
        model = FactoryPage
        skip_postgeneration_save = True

    @factory_boy.post_generation
    def members(obj, create, extracted, **kwargs):
        """members=N makes N member councils (the first is the lead); or a list of authorities."""
        if not (create and extracted):
            return
        authorities = AuthorityFactory.create_batch(extracted) if isinstance(extracted, int) else extracted
        for number, authority in enumerate(authorities):
            FactoryMemberFactory(page=obj, authority=authority, role=Role.LEAD if number == 0 else Role.PARTNER)
        obj.save()

    @factory_boy.post_generation
    def service_areas(obj, create, extracted, **kwargs):
        """The factory's focus areas."""
        if create and extracted:
            obj.service_areas = extracted
            obj.save()

    @factory_boy.post_generation
    def roadmap_items(obj, create, extracted, **kwargs):
        """roadmap_items=N makes N roadmap items, one a quarter from 2027 Q1."""
        if create and extracted:
            for number in range(extracted):
                RoadmapItemFactory(page=obj, planned_quarter=f"{2027 + number // 4} Q{number % 4 + 1}")


class FactoryMemberFactory(DjangoModelFactory):
    page = factory_boy.SubFactory(FactoryPageFactory)
    authority = factory_boy.SubFactory(AuthorityFactory)
    role = Role.PARTNER

    class Meta:
        model = FactoryMember


class RoadmapItemFactory(DjangoModelFactory):
    page = factory_boy.SubFactory(FactoryPageFactory)
    title = factory_boy.Sequence(lambda n: f"Example roadmap item {n}")
    planned_quarter = "2027 Q1"
    status = RoadmapStatus.PLANNED
    looking_for_partners = False
    partner_note = ""

    class Meta:
        model = RoadmapItem


# Case studies --------------------------------------------------------------


class CaseStudyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Case studies"
    slug = "case-studies"
    introduction = paragraph("What councils built together, what it cost and what it saved.")

    class Meta:
        model = CaseStudyIndexPage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory_boy.Sequence(lambda n: f"Example case study {n}")
    parent = factory_boy.LazyFunction(default_case_study_index)
    summary = "An example case study made for tests."
    factory = factory_boy.SubFactory(FactoryPageFactory)
    problem = paragraph("Residents could only apply on paper, and waited weeks for an answer.")
    approach = factory_boy.LazyFunction(
        lambda: [("paragraph", RichText(paragraph("We researched with residents and built an online service.")))]
    )
    phase = Phase.LIVE
    started_on = datetime.date(2025, 4, 1)
    live_on = datetime.date(2026, 1, 15)
    openness = Openness.OPEN_SOURCE
    openness_reason = ""
    suppliers = ""
    funding_source = ""
    lessons_learnt = paragraph("Start with the people who answer the phone.")
    how_to_reuse = paragraph("Fork the code and change the council's name and address.")

    class Meta:
        model = CaseStudyPage
        skip_postgeneration_save = True

    @factory_boy.post_generation
    def partners(obj, create, extracted, **kwargs):
        """partners=N makes N partner councils (the first is the lead); or a list of authorities."""
        if create and extracted:
            authorities = AuthorityFactory.create_batch(extracted) if isinstance(extracted, int) else extracted
            for number, authority in enumerate(authorities):
                CaseStudyPartnerFactory(page=obj, authority=authority, role=Role.LEAD if number == 0 else Role.PARTNER)

    @factory_boy.post_generation
    def benefits(obj, create, extracted, **kwargs):
        """benefits=N makes N self-reported lines of £1,000 a year; or a list of dicts of BenefitLine fields."""
        if create and extracted:
            rows = [{}] * extracted if isinstance(extracted, int) else extracted
            for row in rows:
                BenefitLineFactory(page=obj, **row)

    @factory_boy.post_generation
    def repositories(obj, create, extracted, **kwargs):
        if create and extracted:
            CodeRepositoryFactory.create_batch(extracted, page=obj)

    @factory_boy.post_generation
    def service_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.service_areas = extracted

    @factory_boy.post_generation
    def patterns_used(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.patterns_used = extracted

    @factory_boy.post_generation
    def methods_used(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.methods_used = extracted

    @factory_boy.post_generation
    def standards_used(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.standards_used = extracted

    @factory_boy.post_generation
    def sync(obj, create, extracted, **kwargs):
        """Save once more, so the derived authorities and any many-to-many choices are stored."""
        if create:
            obj.save()


class CaseStudyPartnerFactory(DjangoModelFactory):
    page = factory_boy.SubFactory(CaseStudyPageFactory)
    authority = factory_boy.SubFactory(AuthorityFactory)
    role = Role.PARTNER

    class Meta:
        model = CaseStudyPartner


class CodeRepositoryFactory(DjangoModelFactory):
    page = factory_boy.SubFactory(CaseStudyPageFactory)
    name = factory_boy.Sequence(lambda n: f"Example repository {n}")
    url = factory_boy.Sequence(lambda n: f"https://github.com/example/repository-{n}")

    class Meta:
        model = CodeRepository


class BenefitLineFactory(DjangoModelFactory):
    page = factory_boy.SubFactory(CaseStudyPageFactory)
    title = factory_boy.Sequence(lambda n: f"Example benefit {n}")
    cashable_saving_per_year = 1000
    one_off_cost = None
    non_cashable_benefit = ""
    non_cashable_measure = ""
    baseline = "Example baseline: 1,000 paper forms a year."
    method = "Example method: forms a year times the cost of handling one."
    confidence = Confidence.SELF_REPORTED
    evidence_url = ""
    # In the order made, as an editor's ledger is: without it every line sorts equal and
    # lines come back in any order (a test reading the first line failed now and then).
    sort_order = factory_boy.Sequence(lambda n: n)

    class Meta:
        model = BenefitLine
        skip_postgeneration_save = True

    @factory_boy.post_generation
    def authorities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.authorities = extracted
            obj.save()
