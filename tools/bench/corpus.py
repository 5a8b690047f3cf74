"""A synthetic collection for the search benchmark: many items of every type, with plausible text.

Everything comes from one seeded random generator, so the same size gives
the same corpus on every run. Pages are made with Wagtail's add_child(), so
their clean() and save() run as they do for an editor's page (derived
authorities, facet rows, slugs); search indexing is left to update_index.

The text is built so that the query mix has something to find:
- "council" is on most items (COUNCIL_SHARE of them), like real content;
- each item is about one topic (a council service) and mentions it often, so
  topic words ("parking", "housing", "waste") are on some items each;
- "gazetteer" is rare (RARE_WORD_SHARE of the items);
- service areas, authorities, licences, phases and statuses are spread unevenly,
  with a few popular values, as in a real collection.
"""

import datetime
import random
from collections import Counter

from django.db import transaction
from django.utils.text import slugify
from vocabulary import RARE_WORD
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from casestudies.models import (
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
    Role,
)
from cms.core.management.commands.setup_site import ensure_home_page
from cms.core.models import PageChange
from cms.taxonomy.models import Authority, Licence, ServiceArea
from patterns.models import (
    MethodIndexPage,
    MethodPage,
    MethodStep,
    PatternExample,
    PatternIndexPage,
    PatternPage,
    PatternStatus,
    Relationship,
    ServiceStandardPage,
    SourceStandard,
    StandardIndexPage,
    StandardPoint,
)

SEED = 20260101
COUNCIL_SHARE = 0.85
RARE_WORD_SHARE = 0.004
# Shares of each type in the collection, adding up to 1.
TYPE_SHARES = [("factory", 0.08), ("pattern", 0.30), ("standard", 0.05), ("method", 0.15), ("case-study", 0.42)]
# Authorities that take part in much more work than the rest, as a few do in real life.
BUSY_AUTHORITIES = ["E08000035", "W06000015", "E06000023", "E09000007", "E08000003", "W06000011", "E06000043"]

# A council service, the words people use for it, and its LGSL codes. The first few are the most common.
TOPICS = [
    ("household waste collection", "bin collection", [524, 526]),
    ("parking permits", "parking permit", [474, 473]),
    ("housing repairs", "housing repair", [141, 139]),
    ("council tax", "council tax bill", [57, 58]),
    ("housing benefit", "housing benefit claim", [69, 70]),
    ("planning applications", "planning application", [485, 1737]),
    ("free school meals", "free school meals claim", [4]),
    ("bulky waste", "bulky waste collection", [528]),
    ("homelessness support", "homelessness referral", [112]),
    ("blue badges", "blue badge", [279]),
    ("bus passes", "bus pass", [280]),
    ("library membership", "library card", [438, 441]),
    ("pest control", "pest control visit", [431]),
    ("noise complaints", "noise complaint", [412]),
    ("food business registration", "food business registration", [390, 406]),
    ("death registration", "death registration", [321, 328]),
    ("skip permits", "skip permit", [521]),
    ("tree preservation orders", "tree works application", [508, 505]),
    ("allotments", "allotment tenancy", [510]),
    ("building control", "building control application", [499]),
    ("the electoral register", "voter registration", [364]),
    ("disabled facilities grants", "adaptation grant", [137]),
    ("business rates", "business rates account", [54, 56]),
    ("street trading licences", "street trading licence", [400]),
    ("commercial waste", "trade waste contract", [517, 519]),
    ("leisure passes", "leisure pass", [456]),
]
VERBS = ["Apply for", "Report", "Book", "Pay for", "Check", "Renew", "Change", "Cancel", "Request", "Find"]
TITLE_ENDINGS = [
    "online",
    "by phone",
    "for someone else",
    "with a saved address",
    "in Welsh",
    "without an account",
    "on a mobile",
    "as a landlord",
    "after a move",
    "in one visit",
]
METHODS = [
    "Journey mapping",
    "Contextual interviews",
    "Usability testing",
    "Service blueprinting",
    "Content crit",
    "Card sorting",
    "Diary study",
    "Accessibility audit",
    "Paper prototyping",
    "Data mapping",
]
THEMES = ["housing", "waste", "revenues", "social care", "environment", "planning", "customer services", "digital"]
GROUPS = [
    "older residents",
    "people who use screen readers",
    "Welsh speakers",
    "carers",
    "landlords",
    "small businesses",
    "frontline staff",
    "young people leaving care",
    "people with little confidence online",
]
STAFF = [
    "contact centre advisers",
    "the revenues team",
    "housing officers",
    "environmental health officers",
    "waste crews",
    "social workers",
    "planning officers",
]
TOOLS = ["GOV.UK Notify", "GOV.UK Pay", "Django", "Wagtail", "a low-code platform", "an open API", "Ruby on Rails"]
PROBLEMS = [
    "they had to phone during office hours to ask about {topic}",
    "the form for {topic} was hard to find and harder to finish",
    "they waited weeks for an answer about {topic}",
    "nobody told them what happened after they asked about {topic}",
    "they had to give the same details three times",
]

