"""Hostile input from editors and the public comes out escaped or removed wherever it is shown.

Each payload (a script element, a javascript: link, an onerror attribute, an attribute
break-out with an svg onload, a spreadsheet formula) goes into every field an editor or
a member of the public can fill in: plain text, web addresses, every rich text feature,
every block type, the taxonomy snippets and the "Share your work" form. Rich text goes
in as the admin stores it: the editor's Draftail content, converted by the field's own
widget, with a link whose address is the payload.

The content is built and every output fetched once for the module (inside a transaction
that is rolled back), then one test per output, field and payload says the payload is
shown there and is not live. See docs/decisions/0022-hostile-input.md.
"""

import json
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import translation
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import RichText
from wagtail_factories import DocumentFactory, ImageFactory

from casestudies.factories import (
    BenefitLineFactory,
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    CaseStudyPartnerFactory,
    CodeRepositoryFactory,
    FactoryIndexPageFactory,
    FactoryPageFactory,
    RoadmapItemFactory,
)
from casestudies.models import CaseStudyPage, FactoryPage, RoadmapStatus
from cms.core.management.commands.setup_site import ensure_home_page
from cms.core.models import PageChange
from cms.home.models import HomePage
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory, ServiceAreaFactory
from contributions.models import Submission
from patterns.factories import (
    MethodIndexPageFactory,
    MethodPageFactory,
    MethodStepFactory,
    MethodTemplateDownloadFactory,
    PatternExampleFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    SourceStandardFactory,
    SourceStandardPointFactory,
    StandardIndexPageFactory,
    StandardPointFactory,
)
from patterns.models import MethodPage, MethodStep, PatternPage, ServiceStandardPage, StandardPoint
from search.facets import forget_facet_values
from tests.security.expected import SHOWN
from tests.security.markup import live_in_csv, live_in_feed, live_in_html, live_in_json

# Every test reads the module's outputs, whose fixture needs the test database set up.
# One xdist group: the outputs are built once, on one worker, rather than once on each.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile input")]

PAYLOADS = {
    "script": "<script>alert('{m}')</script>",
    "javascript": "javascript:alert('{m}')",
    "onerror": "<img src=x onerror=alert('{m}')>",
    "svg": "\"><svg onload=alert('{m}')>",
    "formula": '=HYPERLINK("https://evil.example/{m}","{m}")',
}
EMBED_URL = "https://www.youtube.com/watch?v=hostile-input"


def marker(field_name, payload):
    return f"xss~{field_name}~{payload}~"


def text(field_name, payload):
    """The payload as an editor types it into a plain text field."""
    return PAYLOADS[payload].format(m=marker(field_name, payload))


def address(field_name, payload):
    """The payload as a web address field accepts it: a javascript: address as it is (the
    field must refuse it, see test_web_address_fields_refuse_script_addresses), anything
    else in the query of an https address (no spaces, which no address may hold)."""
    value = text(field_name, payload)
    return value if payload == "javascript" else "https://example.org/?" + value.replace(" ", "/")


def draftail(features, field_name, payload):
    """What the admin stores when an editor posts Draftail content holding the payload:
    the payload typed as text, linked to the payload as an address, in every block type
    the field allows; converted by the field's own widget, as the admin's form does."""
    typed = f"{text(field_name, payload)} typed"
    link = address(field_name, payload)
    block_types = ["unstyled"]
    block_types += [name for feature, name in (("h2", "header-two"), ("h3", "header-three")) if feature in features]
    block_types += [
        name for feature, name in (("ol", "ordered-list-item"), ("ul", "unordered-list-item")) if feature in features
    ]
    styles = [style for feature, style in (("bold", "BOLD"), ("italic", "ITALIC")) if feature in features]
    blocks = [
        {
            "key": f"b{number}",
            "type": block_type,
            "text": typed,
            "depth": 0,
            "inlineStyleRanges": [{"offset": 0, "length": 4, "style": style} for style in styles],
            "entityRanges": [{"offset": 0, "length": len(typed), "key": 0}] if "link" in features else [],
        }
        for number, block_type in enumerate(block_types)
    ]
    content = {
        "blocks": blocks,
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}},
    }
    widget = DraftailRichTextArea(features=features)
    return widget.value_from_datadict({"field": json.dumps(content)}, {}, "field")


def rich(model, name, payload, field_name=None):
    """Draftail content for a model's RichTextField."""
    return draftail(model._meta.get_field(name).features, field_name or name, payload)


