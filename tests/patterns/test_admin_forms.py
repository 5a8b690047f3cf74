"""Editors create each page type through the admin form; the published page shows everything they entered."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from patterns.factories import PatternPageFactory
from patterns.models import (
    MethodIndexPage,
    MethodPage,
    PatternIndexPage,
    PatternPage,
    Relationship,
    ServiceStandardPage,
    StandardIndexPage,
)

from .utils import cache_embed, form_errors, post_new_page, visible_text

REVIEW_BY = datetime.date.today() + datetime.timedelta(days=365)
LAST_REVIEWED = datetime.date.today() - datetime.timedelta(days=30)
CHANGE_DATE = datetime.date.today() - datetime.timedelta(days=10)


def about_tab(service_areas, authorities, licence, what):
    """The About tab's fields (BasePage), as nested form data, and the text each puts on the page."""
    data = {
        "licence": licence.pk,
        "content_owner": f"Digital team, Leeds City Council ({what})",
        "review_by": REVIEW_BY.isoformat(),
        "last_reviewed": LAST_REVIEWED.isoformat(),
        "change_log": inline_formset([{"date": CHANGE_DATE.isoformat(), "note": f"First published the {what}"}]),
    }
    shown = [
        licence.name,
        f"Digital team, Leeds City Council ({what})",
        f"{REVIEW_BY:%-d %B %Y}",
        f"{LAST_REVIEWED:%-d %B %Y}",
        f"First published the {what}",
        *(area.label for area in service_areas),
        *(authority.name for authority in authorities),
    ]
    return data, shown


def with_many_to_many(data, service_areas, authorities):
    data["service_areas"] = [area.pk for area in service_areas]
    data["authorities"] = [authority.pk for authority in authorities]
    return data


def assert_published(response, model, slug):
    assert response.status_code == 200
    assert response.redirect_chain, f"the form was not accepted: {form_errors(response)}"
    page = model.objects.get(slug=slug)
    assert page.live
    return page


def assert_shows_everything(client, page, expected):
    response = client.get(page.url)
    assert response.status_code == 200
    text = visible_text(response)
    missing = [value for value in expected if value not in text]
    assert missing == []
    return response


