"""Welsh content: kept in step with English, translated by people through wagtail-localize.

Facts (councils, licence, phase, dates, figures, web addresses) are
synchronised from the English page; words are translated in wagtail-localize's
editor or a PO file, never by a machine, and a translation is a draft until
someone publishes it. See docs/decisions/0013-welsh-content.md.
"""

import datetime
import html
from urllib.parse import urlencode

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from casestudies.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    FactoryIndexPageFactory,
    FactoryPageFactory,
)
from casestudies.models import (
    BenefitLine,
    CaseStudyIndexPage,
    CaseStudyPage,
    CodeRepository,
    Confidence,
    FactoryPage,
    Phase,
    RoadmapItem,
)
from cms.core.demo_translations import SERVICE_AREA_LABELS, TRANSLATED_PAGES, WELSH, load_welsh_demo, welsh_version
from cms.core.management.commands.setup_site import ensure_home_page, ensure_welsh_locale
from cms.core.models import PageChange
from cms.home.models import HomePage
from cms.taxonomy.models import Authority, Licence, ServiceArea
from patterns.factories import (
    PatternExampleFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    SourceStandardPointFactory,
    StandardIndexPageFactory,
    StandardPointFactory,
)
from patterns.models import (
    MethodIndexPage,
    MethodPage,
    MethodStep,
    MethodTemplateDownload,
    PatternExample,
    PatternPage,
    PatternStatus,
    ServiceStandardPage,
    SourceStandardPoint,
    StandardPoint,
)

pytestmark = pytest.mark.django_db


# What a translator does ---------------------------------------------------------


def translate(instance, locale, strings, *, publish=True):
    """Translate `instance` as a translator does in wagtail-localize's editor: a Welsh
    string for each English one they know (the rest stay English), then save or publish."""
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": strings[segment.string.data],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation.save_target(publish=publish)
    return translation


def page_text(response):
    assert response.status_code == 200, response.status_code
    return " ".join(html.unescape(response.content.decode()).split())


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# Fixtures -----------------------------------------------------------------------


@pytest.fixture
def taxonomy(db):
    english = Locale.get_default()
    waste = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=english)
    return {
        "waste": waste,
        "leeds": Authority.objects.create(name="Leeds", gss_code="E08000035"),
        "cardiff": Authority.objects.create(name="Cardiff", gss_code="W06000015"),
        "ogl": Licence.objects.create(
            spdx_id="OGL-UK-3.0",
            name="Open Government Licence v3.0",
            url="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            locale=english,
        ),
        "mit": Licence.objects.create(
            spdx_id="MIT", name="MIT License", url="https://spdx.org/licenses/MIT.html", locale=english
        ),
    }


@pytest.fixture
def pattern(home_page, taxonomy):
    page = PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home_page),
        title="Find your bin collection day",
        summary="Residents find their next bin day from their address.",
        when_to_use=RichText("<p>Use this when collection days differ by street.</p>"),
        status=PatternStatus.STABLE,
        next_steps="",
        licence=taxonomy["ogl"],
        review_by=datetime.date(2027, 6, 30),
        last_reviewed=datetime.date(2026, 6, 30),
    )
    page.service_areas = [taxonomy["waste"]]
    page.authorities = [taxonomy["leeds"], taxonomy["cardiff"]]
    PatternExampleFactory(page=page, authority=taxonomy["cardiff"], url="https://www.cardiff.gov.uk/bin-days")
    PageChange.objects.create(page=page, date=datetime.date(2026, 7, 1), note="Added research from Leeds.")
    return published(page)


PATTERN_IN_WELSH = {
    "Find your bin collection day": "Dod o hyd i'ch diwrnod casglu biniau",
    "Residents find their next bin day from their address.": "Mae preswylwyr yn cael gwybod eu diwrnod bin nesaf.",
    "Use this when collection days differ by street.": "Defnyddiwch hwn pan fydd diwrnodau casglu'n amrywio.",
    "Added research from Leeds.": "Ychwanegwyd ymchwil o Leeds.",
    "An example of the pattern in a live service.": "Enghraifft o'r patrwm mewn gwasanaeth byw.",
}


