"""Search results show stored cards (search/cards.py): the same card as any listing, and never an out-of-date one."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.taxonomy.factories import AuthorityFactory
from patterns.factories import (
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    StandardIndexPageFactory,
)
from patterns.models.pattern import PatternStatus
from search.cards import Card
from search.models import ItemCard

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.fixture
def patterns(home_page):
    return PatternIndexPageFactory(parent=home_page, title="Patterns", slug="patterns")


@pytest.fixture
def pattern(patterns):
    page = PatternPageFactory(
        parent=patterns,
        title="Report a missed bin",
        slug="report-a-missed-bin",
        summary="Tell the council a bin was missed.",
        status=PatternStatus.STABLE,
    )
    page.authorities.set([AuthorityFactory(name="Leeds City Council", gss_code="E08000035")])
    page.save_revision().publish()
    return page


def result_card(client, words):
    response = client.get("/search/", {"q": words})
    assert response.status_code == 200
    [card] = response.context["items"]
    return card, response.content.decode()


def test_a_search_result_shows_what_the_page_itself_would(client, pattern):
    card, html = result_card(client, "missed bin")

    assert card == Card.of_page(pattern.specific_class.objects.get(pk=pattern.pk), with_councils=True)
    assert card.url == "/patterns/report-a-missed-bin/"
    assert card.facts == [("Status", "Stable")]
    assert card.councils == ["Leeds City Council"]
    assert 'href="/patterns/report-a-missed-bin/"' in html
    assert "Leeds City Council" in html


def test_the_first_search_stores_the_card_and_the_next_reads_it_in_one_query(client, pattern):
    result_card(client, "missed bin")
    assert ItemCard.objects.filter(page=pattern).count() == 1

    with CaptureQueriesContext(connection) as second:
        result_card(client, "missed bin")

    specific_table = pattern.specific_class._meta.db_table
    assert not [query for query in second.captured_queries if specific_table in query["sql"]]
    card_table = ItemCard._meta.db_table
    assert not [query for query in second.captured_queries if query["sql"].startswith(f'INSERT INTO "{card_table}"')]


def test_a_published_change_shows_at_once(client, pattern):
    result_card(client, "missed bin")

    pattern.title = "Report a missed bin collection"
    pattern.summary = "Tell the council your bin was not emptied."
    pattern.status = PatternStatus.TRIAL
    pattern.save_revision().publish()

    card, html = result_card(client, "missed bin")
    assert card.title == "Report a missed bin collection"
    assert card.summary == "Tell the council your bin was not emptied."
    assert card.facts == [("Status", "Trial")]
    assert "was not emptied" in html


def test_a_change_saved_without_a_revision_shows_at_once(client, pattern):
    result_card(client, "missed bin")

    pattern.summary = "Saved straight to the page."
    pattern.save()

    assert result_card(client, "missed bin")[0].summary == "Saved straight to the page."


def test_a_card_made_from_an_older_revision_is_not_shown(client, pattern):
    result_card(client, "missed bin")
    # As if a search had made the card while the page was being published again:
    # the row survives the publication, made from the revision before it.
    stale_row = ItemCard.objects.get(page=pattern)
    pattern.title = "Report a missed bin collection"
    pattern.save_revision().publish()
    stale_row.save()

    assert result_card(client, "missed bin")[0].title == "Report a missed bin collection"


def test_renaming_a_page_above_the_item_changes_its_web_address(client, patterns, pattern):
    result_card(client, "missed bin")

    patterns.slug = "design-patterns"
    patterns.save_revision().publish()

    card, html = result_card(client, "missed bin")
    assert card.url == "/design-patterns/report-a-missed-bin/"
    assert 'href="/design-patterns/report-a-missed-bin/"' in html


def test_moving_the_item_changes_its_web_address(client, home_page, pattern):
    result_card(client, "missed bin")
    elsewhere = PatternIndexPageFactory(parent=home_page, title="More patterns", slug="more-patterns")

    pattern.move(elsewhere, pos="last-child")

    assert result_card(client, "missed bin")[0].url == "/more-patterns/report-a-missed-bin/"


def test_a_second_site_makes_the_web_addresses_complete(client, home_page, pattern):
    result_card(client, "missed bin")

    Site.objects.create(hostname="other.example", port=80, root_page=home_page.get_parent())

    assert result_card(client, "missed bin")[0].url == "http://localhost/patterns/report-a-missed-bin/"


def test_a_renamed_source_standard_shows_on_its_standards(client, home_page):
    standards = StandardIndexPageFactory(parent=home_page)
    standard = ServiceStandardPageFactory(parent=standards, title="Leeds digital service standard")
    standard.save_revision().publish()
    before = dict(result_card(client, "Leeds digital")[0].facts)["Based on"]

    source = standard.source_standard
    source.name = "GOV.UK Service Standard"
    source.save()

    after = dict(result_card(client, "Leeds digital")[0].facts)["Based on"]
    assert before != after
    assert after == f"GOV.UK Service Standard ({source.version})"


def test_a_card_made_in_another_language_is_made_again(client, pattern):
    result_card(client, "missed bin")
    ItemCard.objects.filter(page=pattern).update(edition="cy:another", title="Rhywbeth arall")

    assert result_card(client, "missed bin")[0].title == "Report a missed bin"
    assert ItemCard.objects.get(page=pattern).edition.startswith("en:")


def test_migrating_the_database_forgets_every_card(client, pattern):
    result_card(client, "missed bin")

    call_command("migrate", verbosity=0)

    assert not ItemCard.objects.exists()
    assert result_card(client, "missed bin")[0].title == "Report a missed bin"
