"""Demo content for the patterns app: clearly illustrative patterns, an adapted standard and methods.

`load_patterns_demo(home_page)` makes the three section pages under the home
page and the items under them. It finds pages by slug and never changes one
that exists, so running it again changes nothing. Service areas come from the
LGSL and authorities from the ONS register (load them first with
load_service_areas and import_authorities); any that are missing are left out.

Everything here is invented to show how the site works, and says so: each
summary ends with "Example content." and each page opens with a callout.
Only the GOV.UK Service Standard's point titles are real (patterns/data/).
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms.core.bulk_load import indexes_updated_at_the_end
from cms.core.models import PageChange
from cms.taxonomy.models import Authority, Licence, ServiceArea

from .factories import (
    MethodIndexPageFactory,
    MethodPageFactory,
    MethodStepFactory,
    MethodTemplateDownloadFactory,
    PatternExampleFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    RelatedPatternFactory,
    ServiceStandardPageFactory,
    StandardIndexPageFactory,
    StandardPointFactory,
)
from .models import PatternPage, PatternStatus, Relationship
from .source_standards import govuk_service_standard_2019

EXAMPLE_NOTE = "Example content."
EXAMPLE_CALLOUT = (
    "callout",
    {
        "heading": "This is example content",
        "text": RichText(
            "<p>It was written to show how Factory Commons works. It is not a record of a real council's "
            "service, research or decision.</p>"
        ),
    },
)
CONTENT_OWNER = "Factory Commons demo content"


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# Patterns -------------------------------------------------------------------

PATTERNS = [
    {
        "slug": "find-your-bin-collection-day",
        "title": "Find your bin collection day",
        "summary": "Let residents find their next bin collection days from their address, without phoning.",
        "status": PatternStatus.STABLE,
        "next_steps": "",
        "lgsl": [524, 526],
        "authorities": ["E08000035", "E06000023", "W06000015"],
        "aliases": "bin day, refuse collection day, rubbish day, recycling day, when are my bins collected",
        "when_to_use": p("Use this when collection days differ by street and residents need to know theirs."),
        "when_not_to_use": p("Do not use it if every household in the area has the same collection day."),
        "how_it_works": [
            p(
                "Ask for the postcode, then show the addresses at that postcode. When the resident picks one, "
                "show the next collection for each bin, with the colour and what goes in it."
            ),
            p("Offer a calendar download and a reminder by email on the result page."),
        ],
        "code": '<label class="govuk-label" for="postcode">Postcode</label>\n'
        '<input class="govuk-input govuk-input--width-10" id="postcode" name="postcode" autocomplete="postal-code">',
        "research": p("Example: tested with 12 residents in two councils; all found their day in under a minute."),
        "accessibility": p(
            "Give the bin colour in words as well as colour, and announce the result to screen readers."
        ),
        "known_issues": p("Addresses on new estates can be missing until the gazetteer is updated."),
        "related": ["report-a-missed-bin", "book-a-bulky-waste-collection"],
    },
    {
        "slug": "report-a-missed-bin",
        "title": "Report a missed bin",
        "summary": "Let residents report a bin that was not collected, and tell them when it will be.",
        "status": PatternStatus.TRIAL,
        "next_steps": "Testing with crews' in-cab devices, so a report is checked against the round first.",
        "lgsl": [524, 526],
        "authorities": ["E08000003", "E08000019"],
        "aliases": "missed collection, bin not collected, missed bin collection",
        "when_to_use": p("Use this when residents can report a missed collection online."),
        "when_not_to_use": p("Do not use it for bins that were not put out: say when the next collection is."),
        "how_it_works": [
            p("Find the address, then check the round: if the crew reported the bin as not out, say so."),
            p("Otherwise take the report and give the date the bin will be collected."),
        ],
        "code": "",
        "research": p("Example: most calls about missed bins came before the round had finished."),
        "accessibility": p("Do not rely on a map to pick the address."),
        "known_issues": p("Rounds running late can show as missed."),
        "related": ["find-your-bin-collection-day"],
    },
    {
        "slug": "book-a-bulky-waste-collection",
        "title": "Book a bulky waste collection",
        "summary": "Let residents book and pay for the collection of large items such as furniture.",
        "status": PatternStatus.TRIAL,
        "next_steps": "Research with residents who book for someone else, such as a relative.",
        "lgsl": [528],
        "authorities": ["E08000034", "E09000025"],
        "aliases": "large item collection, furniture collection, bulky items",
        "when_to_use": p("Use this when the council collects large items for a fee."),
        "when_not_to_use": p("Do not use it for commercial waste."),
        "how_it_works": [
            p("Ask what items there are, show the price, then offer the available dates."),
            p("Take payment last, once the resident has chosen a date."),
        ],
        "code": "",
        "research": "",
        "accessibility": p("Let people describe items in their own words as well as from a list."),
        "known_issues": "",
        "related": ["find-your-bin-collection-day"],
    },
    {
        "slug": "apply-for-a-resident-parking-permit",
        "title": "Apply for a resident parking permit",
        "summary": "Let residents apply for, pay for and renew a parking permit for their zone online.",
        "status": PatternStatus.STABLE,
        "next_steps": "",
        "lgsl": [474, 473],
        "authorities": ["E09000007", "E09000012", "E06000043"],
        "aliases": "residents parking, parking permit, zone permit, resident permit",
        "when_to_use": p("Use this when permits depend on the resident's address and vehicle."),
        "when_not_to_use": p("Do not use it for blue badges: they are a national scheme."),
        "how_it_works": [
            p("Check the address is in a permit zone before asking anything else."),
            p("Check the vehicle registration, then take payment and issue a virtual permit."),
        ],
        "code": '<input class="govuk-input govuk-input--width-10" id="registration" name="registration" '
        'spellcheck="false">',
        "research": p("Example: asking for the address first stopped most applications from outside the zones."),
        "accessibility": p("Accept registrations with or without spaces, in any case."),
        "known_issues": p("Some zones have waiting lists; the pattern does not cover them yet."),
        "related": [],
    },
    {
        "slug": "check-if-you-need-planning-permission",
        "title": "Check if you need planning permission",
        "summary": "Help householders find out whether their project needs planning permission before they apply.",
        "status": PatternStatus.TRIAL,
        "next_steps": "Testing the questions for extensions with a third council's planning officers.",
        "lgsl": [1737, 485],
        "authorities": ["E06000060", "E07000008"],
        "aliases": "permitted development, do I need planning permission, planning check",
        "when_to_use": p("Use this before a planning application form, for common householder projects."),
        "when_not_to_use": p("Do not use it to give a formal decision: that needs a lawful development certificate."),
        "how_it_works": [
            p("Ask one question a page about the project and the property, such as whether it is a listed building."),
            p("End with a clear answer and what to do next, with a link to apply."),
        ],
        "code": "",
        "research": p("Example: most pre-application enquiries were about the same five project types."),
        "accessibility": p("Explain planning terms in plain English on the page where they are used."),
        "known_issues": p("Conservation areas need their own questions."),
        "related": [],
    },
    {
        "slug": "tell-us-once-about-a-death",
        "title": "Tell us once about a death",
        "summary": "Let a bereaved person tell the council about a death once, and have every service updated.",
        "status": PatternStatus.STABLE,
        "next_steps": "",
        "lgsl": [321, 328],
        "authorities": ["E08000010", "W06000011"],
        "aliases": "tell us once, report a death, bereavement, someone has died",
        "when_to_use": p("Use this after a death is registered, to stop council letters and bills going out."),
        "when_not_to_use": p("Do not use it to register a death: that is done with the registrar."),
        "how_it_works": [
            p("Start with a plain statement of what will happen, then ask only what the council cannot find."),
            p("Confirm which services were told, and give one contact for anything else."),
        ],
        "code": "",
        "research": p("Example: bereaved people said repeated letters were the most upsetting part."),
        "accessibility": p("Use plain, kind language, and let people save and come back."),
        "known_issues": "",
        "related": [],
    },
    {
        "slug": "report-fly-tipping",
        "title": "Report fly-tipping",
        "summary": "Let residents report rubbish dumped illegally, with a location and a photo.",
        "status": PatternStatus.STABLE,
        "next_steps": "",
        "lgsl": [587],
        "authorities": ["E08000025", "E06000018"],
        "aliases": "fly tipping, dumped rubbish, illegal dumping",
        "when_to_use": p("Use this for reports of waste dumped on public land."),
        "when_not_to_use": p("Do not use it for waste on private land: the owner must clear it."),
        "how_it_works": [
            p("Let people give the location on a map or by describing it, then add photos if they can."),
            p("Say what will happen next and when."),
        ],
        "code": "",
        "research": p("Example: one in three reports had no usable location before the description option."),
        "accessibility": p("Always offer a way to describe the place in words as well as a map."),
        "known_issues": "",
        "related": ["report-a-pothole"],
    },
    {
        "slug": "report-a-pothole",
        "title": "Report a pothole",
        "summary": "Let residents report a pothole or road defect and follow what happens to it.",
        "status": PatternStatus.TRIAL,
        "next_steps": "Linking reports to the highways asset system in a second council.",
        "lgsl": [557],
        "authorities": ["E06000052", "E06000015"],
        "aliases": "road defect, damaged road, hole in the road",
        "when_to_use": p("Use this for defects on roads and pavements the council looks after."),
        "when_not_to_use": p("Do not use it for motorways or trunk roads."),
        "how_it_works": [
            p("Show defects already reported nearby first, so people can follow one instead of reporting it again."),
        ],
        "code": "",
        "research": "",
        "accessibility": p("Make the list of nearby reports usable without the map."),
        "known_issues": p("Duplicates still happen when a pin is placed on the wrong side of the road."),
        "related": ["report-fly-tipping"],
    },
    {
        "slug": "separate-house-number-and-postcode-fields",
        "title": "Separate house number and postcode fields",
        "summary": "Ask for the house number and the postcode in two fields to find an address.",
        "status": PatternStatus.RETIRED,
        "next_steps": "Retired: residents with house names could not find their address. Use the postcode "
        "lookup in 'Find your bin collection day' instead.",
        "lgsl": [524],
        "authorities": ["W06000016"],
        "aliases": "house number lookup, address fields",
        "when_to_use": p("Do not start using this pattern. It is kept so people who used it can see why it retired."),
        "when_not_to_use": p("Any new service."),
        "how_it_works": [p("It asked for a house number and a postcode, then looked up one address.")],
        "code": "",
        "research": p("Example: one in ten residents had a house name, not a number."),
        "accessibility": "",
        "known_issues": p("Fails for house names, flats and new builds."),
        "related": ["find-your-bin-collection-day"],
    },
]


# The adapted standard -------------------------------------------------------

STANDARD_SLUG = "local-government-service-standard-example"
# (number, our title, why it matters, what to do, how it is assessed); each maps to the GOV.UK point with the
# same number. The wording is illustrative, written for this demo.
STANDARD_POINTS = [
    (1, "Understand residents and their needs", "Services built on guesses fail the people who need them most.",
     "Do research with residents, including those who find council services hardest to use.",
     "Show who you did research with and what you changed because of it."),
    (2, "Solve a whole problem for residents", "Residents do not see which council or team owns each step.",
     "Map the whole journey, across councils and partners, and fix the steps that fail.",
     "Show the journey map and the problems you fixed outside your own service."),
    (3, "Join up online, phone and face to face", "Residents switch channels, and should not start again.",
     "Give contact centre staff the same service and information that residents see online.",
     "Show how a case started online can be finished by phone or in person."),
    (4, "Make the service simple to use", "A service people struggle with costs more to run.",
     "Test the service with residents and make it work first time for most of them.",
     "Show usability testing results and how completion has improved."),
    (5, "Make sure every resident can use the service", "Councils must serve everyone in the area.",
     "Meet accessibility regulations and provide help for people who cannot use the service online.",
     "Show an accessibility audit and the support route for people offline."),
    (6, "Have a multidisciplinary team", "One person cannot cover policy, design, technology and operations.",
     "Bring together the skills needed, shared between councils where that helps.",
     "Show who is in the team, including people from partner councils."),
    (7, "Use agile ways of working", "Plans made up front miss what teams learn as they go.",
     "Work in short cycles, show the work often and change plans based on what you learn.",
     "Show how the plan changed because of what you learnt."),
    (8, "Iterate and improve frequently", "Needs and policy change after a service goes live.",
     "Keep a team on the service after launch, and keep improving it.",
     "Show the changes made since the last assessment and why."),
    (9, "Keep residents' data safe and private", "Councils hold sensitive information about residents.",
     "Collect only what you need, protect it, and work with your data protection officer.",
     "Show the data protection impact assessment and security testing."),
    (10, "Define success and publish performance data", "Without measures, nobody knows if it works.",
     "Agree what success means with residents and councillors, measure it and publish it.",
     "Show the measures, the data and where they are published."),
    (11, "Choose tools and technology others can reuse", "Councils often buy the same thing many times.",
     "Prefer open standards, shared platforms and contracts other councils can join.",
     "Show how you chose the technology and how another council could reuse it."),
    (12, "Make new source code open", "Open code can be reused and checked by others.",
     "Publish new code in the open under an open licence, unless there is a clear reason not to.",
     "Show where the code is published and under which licence."),
    (13, "Use and contribute to open standards, common components and patterns",
     "Shared patterns save each council from solving the same problem alone.",
     "Use existing patterns from this collection, and publish what you learn back to it.",
     "Show which patterns you used and what you contributed."),
    (14, "Operate a reliable service", "Residents rely on council services at all hours.",
     "Plan for failure, monitor the service and agree who responds when it goes down.",
     "Show the monitoring, the support rota and how incidents are handled."),
]  # fmt: skip


# Methods --------------------------------------------------------------------

JOURNEY_MAP_TEMPLATE_TITLE = "Journey map template (example)"
JOURNEY_MAP_TEMPLATE_CSV = (
    "stage,what the resident does,what the council does,pain points,ideas\n"
    "Find out,,,,\nApply,,,,\nWait,,,,\nGet the outcome,,,,\n"
)

METHODS = [
    {
        "slug": "journey-mapping-workshop",
        "title": "Journey mapping workshop",
        "summary": "Map a resident's journey across council services in one workshop, with the staff who run them.",
        "purpose": p("See where residents get stuck between services and teams, and agree what to fix first."),
        "when_to_use": p("In discovery, before designing anything, or when complaints point to hand-offs."),
        "time_needed": "Half a day, plus a day to write up",
        "roles": ul("a facilitator", "a note-taker", "3 to 6 staff who run parts of the service"),
        "outputs": p("A journey map with the pain points marked, and a short list of problems to work on."),
        "steps": [
            ("Gather the evidence", p("Read complaints, call logs and research about the journey."), "2 days"),
            ("Run the workshop", p("Walk through the journey step by step with the staff who run it."), "3 hours"),
            ("Agree priorities", p("Vote on the pain points that matter most to residents."), "30 minutes"),
            ("Write it up", p("Share the map and the priorities with everyone who took part."), "1 day"),
        ],
        "template": True,
    },
    {
        "slug": "peer-service-assessment",
        "title": "Peer service assessment",
        "summary": "Have a service assessed against the standard by a panel from other councils.",
        "purpose": p("Get an independent view of whether a service meets the standard, and learn from peers."),
        "when_to_use": p("Before moving from alpha to beta, and from beta to live."),
        "time_needed": "1 day, plus preparation",
        "roles": ul("a lead assessor", "2 or 3 assessors from other councils", "the service team"),
        "outputs": p("A report against each point of the standard, with recommendations."),
        "steps": [
            ("Agree the panel", p("Find assessors from councils that are not part of the project."), "1 week"),
            ("Prepare", p("The team shares its evidence against each point."), "2 days"),
            ("Hold the assessment", p("The team presents; the panel asks questions on each point."), "4 hours"),
            ("Write the report", p("The panel writes up its findings and recommendations."), "2 days"),
        ],
        "template": False,
    },
    {
        "slug": "shared-discovery",
        "title": "Shared discovery across councils",
        "summary": "Run one discovery for several councils that face the same problem, and share what you find.",
        "purpose": p("Understand a problem once, together, instead of each council paying for its own discovery."),
        "when_to_use": p("When several councils are about to start work on the same service."),
        "time_needed": "6 to 8 weeks",
        "roles": ul("a delivery manager", "a user researcher", "a service designer", "a lead from each council"),
        "outputs": p("Shared research findings, a problem statement and a decision on whether to go to alpha."),
        "steps": [
            ("Agree the problem", p("Write one problem statement all the councils sign up to."), "1 week"),
            ("Research", p("Do research with residents and staff in each council."), "4 weeks"),
            ("Play back", p("Share the findings with every council at the same time."), "1 week"),
        ],
        "template": False,
    },
    {
        "slug": "usability-testing-with-residents",
        "title": "Usability testing with residents",
        "summary": "Watch residents try to use a service, and fix what gets in their way.",
        "purpose": p("Find the problems residents have with a service before it goes live, and after."),
        "when_to_use": p("In every sprint of alpha and beta, and after big changes to a live service."),
        "time_needed": "2 days a round",
        "roles": ul("a user researcher", "a note-taker", "5 or 6 residents per round"),
        "outputs": p("A list of usability problems, ranked by how badly they affect residents."),
        "steps": [
            ("Recruit residents", p("Include people with access needs and low digital confidence."), "1 week"),
            ("Run the sessions", p("Ask residents to complete real tasks; do not help them."), "1 day"),
            ("Analyse together", p("The whole team sorts what they saw into problems."), "2 hours"),
        ],
        "template": False,
    },
    {
        "slug": "content-crit",
        "title": "Content crit",
        "summary": "Review content in a small group, so it is clear and consistent before it is published.",
        "purpose": p("Improve content by having other content designers question it."),
        "when_to_use": p("Before publishing new content, or when a page causes calls or complaints."),
        "time_needed": "1 hour",
        "roles": ul("the content designer who wrote it", "2 to 4 other content designers"),
        "outputs": p("Changes to the content, and patterns worth sharing with other councils."),
        "steps": [
            ("Share the content", p("Send the draft and the user need it meets a day before."), "15 minutes"),
            ("Crit", p("Read it aloud; everyone says what works and what does not."), "45 minutes"),
        ],
        "template": False,
    },
]


# Loading --------------------------------------------------------------------


def _existing(parent, slug):
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _index(home_page, factory, slug, title, introduction):
    page = _existing(home_page, slug)
    if page is None:
        page = factory(parent=home_page, slug=slug, title=title, introduction=introduction)
        page.save_revision().publish()
    return page


def _about(lgsl_codes, gss_codes):
    """Service areas and authorities that exist, in the order given, and the default licence if loaded."""
    locale = Locale.get_default()
    areas = {area.lgsl_code: area for area in ServiceArea.objects.filter(locale=locale, lgsl_code__in=lgsl_codes)}
    authorities = {authority.gss_code: authority for authority in Authority.objects.filter(gss_code__in=gss_codes)}
    licence = Licence.objects.filter(locale=locale, spdx_id="OGL-UK-3.0").first()
    return (
        [areas[code] for code in lgsl_codes if code in areas],
        [authorities[code] for code in gss_codes if code in authorities],
        licence,
    )


def _common_fields(licence, today):
    return {
        "licence": licence,
        "content_owner": CONTENT_OWNER,
        "last_reviewed": today,
        "review_by": today + datetime.timedelta(days=365),
    }


def _finish(page, areas, authorities, today):
    page.service_areas.set(areas)
    page.authorities.set(authorities)
    PageChange.objects.create(page=page, date=today, note="Published as example content for the demo.")
    page.save_revision().publish()


def _make_pattern(index, spec, today):
    areas, authorities, licence = _about(spec["lgsl"], spec["authorities"])
    blocks = [EXAMPLE_CALLOUT, *(("paragraph", RichText(text)) for text in spec["how_it_works"])]
    if spec["code"]:
        blocks.append(("code_example", {"language": "html", "code": spec["code"]}))
    page = PatternPageFactory(
        parent=index,
        slug=spec["slug"],
        title=spec["title"],
        summary=f"{spec['summary']} {EXAMPLE_NOTE}",
        status=spec["status"],
        next_steps=spec["next_steps"],
        when_to_use=spec["when_to_use"],
        when_not_to_use=spec["when_not_to_use"],
        how_it_works=blocks,
        research=spec["research"],
        accessibility_notes=spec["accessibility"],
        known_issues=spec["known_issues"],
        search_aliases=spec["aliases"],
        discussion_url="",
        **_common_fields(licence, today),
    )
    for authority in authorities:
        PatternExampleFactory(
            page=page,
            authority=authority,
            url=f"https://www.example.org/{authority.slug}/{spec['slug']}",
            note="Illustrative link for the demo, not this council's live service.",
        )
    return page, areas, authorities


def _make_standard(index, today):
    source = govuk_service_standard_2019()
    source_points = {point.number: point for point in source.points.all()}
    areas, authorities, licence = _about([], [])
    page = ServiceStandardPageFactory(
        parent=index,
        slug=STANDARD_SLUG,
        title="Local government service standard (example)",
        summary="An illustration of how councils might adapt the GOV.UK Service Standard for services they build "
        f"together. {EXAMPLE_NOTE}",
        introduction=[
            EXAMPLE_CALLOUT,
            (
                "paragraph",
                RichText(
                    p(
                        "This example adapts each of the 14 points of the GOV.UK Service Standard for council "
                        "services, keeping one point for each. The crosswalk below shows how they map."
                    )
                ),
            ),
        ],
        source_standard=source,
        crosswalk_notes=p("Every point is equivalent to the GOV.UK point with the same number."),
        **_common_fields(licence, today),
    )
    for number, title, why, what, how in STANDARD_POINTS:
        StandardPointFactory(
            page=page,
            number=number,
            title=title,
            why_it_matters=p(why),
            what_to_do=p(what),
            how_assessed=p(how),
            guidance="",
            relationship=Relationship.EQUIVALENT,
            source_points=[source_points[number]],
        )
    return page, areas, authorities


def _journey_map_template():
    Document = get_document_model()
    document = Document.objects.filter(title=JOURNEY_MAP_TEMPLATE_TITLE).first()
    if document is None:
        document = Document(title=JOURNEY_MAP_TEMPLATE_TITLE)
        document.file.save("journey-map-template-example.csv", ContentFile(JOURNEY_MAP_TEMPLATE_CSV.encode()))
        document.save()
    return document


def _make_method(index, spec, today):
    areas, authorities, licence = _about([], [])
    page = MethodPageFactory(
        parent=index,
        slug=spec["slug"],
        title=spec["title"],
        summary=f"{spec['summary']} {EXAMPLE_NOTE}",
        purpose=spec["purpose"] + p("This is example content, written for the demo."),
        when_to_use=spec["when_to_use"],
        time_needed=spec["time_needed"],
        roles=spec["roles"],
        outputs=spec["outputs"],
        **_common_fields(licence, today),
    )
    for order, (title, detail, duration) in enumerate(spec["steps"]):
        MethodStepFactory(page=page, title=title, detail=detail, duration=duration, sort_order=order)
    if spec["template"]:
        MethodTemplateDownloadFactory(page=page, document=_journey_map_template(), label="Journey map template")
    return page, areas, authorities


@transaction.atomic
@indexes_updated_at_the_end()
def load_patterns_demo(home_page):
    """Create the demo patterns, standard and methods under `home_page`. Returns the number of pages created."""
    today = datetime.date.today()
    created = 0

    pattern_index = _index(
        home_page,
        PatternIndexPageFactory,
        "patterns",
        "Patterns",
        p("Design patterns councils have used in live services. Copy them, adapt them and tell us what you learn."),
    )
    standard_index = _index(
        home_page,
        StandardIndexPageFactory,
        "standards",
        "Service standards",
        p("Service standards councils have adapted, and how each maps to the standard it came from."),
    )
    method_index = _index(
        home_page,
        MethodIndexPageFactory,
        "methods",
        "Methods",
        p("Ways of working council teams can pick up and follow, step by step."),
    )

    new_patterns = {}
    for spec in PATTERNS:
        if _existing(pattern_index, spec["slug"]) is None:
            page, areas, authorities = _make_pattern(pattern_index, spec, today)
            new_patterns[spec["slug"]] = (page, spec, areas, authorities)
    # Related patterns are linked once all the patterns exist, and only on patterns made in this run.
    patterns_by_slug = {page.slug: page for page in PatternPage.objects.child_of(pattern_index)}
    for page, spec, areas, authorities in new_patterns.values():
        for order, slug in enumerate(spec["related"]):
            if slug in patterns_by_slug:
                RelatedPatternFactory(page=page, pattern=patterns_by_slug[slug], sort_order=order)
        _finish(page, areas, authorities, today)
        created += 1

    if _existing(standard_index, STANDARD_SLUG) is None:
        page, areas, authorities = _make_standard(standard_index, today)
        _finish(page, areas, authorities, today)
        created += 1

    for spec in METHODS:
        if _existing(method_index, spec["slug"]) is None:
            page, areas, authorities = _make_method(method_index, spec, today)
            _finish(page, areas, authorities, today)
            created += 1

    return created
