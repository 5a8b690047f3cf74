"""The search statistics panel on the admin dashboard: the last 30 days at a glance."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from search.models import SearchTermDay

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("search_terms_report")


def add_counts(query, days_ago, searches, without_results=0):
    SearchTermDay.objects.create(
        query=query,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        searches=searches,
        searches_without_results=without_results,
    )


def panel_of(html):
    start = html.index('id="search-terms-heading"')
    return html[start : html.index("</section>", start)]


def test_editors_see_top_searches_and_searches_that_found_nothing(client, django_user_model):
    add_counts("bin day", 1, searches=9)
    add_counts("bin day", 29, searches=1)
    add_counts("council tax", 2, searches=4, without_results=4)
    add_counts("old news", 31, searches=50)
    editor = django_user_model.objects.create_user(username="writer", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    panel = panel_of(client.get(reverse("wagtailadmin_home")).content.decode())

    assert "Searches in the last 30 days" in panel
    assert "<td>bin day</td><td>10</td>" in panel
    assert "<td>council tax</td><td>4</td>" in panel
    assert panel.index("bin day") < panel.index("council tax")
    assert "Found nothing" in panel
    assert "old news" not in panel
    assert REPORT_URL in panel


def test_the_panel_says_when_nobody_searched(admin_client):
    panel = panel_of(admin_client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Nobody has searched in the last 30 days." in panel


def test_the_panel_is_hidden_from_admin_users_without_the_report_permission(client, django_user_model):
    add_counts("secret plans", 1, searches=3)
    user = django_user_model.objects.create_user(username="reader", password="x")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "search-terms-heading" not in html
    assert "secret plans" not in html