STORY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]
CALLOUT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def story(prefix, payload, image=None, every_block=False):
    """A BodyStoryBlock stream: a paragraph, and with every_block each other block type too."""
    blocks = [("paragraph", RichText(draftail(STORY_FEATURES, f"{prefix}_paragraph", payload)))]
    if every_block:
        blocks += [
            (
                "callout",
                {
                    "heading": text(f"{prefix}_callout_heading", payload),
                    "text": RichText(draftail(CALLOUT_FEATURES, f"{prefix}_callout_text", payload)),
                },
            ),
            ("code_example", {"language": "html", "code": text(f"{prefix}_code", payload)}),
            (
                "image",
                {
                    "image": image,
                    "alt_text": text(f"{prefix}_image_alt", payload),
                    "caption": text(f"{prefix}_image_caption", payload),
                },
            ),
            ("embed", {"embed": EMBED_URL, "caption": text(f"{prefix}_embed_caption", payload)}),
        ]
    return blocks


# Building the content ------------------------------------------------------------


@dataclass
class Built:
    items: dict = field(default_factory=dict)  # {payload: {type: page}}
    drafts: dict = field(default_factory=dict)  # {payload: page made from the public form}
    indexes: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)  # {payload: service area}


def build_taxonomy(payload):
    area = ServiceAreaFactory(label=text("service_area_label", payload))
    council = AuthorityFactory(name=text("authority_name", payload))
    licence_url = "https://example.org/licence" if payload == "javascript" else address("licence_url", payload)
    licence = LicenceFactory(name=text("licence_name", payload), url=licence_url)
    return area, council, licence


def plain(prefix, payload, *names):
    return {name: text(f"{prefix}_{name}", payload) for name in names}


def change_log(page, prefix, payload):
    PageChange.objects.create(page=page, note=text(f"{prefix}_change_note", payload), locale=page.locale)


def build_items(built, payload, image):
    area, council, licence = build_taxonomy(payload)
    built.areas[payload] = area
    common = {"service_areas": [area], "licence": licence}
    safe_url = "https://example.org/safe"
    url = (lambda name: safe_url) if payload == "javascript" else (lambda name: address(name, payload))

    pattern = PatternPageFactory(
        parent=built.indexes["pattern"],
        slug=f"hostile-pattern-{payload}",
        title=text("pattern_title", payload),
        **plain("pattern", payload, "summary", "next_steps", "search_aliases", "content_owner"),
        **{
            name: rich(PatternPage, name, payload, f"pattern_{name}")
            for name in ("when_to_use", "when_not_to_use", "research", "accessibility_notes", "known_issues")
        },
        how_it_works=story("pattern_story", payload, image=image, every_block=True),
        discussion_url=url("pattern_discussion_url"),
        **common,
    )
    PatternExampleFactory(
        page=pattern, authority=council, note=text("pattern_example_note", payload), url=url("pattern_example_url")
    )
    change_log(pattern, "pattern", payload)

    source = SourceStandardFactory(
        name=text("source_standard_name", payload),
        version=text("source_standard_version", payload)[:50],
        attribution=text("source_standard_attribution", payload),
        url=url("source_standard_url"),
    )
    source_point = SourceStandardPointFactory(
        source_standard=source, number=1, title=text("source_point_title", payload)
    )
    standard = ServiceStandardPageFactory(
        parent=built.indexes["standard"],
        slug=f"hostile-standard-{payload}",
        title=text("standard_title", payload),
        summary=text("standard_summary", payload),
        source_standard=source,
        introduction=story("standard_story", payload),
        crosswalk_notes=rich(ServiceStandardPage, "crosswalk_notes", payload, "standard_crosswalk_notes"),
        **common,
    )
    StandardPointFactory(
        page=standard,
        number=1,
        title=text("standard_point_title", payload),
        source_points=[source_point],
        **{
            name: rich(StandardPoint, name, payload, f"standard_point_{name}")
            for name in ("why_it_matters", "what_to_do", "how_assessed", "guidance")
        },
    )

    method = MethodPageFactory(
        parent=built.indexes["method"],
        slug=f"hostile-method-{payload}",
        title=text("method_title", payload),
        summary=text("method_summary", payload),
        time_needed=text("method_time_needed", payload),
        **{
            name: rich(MethodPage, name, payload, f"method_{name}")
            for name in ("purpose", "when_to_use", "roles", "outputs")
        },
        **common,
    )
    MethodStepFactory(
        page=method,
        title=text("method_step_title", payload),
        detail=rich(MethodStep, "detail", payload, "method_step_detail"),
        duration=text("method_step_duration", payload)[:50],
    )
    MethodTemplateDownloadFactory(
        page=method,
        label=text("method_download_label", payload),
        document=DocumentFactory(title=text("document_title", payload)),
    )

    factory = FactoryPageFactory(
        parent=built.indexes["factory"],
        slug=f"hostile-factory-{payload}",
        title=text("factory_title", payload),
        summary=text("factory_summary", payload),
        description=rich(FactoryPage, "description", payload, "factory_description"),
        formed_because_detail=text("factory_formed_because_detail", payload),
        contact_name=text("factory_contact_name", payload),
        contact_url=url("factory_contact_url"),
        members=[council],
        service_areas=[area],
        licence=licence,
    )
    RoadmapItemFactory(
        page=factory,
        title=text("roadmap_title", payload),
        partner_note=text("roadmap_partner_note", payload),
        status=RoadmapStatus.PLANNED,
        looking_for_partners=True,
    )
    factory.save_revision().publish()

    case_study = CaseStudyPageFactory(
        parent=built.indexes["case_study"],
        slug=f"hostile-case-study-{payload}",
        title=text("case_study_title", payload),
        factory=factory,
        **plain("case_study", payload, "summary", "openness_reason", "suppliers", "funding_source"),
        **{
            name: rich(CaseStudyPage, name, payload, f"case_study_{name}")
            for name in ("problem", "lessons_learnt", "how_to_reuse")
        },
        approach=story("case_study_story", payload),
        openness="proprietary",
        patterns_used=[pattern],
        **common,
    )
    CaseStudyPartnerFactory(page=case_study, authority=council)
    CodeRepositoryFactory(page=case_study, name=text("repository_name", payload), url=url("repository_url"))
    BenefitLineFactory(
        page=case_study,
        **plain("benefit", payload, "title", "non_cashable_benefit", "baseline", "method"),
        non_cashable_measure=text("benefit_non_cashable_measure", payload)[:100],
        evidence_url=url("benefit_evidence_url"),
        authorities=[council],
    )
    change_log(case_study, "case_study", payload)
    for page in (pattern, standard, method, case_study):
        page.save_revision().publish()
    built.items[payload] = {
        "pattern": pattern,
        "standard": standard,
        "method": method,
        "factory": factory,
        "case_study": case_study,
    }
    return council


