"""Money, quarters, totals and validation, below the admin."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Locale

from casestudies.factories import CaseStudyPageFactory
from casestudies.fields import PoundsFormField, QuarterField
from casestudies.ledger import LedgerTotals
from casestudies.models import BenefitLine, CaseStudyPage, Confidence
from casestudies.panels import without_fields
from casestudies.templatetags.casestudies_tags import pounds, tag_colour
from cms.taxonomy.factories import AuthorityFactory


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("typed", "pounds_value"), [("12000", 12000), ("£12,500", 12500), (" 1 000 ", 1000), ("0", 0)]
)
def test_amounts_are_read_as_whole_pounds(typed, pounds_value):
    assert PoundsFormField(label="Cashable saving per year").clean(typed) == pounds_value


@pytest.mark.smoke
@pytest.mark.parametrize("typed", ["12.50", "ten", "£", "1e3"])
def test_amounts_that_are_not_whole_pounds_are_refused_naming_the_field(typed):
    with pytest.raises(forms.ValidationError) as error:
        PoundsFormField(label="One-off cost").clean(typed)

    assert error.value.messages == ["Enter the one-off cost as a whole number of pounds, like 12000, without pence."]


@pytest.mark.smoke
def test_a_negative_amount_is_refused_by_the_model_naming_the_field():
    line = BenefitLine(title="Saving", cashable_saving_per_year=-1, method="Counted", confidence="audited")

    with pytest.raises(ValidationError) as error:
        line.clean_fields(exclude=["page", "locale"])

    assert error.value.message_dict["cashable_saving_per_year"] == [
        "The cashable saving per year cannot be negative. Enter 0 or more, in whole pounds."
    ]


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2027 Q1", "2027 Q1"), ("2027q1", "2027 Q1"), ("2027-Q3", "2027 Q3"), ("Q4 2026", "2026 Q4")],
)
def test_quarters_are_tidied(typed, stored):
    assert QuarterField().clean(typed, None) == stored


@pytest.mark.smoke
@pytest.mark.parametrize("typed", ["2027 Q5", "spring 2027", "27 Q1", "1999 Q1"])
def test_quarters_that_are_not_quarters_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        QuarterField().clean(typed, None)

    assert "like 2027 Q1" in error.value.messages[0]


@pytest.mark.smoke
def test_totals_say_how_mixed_their_confidence_is():
    lines = [
        BenefitLine(confidence=Confidence.SELF_REPORTED, cashable_saving_per_year=1000),
        BenefitLine(confidence=Confidence.AUDITED, cashable_saving_per_year=500, one_off_cost=200),
        BenefitLine(confidence=Confidence.AUDITED, cashable_saving_per_year=0),
        BenefitLine(confidence=Confidence.PEER_REVIEWED, non_cashable_benefit="Happier staff"),
    ]

    totals = LedgerTotals.from_lines(lines)

    assert (totals.cashable_per_year, totals.one_off_cost) == (1500, 200)
    assert [subtotal.confidence for subtotal in totals.by_confidence] == ["audited", "peer-reviewed", "self-reported"]
    assert totals.cashable_confidence == "mixed confidence: 2 audited and 1 self-reported (of 3 figures)"
    assert totals.one_off_confidence == "audited (1 figure)"
    assert LedgerTotals.from_lines([]).cashable_confidence == ""
    assert not LedgerTotals.from_lines(lines[3:]).has_money


@pytest.mark.smoke
def test_template_filters():
    assert pounds(1234567) == "£1,234,567"
    assert pounds(0) == "£0"
    assert pounds(None) == ""
    assert tag_colour("audited") == "govuk-tag--green"
    assert tag_colour("unknown") == ""


@pytest.mark.smoke
def test_without_fields_drops_fields_and_empty_groups():
    panels = [
        MultiFieldPanel([FieldPanel("authorities")], heading="Only authorities"),
        MultiFieldPanel([FieldPanel("service_areas"), FieldPanel("authorities")], heading="About"),
        FieldPanel("summary"),
    ]

    kept = without_fields(panels, "authorities")

    assert [getattr(panel, "heading", "") for panel in kept] == ["About", ""]
    assert [child.field_name for child in kept[0].children] == ["service_areas"]
    assert [child.field_name for child in panels[1].children] == ["service_areas", "authorities"], "a copy"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"phase": "live", "live_on": None}, "live_on", "Give the date it went live, as the phase is 'Live'."),
        ({"phase": "retired", "ended_on": None}, "ended_on", "Give the date it was retired."),
        ({"live_on": datetime.date(2020, 1, 1)}, "live_on", "The live date must be on or after the start date."),
        ({"openness": "open-design"}, "openness_reason", "Say why it is not open source"),
    ],
)
def test_case_study_dates_and_openness_are_checked(case_study_index, fields, field, message):
    case_study = CaseStudyPageFactory(parent=case_study_index)
    for name, value in fields.items():
        setattr(case_study, name, value)

    with pytest.raises(ValidationError) as error:
        case_study.full_clean()

    assert message in error.value.message_dict[field][0]


@pytest.mark.django_db
def test_a_welsh_translation_copies_the_ledger_and_is_not_counted_twice(client, case_study_index):
    council = AuthorityFactory()
    case_study = CaseStudyPageFactory(
        parent=case_study_index,
        partners=[council],
        benefits=[{"cashable_saving_per_year": 5000, "authorities": [council]}],
    )
    welsh = Locale.objects.create(language_code="cy")

    translation = case_study.copy_for_translation(welsh, copy_parents=True)
    translation.save_revision().publish()

    translated = CaseStudyPage.objects.get(pk=translation.pk)
    assert [(line.cashable_saving_per_year, line.locale) for line in translated.benefits.all()] == [(5000, welsh)]
    assert list(translated.benefits.get().authorities.all()) == [council]
    assert client.get(case_study_index.url).context["totals"]["ledger"].cashable_per_year == 5000