COUNCIL_SENTENCES = [
    "Residents told the council that {problem}.",
    "The council team ran {n} rounds of research with residents and {staff}.",
    "Each council in the partnership had its own paper form for {topic}.",
    "{authority} led the work, with {other} as the second partner council.",
    "The council contact centre now takes far fewer calls about {topic}.",
    "Council staff can see every {thing} in one place, with its history.",
    "Another council can reuse the design, the content and the code for {topic}.",
    "The council published what it learnt, including what did not work.",
]
PLAIN_SENTENCES = [
    "People can now {verb} a {thing} online at any time of day.",
    "We tested every version with {n} people, including {group}.",
    "The service is built with {tool}, and its code is open.",
    "Most people start on a mobile phone, so every page was designed for a small screen first.",
    "The time to finish the task fell from {n} minutes to under {m}.",
    "Before the change, {staff} re-keyed every {thing} from email into the back office system.",
    "Screen reader users found the address lookup hard, so it now works with a keyboard alone.",
    "Questions come one a page, in plain English, with the reason for each one.",
    "Staff check each {thing} once, and the service sends the answer by email or text message.",
    "The team released in small steps and measured each change against the last.",
]
RARE_SENTENCE = "Addresses come from the local land and property " + RARE_WORD + ", updated every night."


INDEX_PAGES = {
    "factory": (FactoryIndexPage, "factories", "Local digital factories"),
    "pattern": (PatternIndexPage, "patterns", "Patterns"),
    "standard": (StandardIndexPage, "standards", "Service standards"),
    "method": (MethodIndexPage, "methods", "Methods"),
    "case-study": (CaseStudyIndexPage, "case-studies", "Case studies"),
}
# Items are made in these groups: factories first (case studies belong to one),
# then the other two, which can be built at the same time as they share no
# parent page (PostgreSQL only; SQLite allows one writer). Each holds about
# half of the items.
BUILD_GROUPS = [("factory",), ("case-study", "standard"), ("pattern", "method")]