def index_introduction(index_type):
    """One paragraph per payload in a section's introduction, each with its own marker."""
    model = {
        "pattern": PatternIndexPageFactory,
        "standard": StandardIndexPageFactory,
        "method": MethodIndexPageFactory,
        "factory": FactoryIndexPageFactory,
        "case_study": CaseStudyIndexPageFactory,
    }[index_type]._meta.model
    return "".join(rich(model, "introduction", payload, f"{index_type}_index_introduction") for payload in PAYLOADS)


def submit(client, council, payload):
    """What a member of the public sends through "Share your work": first without agreeing to
    publication (the form comes back with their words in it), then as it is accepted.

    Gives the form shown back, and the answer to the accepted submission."""
    data = {
        **plain("share", payload, "name", "title", "summary", "description"),
        "email": f"officer.{payload}@example.gov.uk",
        "authority": str(council.pk),
        "kind": "pattern",
        "links": address("share_links", payload),
        "website": "",
    }
    data["title"] = data["title"][:120]
    client_address = f"192.0.2.{len(payload)}"
    shown_back = client.post("/share/", data, REMOTE_ADDR=client_address)
    assert shown_back.status_code == 200
    if payload == "javascript":
        # The form refuses the address (and has shown it back, escaped); the sender leaves it out.
        data["links"] = ""
    accepted = client.post("/share/", {**data, "consent_to_publish": "on"}, REMOTE_ADDR=client_address)
    return shown_back.content.decode(), accepted


# Fetching every output ----------------------------------------------------------


