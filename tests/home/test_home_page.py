import pytest
from wagtail.models import Locale

from cms.home.models import HomePage
from cms.taxonomy.models import ServiceArea
from patterns.factories import PatternIndexPageFactory, PatternPageFactory


def publish_pattern(index, title, areas=()):
    page = PatternPageFactory(parent=index, title=title)
    page.service_areas.set(areas)
    page.save_revision().publish()
    return page


@pytest.fixture
def pattern_index(home_page):
    return PatternIndexPageFactory(parent=home_page)


@pytest.fixture
def waste(db):
    return ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=Locale.get_default())


@pytest.mark.smoke
def test_home_page_answers_with_the_site_name_and_a_search_box(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    assert b'<h1 class="govuk-heading-xl">Factory Commons</h1>' in response.content
    assert b"Skip to main content" in response.content
    assert b'<form action="/search/" method="get" role="search"' in response.content


@pytest.mark.smoke
def test_home_page_lists_the_latest_additions_newest_first(client, pattern_index):
    publish_pattern(pattern_index, "Report a missed bin")
    publish_pattern(pattern_index, "Apply for a parking permit")

    titles = [item.title for item in client.get("/").context["latest_additions"]]

    assert titles == ["Apply for a parking permit", "Report a missed bin"]


@pytest.mark.smoke
def test_home_page_offers_only_the_service_areas_that_have_items(client, pattern_index, waste):
    ServiceArea.objects.create(lgsl_code=474, label="Parking permits", locale=Locale.get_default())
    publish_pattern(pattern_index, "Report a missed bin", areas=[waste])

    response = client.get("/")

    assert list(response.context["service_areas"]) == [waste]
    assert f'href="/search/?area={waste.slug}"'.encode() in response.content


@pytest.mark.smoke
def test_draft_items_are_not_among_the_latest_additions(client, pattern_index):
    draft = PatternPageFactory(parent=pattern_index, title="Unfinished pattern", live=False)
    draft.save_revision()

    assert b"Unfinished pattern" not in client.get("/").content


@pytest.mark.smoke
def test_admin_asks_for_a_login(client, home_page):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.smoke
def test_unknown_page_is_a_404(client, home_page):
    assert client.get("/no-such-page/").status_code == 404


def test_home_page_query_count_does_not_grow_with_items(client, pattern_index, waste, django_assert_max_num_queries):
    for number in range(20):
        publish_pattern(pattern_index, f"Pattern {number}", areas=[waste])

    # 16 with a cold cache: one of them reads the service areas' labels in each language, kept for minutes.
    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200


def test_an_editor_creates_a_home_page_through_the_admin_and_it_shows_everything(admin_client, root_page):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": "Factory Commons Cymru",
            "slug": "cymru-home",
            "introduction": rich_text("<p>Patrymau a astudiaethau achos gan gynghorau.</p>"),
            "action-publish": "action-publish",
        }
    )

    response = admin_client.post(f"/admin/pages/add/home/homepage/{root_page.pk}/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = HomePage.objects.get(slug="cymru-home")
    assert page.live
    html = admin_client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
    assert "Factory Commons Cymru" in html
    assert "Patrymau a astudiaethau achos gan gynghorau." in html
