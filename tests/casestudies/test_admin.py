"""Editors create factories and case studies through the admin, and readers see everything they entered."""

import html

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from casestudies.factories import CaseStudyPageFactory, FactoryPageFactory
from casestudies.models import BenefitLine, CaseStudyIndexPage, CaseStudyPage, FactoryIndexPage, FactoryPage
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory, ServiceAreaFactory
from patterns.factories import (
    MethodIndexPageFactory,
    MethodPageFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    StandardIndexPageFactory,
)

from .admin_forms import (
    PUBLISH,
    add_url,
    benefit_row,
    case_study_form_data,
    edit_url,
    factory_form_data,
    form_errors,
)

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def councils(db):
    return [
        AuthorityFactory(name="Calderbridge Council", gss_code="E08900101"),
        AuthorityFactory(name="Holmvale Council", gss_code="E08900102"),
        AuthorityFactory(name="Ryburn Council", gss_code="E08900103"),
    ]


@pytest.fixture
def parking(db):
    return ServiceAreaFactory(lgsl_code=474, label="Parking permits")


def test_editor_creates_a_factory_and_readers_see_every_field(admin_client, client, factory_index, councils, parking):
    data = factory_form_data(
        members=[(councils[0], "lead"), (councils[1], "partner"), (councils[2], "observer")],
        roadmap_items=[
            {
                "title": "Online blue badge renewals",
                "service_area": parking.pk,
                "planned_quarter": "2027q2",
                "status": "in-progress",
                "looking_for_partners": "on",
                "partner_note": "Two more councils that use the same permit system.",
            },
            {"title": "Bulky waste booking", "planned_quarter": "Q4 2026", "status": "done"},
        ],
        service_areas=[parking],
        **PUBLISH,
    )

    response = admin_client.post(add_url("factorypage", factory_index), data)

    assert response.status_code == 302, form_errors(response)
    factory = FactoryPage.objects.get(slug="pennine-digital-factory")
    assert factory.live
    assert set(factory.authorities.all()) == set(councils), "members are the councils involved"
    assert [item.planned_quarter for item in factory.roadmap_items.all()] == ["2027 Q2", "2026 Q4"]

    page = text_of(client.get(factory.url))
    for expected in [
        "Pennine Digital Factory",
        "Five councils in the Pennines building their services once, together.",
        "We share a design team and a code base for resident services.",
        "Devolution deal",
        "The West Yorkshire devolution deal of 2020.",
        "Factory coordinator",
        "factory@pennine.example.org",
        "https://pennine.example.org/contact",
        "Calderbridge Council",
        "Holmvale Council",
        "Ryburn Council",
        "Lead",
        "Partner",
        "Observer",
        "Online blue badge renewals",
        "Parking permits",
        "In progress",
        "Looking for partners",
        "Two more councils that use the same permit system.",
        "Bulky waste booking",
        "Done",
        "Pennine Digital Factory team",
    ]:
        assert expected in page, expected
    # The roadmap reads in order of quarter, whatever order it was entered in.
    assert page.index("2026 Q4") < page.index("2027 Q2")


def test_factory_needs_a_way_to_get_in_touch_and_a_reason_for_other(admin_client, factory_index, councils):
    data = factory_form_data(
        members=[(councils[0], "lead")],
        contact_email="",
        contact_url="",
        formed_because="other",
        formed_because_detail="",
        **PUBLISH,
    )

    response = admin_client.post(add_url("factorypage", factory_index), data)

    assert response.status_code == 200
    errors = form_errors(response)
    assert "Give an email address or a contact web address" in " ".join(errors["contact_email"])
    assert "Say what brought the councils together" in " ".join(errors["formed_because_detail"])
    assert not FactoryPage.objects.exists()


def test_roadmap_quarter_and_partner_note_are_checked(admin_client, factory_index, councils):
    data = factory_form_data(
        members=[(councils[0], "lead")],
        roadmap_items=[{"title": "Report a pothole", "planned_quarter": "spring", "looking_for_partners": "on"}],
        **PUBLISH,
    )

    response = admin_client.post(add_url("factorypage", factory_index), data)

    assert response.status_code == 200
    errors = form_errors(response)
    assert errors["roadmap_items-0-planned_quarter"] == [
        "Enter the planned quarter as a year and a quarter number, like 2027 Q1."
    ]
    assert "Say who you are looking for" in errors["roadmap_items-0-partner_note"][0]