@pytest.fixture
def case_study(home_page, taxonomy, pattern):
    factory = FactoryPageFactory(
        parent=FactoryIndexPageFactory(parent=home_page),
        title="Cymru Collaborative",
        summary="Welsh councils building services together.",
        members=[taxonomy["cardiff"]],
    )
    published(factory)
    page = CaseStudyPageFactory(
        parent=CaseStudyIndexPageFactory(parent=home_page),
        factory=factory,
        title="Bin day finder",
        summary="One bin day service for three councils.",
        phase=Phase.LIVE,
        started_on=datetime.date(2024, 5, 1),
        live_on=datetime.date(2025, 2, 10),
        funding_source="Partner councils' own budgets",
        funding_amount=90_000,
        licence=taxonomy["mit"],
        partners=[taxonomy["leeds"], taxonomy["cardiff"]],
        service_areas=[taxonomy["waste"]],
        patterns_used=[pattern],
        repositories=1,
        benefits=[
            {
                "title": "Fewer calls about bin days",
                "cashable_saving_per_year": 18_000,
                "baseline": "About 9,000 calls a year.",
                "method": "Calls before and after, times the cost of a call.",
                "confidence": Confidence.AUDITED,
                "evidence_url": "https://www.example.org/audit",
                "authorities": [taxonomy["leeds"]],
            },
            {"title": "Build", "cashable_saving_per_year": None, "one_off_cost": 60_000, "baseline": ""},
        ],
    )
    return published(page)


CASE_STUDY_IN_WELSH = {
    "Bin day finder": "Canfod diwrnod bin",
    "One bin day service for three councils.": "Un gwasanaeth diwrnod bin i dri chyngor.",
    "Residents could only apply on paper, and waited weeks for an answer.": (
        "Dim ond ar bapur y gallai preswylwyr wneud cais, ac roedden nhw'n aros wythnosau am ateb."
    ),
    "Partner councils' own budgets": "Cyllidebau'r cynghorau partner eu hunain",
    "Fewer calls about bin days": "Llai o alwadau am ddiwrnodau bin",
    "About 9,000 calls a year.": "Tua 9,000 o alwadau y flwyddyn.",
    "Calls before and after, times the cost of a call.": "Galwadau cyn ac ar ôl, wedi'u lluosi â chost galwad.",
    "Build": "Adeiladu",
}


@pytest.fixture
def welsh(home_page):
    """The Welsh locale as `setup_site` makes it: synchronised from English."""
    return ensure_welsh_locale()[0]


def client_in_group(django_user_model, group):
    user = django_user_model.objects.create_user(username=f"welsh-{group.lower()}", password="x")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editors_client(django_user_model):
    """An editor in Wagtail's Editors group (not a superuser): adds and edits pages, publishes nothing."""
    return client_in_group(django_user_model, "Editors")


@pytest.fixture
def moderators_client(django_user_model):
    """A member of Wagtail's Moderators group, who publishes."""
    return client_in_group(django_user_model, "Moderators")


# Locales and synchronisation ----------------------------------------------------


def test_setup_site_makes_welsh_synchronised_from_english_and_a_second_run_changes_nothing(client, db):
    call_command("setup_site", verbosity=0)
    pages = list(Page.objects.order_by("path").values_list("path", "locale__language_code", "alias_of_id"))

    call_command("setup_site", verbosity=0)

    assert list(Page.objects.order_by("path").values_list("path", "locale__language_code", "alias_of_id")) == pages
    welsh = Locale.objects.get(language_code="cy")
    synchronisation = LocaleSynchronization.objects.get(locale=welsh)
    assert synchronisation.sync_from == Locale.get_default()
    english_home = HomePage.objects.get(locale__language_code="en")
    welsh_home = HomePage.objects.get(locale=welsh)
    assert welsh_home.alias_of_id == english_home.pk
    assert welsh_home.translation_key == english_home.translation_key
    assert client.get("/cy/").status_code == 200


def test_running_setup_again_gives_pages_made_since_their_welsh_stand_in(pattern, welsh):
    english_index = pattern.get_parent()
    later = published(PatternPageFactory(parent=english_index, title="Report a missed bin"))

    ensure_welsh_locale()

    for page in (pattern, later):
        stand_in = Page.objects.get(translation_key=page.translation_key, locale=welsh)
        assert stand_in.alias_of_id == page.pk
        assert stand_in.live
        assert stand_in.url == f"/cy/patterns/{page.slug}/"


