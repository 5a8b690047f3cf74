"""Search statistics: counting searches, the 30-day report in the admin, and pruning old counts."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchTermDay
from search.statistics import record_search, search_terms_report

REPORT_URL = reverse("search_terms_report")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def counts(rows):
    return [(row.query, row.count) for row in rows]


def add_counts(query, date, searches, without_results=0):
    return SearchTermDay.objects.create(
        query=query, date=date, searches=searches, searches_without_results=without_results
    )


@pytest.fixture
def admin_access_user(django_user_model):
    """Someone who can log in to the admin but belongs to no editing group."""
    user = django_user_model.objects.create_user(username="reader", password="reader-password")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="writer", password="writer-password")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


# Counting


@pytest.mark.smoke
@pytest.mark.django_db
def test_each_search_is_counted_under_its_normalised_text():
    record_search("Parking permits", 4)
    record_search("  parking\tPERMITS \n", 0)
    record_search("parking permits", 2)

    row = SearchTermDay.objects.get()
    assert (row.date, row.query, row.searches, row.searches_without_results) == (
        timezone.localdate(),
        "parking permits",
        3,
        1,
    )


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "\t\n", None])
def test_empty_searches_are_not_counted(text):
    record_search(text, 0)

    assert not SearchTermDay.objects.exists()


@pytest.mark.smoke
@pytest.mark.django_db
def test_long_searches_are_cut_to_255_characters():
    record_search("Bins " * 100, 1)

    assert len(SearchTermDay.objects.get().query) <= 255
    assert SearchTermDay.objects.get().query.startswith("bins bins")


@pytest.mark.smoke
@pytest.mark.django_db
def test_odd_characters_are_counted_and_control_characters_dropped():
    record_search('Gwasanaeth ŵ ŷ 🙂 -Data \\ "quoted" [x]', 0)
    record_search("null\x00byte", 0)

    assert sorted(SearchTermDay.objects.values_list("query", flat=True)) == [
        'gwasanaeth ŵ ŷ 🙂 -data \\ "quoted" [x]',
        "null byte",
    ]


@pytest.mark.smoke
@pytest.mark.django_db
def test_email_addresses_and_phone_numbers_typed_into_the_box_are_not_stored():
    record_search("Complaint from jo.bloggs@example.org", 0)
    record_search("call 01632 960123 about bins", 0)

    assert sorted(SearchTermDay.objects.values_list("query", flat=True)) == [
        "call [number] about bins",
        "complaint from [email address]",
    ]


@pytest.mark.smoke
@pytest.mark.django_db
def test_each_day_has_its_own_count():
    add_counts("council tax", days_ago(1), searches=5)

    record_search("Council tax", 3)

    assert sorted(SearchTermDay.objects.values_list("date", "searches")) == [(days_ago(1), 5), (days_ago(0), 1)]


@pytest.mark.postgres
# serialized_rollback: the database is left as migrated for the transactional tests after this
# one (the backup tests restore it from that copy and fail on content types made afresh).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_searches_for_a_new_text_are_all_counted():
    threads_count, searches_each = 8, 20
    start = threading.Barrier(threads_count)
    failures = []

    def search_many_times():
        try:
            start.wait()
            for number in range(searches_each):
                record_search("Blue badge", number % 2)
        except Exception as error:  # reported below, so a failing thread fails the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=search_many_times) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    row = SearchTermDay.objects.get()
    assert failures == []
    assert (row.searches, row.searches_without_results) == (160, 80)


# The report's numbers


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_report_adds_up_the_last_30_days_today_included():
    add_counts("parking", days_ago(0), searches=2, without_results=1)
    add_counts("parking", days_ago(29), searches=3)
    add_counts("parking", days_ago(30), searches=100, without_results=100)
    add_counts("potholes", days_ago(10), searches=4, without_results=4)
    add_counts("old news", days_ago(31), searches=9, without_results=9)

    report = search_terms_report()

    assert (report.start, report.end) == (days_ago(29), days_ago(0))
    assert counts(report.popular) == [("parking", 5), ("potholes", 4)]
    assert counts(report.without_results) == [("potholes", 4), ("parking", 1)]


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_report_lists_the_top_50_of_each():
    SearchTermDay.objects.bulk_create(
        SearchTermDay(query=f"term {number:02}", date=days_ago(1), searches=number, searches_without_results=number)
        for number in range(1, 61)
    )

    report = search_terms_report()

    assert len(report.popular) == 50
    assert len(report.without_results) == 50
    assert report.popular[0].query == "term 60"
    assert report.popular[-1].query == "term 11"


@pytest.mark.smoke
@pytest.mark.django_db
def test_texts_that_always_found_something_are_not_in_the_no_results_list():
    record_search("recycling", 12)

    report = search_terms_report()

    assert counts(report.popular) == [("recycling", 1)]
    assert counts(report.without_results) == []


# The report page


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_report_page_shows_both_lists_with_their_counts(admin_client):
    add_counts("school admissions", days_ago(2), searches=7)
    add_counts("missed bin", days_ago(3), searches=5, without_results=2)
    add_counts("kerbside glass", days_ago(4), searches=3, without_results=3)
    add_counts("forgotten", days_ago(45), searches=40, without_results=40)

    response = admin_client.get(REPORT_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Search terms" in content
    assert counts(response.context["report"].popular) == [
        ("school admissions", 7),
        ("missed bin", 5),
        ("kerbside glass", 3),
    ]
    assert counts(response.context["report"].without_results) == [("kerbside glass", 3), ("missed bin", 2)]
    most_searched, found_nothing = content.split("Search terms that found nothing</h2>")
    assert "school admissions" in most_searched
    assert ">7<" in most_searched.replace(" ", "").replace("\n", "")
    assert "school admissions" not in found_nothing
    assert "kerbside glass" in found_nothing
    assert ">3<" in found_nothing.replace(" ", "").replace("\n", "")
    assert "forgotten" not in content


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_report_page_says_when_nobody_searched(admin_client):
    response = admin_client.get(REPORT_URL)

    assert response.status_code == 200
    assert "Nobody has searched in the last 30 days." in response.content.decode()


@pytest.mark.smoke
@pytest.mark.django_db
def test_editors_see_the_report_in_the_reports_menu(client, editor):
    add_counts("street lighting", days_ago(1), searches=2)
    client.force_login(editor)

    assert REPORT_URL in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert counts(response.context["report"].popular) == [("street lighting", 2)]


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_report_replaces_the_promotions_apps_own_search_terms_report(admin_client):
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert REPORT_URL in home
    assert reverse("wagtailsearchpromotions:search_terms") not in home


@pytest.mark.smoke
@pytest.mark.django_db
def test_admin_users_outside_the_editing_groups_cannot_see_the_report(client, admin_access_user):
    add_counts("secret plans", days_ago(1), searches=2)
    client.force_login(admin_access_user)

    home = client.get(reverse("wagtailadmin_home"))
    response = client.get(REPORT_URL)

    assert home.status_code == 200
    assert REPORT_URL not in home.content.decode()
    # Wagtail answers a refused admin page by sending the user back to the dashboard with a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


@pytest.mark.smoke
@pytest.mark.django_db
def test_visitors_who_are_not_logged_in_are_sent_to_the_login_page(client):
    add_counts("secret plans", days_ago(1), searches=2)

    response = client.get(REPORT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


# Pruning


@pytest.mark.smoke
@pytest.mark.django_db
def test_pruning_keeps_the_30_days_the_report_shows_by_default(capsys):
    kept = [add_counts("kept", days_ago(days), searches=1) for days in (0, 29)]
    add_counts("dropped", days_ago(30), searches=1)
    add_counts("dropped", days_ago(400), searches=1)

    call_command("prune_search_statistics")

    assert sorted(SearchTermDay.objects.values_list("pk", flat=True)) == sorted(row.pk for row in kept)
    assert "Deleted 2 daily search counts older than 30 days" in capsys.readouterr().out


@pytest.mark.smoke
@pytest.mark.django_db
def test_pruning_keeps_as_many_days_as_asked():
    add_counts("kept", days_ago(6), searches=1)
    add_counts("dropped", days_ago(7), searches=1)

    call_command("prune_search_statistics", "--days", "7")

    assert list(SearchTermDay.objects.values_list("query", flat=True)) == ["kept"]


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize("days", ["0", "-5"])
def test_pruning_refuses_a_number_of_days_below_one(days):
    add_counts("kept", days_ago(0), searches=1)

    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("prune_search_statistics", "--days", days)
    assert SearchTermDay.objects.count() == 1


@pytest.mark.smoke
@pytest.mark.django_db
def test_pruning_drops_stored_search_texts_without_a_promoted_result(home_page):
    Query.get("looked up once")
    promoted = Query.get("parking permits")
    SearchPromotion.objects.create(query=promoted, page=home_page, description="Apply for a permit")

    call_command("prune_search_statistics")

    assert list(Query.objects.values_list("query_string", flat=True)) == ["parking permits"]
    assert promoted.editors_picks.get().page_id == home_page.pk