@pytest.fixture
def used_items(home_page):
    pattern = PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Find an address")
    method = MethodPageFactory(parent=MethodIndexPageFactory(parent=home_page), title="Discovery interviews")
    standard = ServiceStandardPageFactory(
        parent=StandardIndexPageFactory(parent=home_page), title="Local Digital Service Standard"
    )
    return pattern, method, standard


def test_editor_creates_a_case_study_and_readers_see_every_field_and_the_totals(
    admin_client, client, factory_index, case_study_index, councils, parking, used_items
):
    factory = FactoryPageFactory(parent=factory_index, title="Pennine Digital Factory", members=councils[:2])
    ogl = LicenceFactory(spdx_id="OGL-UK-3.0", name="Open Government Licence v3.0")
    mit = LicenceFactory(spdx_id="MIT", name="MIT License", url="https://spdx.org/licenses/MIT.html")
    pattern, method, standard = used_items
    data = case_study_form_data(
        factory=factory,
        partners=[(councils[0], "lead"), (councils[1], "partner")],
        benefits=[
            benefit_row(
                title="Fewer paper permits to process",
                cashable_saving_per_year="12000",
                one_off_cost="£45,000",
                baseline="4,000 paper applications a year at £3 each.",
                method="Applications a year times the cost of handling one, from the 2024 time study.",
                confidence="audited",
                evidence_url="https://calderbridge.example.org/audit-2026.pdf",
                authorities=[councils[0]],
            ),
            benefit_row(
                title="Printing and postage",
                cashable_saving_per_year="£3,500",
                baseline="Printing and posting 4,000 permits a year.",
                method="Supplier invoices before and after.",
                confidence="self-reported",
            ),
            benefit_row(
                title="Officer time",
                non_cashable_benefit="Officers re-key fewer forms.",
                non_cashable_measure="1,200 staff hours a year",
                baseline="Every paper form was typed in by hand.",
                method="Time sheets over three months.",
                confidence="peer-reviewed",
            ),
        ],
        repositories=[
            {"name": "Permit service front end", "url": "https://github.com/example/permits", "licence": mit.pk}
        ],
        patterns_used=[pattern],
        methods_used=[method],
        standards_used=[standard],
        openness="open-design",
        openness_reason="The permit back office is a supplier's product under licence.",
        licence=ogl.pk,
        suppliers="Acme Digital Ltd\nPermit Systems plc",
        funding_source="Local Digital Fund round 4",
        funding_amount="350,000",
        service_areas=[parking],
        content_owner="Digital team, Calderbridge Council",
        **PUBLISH,
    )

    response = admin_client.post(add_url("casestudypage", case_study_index), data)

    assert response.status_code == 302, form_errors(response)
    case_study = CaseStudyPage.objects.get(slug="resident-parking-permits-online")
    assert case_study.live
    assert case_study.factory == factory
    assert case_study.funding_amount == 350_000
    assert list(case_study.benefits.values_list("cashable_saving_per_year", "one_off_cost")) == [
        (12000, 45000),
        (3500, None),
        (None, None),
    ]
    assert set(case_study.authorities.all()) == set(councils[:2]), "partners are the councils involved"

    page = text_of(client.get(case_study.url))
    for expected in [
        "Resident parking permits online",
        "Residents apply for and renew parking permits online, in minutes.",
        "Pennine Digital Factory",
        "Live",
        "1 April 2025",
        "15 January 2026",
        "Calderbridge Council",
        "Holmvale Council",
        "Residents queued at the council office to renew a paper permit.",
        "We researched with residents and built one service for all.",
        "Start with the people who answer the phones.",
        "Fork the code and set your council's zones.",
        "Open design with a proprietary product",
        "The permit back office is a supplier's product under licence.",
        "Open Government Licence v3.0",
        "Permit service front end",
        "https://github.com/example/permits",
        "MIT License",
        "Find an address",
        "Discovery interviews",
        "Local Digital Service Standard",
        "Acme Digital Ltd",
        "Permit Systems plc",
        "Local Digital Fund round 4",
        "£350,000",
        "Parking permits",
        "Digital team, Calderbridge Council",
        # the ledger, line by line
        "Fewer paper permits to process",
        "£12,000",
        "£45,000",
        "4,000 paper applications a year at £3 each.",
        "Applications a year times the cost of handling one, from the 2024 time study.",
        "https://calderbridge.example.org/audit-2026.pdf",
        "Printing and postage",
        "£3,500",
        "Officers re-key fewer forms.",
        "1,200 staff hours a year",
        "Time sheets over three months.",
        "Audited",
        "Self-reported",
        "Peer-reviewed",
        "The whole partnership",
        # the totals, with their confidence
        "£15,500",
        "Mixed confidence: 1 audited and 1 self-reported (of 2 figures)",
        "Audited (1 figure)",
    ]:
        assert expected in page, expected


