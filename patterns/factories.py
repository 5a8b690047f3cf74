"""Factories for every model in the patterns app, shared by the tests and the demo content.

Page factories need a parent: `PatternPageFactory(parent=index)`. Related
items are made with their own factories and a `page=` argument, or through
the `examples`, `points` and `steps` post-generation hooks (a number):
`ServiceStandardPageFactory(parent=index, points=14)`.
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.rich_text import RichText

from .models import (
    MethodIndexPage,
    MethodPage,
    MethodStep,
    MethodTemplateDownload,
    PatternExample,
    PatternIndexPage,
    PatternPage,
    PatternStatus,
    RelatedPattern,
    Relationship,
    ServiceStandardPage,
    SourceStandard,
    SourceStandardPoint,
    StandardIndexPage,
    StandardPoint,
)


def paragraph(text):
    return f"<p>{text}</p>"


class SourceStandardFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Example source standard {n}")
    version = "1.0"
    url = "https://www.example.org/standard"
    attribution = "An example standard made for tests."

    class Meta:
        model = SourceStandard
        skip_postgeneration_save = True
        django_get_or_create = ("name", "version")

    @factory.post_generation
    def points(obj, create, extracted, **kwargs):
        """points=N makes N points numbered 1 to N, each titled 'Source point N'."""
        if create and extracted:
            for number in range(1, extracted + 1):
                SourceStandardPointFactory(source_standard=obj, number=number, sort_order=number)


class SourceStandardPointFactory(DjangoModelFactory):
    source_standard = factory.SubFactory(SourceStandardFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda point: f"Source point {point.number}")
    sort_order = factory.SelfAttribute("number")

    class Meta:
        model = SourceStandardPoint


# Index pages ----------------------------------------------------------------


class PatternIndexPageFactory(wagtail_factories.PageFactory):
    title = "Patterns"
    slug = "patterns"
    introduction = paragraph(
        "Design patterns that councils have tested in live services. Copy them, and improve them."
    )

    class Meta:
        model = PatternIndexPage


class StandardIndexPageFactory(wagtail_factories.PageFactory):
    title = "Standards"
    slug = "standards"
    introduction = paragraph("Service standards that councils have adapted, and how each maps to its source.")

    class Meta:
        model = StandardIndexPage


class MethodIndexPageFactory(wagtail_factories.PageFactory):
    title = "Methods"
    slug = "methods"
    introduction = paragraph("Ways of working that council teams can pick up and follow, step by step.")

    class Meta:
        model = MethodIndexPage


# Patterns -------------------------------------------------------------------


class PatternPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Example pattern {n}")
    summary = "An example pattern made for tests."
    when_to_use = paragraph("Use this when people need to find something by their address.")
    when_not_to_use = paragraph("Do not use this when the answer is the same for everyone.")
    how_it_works = factory.LazyFunction(
        lambda: [("paragraph", RichText(paragraph("Ask for a postcode, then show matching addresses.")))]
    )
    research = paragraph("Tested with 12 residents in two councils.")
    accessibility_notes = paragraph("Works with a screen reader and keyboard only.")
    known_issues = paragraph("Addresses on new estates can be missing.")
    status = PatternStatus.TRIAL
    next_steps = "Testing in a third council."
    search_aliases = ""
    discussion_url = "https://github.com/example/patterns/discussions/1"

    class Meta:
        model = PatternPage
        skip_postgeneration_save = True

    @factory.post_generation
    def examples(obj, create, extracted, **kwargs):
        """examples=[authority, ...] adds one example in a live service for each authority."""
        if create and extracted:
            for authority in extracted:
                PatternExampleFactory(page=obj, authority=authority)


class PatternExampleFactory(DjangoModelFactory):
    page = factory.SubFactory(PatternPageFactory)
    url = factory.Sequence(lambda n: f"https://www.example.gov.uk/service-{n}")
    note = "An example of the pattern in a live service."

    class Meta:
        model = PatternExample


class RelatedPatternFactory(DjangoModelFactory):
    page = factory.SubFactory(PatternPageFactory)
    pattern = factory.SubFactory(PatternPageFactory)

    class Meta:
        model = RelatedPattern


# Standards ------------------------------------------------------------------


class ServiceStandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Example service standard {n}")
    summary = "An example standard made for tests."
    introduction = factory.LazyFunction(
        lambda: [("paragraph", RichText(paragraph("Every new council service must meet these points.")))]
    )
    source_standard = factory.SubFactory(SourceStandardFactory)
    crosswalk_notes = ""

    class Meta:
        model = ServiceStandardPage
        skip_postgeneration_save = True

    @factory.post_generation
    def points(obj, create, extracted, **kwargs):
        """points=N adds N points, each equivalent to the source point with the same number (made if missing)."""
        if create and extracted:
            for number in range(1, extracted + 1):
                source, _ = SourceStandardPoint.objects.get_or_create(
                    source_standard=obj.source_standard,
                    number=number,
                    defaults={"title": f"Source point {number}", "sort_order": number},
                )
                StandardPointFactory(page=obj, number=number, sort_order=number, source_points=[source])


class StandardPointFactory(DjangoModelFactory):
    page = factory.SubFactory(ServiceStandardPageFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda point: f"Example point {point.number}")
    why_it_matters = paragraph("People get a service that works for them.")
    what_to_do = paragraph("Talk to the people who will use the service.")
    how_assessed = paragraph("Show the research you did and what you changed.")
    guidance = paragraph("Read the guidance on user research.")
    relationship = Relationship.EQUIVALENT
    sort_order = factory.SelfAttribute("number")

    class Meta:
        model = StandardPoint
        skip_postgeneration_save = True

    @factory.post_generation
    def source_points(obj, create, extracted, **kwargs):
        if extracted is not None:
            obj.source_points.set(extracted)
            if create:
                obj.save()


# Methods --------------------------------------------------------------------


class MethodPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Example method {n}")
    summary = "An example method made for tests."
    purpose = paragraph("Find out what people need before designing anything.")
    when_to_use = paragraph("At the start of a project, in discovery.")
    roles = paragraph("A facilitator and a note-taker.")
    time_needed = "Half a day"
    outputs = paragraph("A list of user needs.")

    class Meta:
        model = MethodPage
        skip_postgeneration_save = True

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        """steps=N adds N steps."""
        if create and extracted:
            for number in range(1, extracted + 1):
                MethodStepFactory(page=obj, sort_order=number)


class MethodStepFactory(DjangoModelFactory):
    page = factory.SubFactory(MethodPageFactory)
    title = factory.Sequence(lambda n: f"Example step {n}")
    detail = paragraph("Do this, then check it.")
    duration = "1 hour"
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = MethodStep


class MethodTemplateDownloadFactory(DjangoModelFactory):
    page = factory.SubFactory(MethodPageFactory)
    document = factory.SubFactory(wagtail_factories.DocumentFactory)
    label = factory.Sequence(lambda n: f"Example template {n}")

    class Meta:
        model = MethodTemplateDownload
