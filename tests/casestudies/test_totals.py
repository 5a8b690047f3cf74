"""The case study index adds up the ledgers of published case studies only, by confidence."""

import html

import pytest
from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cms.taxonomy.factories import AuthorityFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def line(confidence, cashable=None, one_off=None, **fields):
    return {"confidence": confidence, "cashable_saving_per_year": cashable, "one_off_cost": one_off, **fields}


@pytest.fixture
def collection(case_study_index):
    """Published case studies with known ledgers, next to drafts and hidden ones that must not count."""
    councils = [AuthorityFactory(name=f"Council {letter}") for letter in "ABCDEFG"]
    parking = ServiceAreaFactory(label="Parking permits", slug="parking-permits")
    make = CaseStudyPageFactory
    published = [
        make(
            parent=case_study_index,
            title="Permits",
            phase="live",
            partners=councils[0:2],
            service_areas=[parking],
            benefits=[line("audited", 10_000, 5_000, authorities=[councils[0]]), line("self-reported", 2_500)],
        ),
        make(
            parent=case_study_index,
            title="Bulky waste",
            phase="beta",
            live_on=None,
            openness="proprietary",
            openness_reason="The booking system is a supplier's product.",
            partners=councils[1:3],
            benefits=[line("peer-reviewed", 1_000, authorities=[councils[4]]), line("audited", one_off=20_000)],
        ),
    ]
    # Live, then edited: the newer draft revision changes the figure, but only the published one counts.
    edited = make(
        parent=case_study_index, title="Blue badges", partners=[councils[3]], benefits=[line("audited", 4_000)]
    )
    published.append(edited)
    draft = CaseStudyPage.objects.get(pk=edited.pk)
    draft_lines = list(draft.benefits.all())
    draft_lines[0].cashable_saving_per_year = 600_000
    draft.benefits = draft_lines
    draft.save_revision()

    # Never published, unpublished, and private: none of these count.
    make(
        parent=case_study_index, title="Draft", live=False, partners=[councils[5]], benefits=[line("audited", 900_000)]
    )
    make(parent=case_study_index, title="Withdrawn", benefits=[line("audited", 800_000)]).unpublish()
    private = make(
        parent=case_study_index, title="Private", partners=[councils[6]], benefits=[line("audited", 700_000)]
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    return {"published": published, "councils": councils, "edited": edited}


def test_the_draft_revision_really_holds_other_figures(collection):
    edited = CaseStudyPage.objects.get(pk=collection["edited"].pk)

    assert edited.live
    assert edited.has_unpublished_changes
    assert [line.cashable_saving_per_year for line in edited.get_latest_revision_as_object().benefits.all()] == [
        600_000
    ]
    assert [line.cashable_saving_per_year for line in edited.benefits.all()] == [4_000]


def test_index_totals_are_the_sum_of_published_ledgers_only(client, case_study_index, collection):
    response = client.get(case_study_index.url)

    totals = response.context["totals"]
    ledger = totals["ledger"]
    published_lines = [line for page in collection["published"] for line in page.benefits.all()]
    assert ledger.cashable_per_year == sum(line.cashable_saving_per_year or 0 for line in published_lines) == 17_500
    assert ledger.one_off_cost == sum(line.one_off_cost or 0 for line in published_lines) == 25_000
    by_confidence = {s.confidence: (s.cashable_per_year, s.one_off_cost) for s in ledger.by_confidence}
    assert by_confidence == {
        "audited": (14_000, 25_000),
        "peer-reviewed": (1_000, 0),
        "self-reported": (2_500, 0),
    }
    # Partners A to D of the published case studies, and E named in a ledger line.
    assert totals["authorities"] == 5
    assert response.context["case_studies"].paginator.count == 3

    page = text_of(response)
    assert "£17,500" in page
    assert "£25,000" in page
    assert "Mixed confidence: 2 audited, 1 peer-reviewed and 1 self-reported (of 4 figures)" in page
    assert "Audited (all 2 figures)" in page
    listing = page.split('id="case-studies"')[1]
    assert [title for title in ["Permits", "Bulky waste", "Blue badges"] if title in listing] == [
        "Permits",
        "Bulky waste",
        "Blue badges",
    ]
    for hidden in ["Draft", "Withdrawn", "Private"]:
        assert f">{hidden}</a>" not in listing
    for amount in ["£600,000", "£700,000", "£800,000", "£900,000"]:
        assert amount not in page


@pytest.mark.parametrize(
    ("query", "titles", "cashable"),
    [
        ("?phase=beta", ["Bulky waste"], 1_000),
        ("?openness=proprietary", ["Bulky waste"], 1_000),
        ("?area=parking-permits", ["Permits"], 12_500),
        ("?phase=live&openness=open-source", ["Blue badges", "Permits"], 16_500),
    ],
)
def test_index_filters_narrow_the_list_and_the_totals(client, case_study_index, collection, query, titles, cashable):
    response = client.get(case_study_index.url + query)

    assert [page.title for page in response.context["case_studies"]] == titles
    assert response.context["totals"]["ledger"].cashable_per_year == cashable
    assert not response.context["ignored_filters"]


@pytest.mark.smoke
@pytest.mark.parametrize(
    "query",
    [
        "?phase=nonsense",
        "?openness=%3Cscript%3Ealert(1)%3C/script%3E",
        "?area=no-such-area",
        "?area=%3Cb%3Ebold",
        "?page=abc",
        "?page=999",
        "?phase=live&phase=%00",
        "?area=" + "x" * 5000,
    ],
)
def test_bad_filter_values_are_ignored_with_a_message_never_an_error(client, case_study_index, collection, query):
    response = client.get(case_study_index.url + query)

    assert response.status_code == 200
    assert response.context["totals"]["ledger"].cashable_per_year == 17_500
    if "page=" not in query:
        assert response.context["ignored_filters"]
        assert b"We ignored" in response.content
    assert b"<script>alert" not in response.content