def test_a_page_an_editor_adds_gets_its_welsh_stand_in_at_once(editors_client, home_page, welsh):
    data = nested_form_data(
        {
            "title": "Methods",
            "slug": "methods",
            "introduction": rich_text("<p>Ways of working.</p>"),
            "action-submit": "action-submit",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["patterns", "methodindexpage", home_page.pk])

    response = editors_client.post(url, data, follow=True)

    assert response.status_code == 200
    english = MethodIndexPage.objects.get(locale__language_code="en")
    stand_in = MethodIndexPage.objects.get(locale=welsh)
    assert stand_in.alias_of_id == english.pk
    assert stand_in.get_parent().specific.locale == welsh


def test_no_machine_translator_is_configured(moderators_client, pattern, welsh):
    translation = translate(pattern, welsh, {}, publish=False)

    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    assert moderators_client.post(url).status_code == 404


# Which fields are translated and which are synchronised --------------------------


def classified(model):
    fields = get_translatable_fields(model)
    return (
        {field.field_name for field in fields if isinstance(field, TranslatableField)},
        {field.field_name for field in fields if isinstance(field, SynchronizedField)},
        {field.field_name for field in fields if isinstance(field, SynchronizedField) and not field.overridable},
    )


BASE_TRANSLATED = {"title", "seo_title", "search_description", "summary", "change_log"}
BASE_FACTS = {"slug", "service_areas", "authorities", "licence", "content_owner", "review_by", "last_reviewed"}
BASE_FIXED = {"slug", "licence"}


@pytest.mark.parametrize(
    ("model", "words", "facts", "fixed"),
    [
        (
            PatternPage,
            {"when_to_use", "when_not_to_use", "how_it_works", "research", "accessibility_notes", "known_issues"}
            | {"next_steps", "search_aliases", "examples"},
            {"status", "discussion_url", "related_pattern_links"},
            set(),
        ),
        (PatternExample, {"note"}, {"authority", "url"}, {"authority"}),
        (
            ServiceStandardPage,
            {"introduction", "crosswalk_notes", "points"},
            {"source_standard"},
            {"source_standard"},
        ),
        (
            StandardPoint,
            {"title", "why_it_matters", "what_to_do", "how_assessed", "guidance"},
            {"number", "relationship", "source_points"},
            {"number"},
        ),
        (
            MethodPage,
            {"purpose", "when_to_use", "roles", "time_needed", "outputs", "steps", "template_downloads"},
            set(),
            set(),
        ),
        (MethodStep, {"title", "detail", "duration"}, set(), set()),
        (MethodTemplateDownload, {"label"}, {"document"}, set()),
        (
            FactoryPage,
            {"description", "formed_because_detail", "contact_name", "roadmap_items"},
            {"formed_because", "contact_email", "contact_url", "members"},
            set(),
        ),
        (
            RoadmapItem,
            {"title", "partner_note"},
            {"service_area", "planned_quarter", "status", "looking_for_partners"},
            {"service_area", "planned_quarter"},
        ),
        (
            CaseStudyPage,
            {"problem", "approach", "openness_reason", "funding_source", "lessons_learnt", "how_to_reuse", "benefits"},
            {"factory", "phase", "started_on", "live_on", "ended_on", "openness", "funding_amount", "suppliers"}
            | {"partners", "code_repositories", "patterns_used", "methods_used", "standards_used"},
            {"factory", "suppliers"},
        ),
        (
            BenefitLine,
            {"title", "non_cashable_benefit", "non_cashable_measure", "baseline", "method"},
            {"cashable_saving_per_year", "one_off_cost", "confidence", "evidence_url", "authorities"},
            set(),
        ),
        (ServiceArea, {"label"}, {"lgsl_code", "slug"}, set()),
        (Licence, {"name"}, {"spdx_id", "url", "is_open"}, set()),
        (PageChange, {"note"}, {"date"}, set()),
    ],
)
def test_words_are_translated_and_facts_synchronised(model, words, facts, fixed):
    translated, synchronised, not_overridable = classified(model)
    if issubclass(model, Page):
        words, facts, fixed = words | BASE_TRANSLATED, facts | BASE_FACTS | {"show_in_menus"}, fixed | BASE_FIXED

    assert translated == words
    assert synchronised == facts
    assert not_overridable == fixed


@pytest.mark.smoke
def test_section_pages_keep_their_web_address_in_welsh():
    for model in (MethodIndexPage, CaseStudyIndexPage):
        translated, _synchronised, not_overridable = classified(model)
        assert {"title", "introduction"} <= translated
        assert "slug" in not_overridable


# Translating through wagtail-localize --------------------------------------------


def test_a_pattern_translated_in_wagtail_localize_is_welsh_at_its_welsh_address_with_the_english_facts(
    client, django_capture_on_commit_callbacks, pattern, welsh
):
    with django_capture_on_commit_callbacks(execute=True):
        translate(pattern, welsh, PATTERN_IN_WELSH)

    translation = PatternPage.objects.get(translation_key=pattern.translation_key, locale=welsh)
    assert translation.alias_of_id is None
    assert translation.live
    assert translation.url == "/cy/patterns/find-your-bin-collection-day/"
    text = page_text(client.get(translation.url))
    assert "Dod o hyd i'ch diwrnod casglu biniau" in text
    assert "Defnyddiwch hwn pan fydd diwrnodau casglu'n amrywio." in text
    assert "Ychwanegwyd ymchwil o Leeds." in text
    assert "Use this when collection days differ by street." not in text
    # The facts are the English page's.
    assert translation.status == PatternStatus.STABLE
    assert list(translation.authorities.order_by("name")) == list(pattern.authorities.order_by("name"))
    assert list(translation.service_areas.all()) == list(pattern.service_areas.all())
    assert translation.licence == pattern.licence
    assert (translation.review_by, translation.last_reviewed) == (pattern.review_by, pattern.last_reviewed)
    example = translation.examples.get()
    assert (example.authority.name, example.url, example.locale) == (
        "Cardiff",
        "https://www.cardiff.gov.uk/bin-days",
        welsh,
    )
    assert example.note == "Enghraifft o'r patrwm mewn gwasanaeth byw."
    assert translation.change_log.get().date == datetime.date(2026, 7, 1)
    # The English page is unchanged.
    assert "Find your bin collection day" in page_text(client.get(pattern.url))


def test_a_case_study_translated_in_wagtail_localize_keeps_the_councils_licence_phase_dates_and_figures(
    client, django_capture_on_commit_callbacks, case_study, pattern, welsh
):
    with django_capture_on_commit_callbacks(execute=True):
        translate(pattern, welsh, PATTERN_IN_WELSH)
        translate(case_study.factory, welsh, {"Cymru Collaborative": "Cydweithredfa Cymru"})
        translate(case_study, welsh, CASE_STUDY_IN_WELSH)

    translation = CaseStudyPage.objects.get(translation_key=case_study.translation_key, locale=welsh)
    assert translation.url == f"/cy/case-studies/{case_study.slug}/"
    assert (translation.phase, translation.started_on, translation.live_on) == (
        Phase.LIVE,
        datetime.date(2024, 5, 1),
        datetime.date(2025, 2, 10),
    )
    assert (translation.funding_amount, translation.funding_source) == (
        90_000,
        "Cyllidebau'r cynghorau partner eu hunain",
    )
    assert translation.licence.spdx_id == "MIT"
    assert [partner.authority.name for partner in translation.partners.all()] == ["Leeds", "Cardiff"]
    assert {area.lgsl_code for area in translation.service_areas.all()} == {524}
    assert [
        (line.title, line.cashable_saving_per_year, line.one_off_cost, line.confidence)
        for line in translation.benefits.all()
    ] == [
        ("Llai o alwadau am ddiwrnodau bin", 18_000, None, Confidence.AUDITED),
        ("Adeiladu", None, 60_000, Confidence.SELF_REPORTED),
    ]
    first_line = translation.benefits.all()[0]
    assert [authority.name for authority in first_line.authorities.all()] == ["Leeds"]
    assert first_line.evidence_url == "https://www.example.org/audit"
    assert [repository.url for repository in translation.code_repositories.all()] == [
        repository.url for repository in case_study.code_repositories.all()
    ]
    assert CodeRepository.objects.filter(page=translation).count() == 1

    text = page_text(client.get(translation.url))
    assert "Canfod diwrnod bin" in text
    assert "£18,000" in text
    assert "£60,000" in text
    # Links go to the Welsh versions of the factory and the pattern.
    welsh_factory = FactoryPage.objects.get(translation_key=case_study.factory.translation_key, locale=welsh)
    welsh_pattern = PatternPage.objects.get(translation_key=pattern.translation_key, locale=welsh)
    assert f'href="{welsh_factory.url}">Cydweithredfa Cymru</a>' in text
    assert f'href="{welsh_pattern.url}">Dod o hyd i\'ch diwrnod casglu biniau</a>' in text
    # And they list the Welsh case study back, once.
    assert page_text(client.get(welsh_pattern.url)).count(f'href="{translation.url}"') == 1
    assert f'href="{translation.url}"' in page_text(client.get(welsh_factory.url))
    english_pattern_page = page_text(client.get(pattern.url))
    assert f'href="{case_study.url}"' in english_pattern_page
    assert f'href="{translation.url}"' not in english_pattern_page


def test_an_english_fact_that_changes_reaches_the_welsh_page_and_the_welsh_words_stay(
    client, django_capture_on_commit_callbacks, case_study, welsh
):
    with django_capture_on_commit_callbacks(execute=True):
        translation = translate(case_study, welsh, CASE_STUDY_IN_WELSH)
    case_study.phase = Phase.RETIRED
    case_study.ended_on = datetime.date(2026, 3, 31)
    published(case_study)
    line = case_study.benefits.first()
    line.cashable_saving_per_year = 21_000
    line.save()

    # "Sync translated pages" in the admin: the source is read again and the translation saved.
    with django_capture_on_commit_callbacks(execute=True):
        TranslationSource.update_or_create_from_instance(CaseStudyPage.objects.get(pk=case_study.pk))
        Translation.objects.get(pk=translation.pk).save_target(publish=True)

    welsh_page = CaseStudyPage.objects.get(translation_key=case_study.translation_key, locale=welsh)
    assert (welsh_page.phase, welsh_page.ended_on) == (Phase.RETIRED, datetime.date(2026, 3, 31))
    assert welsh_page.benefits.first().cashable_saving_per_year == 21_000
    assert welsh_page.title == "Canfod diwrnod bin"
    assert "£21,000" in page_text(client.get(welsh_page.url))


def test_a_standard_point_keeps_its_number_and_source_points_in_welsh(
    django_capture_on_commit_callbacks, home_page, welsh
):
    standard = ServiceStandardPageFactory(parent=StandardIndexPageFactory(parent=home_page), title="Council standard")
    source_point = SourceStandardPointFactory(
        source_standard=standard.source_standard, number=1, title="Understand users and their needs"
    )
    StandardPointFactory(page=standard, number=1, title="Understand residents", source_points=[source_point])
    published(standard)

    with django_capture_on_commit_callbacks(execute=True):
        translate(standard, welsh, {"Council standard": "Safon y cyngor", "Understand residents": "Deall preswylwyr"})

    point = ServiceStandardPage.objects.get(locale=welsh).points.get()
    assert (point.number, point.title, list(point.source_points.all())) == (1, "Deall preswylwyr", [source_point])


# The translation workflow in the admin ----------------------------------------------


def type_in_the_editor(client, translation, english, welsh_text):
    """What the translator does in wagtail-localize's editor: save one string's translation."""
    segment = StringSegment.objects.get(source=translation.source, string__data=english)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    return client.put(url, urlencode({"value": welsh_text}), content_type="application/x-www-form-urlencoded")


def test_a_translation_an_editor_starts_is_a_draft_until_it_is_published(
    editors_client, moderators_client, django_capture_on_commit_callbacks, pattern
):
    welsh = Locale.objects.create(language_code="cy")  # not synchronised: the page has no Welsh version yet
    reader = Client()
    welsh_url = "/cy/patterns/find-your-bin-collection-day/"

    # The editor translates the page (and its parents) into Welsh...
    submit = reverse("wagtail_localize:submit_page_translation", args=[pattern.pk])
    assert editors_client.post(submit, {"locales": [welsh.pk]}).status_code == 302
    draft = PatternPage.objects.get(translation_key=pattern.translation_key, locale=welsh)
    assert not draft.live
    assert reader.get(welsh_url).status_code == 404

    # ...types the Welsh title in the translation editor...
    translation = Translation.objects.get(source__object_id=pattern.translation_key, target_locale=welsh)
    assert (
        type_in_the_editor(editors_client, translation, pattern.title, "Dod o hyd i'ch diwrnod biniau").status_code
        == 201
    )
    draft.refresh_from_db()
    assert not draft.live
    assert reader.get(welsh_url).status_code == 404

    # ...and a moderator publishes it from the translation editor.
    with django_capture_on_commit_callbacks(execute=True):
        response = moderators_client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert "Dod o hyd i'ch diwrnod biniau" in page_text(reader.get(welsh_url))


def test_the_welsh_stand_in_shows_english_until_the_translation_is_published(
    editors_client, moderators_client, django_capture_on_commit_callbacks, pattern, welsh
):
    reader = Client()
    welsh_url = "/cy/patterns/find-your-bin-collection-day/"
    assert "Find your bin collection day" in page_text(reader.get(welsh_url))

    submit = reverse("wagtail_localize:submit_page_translation", args=[pattern.pk])
    assert editors_client.post(submit, {"locales": [welsh.pk]}).status_code == 302
    translation = Translation.objects.get(source__object_id=pattern.translation_key, target_locale=welsh)
    type_in_the_editor(editors_client, translation, pattern.title, "Dod o hyd i'ch diwrnod casglu biniau")

    assert "Find your bin collection day" in page_text(reader.get(welsh_url))
    assert "Dod o hyd i'ch diwrnod casglu biniau" not in page_text(reader.get(welsh_url))

    welsh_page = PatternPage.objects.get(translation_key=pattern.translation_key, locale=welsh)
    with django_capture_on_commit_callbacks(execute=True):
        moderators_client.post(reverse("wagtailadmin_pages:edit", args=[welsh_page.pk]), {"action": "publish"})
    assert "Dod o hyd i'ch diwrnod casglu biniau" in page_text(reader.get(welsh_url))


def test_an_editor_can_download_and_upload_a_po_file_for_a_page_translation(
    editors_client, pattern, welsh, django_capture_on_commit_callbacks
):
    translation = translate(pattern, welsh, {}, publish=False)
    welsh_page = translation.get_target_instance()
    download = reverse("wagtail_localize:download_pofile", args=[translation.pk])

    # The translation editor offers the PO file...
    editor = editors_client.get(reverse("wagtailadmin_pages:edit", args=[welsh_page.pk]))
    assert editor.status_code == 200
    assert download in editor.content.decode()
    # ...which holds every English string to translate.
    response = editors_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert response["Content-Disposition"].endswith("-cy.po")
    po = polib.pofile(response.content.decode())
    assert "Find your bin collection day" in {entry.msgid for entry in po}
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)

    # A translator fills it in and the editor uploads it.
    for entry in po:
        if entry.msgid in PATTERN_IN_WELSH:
            entry.msgstr = PATTERN_IN_WELSH[entry.msgid]
    upload = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    po_file = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = editors_client.post(upload, {"file": po_file, "next": "/admin/"})

    assert response.status_code == 302
    translated = StringTranslation.objects.filter(locale=welsh, context__object=translation.source.object)
    assert "Dod o hyd i'ch diwrnod casglu biniau" in set(translated.values_list("data", flat=True))


