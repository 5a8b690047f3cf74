"""Demo content for the casestudies app: illustrative factories and case studies with example ledgers.

`load_casestudies_demo(home_page)` makes the factory and case study index
pages under the home page and the pages under them. It finds pages by slug
and never changes one that exists, so running it again changes nothing.

Service areas come from the LGSL and authorities from the ONS register (load
them first with load_service_areas and import_authorities); patterns, methods
and the standard come from the patterns demo (load_patterns_demo, run it
first). Anything missing is left out.

Everything here is invented to show how the site works, and says so: every
summary ends with "Example content.", every ledger line's title starts with
"Example figure:" and its method says the figure is illustrative. The
councils are real names from the register; what they are shown doing is not.
"""

import datetime

from django.db import transaction
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms.core.bulk_load import indexes_updated_at_the_end
from cms.core.models import PageChange
from cms.taxonomy.models import Authority, Licence, ServiceArea
from patterns.models import MethodPage, PatternPage, ServiceStandardPage

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

EXAMPLE_NOTE = "Example content."
EXAMPLE_FIGURE = "Example figure: "
EXAMPLE_METHOD = "Illustrative figure for the demo site, not a real result. "
CONTENT_OWNER = "Factory Commons demo content"
EXAMPLE_CALLOUT = (
    "callout",
    {
        "heading": "This is example content",
        "text": RichText(
            "<p>It was written to show how Factory Commons works. It is not a record of a real council's "
            "project, spending or savings.</p>"
        ),
    },
)

LEAD, PARTNER, OBSERVER = Role.LEAD, Role.PARTNER, Role.OBSERVER
AUDITED, PEER_REVIEWED, SELF_REPORTED = Confidence.AUDITED, Confidence.PEER_REVIEWED, Confidence.SELF_REPORTED


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def benefit(title, confidence, *, method, cashable=None, one_off=None, benefit="", measure="", baseline="", **more):
    return {
        "title": f"{EXAMPLE_FIGURE}{title}",
        "confidence": confidence,
        "method": f"{EXAMPLE_METHOD}{method}",
        "cashable_saving_per_year": cashable,
        "one_off_cost": one_off,
        "non_cashable_benefit": benefit,
        "non_cashable_measure": measure,
        "baseline": baseline,
        **more,
    }


# Factories -------------------------------------------------------------------

