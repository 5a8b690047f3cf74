"""Every page type is found by its title, summary and body text, on the database backend and on OpenSearch.

Each test publishes pages the way an editor does (a revision, then publish),
which indexes them in every configured backend. The made-up words make each
match unambiguous.
"""

import pytest
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.taxonomy.models import ServiceArea
from patterns.factories import (
    MethodPageFactory,
    MethodStepFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    StandardPointFactory,
)
from patterns.models import MethodPage, PatternPage, ServiceStandardPage

from .utils import edit_page_url, post_new_page


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def published_items(pattern_index, standard_index, method_index, govuk_standard):
    """One page of each type, each with its own made-up words in its title, summary and body."""
    pattern = PatternPageFactory(
        parent=pattern_index,
        title="Quokkaform address lookup",
        summary="Find an address from a zephyrine postcode.",
        how_it_works=[("paragraph", RichText("<p>Show the marzipanic list of addresses.</p>"))],
        when_to_use="<p>When a service needs a plinthward address.</p>",
        search_aliases="binsday, refuse calendar\ncollection finder",
    )
    standard = ServiceStandardPageFactory(
        parent=standard_index,
        source_standard=govuk_standard,
        title="Wobbleguard service standard",
        summary="Every council service meets the flindering points.",
        introduction=[("paragraph", RichText("<p>Adapted for the quillomatic councils.</p>"))],
    )
    StandardPointFactory(
        page=standard,
        number=1,
        title="Understand residents",
        what_to_do="<p>Run gazzlebright research with residents.</p>",
        source_points=[govuk_standard.points.get(number=1)],
    )
    method = MethodPageFactory(
        parent=method_index,
        title="Snorkelwise journey mapping",
        summary="Map a journey with the trundlewick team.",
        purpose="<p>See where residents get vexillant.</p>",
    )
    MethodStepFactory(page=method, title="Gather evidence", detail="<p>Read the pompadoodle complaints.</p>")
    return {"pattern": publish(pattern), "standard": publish(standard), "method": publish(method)}


SEARCHES = [
    ("pattern", PatternPage, "quokkaform"),  # title
    ("pattern", PatternPage, "zephyrine"),  # summary
    ("pattern", PatternPage, "marzipanic"),  # how it works (StreamField)
    ("pattern", PatternPage, "plinthward"),  # when to use
    ("standard", ServiceStandardPage, "wobbleguard"),  # title
    ("standard", ServiceStandardPage, "flindering"),  # summary
    ("standard", ServiceStandardPage, "quillomatic"),  # introduction (StreamField)
    ("standard", ServiceStandardPage, "gazzlebright"),  # a point's text
    ("method", MethodPage, "snorkelwise"),  # title
    ("method", MethodPage, "trundlewick"),  # summary
    ("method", MethodPage, "vexillant"),  # purpose
    ("method", MethodPage, "pompadoodle"),  # a step's detail
]
ALIASES = ["binsday", "refuse calendar", "collection finder"]


def search(backend, words, model):
    return list(backend.search(words, model.objects.live()))


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize(("item", "model", "words"), SEARCHES)
def test_found_on_the_database_backend(published_items, item, model, words):
    assert search(get_search_backend("default"), words, model) == [published_items[item]]


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize("alias", ALIASES)
def test_pattern_found_by_its_alias_on_the_database_backend(published_items, alias):
    assert search(get_search_backend("default"), alias, PatternPage) == [published_items["pattern"]]


@pytest.mark.opensearch
@pytest.mark.django_db
def test_found_on_opensearch(opensearch_backend, published_items):
    for model in (PatternPage, ServiceStandardPage, MethodPage):
        opensearch_backend.get_index_for_model(model).refresh()

    not_found = [
        (item, words)
        for item, model, words in SEARCHES
        if search(opensearch_backend, words, model) != [published_items[item]]
    ]
    assert not_found == []


@pytest.mark.opensearch
@pytest.mark.django_db
def test_pattern_found_by_its_alias_on_opensearch(opensearch_backend, published_items):
    opensearch_backend.get_index_for_model(PatternPage).refresh()

    for alias in ALIASES:
        assert search(opensearch_backend, alias, PatternPage) == [published_items["pattern"]], alias


@pytest.mark.smoke
@pytest.mark.django_db
def test_unpublished_items_are_not_found(published_items):
    published_items["pattern"].unpublish()

    assert search(get_search_backend("default"), "quokkaform", PatternPage) == []


@pytest.mark.smoke
def test_aliases_weigh_as_much_as_the_title():
    fields = {
        (type(field).__name__, field.field_name): field
        for field in PatternPage.get_search_fields()
        if type(field).__name__ == "SearchField"
    }

    assert fields[("SearchField", "search_aliases")].boost == fields[("SearchField", "title")].boost == 3.0


@pytest.mark.smoke
@pytest.mark.django_db
def test_points_and_service_areas_edited_in_the_admin_are_found(editor_client, standard_index, govuk_standard):
    """Points and service areas are stored after the page row; the index must still see them when published."""
    area = ServiceArea.objects.create(lgsl_code=9999, label="Quizzleberry services", locale=Locale.get_default())
    data = nested_form_data(
        {
            "title": "Standard made in the admin",
            "slug": "standard-made-in-the-admin",
            "summary": "A standard.",
            "introduction": streamfield([]),
            "source_standard": govuk_standard.pk,
            "crosswalk_notes": rich_text(""),
            "points": inline_formset(
                [
                    {
                        "number": "1",
                        "title": "Understand residents",
                        "why_it_matters": rich_text("<p>Because.</p>"),
                        "what_to_do": rich_text("<p>Run frobnicated research.</p>"),
                        "how_assessed": rich_text("<p>Show it.</p>"),
                        "guidance": rich_text(""),
                        "relationship": "equivalent",
                    }
                ]
            ),
            "change_log": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    data["points-0-source_points"] = [govuk_standard.points.get(number=1).pk]
    data["service_areas"] = [area.pk]
    response = post_new_page(editor_client, ServiceStandardPage, standard_index, data)
    assert response.redirect_chain
    page = ServiceStandardPage.objects.get(slug="standard-made-in-the-admin")

    backend = get_search_backend("default")
    assert search(backend, "frobnicated", ServiceStandardPage) == [page]
    assert search(backend, "quizzleberry", ServiceStandardPage) == [page]

    # Edit the point's text and publish again: the index must follow.
    point = page.points.get()
    data.update({"points-0-id": str(point.pk), "points-INITIAL_FORMS": "1"})
    data["points-0-what_to_do"] = rich_text("<p>Run grizzleworth research.</p>")
    # Publishing a change to a live page asks for a change-log note.
    data.update(
        nested_form_data({"change_log": inline_formset([{"date": "2026-11-27", "note": "Point 1 reworded."}])})
    )
    response = editor_client.post(edit_page_url(page), data, follow=True)
    assert response.redirect_chain

    assert search(backend, "grizzleworth", ServiceStandardPage) == [page]
    assert search(backend, "frobnicated", ServiceStandardPage) == []