@pytest.mark.django_db
def test_pattern_page_created_in_the_admin_shows_every_field(
    editor_client, pattern_index, service_areas, authorities, licence
):
    related = PatternPageFactory(parent=pattern_index, title="Report a missed bin")
    image = wagtail_factories.ImageFactory(title="Bin day result screen")
    embed_url = cache_embed()
    about, shown_about = about_tab(service_areas, authorities, licence, "pattern")
    data = nested_form_data(
        {
            "title": "Find your bin collection day",
            "slug": "find-your-bin-collection-day",
            "summary": "Let residents find their next bin collection from their address.",
            "status": "stable",
            "next_steps": "Research with people who use screen magnifiers.",
            "when_to_use": rich_text("<p>Use it when collection days differ by street.</p>"),
            "when_not_to_use": rich_text("<p>Do not use it when everyone has the same collection day.</p>"),
            "how_it_works": streamfield(
                [
                    ("paragraph", rich_text("<p>Ask for the postcode first, then the address.</p>")),
                    ("image", {"image": image.pk, "alt_text": "The result screen", "caption": "Result screen"}),
                    ("code_example", {"language": "html", "code": '<input id="postcode" name="postcode">'}),
                    ("callout", {"heading": "Before you start", "text": rich_text("<p>Check your gazetteer.</p>")}),
                    ("embed", {"embed": embed_url, "caption": "A walk through the prototype"}),
                ]
            ),
            "examples": inline_formset(
                [
                    {
                        "authority": authorities[0].pk,
                        "url": "https://www.example.gov.uk/leeds/bin-day",
                        "note": "Adds a calendar download.",
                    }
                ]
            ),
            "research": rich_text("<p>Tested with 14 residents in 2 councils.</p>"),
            "accessibility_notes": rich_text("<p>Announce the result to screen readers.</p>"),
            "known_issues": rich_text("<p>New-build addresses can be missing.</p>"),
            "related_pattern_links": inline_formset([{"pattern": related.pk}]),
            "discussion_url": "https://github.com/example/patterns/discussions/7",
            "search_aliases": "bin day, refuse collection day\nrubbish day",
            **about,
            "action-publish": "action-publish",
        }
    )
    response = post_new_page(
        editor_client, PatternPage, pattern_index, with_many_to_many(data, service_areas, authorities)
    )

    page = assert_published(response, PatternPage, "find-your-bin-collection-day")
    response = assert_shows_everything(
        editor_client,
        page,
        [
            "Pattern",
            "Find your bin collection day",
            "Let residents find their next bin collection from their address.",
            "Stable",
            "Research with people who use screen magnifiers.",
            "Use it when collection days differ by street.",
            "Do not use it when everyone has the same collection day.",
            "Ask for the postcode first, then the address.",
            "Result screen",
            '<input id="postcode" name="postcode">',
            "Before you start",
            "Check your gazetteer.",
            "A walk through the prototype",
            authorities[0].name,
            "https://www.example.gov.uk/leeds/bin-day",
            "Adds a calendar download.",
            "Tested with 14 residents in 2 councils.",
            "Announce the result to screen readers.",
            "New-build addresses can be missing.",
            "Report a missed bin",
            "Help improve this pattern",
            "bin day, refuse collection day, rubbish day",
            *shown_about,
        ],
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('img[alt="The result screen"]') is not None
    assert soup.select_one('iframe[title="Prototype walkthrough video"]') is not None
    assert soup.select_one('a[href="https://github.com/example/patterns/discussions/7"]') is not None
    assert soup.select_one(f'a[href="{related.url}"]') is not None


@pytest.mark.django_db
def test_service_standard_page_created_in_the_admin_shows_every_field(
    editor_client, standard_index, govuk_standard, service_areas, authorities, licence
):
    source = {point.number: point for point in govuk_standard.points.all()}
    about, shown_about = about_tab(service_areas, authorities, licence, "standard")
    data = nested_form_data(
        {
            "title": "Local government service standard (test)",
            "slug": "local-government-service-standard-test",
            "summary": "What every new council service must meet.",
            "introduction": streamfield([("paragraph", rich_text("<p>All council teams must meet this.</p>"))]),
            "source_standard": govuk_standard.pk,
            "crosswalk_notes": rich_text("<p>Point 13 is covered by point 2 here.</p>"),
            "points": inline_formset(
                [
                    {
                        "number": "1",
                        "title": "Understand residents and their needs",
                        "why_it_matters": rich_text("<p>Services built on guesses fail residents.</p>"),
                        "what_to_do": rich_text("<p>Do research with residents.</p>"),
                        "how_assessed": rich_text("<p>Show the research findings.</p>"),
                        "guidance": rich_text("<p>Read the user research guidance.</p>"),
                        "relationship": Relationship.EQUIVALENT,
                    },
                    {
                        "number": "2",
                        "title": "Solve a whole problem, across councils",
                        "why_it_matters": rich_text("<p>Residents do not see council boundaries.</p>"),
                        "what_to_do": rich_text("<p>Map the whole journey.</p>"),
                        "how_assessed": rich_text("<p>Show the journey map.</p>"),
                        "guidance": rich_text(""),
                        "relationship": Relationship.MERGED,
                    },
                    {
                        "number": "3",
                        "title": "Publish what you spend",
                        "why_it_matters": rich_text("<p>Residents pay for it.</p>"),
                        "what_to_do": rich_text("<p>Publish the costs.</p>"),
                        "how_assessed": rich_text("<p>Show the published costs.</p>"),
                        "guidance": rich_text(""),
                        "relationship": Relationship.ADDED,
                    },
                ]
            ),
            **about,
            "action-publish": "action-publish",
        }
    )
    data["points-0-source_points"] = [source[1].pk]
    data["points-1-source_points"] = [source[2].pk, source[13].pk]
    response = post_new_page(
        editor_client, ServiceStandardPage, standard_index, with_many_to_many(data, service_areas, authorities)
    )

    page = assert_published(response, ServiceStandardPage, "local-government-service-standard-test")
    assert [point.number for point in page.points.all()] == [1, 2, 3]
    assert list(page.points.get(number=2).source_points.order_by("number").values_list("number", flat=True)) == [2, 13]
    assert_shows_everything(
        editor_client,
        page,
        [
            "Service standard",
            "Local government service standard (test)",
            "What every new council service must meet.",
            "All council teams must meet this.",
            "GOV.UK Service Standard",
            "2019, 14 points",
            "Point 13 is covered by point 2 here.",
            "1. Understand residents and their needs",
            "Services built on guesses fail residents.",
            "Do research with residents.",
            "Show the research findings.",
            "Read the user research guidance.",
            "2. Solve a whole problem, across councils",
            "3. Publish what you spend",
            "Equivalent",
            "Merged",
            "Added",
            "Removed",
            "1. Understand users and their needs",
            "13. Use and contribute to open standards, common components and patterns",
            "14. Operate a reliable service",
            *shown_about,
        ],
    )


@pytest.mark.django_db
def test_method_page_created_in_the_admin_shows_every_field(
    editor_client, method_index, service_areas, authorities, licence
):
    document = wagtail_factories.DocumentFactory(title="Journey map template file")
    about, shown_about = about_tab(service_areas, authorities, licence, "method")
    data = nested_form_data(
        {
            "title": "Journey mapping workshop",
            "slug": "journey-mapping-workshop",
            "summary": "Map a resident's journey across council services in one workshop.",
            "purpose": rich_text("<p>See where residents get stuck between services.</p>"),
            "when_to_use": rich_text("<p>In discovery, before designing anything.</p>"),
            "time_needed": "Half a day, plus a day to write up",
            "roles": rich_text("<p>A facilitator and two frontline staff.</p>"),
            "steps": inline_formset(
                [
                    {
                        "title": "Gather the evidence",
                        "detail": rich_text("<p>Read complaints.</p>"),
                        "duration": "2 days",
                    },
                    {
                        "title": "Run the workshop",
                        "detail": rich_text("<p>Walk the journey.</p>"),
                        "duration": "3 hours",
                    },
                ]
            ),
            "template_downloads": inline_formset([{"label": "Journey map template", "document": document.pk}]),
            "outputs": rich_text("<p>A journey map with pain points.</p>"),
            **about,
            "action-publish": "action-publish",
        }
    )
    response = post_new_page(
        editor_client, MethodPage, method_index, with_many_to_many(data, service_areas, authorities)
    )

    page = assert_published(response, MethodPage, "journey-mapping-workshop")
    response = assert_shows_everything(
        editor_client,
        page,
        [
            "Method",
            "Journey mapping workshop",
            "Map a resident's journey across council services in one workshop.",
            "See where residents get stuck between services.",
            "In discovery, before designing anything.",
            "Half a day, plus a day to write up",
            "A facilitator and two frontline staff.",
            "Step 1 : Gather the evidence",
            "Read complaints.",
            "Takes 2 days",
            "Step 2 : Run the workshop",
            "Walk the journey.",
            "Takes 3 hours",
            "Journey map template",
            "A journey map with pain points.",
            *shown_about,
        ],
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f'a[href="{document.url}"]') is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "title"),
    [(PatternIndexPage, "Patterns"), (StandardIndexPage, "Standards"), (MethodIndexPage, "Methods")],
)
def test_index_page_created_in_the_admin_shows_its_introduction(editor_client, home_page, model, title):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower(),
            "introduction": rich_text(f"<p>Everything about {title.lower()} in one place.</p>"),
            "action-publish": "action-publish",
        }
    )
    response = post_new_page(editor_client, model, home_page, data)

    page = assert_published(response, model, title.lower())
    assert_shows_everything(editor_client, page, [title, f"Everything about {title.lower()} in one place."])