@dataclass
class Output:
    kind: str  # html, json, feed, csv
    bodies: list = field(default_factory=list)
    html_keys: frozenset = frozenset()

    @property
    def text(self):
        return "\n".join(self.bodies)

    @cached_property
    def live(self):
        """{marker: why it is live} over every body of this output."""
        found = {}
        for body in self.bodies:
            if self.kind == "html":
                found.update(live_in_html(body))
            elif self.kind == "json":
                found.update(live_in_json(json.loads(body), self.html_keys))
            elif self.kind == "feed":
                parsed = feedparser.parse(body)
                assert not parsed.bozo, f"a feed reader could not read the feed: {parsed.bozo_exception}"
                found.update(live_in_feed(body))
            elif self.kind == "csv":
                found.update(live_in_csv(body))
        return found


#: Keys of the API's JSON whose values are HTML (rich text); every other string is plain text.
API_HTML_KEYS = frozenset(
    {
        "when_to_use",
        "when_not_to_use",
        "research",
        "accessibility_notes",
        "known_issues",
        "crosswalk_notes",
        "why_it_matters",
        "what_to_do",
        "how_assessed",
        "guidance",
        "purpose",
        "roles",
        "outputs",
        "detail",
        "description",
        "problem",
        "lessons_learnt",
        "how_to_reuse",
        "text",
        "introduction",
    }
)