def test_case_study_needs_a_reason_when_not_open_and_an_open_licence_when_open_source(
    admin_client, factory_index, case_study_index, councils
):
    factory = FactoryPageFactory(parent=factory_index, members=1)
    proprietary = LicenceFactory(spdx_id="LicenseRef-Proprietary", name="Proprietary", url="", is_open=False)

    not_open = admin_client.post(
        add_url("casestudypage", case_study_index),
        case_study_form_data(factory=factory, partners=[(councils[0], "lead")], openness="proprietary", **PUBLISH),
    )
    closed_licence = admin_client.post(
        add_url("casestudypage", case_study_index),
        case_study_form_data(
            factory=factory, partners=[(councils[0], "lead")], licence=proprietary.pk, slug="other", **PUBLISH
        ),
    )

    assert form_errors(not_open)["openness_reason"] == ["Say why it is not open source, as you chose 'Proprietary'."]
    assert "Open source work needs an open licence" in form_errors(closed_licence)["licence"][0]
    assert not CaseStudyPage.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "cashable_saving_per_year",
            "-500",
            "The cashable saving per year cannot be negative. Enter 0 or more, in whole pounds.",
        ),
        ("one_off_cost", "-1", "The one-off cost cannot be negative. Enter 0 or more, in whole pounds."),
        (
            "cashable_saving_per_year",
            "lots",
            "Enter the cashable saving per year as a whole number of pounds, like 12000, without pence.",
        ),
        (
            "cashable_saving_per_year",
            "1200.50",
            "Enter the cashable saving per year as a whole number of pounds, like 12000, without pence.",
        ),
        ("one_off_cost", "£1,000,000,000", "The one-off cost must be £999,999,999 or less. Check for extra digits."),
    ],
)
def test_a_negative_or_non_numeric_amount_is_refused_naming_the_field(
    admin_client, factory_index, case_study_index, councils, field, value, message
):
    factory = FactoryPageFactory(parent=factory_index, members=1)
    row = benefit_row(title="Saving", baseline="Before", method="Counted", confidence="audited", **{field: value})
    data = case_study_form_data(factory=factory, partners=[(councils[0], "lead")], benefits=[row], **PUBLISH)

    response = admin_client.post(add_url("casestudypage", case_study_index), data)

    assert response.status_code == 200
    assert form_errors(response)[f"benefits-0-{field}"] == [message]
    assert message in text_of(response)
    assert not CaseStudyPage.objects.exists()
    assert not BenefitLine.objects.exists()


def test_a_ledger_line_needs_a_figure_a_confidence_and_a_measure_for_its_benefit(
    admin_client, factory_index, case_study_index, councils
):
    factory = FactoryPageFactory(parent=factory_index, members=1)
    rows = [
        benefit_row(title="Nothing", method="Guessed", confidence="audited"),
        benefit_row(title="No confidence", one_off_cost="100", method="Invoice"),
        benefit_row(
            title="No measure",
            non_cashable_benefit="Happier staff",
            baseline="Survey",
            method="Survey",
            confidence="self-reported",
        ),
    ]
    data = case_study_form_data(factory=factory, partners=[(councils[0], "lead")], benefits=rows, **PUBLISH)

    errors = form_errors(admin_client.post(add_url("casestudypage", case_study_index), data))

    assert "a ledger line needs one" in errors["benefits-0-__all__"][0]
    assert errors["benefits-1-confidence"] == ["This field is required."]
    assert errors["benefits-2-non_cashable_measure"] == ["Give a measure for the non-cashable benefit, with its unit."]


