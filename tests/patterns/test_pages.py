"""Where each page type can go, what its card says, and how its pages render."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import get_template
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.home.models import HomePage
from patterns.factories import (
    MethodPageFactory,
    PatternPageFactory,
    RelatedPatternFactory,
    ServiceStandardPageFactory,
)
from patterns.models import (
    MethodIndexPage,
    MethodPage,
    PatternIndexPage,
    PatternPage,
    ServiceStandardPage,
    StandardIndexPage,
)
from patterns.models.pattern import split_aliases

INDEXES_AND_ITEMS = [
    (PatternIndexPage, PatternPage),
    (StandardIndexPage, ServiceStandardPage),
    (MethodIndexPage, MethodPage),
]


@pytest.mark.smoke
@pytest.mark.parametrize(("index_model", "item_model"), INDEXES_AND_ITEMS)
def test_indexes_go_under_the_home_page_and_items_under_their_index(index_model, item_model):
    assert index_model.allowed_parent_page_models() == [HomePage]
    assert index_model.allowed_subpage_models() == [item_model]
    assert item_model.allowed_parent_page_models() == [index_model]
    assert item_model.allowed_subpage_models() == []


@pytest.mark.smoke
@pytest.mark.django_db
def test_one_index_of_each_kind_per_home_page(pattern_index, home_page):
    assert not PatternIndexPage.can_create_at(home_page)
    assert StandardIndexPage.can_create_at(home_page)


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("model", "key", "label", "plural"),
    [
        (PatternPage, "pattern", "Pattern", "Patterns"),
        (ServiceStandardPage, "standard", "Service standard", "Service standards"),
        (MethodPage, "method", "Method", "Methods"),
    ],
)
def test_collection_type(model, key, label, plural):
    assert (model.collection_type_key, model.collection_type_label, model.collection_type_label_plural) == (
        key,
        label,
        plural,
    )


@pytest.mark.smoke
@pytest.mark.parametrize(
    "model",
    [PatternIndexPage, PatternPage, StandardIndexPage, ServiceStandardPage, MethodIndexPage, MethodPage],
)
def test_every_page_type_names_its_own_template(model):
    assert "template" in model.__dict__
    assert model.template.startswith("pages/patterns/")
    get_template(model.template)


@pytest.mark.smoke
@pytest.mark.django_db
def test_card_facts(pattern_index, standard_index, method_index, govuk_standard):
    pattern = PatternPageFactory(parent=pattern_index, status="stable")
    standard = ServiceStandardPageFactory(parent=standard_index, source_standard=govuk_standard, points=3)
    method = MethodPageFactory(parent=method_index, time_needed="2 weeks, part time")

    assert pattern.card_facts() == [("Status", "Stable")]
    assert standard.card_facts() == [("Based on", "GOV.UK Service Standard (2019, 14 points)"), ("Points", "3")]
    assert method.card_facts() == [("Time needed", "2 weeks, part time")]
    assert pattern.facet_values()["type"] == ["pattern"]


@pytest.mark.smoke
@pytest.mark.django_db
def test_index_lists_live_children_as_cards(client, pattern_index):
    live = PatternPageFactory(parent=pattern_index, title="Find your bin day", summary="Find it.", status="stable")
    draft = PatternPageFactory(parent=pattern_index, title="Draft pattern")
    draft.unpublish()

    soup = BeautifulSoup(client.get(pattern_index.url).content, "html.parser")

    cards = soup.select(".fc-card")
    assert len(cards) == 1
    card = cards[0]
    assert card.select_one(".fc-card__type").get_text(strip=True) == "Pattern"
    assert card.select_one(".fc-card__title a")["href"] == live.url
    assert card.select_one(".fc-card__title a").get_text(strip=True) == "Find your bin day"
    assert card.select_one(".fc-card__summary").get_text(strip=True) == "Find it."
    facts = [" ".join(row.get_text(" ").split()) for row in card.select(".govuk-summary-list__row")]
    assert facts == ["Status Stable"]
    assert soup.select_one(".fc-count").get_text(strip=True) == "1 pattern"


@pytest.mark.smoke
@pytest.mark.django_db
def test_empty_index_says_so(client, method_index):
    assert "No methods have been published yet." in client.get(method_index.url).content.decode()


@pytest.mark.smoke
def test_aliases_are_split_on_commas_semicolons_and_lines():
    assert split_aliases(" bin day, refuse day;\n\nrubbish  day\nBin Day ") == ["bin day", "refuse day", "rubbish day"]
    assert split_aliases("") == []


@pytest.mark.smoke
@pytest.mark.django_db
def test_related_patterns_link_only_to_live_patterns(client, pattern_index):
    page = PatternPageFactory(parent=pattern_index)
    live = PatternPageFactory(parent=pattern_index, title="Report a missed bin")
    retired = PatternPageFactory(parent=pattern_index, title="Unpublished pattern")
    RelatedPatternFactory(page=page, pattern=live, sort_order=0)
    RelatedPatternFactory(page=page, pattern=retired, sort_order=1)
    retired.unpublish()

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")

    links = [a.get_text(strip=True) for a in soup.select("[aria-labelledby=related-patterns] a")]
    assert links == ["Report a missed bin"]


@pytest.mark.smoke
@pytest.mark.django_db
def test_used_in_lists_case_studies_from_the_reverse_relation(client, pattern_index, monkeypatch):
    page = PatternPageFactory(parent=pattern_index)
    assert page.get_used_in() == []

    class CaseStudy:
        title = "Leeds and Bradford bin day finder"
        url = "/case-studies/leeds-bradford-bin-day/"
        phase = ""
        summary = ""

    monkeypatch.setattr(PatternPage, "get_used_in", lambda self: [CaseStudy()])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")

    assert soup.select_one("#used-in") is not None
    assert soup.find("a", href=CaseStudy.url).get_text(strip=True) == CaseStudy.title


@pytest.mark.django_db
def test_preview_shows_unsaved_points(editor_client, standard_index, govuk_standard):
    """The preview shows a point as the editor changed it, not as stored (no prefetch from the database)."""
    page = ServiceStandardPageFactory(parent=standard_index, source_standard=govuk_standard, points=1)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "introduction": streamfield([]),
            "source_standard": govuk_standard.pk,
            "crosswalk_notes": rich_text(""),
            "points": inline_formset(
                [
                    {
                        "number": "1",
                        "title": "A point nobody has saved yet",
                        "why_it_matters": rich_text("<p>Why.</p>"),
                        "what_to_do": rich_text("<p>What.</p>"),
                        "how_assessed": rich_text("<p>How.</p>"),
                        "guidance": rich_text(""),
                        "relationship": "added",
                    }
                ]
            ),
            "change_log": inline_formset([]),
        }
    )
    data.update({"points-0-id": str(page.points.get().pk), "points-INITIAL_FORMS": "1"})
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])

    assert editor_client.post(preview_url, data).json()["is_valid"]
    response = editor_client.get(preview_url)

    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert "1. A point nobody has saved yet" in text
    assert "Example point 1" not in text
    assert page.points.get().title == "Example point 1"