def fetch(client, url, expected=200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == expected, f"{url} answered {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode()


def fetch_outputs(client, editor, built):
    outputs = {}

    def add(name, kind, url, expected=200, html_keys=frozenset(), content_type=None):
        response, body = fetch(client, url, expected)
        if content_type:
            assert response["Content-Type"].startswith(content_type), (url, response["Content-Type"])
        output = outputs.setdefault(name, Output(kind, html_keys=html_keys))
        output.bodies.append(body)

    every = {"per_page": 50}
    for payload, items in built.items.items():
        for item_type, page in items.items():
            add(f"{item_type} page", "html", page.url)
            add(
                "API page detail",
                "json",
                f"/api/v2/pages/{page.pk}/",
                html_keys=API_HTML_KEYS,
                content_type="application/json",
            )
        add(
            "standard crosswalk.json",
            "json",
            f"{items['standard'].url}crosswalk.json",
            content_type="application/json",
        )
        add("search results page", "html", "/search/?" + urlencode({"q": text("search_q", payload), **every}))
        add(
            "search results JSON",
            "json",
            "/search/?" + urlencode({"q": text("search_q_json", payload), "format": "json"}),
            content_type="application/json",
        )
        add(
            "search autocomplete", "json", "/search/autocomplete/?" + urlencode({"q": text("autocomplete_q", payload)})
        )
        for name in ("area", "type", "sort", "per_page"):
            add(
                "search page with a bad filter",
                "html",
                "/search/?" + urlencode({name: text(f"search_{name}", payload)}),
                expected=400,
            )
        add("RSS feed of a search", "feed", "/feeds/rss/?" + urlencode({"q": text("feed_q", payload)}))
        add("Atom feed of a search", "feed", "/feeds/atom/?" + urlencode({"q": text("feed_q", payload)}))
        add("RSS feed of a search", "feed", "/feeds/rss/?" + urlencode({"area": built.areas[payload].slug}))
        add("search results page", "html", "/search/?" + urlencode({"area": built.areas[payload].slug}))
        add("CSV export of a search", "csv", "/export/casestudies.csv?" + urlencode({"q": text("export_q", payload)}))
    add("home page", "html", "/")
    for index in built.indexes.values():
        add("section index pages", "html", index.url)
    add("search results page", "html", "/search/?" + urlencode(every))
    add("search results page", "html", "/search/?" + urlencode({"q": "alert", **every}))
    add(
        "search results JSON",
        "json",
        "/search/?" + urlencode({"format": "json", **every}),
        content_type="application/json",
    )
    add(
        "API items",
        "json",
        "/api/v2/items/?" + urlencode(every),
        html_keys=API_HTML_KEYS,
        content_type="application/json",
    )
    add(
        "API page listing",
        "json",
        "/api/v2/pages/?" + urlencode({"fields": "*", "limit": 20, "type": "patterns.PatternPage"}),
        html_keys=API_HTML_KEYS,
        content_type="application/json",
    )
    add("RSS feed", "feed", "/feeds/rss/?" + urlencode(every), content_type="application/rss+xml")
    add("Atom feed", "feed", "/feeds/atom/?" + urlencode(every), content_type="application/atom+xml")
    add("feeds page", "html", "/feeds/")
    add("case studies CSV", "csv", "/export/casestudies.csv", content_type="text/csv")
    add("benefits CSV", "csv", "/export/benefits.csv", content_type="text/csv")

    client.force_login(editor)
    for payload, items in built.items.items():
        for page in [*items.values(), built.drafts[payload]]:
            add("admin page editor", "html", f"/admin/pages/{page.pk}/edit/")
        add("admin page explorer", "html", f"/admin/pages/{built.indexes['pattern'].pk}/")
    for submission in Submission.objects.all():
        add("admin shared work", "html", f"/admin/shared_work/inspect/{submission.pk}/")
    add("admin shared work", "html", "/admin/shared_work/")
    client.logout()
    return outputs


@pytest.fixture(scope="module")
def outputs(django_db_setup, django_db_blocker):
    """Every output, fetched once with the hostile content in place; the content is then rolled back."""
    with (
        django_db_blocker.unblock(),
        translation.override(None),
        override_settings(COLLECTION_SEARCH_BACKEND="default", COLLECTION_SEARCH_FALLBACK_BACKEND=None),
    ):
        cache.clear()
        forget_facet_values()
        with transaction.atomic():
            result = build_and_fetch()
            transaction.set_rollback(True)
        cache.clear()
        forget_facet_values()
    return result


def build_and_fetch():
    home = ensure_home_page()[0]
    home.introduction = "".join(rich(HomePage, "introduction", payload, "home_introduction") for payload in PAYLOADS)
    home.save_revision().publish()
    built = Built()
    with TestCase.captureOnCommitCallbacks(execute=True):
        for index_type, factory in (
            ("pattern", PatternIndexPageFactory),
            ("standard", StandardIndexPageFactory),
            ("method", MethodIndexPageFactory),
            ("factory", FactoryIndexPageFactory),
            ("case_study", CaseStudyIndexPageFactory),
        ):
            built.indexes[index_type] = factory(parent=home, introduction=index_introduction(index_type))
        image = ImageFactory(title="Hostile input image")
        Embed.objects.create(
            url=EMBED_URL,
            max_width=None,
            hash=get_embed_hash(EMBED_URL, None, None),
            type="video",
            html='<iframe src="https://www.youtube-nocookie.com/embed/hostile" title="A video"></iframe>',
            title="A video",
            provider_name="YouTube",
        )
        client = Client()
        forms_shown_back = []
        for payload in PAYLOADS:
            council = build_items(built, payload, image)
            shown_back, response = submit(client, council, payload)
            forms_shown_back.append(shown_back)
            assert response.status_code == 302, response.content.decode()[:2000]
            submission = Submission.objects.get(email=f"officer.{payload}@example.gov.uk")
            built.drafts[payload] = submission.page.specific
    editor = get_user_model().objects.create_superuser(username="hostile-editor", email="e@example.org", password="x")
    outputs = fetch_outputs(client, editor, built)
    outputs["share form with errors"] = Output("html", forms_shown_back)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for draft in built.drafts.values():
            # An editor completes what the form cannot ask for, then publishes.
            draft.when_to_use = "<p>Completed by an editor.</p>"
            draft.save_revision().publish()
    for draft in built.drafts.values():
        outputs.setdefault("published shared work", Output("html")).bodies.append(fetch(client, draft.url)[1])
    return outputs


# The tests ------------------------------------------------------------------------

#: Web address fields: they refuse a javascript: address (see test_web_address_fields_refuse_script_addresses),
#: so that payload is not stored in them.
ADDRESS_FIELDS = {
    "licence_url",
    "pattern_discussion_url",
    "pattern_example_url",
    "source_standard_url",
    "factory_contact_url",
    "repository_url",
    "benefit_evidence_url",
    "share_links",
}
CASES = [
    pytest.param(output, field_name, payload, id=f"{output}-{field_name}-{payload}")
    for output, field_names in SHOWN.items()
    for field_name in field_names
    for payload in PAYLOADS
    if not (payload == "javascript" and field_name in ADDRESS_FIELDS)
]


@pytest.mark.parametrize(("output", "field_name", "payload"), CASES)
def test_hostile_input_is_shown_but_not_live(outputs, output, field_name, payload):
    shown = outputs[output]
    expected = marker(field_name, payload)
    assert expected in shown.text, f"{output} no longer shows {field_name}"
    assert expected not in shown.live, f"{field_name} is live in {output}: {shown.live[expected]}"


@pytest.mark.parametrize("output", sorted(SHOWN))
def test_nothing_hostile_is_live_anywhere_in_the_output(outputs, output):
    live = outputs[output].live
    assert live == {}, f"live in {output}: {live}"
