"""Mistakes an editor can make are caught in the admin form, with a message that says what to do."""

import datetime

import pytest
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from patterns.factories import PatternPageFactory, SourceStandardFactory
from patterns.fields import WEB_ADDRESS_MESSAGE
from patterns.models import PatternPage, Relationship, ServiceStandardPage

from .utils import edit_page_url, form_errors, post_new_page


def pattern_form(**changes):
    data = {
        "title": "Apply for a resident parking permit",
        "slug": "apply-for-a-resident-parking-permit",
        "summary": "Let residents apply for and renew a parking permit online.",
        "status": "trial",
        "next_steps": "",
        "when_to_use": rich_text("<p>When permits are tied to an address.</p>"),
        "when_not_to_use": rich_text(""),
        "how_it_works": streamfield([("paragraph", rich_text("<p>Check the address is in a zone.</p>"))]),
        "examples": inline_formset([]),
        "research": rich_text(""),
        "accessibility_notes": rich_text(""),
        "known_issues": rich_text(""),
        "related_pattern_links": inline_formset([]),
        "discussion_url": "",
        "search_aliases": "",
        "change_log": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def point(number, relationship=Relationship.EQUIVALENT, title=None):
    return {
        "number": str(number),
        "title": title or f"Point titled {number}",
        "why_it_matters": rich_text("<p>Why.</p>"),
        "what_to_do": rich_text("<p>What.</p>"),
        "how_assessed": rich_text("<p>How.</p>"),
        "guidance": rich_text(""),
        "relationship": relationship,
    }


def standard_form(source_standard, points, sources):
    data = nested_form_data(
        {
            "title": "Council service standard",
            "slug": "council-service-standard",
            "summary": "A standard for council services.",
            "introduction": streamfield([]),
            "source_standard": source_standard.pk,
            "crosswalk_notes": rich_text(""),
            "points": inline_formset(points),
            "change_log": inline_formset([]),
        }
    )
    for index, source_points in enumerate(sources):
        data[f"points-{index}-source_points"] = [source.pk for source in source_points]
    return data


def assert_rejected_with(response, message):
    assert response.status_code == 200
    assert not response.redirect_chain, "the form was accepted"
    assert escape(message) in response.content.decode()
    assert message in form_errors(response)


@pytest.mark.django_db
def test_bad_web_addresses_are_rejected_with_a_clear_message(editor_client, pattern_index, authorities):
    data = pattern_form(
        discussion_url="not a web address",
        examples=inline_formset([{"authority": authorities[0].pk, "url": "ftp://files.example.org/bins", "note": ""}]),
    )

    response = post_new_page(editor_client, PatternPage, pattern_index, data)

    assert_rejected_with(response, WEB_ADDRESS_MESSAGE)
    assert response.content.decode().count(escape(WEB_ADDRESS_MESSAGE)) == 2
    assert not PatternPage.objects.exists()


@pytest.mark.django_db
def test_a_point_number_used_twice_is_rejected(editor_client, standard_index, govuk_standard):
    source = {p.number: p for p in govuk_standard.points.all()}
    data = standard_form(
        govuk_standard,
        [point(1), point(2), point(2, title="Another point two")],
        [[source[1]], [source[2]], [source[3]]],
    )

    response = post_new_page(editor_client, ServiceStandardPage, standard_index, data)

    assert_rejected_with(response, "Point 2 is used more than once in this standard. Give each point its own number.")
    assert not ServiceStandardPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("relationship", "source_numbers", "message"),
    [
        (Relationship.EQUIVALENT, [], "An equivalent point comes from exactly one source point. Tick one."),
        (Relationship.EQUIVALENT, [1, 2], "An equivalent point comes from exactly one source point. Tick one."),
        (Relationship.MERGED, [1], "A merged point combines two or more source points. Tick each of them."),
        (Relationship.ADDED, [1], "An added point has no source points. Untick them, or change the relationship."),
        (
            Relationship.SPLIT,
            [1],
            "Source point 1 is split, so at least two points must come from it with the relationship 'Split'. "
            "Add the other part, or choose 'Equivalent'.",
        ),
    ],
)
def test_source_points_must_fit_the_relationship(
    editor_client, standard_index, govuk_standard, relationship, source_numbers, message
):
    source = {p.number: p for p in govuk_standard.points.all()}
    data = standard_form(govuk_standard, [point(1, relationship)], [[source[n] for n in source_numbers]])

    response = post_new_page(editor_client, ServiceStandardPage, standard_index, data)

    assert_rejected_with(response, message)


@pytest.mark.django_db
def test_a_point_split_in_two_is_accepted(editor_client, standard_index, govuk_standard):
    source = {p.number: p for p in govuk_standard.points.all()}
    data = standard_form(
        govuk_standard,
        [point(1, Relationship.SPLIT), point(2, Relationship.SPLIT)],
        [[source[1]], [source[1]]],
    )

    response = post_new_page(editor_client, ServiceStandardPage, standard_index, data)

    assert response.redirect_chain, form_errors(response)
    page = ServiceStandardPage.objects.get()
    assert [p.relationship for p in page.points.all()] == ["split", "split"]


@pytest.mark.django_db
def test_source_points_must_come_from_the_chosen_source_standard(editor_client, standard_index, govuk_standard):
    other = SourceStandardFactory(name="Another standard", version="2020", points=3)
    data = standard_form(govuk_standard, [point(1)], [[other.points.get(number=1)]])

    response = post_new_page(editor_client, ServiceStandardPage, standard_index, data)

    assert_rejected_with(
        response, "Choose source points from GOV.UK Service Standard (2019, 14 points), the standard this one is"
    )


@pytest.mark.django_db
def test_a_pattern_cannot_be_related_to_itself_or_twice(editor_client, pattern_index):
    page = PatternPageFactory(parent=pattern_index, title="Report a missed bin")
    other = PatternPageFactory(parent=pattern_index, title="Find your bin collection day")
    data = pattern_form(
        title=page.title,
        slug=page.slug,
        related_pattern_links=inline_formset([{"pattern": page.pk}, {"pattern": other.pk}, {"pattern": other.pk}]),
    )

    response = editor_client.post(edit_page_url(page), data, follow=True)

    assert_rejected_with(response, "A pattern cannot be related to itself. Choose a different pattern.")
    assert escape("“Find your bin collection day” is already listed. Remove the repeat.") in response.content.decode()


@pytest.mark.django_db
def test_a_past_review_date_is_saved_with_a_warning(editor_client, pattern_index):
    past = datetime.date.today() - datetime.timedelta(days=3)
    data = pattern_form(review_by=past.isoformat())

    response = post_new_page(editor_client, PatternPage, pattern_index, data)

    assert response.redirect_chain
    assert "is in the past" in response.content.decode()
    assert PatternPage.objects.get().review_by == past