# The demo content -------------------------------------------------------------------


def test_the_demo_has_welsh_translations_made_in_wagtail_localize_and_loading_again_changes_nothing(
    client, demo_content
):
    # The demo as `load_demo` left it (the shared fixture), Welsh included.
    home_page = ensure_home_page()[0]
    welsh = Locale.objects.get(language_code="cy")
    assert ServiceArea.objects.filter(locale=welsh, lgsl_code__in=SERVICE_AREA_LABELS).count() == len(
        SERVICE_AREA_LABELS
    )
    pages = list(Page.objects.order_by("path").values_list("path", "title", "live", "alias_of_id"))

    assert load_welsh_demo(home_page) == 0
    assert list(Page.objects.order_by("path").values_list("path", "title", "live", "alias_of_id")) == pages

    # The source standard's points keep their published (English) titles in the crosswalk.
    english_strings = (
        set(WELSH) - {"Factory Commons"} - set(SourceStandardPoint.objects.values_list("title", flat=True))
    )
    for path in TRANSLATED_PAGES:
        english = Page.objects.get(locale__language_code="en", url_path=f"/home/{path}/" if path else "/home/")
        page = welsh_version(english, welsh).specific
        assert page.live, path
        assert page.url == (f"/cy/{path}/" if path else "/cy/")
        assert Translation.objects.filter(source__object_id=english.translation_key, target_locale=welsh).exists()
        # Every string is in Welsh, except a code example.
        left_english = StringSegment.objects.filter(source__object_id=english.translation_key).exclude(
            string__translations__locale=welsh
        )
        assert {segment.string.data for segment in left_english if "&lt;" not in segment.string.data} <= {
            "Factory Commons",
            "home",
        }, path
        text = page_text(client.get(page.url))
        assert not [string for string in english_strings if len(string) > 30 and string in text], path
    waste = ServiceArea.objects.get(lgsl_code=524, locale=welsh)
    assert waste.label == "Casglu gwastraff y cartref"
    assert waste.slug == ServiceArea.objects.get(lgsl_code=524, locale__language_code="en").slug
    assert Licence.objects.get(spdx_id="OGL-UK-3.0", locale=welsh).name == "Trwydded Llywodraeth Agored v3.0"