class CorpusBuilder:
    def __init__(self, items, seed=SEED):
        self.items = items
        self.seed = seed
        self.today = datetime.date(2026, 1, 1)

    # Reference data --------------------------------------------------------

    def load_lookups(self):
        locale = Locale.get_default()
        self.locale = locale
        areas = {area.lgsl_code: area for area in ServiceArea.objects.filter(locale=locale)}
        self.topics = [
            (name, thing, [areas[code] for code in codes if code in areas]) for name, thing, codes in TOPICS
        ]
        # Earlier topics are more common: weight 1/rank, as word frequencies are.
        self.topic_weights = [1 / rank for rank in range(1, len(self.topics) + 1)]
        self.authorities = list(Authority.objects.order_by("gss_code"))
        busy = set(BUSY_AUTHORITIES)
        self.authority_weights = [25 if authority.gss_code in busy else 1 for authority in self.authorities]
        self.licences = {licence.spdx_id: licence for licence in Licence.objects.filter(locale=locale)}
        self.source_standard = SourceStandard.objects.order_by("pk").first()
        if not (self.authorities and self.licences and self.source_standard and all(t[2] for t in self.topics)):
            raise RuntimeError(
                "Reference data is missing: run load_service_areas, load_licences, "
                "import_authorities and load_source_standards first."
            )

    # Choices ---------------------------------------------------------------

    def pick_topic(self):
        return self.random.choices(self.topics, weights=self.topic_weights)[0]

    def pick_authorities(self, low, high):
        count = self.random.randint(low, high)
        chosen = {}
        while len(chosen) < count:
            authority = self.random.choices(self.authorities, weights=self.authority_weights)[0]
            chosen[authority.pk] = authority
        return list(chosen.values())

    def pick_licence(self):
        spdx_id = self.random.choices(
            ["OGL-UK-3.0", "MIT", "Apache-2.0", "CC-BY-4.0", "GPL-3.0-or-later", None],
            weights=[45, 20, 10, 10, 5, 10],
        )[0]
        return self.licences.get(spdx_id) if spdx_id else None

    def published_dates(self):
        first = self.today - datetime.timedelta(days=self.random.randint(1, 3 * 365))
        last = first + datetime.timedelta(days=self.random.randint(0, (self.today - first).days))
        as_time = datetime.time(hour=self.random.randint(8, 18), minute=self.random.randint(0, 59))
        return (
            datetime.datetime.combine(first, as_time, tzinfo=datetime.UTC),
            datetime.datetime.combine(last, as_time, tzinfo=datetime.UTC),
        )

    # Text ------------------------------------------------------------------

    def sentence(self, template, topic, authorities, verb):
        name, thing, _areas = topic
        values = {
            "topic": name,
            "thing": thing,
            "verb": verb.lower(),
            "n": self.random.randint(3, 40),
            "m": self.random.randint(2, 9),
            "staff": self.random.choice(STAFF),
            "group": self.random.choice(GROUPS),
            "tool": self.random.choice(TOOLS),
            "authority": authorities[0].name if authorities else "The lead authority",
            "other": authorities[-1].name if len(authorities) > 1 else "a neighbouring authority",
        }
        values["problem"] = self.random.choice(PROBLEMS).format(**values)
        return template.format(**values)

    def paragraphs(self, count, topic, authorities, verb, about_councils, rare):
        templates = PLAIN_SENTENCES + (COUNCIL_SENTENCES if about_councils else [])
        paragraphs = [
            " ".join(self.sentence(self.random.choice(templates), topic, authorities, verb) for _ in range(3))
            for _ in range(count)
        ]
        if rare:
            paragraphs[self.random.randrange(count)] += " " + RARE_SENTENCE
        return paragraphs

    def text(self, count, topic, authorities, verb):
        """`count` paragraphs of text; most items talk about councils, a very few mention the rare word."""
        about_councils = self.random.random() < COUNCIL_SHARE
        rare = self.random.random() < RARE_WORD_SHARE
        self.stats["items about councils"] += about_councils
        self.stats["items with the rare word"] += rare
        return self.paragraphs(count, topic, authorities, verb, about_councils, rare)

    # Pages -----------------------------------------------------------------

    def common(self, title, number, summary):
        first, last = self.published_dates()
        return {
            "title": title,
            "slug": f"{slugify(title)[:40]}-{number}",
            "summary": summary[:300],
            "content_owner": "Digital team",
            "last_reviewed": self.today,
            "review_by": self.today + datetime.timedelta(days=365),
            "first_published_at": first,
            "last_published_at": last,
            "locale": self.locale,
            "change_log": [PageChange(date=last.date(), note="Published.", locale=self.locale)],
        }

    def add(self, index, page, topic):
        page.service_areas = topic[2][: self.random.randint(1, len(topic[2]))]
        index.add_child(instance=page)
        self.stats[str(page._meta.verbose_name_plural)] += 1

    def make_factory(self, index, number):
        topic = self.pick_topic()
        members = self.pick_authorities(2, 6)
        theme = self.random.choice(THEMES)
        title = f"{members[0].name} {theme} factory"
        text = self.text(3, topic, members, "build")
        page = FactoryPage(
            **self.common(
                title,
                number,
                f"Councils around {members[0].name} building {theme} services together, starting with {topic[0]}.",
            ),
            description="".join(f"<p>{paragraph}</p>" for paragraph in text),
            formed_because=self.random.choice([choice for choice in FormedBecause if choice != FormedBecause.OTHER]),
            contact_name="Factory coordinator",
            contact_email=f"factory-{number}@example.org",
            members=[
                FactoryMember(authority=authority, role=Role.LEAD if position == 0 else Role.PARTNER)
                for position, authority in enumerate(members)
            ],
            licence=self.pick_licence(),
        )
        self.add(index, page, topic)
        return page

    def make_pattern(self, index, number):
        topic = self.pick_topic()
        authorities = self.pick_authorities(0, 4)
        verb = self.random.choice(VERBS)
        title = f"{verb} {topic[1]} {self.random.choice(TITLE_ENDINGS)}"
        text = self.text(6, topic, authorities, verb)
        page = PatternPage(
            **self.common(title, number, f"Let people {verb.lower()} a {topic[1]} without phoning. {text[0]}"),
            status=self.random.choices(list(PatternStatus), weights=[50, 40, 10])[0],
            when_to_use=f"<p>{text[1]}</p>",
            when_not_to_use=f"<p>{text[2]}</p>",
            how_it_works=[("paragraph", RichText(f"<p>{text[3]}</p>")), ("paragraph", RichText(f"<p>{text[4]}</p>"))],
            research=f"<p>{text[5]}</p>",
            search_aliases=f"{topic[1]}, {topic[0]}",
            examples=[
                PatternExample(
                    locale=self.locale, authority=authority, url=f"https://www.example.org/{authority.slug}/{number}"
                )
                for authority in authorities
            ],
            licence=self.pick_licence(),
        )
        page.authorities = authorities
        self.add(index, page, topic)

    def make_standard(self, index, number):
        topic = self.pick_topic()
        authorities = self.pick_authorities(1, 3)
        title = f"{authorities[0].name} service standard for {topic[0]}"
        text = self.text(6, topic, authorities, "meet")
        page = ServiceStandardPage(
            **self.common(title, number, f"How councils adapt the service standard for {topic[0]}. {text[0]}"),
            introduction=[("paragraph", RichText(f"<p>{text[1]}</p>"))],
            source_standard=self.source_standard,
            points=[
                StandardPoint(
                    locale=self.locale,
                    number=point,
                    title=f"Point {point} for {topic[0]}",
                    why_it_matters=f"<p>{text[point + 1]}</p>",
                    what_to_do="<p>Talk to the people who will use the service.</p>",
                    how_assessed="<p>Show the research you did and what you changed.</p>",
                    relationship=Relationship.ADDED,
                    sort_order=point,
                )
                for point in (1, 2, 3)
            ],
            licence=self.pick_licence(),
        )
        page.authorities = authorities
        self.add(index, page, topic)

    def make_method(self, index, number):
        topic = self.pick_topic()
        method = self.random.choice(METHODS)
        title = f"{method} for {topic[0]}"
        text = self.text(5, topic, [], "research")
        page = MethodPage(
            **self.common(title, number, f"{method}, as council teams use it for {topic[0]}. {text[0]}"),
            purpose=f"<p>{text[1]}</p>",
            when_to_use=f"<p>{text[2]}</p>",
            roles="<p>A facilitator and a note-taker.</p>",
            time_needed=self.random.choice(["Half a day", "1 day", "2 weeks, part time"]),
            outputs=f"<p>{text[3]}</p>",
            steps=[
                MethodStep(
                    locale=self.locale,
                    title=f"Step {step}",
                    detail=f"<p>{text[4]}</p>",
                    duration="1 hour",
                    sort_order=step,
                )
                for step in (1, 2, 3)
            ],
            licence=self.pick_licence(),
        )
        self.add(index, page, topic)

    def make_case_study(self, index, number, factories):
        topic = self.pick_topic()
        factory = self.random.choice(factories)
        partners = self.pick_authorities(1, 5)
        verb = self.random.choice(VERBS)
        title = f"{verb} {topic[1]}: {partners[0].name}" + (f" and {len(partners) - 1} more" if partners[1:] else "")
        text = self.text(5, topic, partners, verb)
        phase = self.random.choices(list(Phase), weights=[10, 15, 25, 40, 10])[0]
        openness = self.random.choices(list(Openness), weights=[60, 25, 15])[0]
        started_on = self.today - datetime.timedelta(days=self.random.randint(400, 1500))
        live_on = started_on + datetime.timedelta(days=self.random.randint(60, 300))
        licence = self.random.choice(["MIT", "Apache-2.0", "GPL-3.0-or-later", "AGPL-3.0-or-later"])
        page = CaseStudyPage(
            **self.common(title, number, f"How {partners[0].name} and partners changed {topic[0]}. {text[0]}"),
            factory=factory,
            problem=f"<p>{text[1]}</p>",
            approach=[("paragraph", RichText(f"<p>{text[2]}</p>"))],
            phase=phase,
            started_on=started_on,
            live_on=live_on if phase in {Phase.BETA, Phase.LIVE, Phase.RETIRED} else None,
            ended_on=live_on + datetime.timedelta(days=365) if phase == Phase.RETIRED else None,
            openness=openness,
            openness_reason="" if openness == Openness.OPEN_SOURCE else "The supplier keeps the rights to the code.",
            lessons_learnt=f"<p>{text[3]}</p>",
            how_to_reuse=f"<p>{text[4]}</p>",
            partners=[
                CaseStudyPartner(authority=authority, role=Role.LEAD if position == 0 else Role.PARTNER)
                for position, authority in enumerate(partners)
            ],
            code_repositories=[
                CodeRepository(
                    name=f"{topic[1].capitalize()} service",
                    url=f"https://github.com/example/case-study-{number}",
                    licence=self.licences.get(licence),
                )
            ]
            if openness == Openness.OPEN_SOURCE
            else [],
            benefits=[
                BenefitLine(
                    locale=self.locale,
                    title=f"Staff time handling each {topic[1]}",
                    cashable_saving_per_year=self.random.randint(1, 80) * 1000,
                    baseline=f"{self.random.randint(1, 20) * 500} paper forms a year.",
                    method="Forms a year times the cost of handling one.",
                    confidence=self.random.choice(list(Confidence)),
                )
            ],
        )
        self.add(index, page, topic)

    # The whole corpus -------------------------------------------------------

    def counts(self):
        """How many items of each type: TYPE_SHARES of `items`, at least one of each."""
        counts = {key: max(1, round(self.items * share)) for key, share in TYPE_SHARES}
        counts["case-study"] += self.items - sum(counts.values())
        return counts

    def prepare(self):
        """The home page and one index page for each type, committed, so groups can be built in parallel."""
        with transaction.atomic():
            home, _created = ensure_home_page()
            for model, slug, title in INDEX_PAGES.values():
                home.add_child(
                    instance=model(title=title, slug=slug, introduction="<p>Everything in this section.</p>")
                )

    def build_group(self, number):
        """Make the items of BUILD_GROUPS[number], in one transaction; returns what was made.

        Each group has its own random stream, so the corpus is the same whether
        groups are built one after another or at the same time.
        """
        self.random = random.Random(self.seed + number)  # noqa: S311 - repeatable test data, not security
        self.stats = Counter()
        keys = BUILD_GROUPS[number]
        # Wagtail's reference index ("usage" in the admin) is half the cost of a save and
        # plays no part in search, so the corpus goes without it.
        with transaction.atomic(), disable_reference_index_auto_update():
            self.load_lookups()
            # In the default locale: on top of the demo content (`make loadtest`), each index has a Welsh copy.
            indexes = {key: INDEX_PAGES[key][0].objects.get(locale=self.locale) for key in keys}
            factories = FactoryPage.objects.filter(locale=self.locale).order_by("pk")
            factories = list(factories) if "case-study" in keys else []
            makers = {
                "factory": self.make_factory,
                "pattern": self.make_pattern,
                "standard": self.make_standard,
                "method": self.make_method,
                "case-study": lambda index, item: self.make_case_study(index, item, factories),
            }
            counts = self.counts()
            # Types interleaved, as editors publish them, rather than in blocks.
            queue = [key for key in keys for _ in range(counts[key])]
            self.random.shuffle(queue)
            for item, key in enumerate(queue):
                makers[key](indexes[key], item)
        return dict(self.stats)
