"""The demo content command sets up the site and can run again safely."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cms.core.management.commands.load_demo import DEMO_EDITOR_PASSWORD, DEMO_EDITOR_USERNAME
from cms.home.models import HomePage


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "users": list(get_user_model().objects.values_list("username", flat=True)),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
    }


@pytest.mark.smoke
@pytest.mark.django_db
def test_load_demo_makes_a_home_page_the_site_root():
    call_command("load_demo", stdout=None)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.live
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


@pytest.mark.smoke
@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    first = snapshot()

    call_command("load_demo")

    assert snapshot() == first


@pytest.mark.smoke
@pytest.mark.django_db
def test_demo_editor_can_log_in_to_the_admin(client):
    call_command("load_demo")

    response = client.post(
        "/admin/login/", {"username": DEMO_EDITOR_USERNAME, "password": DEMO_EDITOR_PASSWORD}, follow=True
    )

    assert response.status_code == 200
    assert response.context["user"].username == DEMO_EDITOR_USERNAME
    assert response.redirect_chain[-1][0] == "/admin/"