@pytest.mark.smoke
@pytest.mark.parametrize("model", [PatternPage, ServiceStandardPage, MethodPage])
def test_item_pages_have_content_about_promote_and_settings_tabs(model):
    tabs = model.get_edit_handler().children

    assert [tab.heading for tab in tabs] == ["Content", "About", "Promote", "Settings"]
    about_fields = tabs[1].get_form_options()["fields"]
    assert {"service_areas", "authorities", "licence", "content_owner", "review_by", "last_reviewed"} <= set(
        about_fields
    )


@pytest.mark.django_db
def test_the_about_tab_is_shown_in_the_admin(editor_client, pattern_index):
    response = editor_client.get(f"/admin/pages/add/patterns/patternpage/{pattern_index.pk}/")

    soup = BeautifulSoup(response.content, "html.parser")
    tabs = [tab.get_text(" ").split()[0] for tab in soup.select('[role="tab"]')]
    # Wagtail draws the Settings tab only when it has a field to show on this screen.
    assert tabs[:3] == ["Content", "About", "Promote"]


@pytest.mark.smoke
def test_every_field_an_editor_fills_in_has_help_text():
    from modelcluster.fields import ParentalKey

    from patterns import models

    missing = [
        f"{model.__name__}.{field.name}"
        for model in [
            models.PatternIndexPage,
            models.PatternPage,
            models.PatternExample,
            models.RelatedPattern,
            models.StandardIndexPage,
            models.ServiceStandardPage,
            models.StandardPoint,
            models.SourceStandard,
            models.SourceStandardPoint,
            models.MethodIndexPage,
            models.MethodPage,
            models.MethodStep,
            models.MethodTemplateDownload,
        ]
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if field.editable
        and not field.primary_key
        and not isinstance(field, ParentalKey)
        and not getattr(field.remote_field, "parent_link", False)
        and field.name != "sort_order"
        and not field.help_text
    ]

    assert missing == []
