"""Editors promote results for a search term in the admin (Settings, Promoted search results)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from patterns.factories import PatternIndexPageFactory, PatternPageFactory

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.fixture
def editor_client(client, django_user_model):
    """Logged in as a member of Wagtail's Editors group, not a superuser."""
    user = django_user_model.objects.create_user(username="writer", password="writer-password")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def permits_pattern(home_page):
    patterns = PatternIndexPageFactory(parent=home_page)
    page = PatternPageFactory(parent=patterns, title="Apply for a parking permit")
    page.save_revision().publish()
    return page


def promotion_form(query_string, page, description):
    return {
        "query_string": query_string,
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-DELETE": "",
        "editors_picks-0-ORDER": "0",
        "editors_picks-0-page": str(page.pk) if page else "",
        "editors_picks-0-external_link_url": "",
        "editors_picks-0-external_link_text": "",
        "editors_picks-0-description": description,
    }


def test_editors_find_promoted_results_in_the_settings_menu(editor_client):
    home = editor_client.get(reverse("wagtailadmin_home"))
    listing = editor_client.get(reverse("wagtailsearchpromotions:index"))

    assert reverse("wagtailsearchpromotions:index") in home.content.decode()
    assert listing.status_code == 200


def test_an_editor_promotes_a_page_for_a_search_term(editor_client, permits_pattern):
    response = editor_client.post(
        reverse("wagtailsearchpromotions:add"),
        promotion_form("Parking  Permits", permits_pattern, "How councils take permit applications online"),
    )

    assert response.status_code == 302
    assert response.url == reverse("wagtailsearchpromotions:index")
    promotion = Query.get("parking permits").editors_picks.get()
    assert promotion.page.specific == permits_pattern
    assert promotion.description == "How councils take permit applications online"
    assert "parking permits" in editor_client.get(reverse("wagtailsearchpromotions:index")).content.decode()


def test_a_promotion_needs_a_page_or_a_link(editor_client):
    response = editor_client.post(reverse("wagtailsearchpromotions:add"), promotion_form("bins", None, "Bins"))

    assert response.status_code == 200
    assert "You must recommend a page OR an external link." in response.content.decode()
    assert not SearchPromotion.objects.exists()