FACTORIES = [
    {
        "slug": "pennine-councils-digital-factory",
        "title": "Pennine Councils Digital Factory (example)",
        "summary": "Five neighbouring councils that build their waste and planning services once, together.",
        "description": p(
            "The councils share a small multidisciplinary team, one code base and one design system. "
            "Each council's waste and planning staff take part in research and testing.",
            "New services start with a shared discovery; a council joins a build when the problem is its own.",
        ),
        "formed_because": FormedBecause.SHARED_GEOGRAPHY,
        "formed_because_detail": "Neighbouring councils whose residents cross the same boundaries every day.",
        "contact_name": "Factory coordinator (example)",
        "contact_email": "pennine-factory@example.org",
        "members": [
            ("E08000035", LEAD),
            ("E08000032", PARTNER),
            ("E08000033", PARTNER),
            ("E08000034", PARTNER),
            ("E08000036", OBSERVER),
        ],
        "lgsl": [524, 528, 485, 855],
        "roadmap": [
            ("Garden waste subscriptions", 530, "2026 Q3", RoadmapStatus.DONE, ""),
            ("Planning pre-application advice", 485, "2027 Q1", RoadmapStatus.IN_PROGRESS, ""),
            (
                "Assisted bin collections",
                854,
                "2027 Q3",
                RoadmapStatus.PLANNED,
                "Councils with an assisted collection list on paper; write to the coordinator.",
            ),
        ],
    },
    {
        "slug": "greater-manchester-care-and-health-factory",
        "title": "Greater Manchester Care and Health Factory (example)",
        "summary": "Councils and their health partners designing adult social care and hospital discharge services.",
        "description": p(
            "Set up under the combined authority's digital programme, the factory works on services that cross "
            "social care and the NHS, with care staff and residents in every team."
        ),
        "formed_because": FormedBecause.DEVOLUTION_DEAL,
        "formed_because_detail": "A digital programme funded through the combined authority's devolution deal.",
        "contact_name": "Programme office (example)",
        "contact_url": "https://www.example.org/gm-care-factory/contact",
        "members": [
            ("E08000003", LEAD),
            ("E08000006", PARTNER),
            ("E08000007", PARTNER),
            ("E08000009", PARTNER),
            ("E08000010", OBSERVER),
        ],
        "lgsl": [1756, 287, 313, 833, 1747],
        "roadmap": [
            ("Carers' assessment online", 225, "2026 Q4", RoadmapStatus.IN_PROGRESS, ""),
            (
                "Shared care record for reablement",
                833,
                "2027 Q2",
                RoadmapStatus.PLANNED,
                "A council outside the area with a reablement service to test with us.",
            ),
        ],
    },
    {
        "slug": "cymru-housing-and-parking-collaborative",
        "title": "Cymru Housing and Parking Collaborative (example)",
        "summary": "Welsh councils with a track record of shared services, now building housing and parking services.",
        "description": p(
            "Built on years of shared back-office services, the collaborative designs services in Welsh and "
            "English from the start and publishes everything it makes."
        ),
        "formed_because": FormedBecause.TRACK_RECORD,
        "formed_because_detail": "",
        "contact_name": "Collaborative lead (example)",
        "contact_email": "cymru-collaborative@example.org",
        "members": [
            ("W06000015", LEAD),
            ("W06000011", PARTNER),
            ("W06000022", PARTNER),
            ("W06000002", PARTNER),
            ("W06000001", OBSERVER),
        ],
        "lgsl": [141, 652, 911, 279],
        "roadmap": [
            ("Homelessness prevention triage", 911, "2026 Q4", RoadmapStatus.IN_PROGRESS, ""),
            (
                "Blue badge renewals in Welsh and English",
                279,
                "2027 Q2",
                RoadmapStatus.PLANNED,
                "A council that has tested a bilingual form with residents.",
            ),
        ],
    },
    {
        "slug": "london-boroughs-shared-platform",
        "title": "London Boroughs Shared Platform (example)",
        "summary": "Boroughs that use the same parking supplier and build the public-facing services together.",
        "description": p(
            "The boroughs use the same back-office parking system. Instead of each buying the supplier's "
            "web forms, they build and run one set of open services on top of its interface."
        ),
        "formed_because": FormedBecause.COMMON_SUPPLIER,
        "formed_because_detail": "All three use the same parking back-office system.",
        "contact_name": "Platform product manager (example)",
        "contact_email": "shared-platform@example.org",
        "members": [("E09000007", LEAD), ("E09000019", PARTNER), ("E09000012", PARTNER)],
        "lgsl": [474, 471, 279],
        "roadmap": [
            ("Visitor parking vouchers", 474, "2026 Q2", RoadmapStatus.DONE, ""),
            (
                "Dispensations and suspensions",
                471,
                "2027 Q1",
                RoadmapStatus.PLANNED,
                "Boroughs on the same parking system; ask the product manager.",
            ),
        ],
    },
    {
        "slug": "western-councils-procurement-factory",
        "title": "Western Councils Procurement Factory (example)",
        "summary": "Councils that publish their contracts and buy digital services the same way.",
        "description": p(
            "The councils agreed one way to publish contracts and to buy digital work in small, open lots, "
            "and they build the tools that support it."
        ),
        "formed_because": FormedBecause.OTHER,
        "formed_because_detail": "A joint procurement board that wanted the same open tools for every member.",
        "contact_name": "Procurement board secretary (example)",
        "contact_email": "western-procurement@example.org",
        "members": [("E06000023", LEAD), ("E06000022", PARTNER), ("E06000025", PARTNER), ("E06000024", PARTNER)],
        "lgsl": [830, 829, 828, 369, 487],
        "roadmap": [
            (
                "Planning application fee calculator",
                487,
                "2027 Q2",
                RoadmapStatus.PLANNED,
                "Planning teams who want one calculator across council boundaries.",
            ),
        ],
    },
]


# Case studies ----------------------------------------------------------------

