"""Freshness: owners and review-by dates, the "Due for review" report and dashboard panel,
and what readers see on an item once its review date has passed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.freshness import review_due_pages
from patterns.factories import MethodIndexPageFactory, MethodPageFactory, PatternIndexPageFactory, PatternPageFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_from_today(days):
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def pattern_index(home_page):
    return PatternIndexPageFactory(parent=home_page)


@pytest.fixture
def overdue_pattern(pattern_index):
    return PatternPageFactory(
        parent=pattern_index,
        title="Bin day finder",
        content_owner="Digital team, Leeds City Council",
        last_reviewed=days_from_today(-400),
        review_by=days_from_today(-3),
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="reviewer", email="reviewer@example.org", password="x")
    client.force_login(user)
    return client


def test_an_overdue_item_is_in_the_report_and_its_live_page_says_so(overdue_pattern, admin_client, client):
    report = admin_client.get(reverse("review_due_report"))
    assert report.status_code == 200
    html = report.content.decode()
    assert "Bin day finder" in html
    assert "Digital team, Leeds City Council" in html
    assert f"{overdue_pattern.review_by.day} {overdue_pattern.review_by:%B %Y}" in html
    assert "Overdue" in html

    page = client.get(overdue_pattern.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "This page is overdue for review" in text
    assert "govuk-warning-text" in text
    assert "Last reviewed" in text
    assert f"{overdue_pattern.last_reviewed.day} {overdue_pattern.last_reviewed:%B %Y}" in text


def test_an_item_reviewed_in_time_shows_no_notice(pattern_index, client):
    pattern = PatternPageFactory(
        parent=pattern_index, last_reviewed=days_from_today(-10), review_by=days_from_today(100)
    )
    text = client.get(pattern.url).content.decode()
    assert "Last reviewed" in text
    assert "overdue for review" not in text


def test_the_report_lists_overdue_and_soon_due_live_items_across_types(home_page, pattern_index):
    method_index = MethodIndexPageFactory(parent=home_page)
    overdue = PatternPageFactory(parent=pattern_index, review_by=days_from_today(-1))
    due_soon = MethodPageFactory(parent=method_index, review_by=days_from_today(30), content_owner="Methods team")
    PatternPageFactory(parent=pattern_index, review_by=days_from_today(31))
    PatternPageFactory(parent=pattern_index, review_by=None)
    PatternPageFactory(parent=pattern_index, review_by=days_from_today(-20), live=False)

    pages = list(review_due_pages())

    assert [page.pk for page in pages] == [overdue.pk, due_soon.pk]
    assert pages[1].content_owner == "Methods team"
    assert pages[1].review_by == due_soon.review_by


def test_the_report_can_be_exported(overdue_pattern, admin_client):
    response = admin_client.get(reverse("review_due_report") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Bin day finder" in content
    assert "Digital team, Leeds City Council" in content


def test_the_report_is_only_for_people_who_edit_pages(overdue_pattern, client, django_user_model):
    assert client.get(reverse("review_due_report")).status_code == 302  # to the login page
    reader = django_user_model.objects.create_user(username="reader", password="x")
    reader.user_permissions.add(*_admin_access())
    client.force_login(reader)
    assert client.get(reverse("review_due_report")).status_code in {302, 403}


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")


def test_the_dashboard_lists_overdue_items_and_links_to_the_report(overdue_pattern, pattern_index, admin_client):
    PatternPageFactory(parent=pattern_index, title="Parking permit checker", review_by=days_from_today(12))

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Due for review" in html
    assert "1 live item overdue for review, and 1 due in the next 30 days" in html
    assert "Bin day finder" in html
    assert "Parking permit checker" in html
    assert reverse("review_due_report") in html
    assert reverse("wagtailadmin_pages:edit", args=[overdue_pattern.pk]) in html


def test_the_report_is_in_the_reports_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("review_due_report") in html
