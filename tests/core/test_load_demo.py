"""The demo content command sets up the whole site, and can run again safely.

One test, because loading the real reference data takes a while: it starts
from the demo the shared fixture loaded with the command (tests/conftest.py),
loads it again, then checks what a person would see after `make run`.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from casestudies.models import CaseStudyPage, FactoryPage
from cms.core.management.commands.load_demo import DEMO_EDITOR_PASSWORD, DEMO_EDITOR_USERNAME
from cms.home.models import HomePage
from cms.taxonomy.models import Authority, Licence, ServiceArea
from patterns.models import MethodPage, PatternPage, ServiceStandardPage


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live", "last_published_at")),
        "revisions": Revision.objects.count(),
        "users": list(get_user_model().objects.values_list("username", flat=True)),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        # The reference data in English; the demo adds Welsh labels for the service areas it uses.
        "taxonomy": (
            ServiceArea.objects.filter(locale__language_code="en").count(),
            Authority.objects.count(),
            Licence.objects.filter(locale__language_code="en").count(),
        ),
        "welsh": (
            ServiceArea.objects.filter(locale__language_code="cy").count(),
            Licence.objects.filter(locale__language_code="cy").count(),
        ),
    }


@pytest.mark.smoke
@pytest.mark.django_db
def test_load_demo_sets_up_the_site_and_a_second_run_changes_nothing(demo_content, client):
    first = snapshot()

    call_command("load_demo", verbosity=0)

    assert snapshot() == first
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert first["taxonomy"] == (978, 355, 7)
    assert first["welsh"] == (31, 2)
    # The least each issue asked the demo to hold.
    minimum = {PatternPage: 8, ServiceStandardPage: 1, MethodPage: 5, FactoryPage: 4, CaseStudyPage: 12}
    live = {model: model.objects.live().count() for model in minimum}
    assert all(live[model] >= least for model, least in minimum.items()), live

    home = client.get("/")
    assert home.status_code == 200
    assert len(home.context["latest_additions"]) == HomePage.LATEST_ADDITIONS

    login = client.post(
        "/admin/login/", {"username": DEMO_EDITOR_USERNAME, "password": DEMO_EDITOR_PASSWORD}, follow=True
    )
    assert login.context["user"].username == DEMO_EDITOR_USERNAME
    assert login.redirect_chain[-1][0] == "/admin/"
