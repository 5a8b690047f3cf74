import pytest


@pytest.mark.smoke
def test_home_page_answers_with_the_site_name(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    assert b'<h1 class="govuk-heading-xl">Factory Commons</h1>' in response.content
    assert b"Skip to main content" in response.content


@pytest.mark.smoke
def test_admin_asks_for_a_login(client, home_page):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.smoke
def test_unknown_page_is_a_404(client, home_page):
    assert client.get("/no-such-page/").status_code == 404