def test_the_admin_preview_shows_the_draft_ledger(admin_client, factory_index, case_study_index, councils):
    case_study = CaseStudyPageFactory(
        parent=case_study_index, partners=councils[:1], benefits=[{"cashable_saving_per_year": 100}]
    )
    preview_url = f"/admin/pages/{case_study.pk}/edit/preview/"
    data = case_study_form_data(
        factory=case_study.factory,
        partners=[(councils[0], "lead")],
        benefits=[
            benefit_row(
                title="Draft saving", cashable_saving_per_year="7777", baseline="B", method="M", confidence="audited"
            )
        ],
        title=case_study.title,
        slug=case_study.slug,
    )

    assert admin_client.post(preview_url, data).json()["is_valid"]
    preview = text_of(admin_client.get(preview_url))

    assert "Draft saving" in preview
    assert "£7,777" in preview


def test_editing_a_live_case_study_keeps_its_partners_as_the_councils_involved(
    admin_client, factory_index, case_study_index, councils
):
    case_study = CaseStudyPageFactory(parent=case_study_index, partners=councils[:1])
    old_partner = case_study.partners.get()
    data = case_study_form_data(
        factory=case_study.factory,
        partners=[],
        title=case_study.title,
        slug=case_study.slug,
        # A change to a live page is published with a change log note.
        change_log=inline_formset([{"date": "2026-02-01", "note": "Updated the partner councils."}]),
        **PUBLISH,
    )
    # The editor deletes the old partner and adds two new ones.
    data = {name: value for name, value in data.items() if not name.startswith("partners-")}
    data |= nested_form_data(
        {
            "partners": inline_formset(
                [
                    {"id": old_partner.pk, "authority": councils[0].pk, "role": "lead", "DELETE": "1"},
                    {"authority": councils[1].pk, "role": "lead"},
                    {"authority": councils[2].pk, "role": "observer"},
                ],
                initial=1,
            )
        }
    )

    response = admin_client.post(edit_url(case_study), data)

    assert response.status_code == 302, form_errors(response)
    case_study = Page.objects.get(pk=case_study.pk).specific
    assert set(case_study.authorities.all()) == {councils[1], councils[2]}
    assert {partner.authority for partner in case_study.partners.all()} == {councils[1], councils[2]}


@pytest.mark.smoke
def test_the_admin_forms_open_with_their_tabs(admin_client, factory_index, case_study_index):
    case_study = CaseStudyPageFactory(parent=case_study_index, partners=1, benefits=1, repositories=1)
    urls = [
        add_url("factorypage", factory_index),
        add_url("casestudypage", case_study_index),
        edit_url(case_study),
        edit_url(case_study.factory),
    ]

    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = response.content.decode()
    for tab in ["factory", "members", "roadmap", "about", "promote"]:
        assert f'id="tab-label-{tab}"' in page, tab


@pytest.mark.parametrize(
    ("model_name", "model", "slug"),
    [("factoryindexpage", FactoryIndexPage, "factories"), ("casestudyindexpage", CaseStudyIndexPage, "case-studies")],
)
def test_editor_creates_the_index_pages_and_readers_see_their_introduction(
    admin_client, client, home_page, model_name, model, slug
):
    data = nested_form_data(
        {
            "title": slug.replace("-", " ").capitalize(),
            "slug": slug,
            "introduction": rich_text("<p>Everything councils have built together.</p>"),
            **PUBLISH,
        }
    )

    response = admin_client.post(add_url(model_name, home_page), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = model.objects.get(slug=slug)
    html = client.get(page.url).content.decode()
    assert "Everything councils have built together." in html