CASE_STUDIES = [
    # Pennine: waste and planning
    {
        "slug": "bin-collection-day-finder",
        "title": "Bin collection day finder (example)",
        "factory": "pennine-councils-digital-factory",
        "summary": "One service for five councils that tells residents their next bin days from their address.",
        "lgsl": [524],
        "partners": [("E08000035", LEAD), ("E08000032", PARTNER), ("E08000034", PARTNER)],
        "phase": Phase.LIVE,
        "dates": ("2024-05-01", "2025-02-10", None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["find-your-bin-collection-day"],
        "methods": ["usability-testing-with-residents"],
        "repositories": [("Bin day finder", "https://code.example.org/pennine/bin-day-finder", "MIT")],
        "funding": ("Partner councils' own budgets", 90_000),
        "benefits": [
            benefit(
                "Fewer calls about collection days",
                SELF_REPORTED,
                cashable=18_000,
                baseline="About 9,000 calls a year asking for a collection day, at £2 a call.",
                method="Calls a year before and after, times the contact centre's cost per call.",
                authorities=["E08000035"],
            ),
            benefit(
                "Build and first year of hosting",
                AUDITED,
                one_off=60_000,
                method="Invoices and staff time, from the factory's accounts.",
                evidence_url="https://www.example.org/pennine/bin-day-finder-costs",
            ),
            benefit(
                "Residents find their day without phoning",
                PEER_REVIEWED,
                benefit="Residents get an answer at any time of day.",
                measure="82% of searches end without a call (sample of 1,000)",
                baseline="Before, the only way to ask was to phone in office hours.",
                method="Exit survey on the result page, checked by a partner council.",
            ),
        ],
    },
    {
        "slug": "book-a-bulky-waste-collection",
        "title": "Book a bulky waste collection (example)",
        "factory": "pennine-councils-digital-factory",
        "summary": "Residents book and pay for a bulky waste collection online, and crews get the list on the day.",
        "lgsl": [528],
        "partners": [("E08000033", LEAD), ("E08000035", PARTNER)],
        "phase": Phase.BETA,
        "dates": ("2025-03-01", None, None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["book-a-bulky-waste-collection"],
        "methods": [],
        "repositories": [("Bulky waste booking", "https://code.example.org/pennine/bulky-waste", "AGPL-3.0-or-later")],
        "funding": ("Local Digital Fund (example)", 120_000),
        "benefits": [
            benefit(
                "Less time taking bookings by phone",
                PEER_REVIEWED,
                cashable=12_000,
                baseline="3,000 phone bookings a year at 15 minutes each.",
                method="Bookings moved online times the handling time, checked by a partner council.",
            ),
            benefit("Private beta build", SELF_REPORTED, one_off=35_000, method="Supplier invoices."),
        ],
    },
    {
        "slug": "report-a-missed-bin",
        "title": "Report a missed bin (example)",
        "factory": "pennine-councils-digital-factory",
        "summary": "A missed bin report that checks the round first, so residents know if the crew is still coming.",
        "lgsl": [524],
        "partners": [("E08000034", LEAD), ("E08000036", OBSERVER)],
        "phase": Phase.LIVE,
        "dates": ("2024-09-01", "2025-06-02", None),
        "openness": Openness.OPEN_DESIGN,
        "openness_reason": "The round data comes from the waste contractor's product; the forms and content are open.",
        "patterns": ["report-a-missed-bin"],
        "methods": [],
        "repositories": [],
        "suppliers": "Example Waste Systems Ltd (invented supplier)",
        "funding": ("Kirklees and partners (example)", 40_000),
        "benefits": [
            benefit(
                "Reports made when the crew had not yet been",
                SELF_REPORTED,
                cashable=7_500,
                baseline="About 2,500 reports a year were made before the round had finished.",
                method="Reports avoided times the cost of a return visit.",
            ),
        ],
    },
    {
        "slug": "householder-planning-checker",
        "title": "Do I need planning permission? checker (example)",
        "factory": "pennine-councils-digital-factory",
        "summary": "A checker for householders that says whether they need planning permission before they apply.",
        "lgsl": [485, 855],
        "partners": [("E08000032", LEAD), ("E08000035", PARTNER), ("E08000033", PARTNER)],
        "phase": Phase.ALPHA,
        "dates": ("2025-10-01", None, None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["check-if-you-need-planning-permission"],
        "methods": ["shared-discovery", "journey-mapping-workshop"],
        "repositories": [("Planning checker prototype", "https://code.example.org/pennine/planning-checker", "MIT")],
        "funding": ("Partner councils' own budgets", 30_000),
        "benefits": [
            benefit(
                "Fewer invalid householder applications",
                SELF_REPORTED,
                benefit="Planning officers spend less time on applications that were never needed.",
                measure="20% fewer invalid applications (alpha estimate)",
                baseline="About 1 in 4 householder applications was invalid or unnecessary.",
                method="Estimate from testing the alpha with 40 past applications.",
            ),
            benefit("Discovery and alpha", AUDITED, one_off=40_000, method="Staff time from timesheets."),
        ],
    },
    # Greater Manchester: adult social care and integrated health
    {
        "slug": "social-care-financial-assessment",
        "title": "Social care financial assessment online (example)",
        "factory": "greater-manchester-care-and-health-factory",
        "summary": "People work out what they may pay towards their care, and send their details once.",
        "lgsl": [1756],
        "partners": [("E08000003", LEAD), ("E08000006", PARTNER), ("E08000007", PARTNER)],
        "phase": Phase.LIVE,
        "dates": ("2024-01-15", "2025-04-01", None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["tell-us-once-about-a-death"],
        "methods": ["journey-mapping-workshop", "peer-service-assessment"],
        "standard": True,
        "repositories": [
            ("Financial assessment service", "https://code.example.org/gm/financial-assessment", "MIT"),
            ("Charging rules engine", "https://code.example.org/gm/charging-rules", "Apache-2.0"),
        ],
        "suppliers": "Example Care Tech Ltd (invented supplier)",
        "funding": ("Combined authority digital programme (example)", 250_000),
        "benefits": [
            benefit(
                "Assessor time on paper forms",
                AUDITED,
                cashable=45_000,
                baseline="2,000 paper assessments a year, each keyed in by hand.",
                method="Assessor hours saved times the hourly cost, checked by internal audit.",
                evidence_url="https://www.example.org/gm/financial-assessment-audit",
                authorities=["E08000003", "E08000006"],
            ),
            benefit("Build, to live", AUDITED, one_off=120_000, method="Programme accounts."),
            benefit(
                "People know sooner what they will pay",
                PEER_REVIEWED,
                benefit="People and families know what they may pay before care starts.",
                measure="Average wait for a charging decision down from 6 weeks to 9 days",
                baseline="6 weeks from first contact to a charging decision.",
                method="Case management dates for 300 cases, checked by a partner council.",
            ),
        ],
    },
    {
        "slug": "direct-payments-account",
        "title": "Direct payments account (example)",
        "factory": "greater-manchester-care-and-health-factory",
        "summary": "A discovery into how people who get direct payments could see and manage their account online.",
        "lgsl": [287],
        "partners": [("E08000009", LEAD), ("E08000003", PARTNER)],
        "phase": Phase.DISCOVERY,
        "dates": ("2026-02-01", None, None),
        "openness": Openness.PROPRIETARY,
        "openness_reason": "The discovery report is open, but the payment card provider's system is proprietary.",
        "patterns": [],
        "methods": ["shared-discovery"],
        "repositories": [],
        "funding": ("Trafford (example)", 25_000),
        "benefits": [
            benefit(
                "Discovery",
                SELF_REPORTED,
                one_off=25_000,
                method="Staff time and research incentives.",
            ),
        ],
    },
    {
        "slug": "joint-hospital-discharge-planner",
        "title": "Joint hospital discharge planner (example)",
        "factory": "greater-manchester-care-and-health-factory",
        "summary": "Ward staff and social workers plan a patient's discharge in one shared place.",
        "lgsl": [833, 832],
        "partners": [("E08000006", LEAD), ("E08000007", PARTNER), ("E08000010", OBSERVER)],
        "phase": Phase.BETA,
        "dates": ("2025-01-06", None, None),
        "openness": Openness.OPEN_DESIGN,
        "openness_reason": "It runs on the hospital trust's licensed case management product.",
        "patterns": [],
        "methods": ["journey-mapping-workshop"],
        "standard": True,
        "repositories": [],
        "suppliers": "Example Health Systems plc (invented supplier)",
        "funding": ("Integrated care board and councils (example)", 300_000),
        "benefits": [
            benefit(
                "Fewer delayed discharges",
                PEER_REVIEWED,
                cashable=80_000,
                baseline="1,100 bed days a year lost to delayed discharge across the partners.",
                method="Bed days saved times the agreed cost of a bed day, checked by the trust.",
            ),
            benefit(
                "Patients home sooner",
                PEER_REVIEWED,
                benefit="Patients go home when they are ready, not when the paperwork is.",
                measure="350 fewer bed days a year",
                baseline="1,100 delayed bed days a year.",
                method="Ward records for the beta wards.",
            ),
            benefit("Beta build", AUDITED, one_off=150_000, method="Programme accounts."),
        ],
    },
    {
        "slug": "telecare-referrals",
        "title": "Telecare referrals (example)",
        "factory": "greater-manchester-care-and-health-factory",
        "summary": "An online referral for community alarms and telecare, since replaced by the supplier's own form.",
        "lgsl": [313],
        "partners": [("E08000007", LEAD)],
        "phase": Phase.RETIRED,
        "dates": ("2022-06-01", "2023-03-01", "2025-09-30"),
        "openness": Openness.PROPRIETARY,
        "openness_reason": "It was configured inside the telecare supplier's product, which cannot be shared.",
        "patterns": [],
        "methods": [],
        "repositories": [],
        "suppliers": "Example Alarm Services Ltd (invented supplier)",
        "funding": ("Stockport (example)", 15_000),
        "benefits": [
            benefit(
                "Referrals typed in by hand",
                SELF_REPORTED,
                cashable=4_000,
                baseline="800 emailed referrals a year, re-keyed.",
                method="Referrals a year times 20 minutes of admin time.",
            ),
        ],
    },
    # Cymru: housing and blue badges
    {
        "slug": "report-a-housing-repair",
        "title": "Report a housing repair (example)",
        "factory": "cymru-housing-and-parking-collaborative",
        "summary": "Tenants report a repair in Welsh or English and book an appointment in the same visit.",
        "lgsl": [141],
        "partners": [("W06000015", LEAD), ("W06000011", PARTNER), ("W06000022", PARTNER)],
        "phase": Phase.LIVE,
        "dates": ("2024-04-01", "2025-01-20", None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["separate-house-number-and-postcode-fields"],
        "methods": ["usability-testing-with-residents", "content-crit"],
        "repositories": [("Repairs service", "https://code.example.org/cymru/repairs", "MIT")],
        "funding": ("Welsh Government digital fund (example)", 180_000),
        "benefits": [
            benefit(
                "Repairs line calls",
                AUDITED,
                cashable=25_000,
                baseline="12,000 repair calls a year at £4 a call.",
                method="Calls moved online times the cost per call, from the audited contact centre figures.",
                evidence_url="https://www.example.org/cymru/repairs-audit",
            ),
            benefit(
                "Appointments kept",
                SELF_REPORTED,
                benefit="Fewer wasted visits when nobody is in.",
                measure="No-access visits down from 14% to 6%",
                baseline="14% of repair visits found nobody at home.",
                method="Repairs system records, six months before and after.",
            ),
            benefit("Build to live", AUDITED, one_off=110_000, method="Programme accounts."),
        ],
    },
    {
        "slug": "housing-advice-triage",
        "title": "Housing advice triage (example)",
        "factory": "cymru-housing-and-parking-collaborative",
        "summary": "People at risk of losing their home get advice and the right referral in one conversation.",
        "lgsl": [652, 911],
        "partners": [("W06000002", LEAD), ("W06000015", PARTNER)],
        "phase": Phase.ALPHA,
        "dates": ("2025-11-03", None, None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": [],
        "methods": ["content-crit", "shared-discovery"],
        "repositories": [("Triage prototype", "https://code.example.org/cymru/housing-triage", "MIT")],
        "funding": ("Gwynedd and Cardiff (example)", 45_000),
        "benefits": [
            benefit(
                "Referrals to the right team first time",
                SELF_REPORTED,
                benefit="Fewer people passed between teams before they get help.",
                measure="Estimated 300 fewer hand-offs a year",
                baseline="Case notes show 1 in 3 people were referred on at least once.",
                method="Alpha testing with 25 past cases.",
            ),
        ],
    },
    {
        "slug": "blue-badge-applications",
        "title": "Blue badge applications in Welsh and English (example)",
        "factory": "cymru-housing-and-parking-collaborative",
        "summary": "A bilingual blue badge form that asks for evidence once and tells people what happens next.",
        "lgsl": [279],
        "partners": [("W06000011", LEAD), ("W06000022", PARTNER)],
        "phase": Phase.LIVE,
        "dates": ("2024-02-01", "2024-11-04", None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["separate-house-number-and-postcode-fields"],
        "methods": [],
        "standard": True,
        "repositories": [("Blue badge service", "https://code.example.org/cymru/blue-badge", "MIT")],
        "funding": ("Swansea and Newport (example)", 70_000),
        "benefits": [
            benefit(
                "Incomplete applications chased",
                PEER_REVIEWED,
                cashable=9_000,
                baseline="40% of paper applications came in without the evidence needed.",
                method="Chasing letters avoided times their cost, checked by the other partner.",
            ),
        ],
    },
    # London: parking
    {
        "slug": "resident-parking-permits",
        "title": "Resident parking permits online (example)",
        "factory": "london-boroughs-shared-platform",
        "summary": "Residents apply for, renew and change a parking permit online, on top of the shared back office.",
        "lgsl": [474],
        "partners": [("E09000007", LEAD), ("E09000019", PARTNER), ("E09000012", PARTNER)],
        "phase": Phase.LIVE,
        "dates": ("2023-09-01", "2024-06-03", None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": ["apply-for-a-resident-parking-permit", "separate-house-number-and-postcode-fields"],
        "methods": ["usability-testing-with-residents", "peer-service-assessment"],
        "standard": True,
        "repositories": [
            ("Permits front end", "https://code.example.org/london/permits", "MIT"),
            ("Parking system adapter", "https://code.example.org/london/parking-adapter", "Apache-2.0"),
        ],
        "suppliers": "Example Parking Systems Ltd (invented supplier)",
        "funding": ("Three boroughs (example)", 210_000),
        "benefits": [
            benefit(
                "Permit applications by post and phone",
                AUDITED,
                cashable=60_000,
                baseline="20,000 applications a year on paper or by phone at £3 each.",
                method="Applications moved online times the cost of handling one, checked by internal audit.",
                evidence_url="https://www.example.org/london/permits-audit",
            ),
            benefit(
                "Printing and postage of paper permits",
                SELF_REPORTED,
                cashable=8_000,
                baseline="Printing and posting 20,000 permits a year.",
                method="Print supplier invoices, year before and year after.",
                authorities=["E09000007"],
            ),
            benefit("Build, to live", AUDITED, one_off=90_000, method="Borough accounts."),
        ],
    },
    {
        "slug": "parking-penalty-challenges",
        "title": "Challenge a parking penalty (example)",
        "factory": "london-boroughs-shared-platform",
        "summary": "People challenge a penalty charge with photos and get a decision without writing a letter.",
        "lgsl": [471],
        "partners": [("E09000019", LEAD), ("E09000012", PARTNER)],
        "phase": Phase.BETA,
        "dates": ("2025-05-01", None, None),
        "openness": Openness.OPEN_DESIGN,
        "openness_reason": "Decisions are recorded in the supplier's enforcement product under licence.",
        "patterns": [],
        "methods": ["content-crit"],
        "repositories": [("Challenge form", "https://code.example.org/london/pcn-challenge", "MIT")],
        "funding": ("Islington and Hackney (example)", 60_000),
        "benefits": [
            benefit(
                "Letters opened and scanned",
                SELF_REPORTED,
                cashable=11_000,
                baseline="5,000 challenge letters a year opened, scanned and keyed.",
                method="Letters avoided times the mail room's cost per letter.",
            ),
            benefit("Beta build", PEER_REVIEWED, one_off=45_000, method="Invoices, checked by the lead borough."),
        ],
    },
    # Western: procurement
    {
        "slug": "shared-contracts-register",
        "title": "Shared contracts register (example)",
        "factory": "western-councils-procurement-factory",
        "summary": "Four councils publish their contracts in one open register, in the same format.",
        "lgsl": [828, 829],
        "partners": [("E06000023", LEAD), ("E06000022", PARTNER), ("E06000025", PARTNER), ("E06000024", PARTNER)],
        "phase": Phase.LIVE,
        "dates": ("2024-03-01", "2024-10-01", None),
        "openness": Openness.OPEN_SOURCE,
        "patterns": [],
        "methods": ["shared-discovery"],
        "repositories": [("Contracts register", "https://code.example.org/western/contracts-register", "MIT")],
        "funding": ("Joint procurement board (example)", 80_000),
        "benefits": [
            benefit(
                "Four registers kept by hand",
                PEER_REVIEWED,
                cashable=30_000,
                baseline="Each council kept a spreadsheet register and answered requests for it.",
                method="Staff time before and after, checked by the procurement board.",
            ),
            benefit("Build and data migration", AUDITED, one_off=55_000, method="Board accounts."),
        ],
    },
    {
        "slug": "supplier-onboarding-portal",
        "title": "Supplier onboarding portal (example)",
        "factory": "western-councils-procurement-factory",
        "summary": "Small suppliers register once to work with any of the councils.",
        "lgsl": [369, 830],
        "partners": [("E06000025", LEAD), ("E06000023", PARTNER)],
        "phase": Phase.BETA,
        "dates": ("2025-06-02", None, None),
        "openness": Openness.PROPRIETARY,
        "openness_reason": "It is a configured module of the councils' shared finance system.",
        "patterns": [],
        "methods": [],
        "repositories": [],
        "suppliers": "Example Finance Software Ltd (invented supplier)",
        "funding": ("South Gloucestershire and Bristol (example)", 35_000),
        "benefits": [
            benefit(
                "Duplicate supplier checks",
                SELF_REPORTED,
                cashable=6_000,
                baseline="The same supplier was checked by each council it worked for.",
                method="Checks avoided times the time each takes.",
                authorities=["E06000025", "E06000023"],
            ),
            benefit(
                "Small suppliers bidding",
                SELF_REPORTED,
                benefit="More small local suppliers bid for council work.",
                measure="Small suppliers registered up from 40 to 95",
                baseline="40 small suppliers were registered across the councils.",
                method="Supplier records, a year apart.",
            ),
        ],
    },
]


# Loading ---------------------------------------------------------------------


def _existing(parent, slug):
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _index(home_page, model, slug, title, introduction):
    page = _existing(home_page, slug)
    if page is None:
        page = model(title=title, slug=slug, introduction=introduction)
        home_page.add_child(instance=page)
        page.save_revision().publish()
    return page


class _Lookups:
    """The taxonomy rows and pages the demo refers to, fetched once; missing ones are left out."""

    def __init__(self, locale):
        codes = {code for spec in FACTORIES for code, _role in spec["members"]}
        codes |= {code for spec in CASE_STUDIES for code, _role in spec["partners"]}
        codes |= {code for spec in CASE_STUDIES for row in spec["benefits"] for code in row.get("authorities", [])}
        lgsl = {code for spec in [*FACTORIES, *CASE_STUDIES] for code in spec["lgsl"]}
        lgsl |= {item[1] for spec in FACTORIES for item in spec["roadmap"]}
        self.authorities = {row.gss_code: row for row in Authority.objects.filter(gss_code__in=codes)}
        self.areas = {row.lgsl_code: row for row in ServiceArea.objects.filter(locale=locale, lgsl_code__in=lgsl)}
        self.licences = {row.spdx_id: row for row in Licence.objects.filter(locale=locale)}
        self.patterns = {page.slug: page for page in PatternPage.objects.filter(locale=locale)}
        self.methods = {page.slug: page for page in MethodPage.objects.filter(locale=locale)}
        self.standard = ServiceStandardPage.objects.filter(locale=locale).order_by("path").first()

    def authority_list(self, codes):
        return [self.authorities[code] for code in codes if code in self.authorities]

    def area_list(self, codes):
        return [self.areas[code] for code in codes if code in self.areas]

    def pages(self, found, slugs):
        return [found[slug] for slug in slugs if slug in found]


def _common(spec, lookups, today):
    return {
        "title": spec["title"],
        "slug": spec["slug"],
        "summary": f"{spec['summary']} {EXAMPLE_NOTE}",
        "licence": lookups.licences.get("OGL-UK-3.0"),
        "content_owner": CONTENT_OWNER,
        "last_reviewed": today,
        "review_by": today + datetime.timedelta(days=365),
        "change_log": [PageChange(date=today, note="Published as example content for the demo.")],
    }


def _make_factory(index, spec, lookups, today):
    page = FactoryPage(
        **_common(spec, lookups, today),
        description=spec["description"],
        formed_because=spec["formed_because"],
        formed_because_detail=spec["formed_because_detail"],
        contact_name=spec["contact_name"],
        contact_email=spec.get("contact_email", ""),
        contact_url=spec.get("contact_url", ""),
        members=[
            FactoryMember(authority=lookups.authorities[code], role=role)
            for code, role in spec["members"]
            if code in lookups.authorities
        ],
        roadmap_items=[
            RoadmapItem(
                title=title,
                service_area=lookups.areas.get(lgsl),
                planned_quarter=quarter,
                status=status,
                looking_for_partners=bool(note),
                partner_note=note,
            )
            for title, lgsl, quarter, status, note in spec["roadmap"]
        ],
    )
    page.service_areas = lookups.area_list(spec["lgsl"])
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _benefit_line(row, lookups):
    fields = {key: value for key, value in row.items() if key != "authorities"}
    line = BenefitLine(**fields)
    line.authorities = lookups.authority_list(row.get("authorities", []))
    return line


def _make_case_study(index, spec, factory, lookups, today):
    started_on, live_on, ended_on = (datetime.date.fromisoformat(day) if day else None for day in spec["dates"])
    funding_source, funding_amount = spec["funding"]
    page = CaseStudyPage(
        **_common(spec, lookups, today),
        factory=factory,
        problem=p(
            "Before this work, the service depended on paper, phone calls and re-keying, and each council "
            "did it differently. Residents and staff told us the same things in every council."
        ),
        approach=[
            EXAMPLE_CALLOUT,
            (
                "paragraph",
                RichText(
                    p(
                        "The partners ran one discovery together, then built and tested with residents and the "
                        "staff who run the service in each council, releasing in small steps."
                    )
                ),
            ),
        ],
        phase=spec["phase"],
        started_on=started_on,
        live_on=live_on,
        ended_on=ended_on,
        openness=spec["openness"],
        openness_reason=spec.get("openness_reason", ""),
        suppliers=spec.get("suppliers", ""),
        funding_source=funding_source,
        funding_amount=funding_amount,
        lessons_learnt=p("Agree one way of working before the first sprint, and test in every partner council."),
        how_to_reuse=p(
            "Read the code and the research, then talk to the lead council about joining or copying it. "
            "This is example content: there is nothing real to reuse."
        ),
        partners=[
            CaseStudyPartner(authority=lookups.authorities[code], role=role)
            for code, role in spec["partners"]
            if code in lookups.authorities
        ],
        code_repositories=[
            CodeRepository(name=name, url=url, licence=lookups.licences.get(spdx_id))
            for name, url, spdx_id in spec["repositories"]
        ],
        benefits=[_benefit_line(row, lookups) for row in spec["benefits"]],
    )
    page.service_areas = lookups.area_list(spec["lgsl"])
    page.patterns_used = lookups.pages(lookups.patterns, spec["patterns"])
    page.methods_used = lookups.pages(lookups.methods, spec["methods"])
    page.standards_used = [lookups.standard] if spec.get("standard") and lookups.standard else []
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
@indexes_updated_at_the_end()
def load_casestudies_demo(home_page):
    """Create the demo factories and case studies under `home_page`. Returns the number of pages created."""
    today = datetime.date.today()
    lookups = _Lookups(home_page.locale if home_page.locale_id else Locale.get_default())
    created = 0

    factory_index = _index(
        home_page,
        FactoryIndexPage,
        "factories",
        "Local digital factories",
        p("Groups of councils that design, build and run services together, and what they plan next."),
    )
    case_study_index = _index(
        home_page,
        CaseStudyIndexPage,
        "case-studies",
        "Case studies",
        p("What councils built together, what it cost, what it saved, and how sure they are of each figure."),
    )

    factories = {}
    for spec in FACTORIES:
        page = _existing(factory_index, spec["slug"])
        if page is None:
            page = _make_factory(factory_index, spec, lookups, today)
            created += 1
        factories[spec["slug"]] = page

    for spec in CASE_STUDIES:
        if _existing(case_study_index, spec["slug"]) is None:
            _make_case_study(case_study_index, spec, factories[spec["factory"]], lookups, today)
            created += 1
    return created
