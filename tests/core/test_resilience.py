"""The site keeps answering, and editors keep publishing, while the cache or the search engine is down.

The broken servers are real sockets and a real redis-server (tests/faults.py);
search falling back to the database is tested in tests/search/test_engine_failure.py,
including the missed updates reaching the engine once it is back.
"""

import logging
import time

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from casestudies.models import Phase
from cms.taxonomy.models import Authority
from contributions.models import Submission
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from patterns.models import PatternPage
from search.models import PendingIndexUpdate
from tests.patterns.utils import form_errors

pytestmark = pytest.mark.django_db

#: Seconds every reader-facing address together may take with a server down: a hung
#: cache costs one short timeout, then the cache is left alone for a while.
ALL_PAGES_SECONDS = 10


@pytest.fixture
def site(home_page):
    """A home page, a pattern and a case study, published."""
    pattern = PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home_page), title="Report a missed bin", summary="Tell us."
    )
    pattern.save_revision().publish()
    case_study = CaseStudyPageFactory(
        parent=CaseStudyIndexPageFactory(parent=home_page), title="Shared bin collection service", phase=Phase.LIVE
    )
    case_study.save_revision().publish()
    return {"home": home_page, "pattern": pattern, "case_study": case_study}


def reader_addresses(site):
    return [
        (site["home"].url, {}),
        (site["pattern"].url, {}),
        (site["case_study"].url, {}),
        ("/search/", {"q": "bin", "type": "pattern"}),
        ("/search/", {"q": "bin", "phase": "live"}),
        ("/feeds/rss/", {"q": "bin"}),
        ("/feeds/atom/", {"type": "case-study"}),
        (reverse("contributions:share"), {}),
        ("/cy/", {}),
    ]


def assert_every_address_answers(client, site):
    started = time.monotonic()
    statuses = {path + str(params): client.get(path, params).status_code for path, params in reader_addresses(site)}
    assert statuses == dict.fromkeys(statuses, 200)
    assert time.monotonic() - started < ALL_PAGES_SECONDS
    # The content is there, not an error page that answers 200.
    found = client.get("/search/", {"q": "missed bin"}).context["items"]
    assert [item.title for item in found] == ["Report a missed bin"]
    assert "Shared bin collection service" in client.get("/feeds/rss/", {"q": "bin"}).content.decode()


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="test-editor", email="editor@example.org", password="x")
    client.force_login(user)
    return client


def publish_pattern_in_the_admin(editor_client, parent, title, slug):
    """Create and publish a pattern through the admin form, as an editor does; returns the page."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Tell the council the bin was missed.",
            "when_to_use": rich_text("<p>When a collection is missed.</p>"),
            "when_not_to_use": rich_text(""),
            "how_it_works": streamfield([("paragraph", rich_text("<p>Ask for the address first.</p>"))]),
            "examples": inline_formset([]),
            "research": rich_text(""),
            "accessibility_notes": rich_text(""),
            "known_issues": rich_text(""),
            "related_pattern_links": inline_formset([]),
            "change_log": inline_formset([]),
            "status": "trial",
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["patterns", "patternpage", parent.pk])
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    page = PatternPage.objects.filter(slug=slug).first()
    form = response.context and response.context.get("form")
    details = (form.errors, {name: formset.errors for name, formset in form.formsets.items()}) if form else ""
    assert page is not None, f"the form was not accepted: {form_errors(response)} {details}"
    assert page.live
    return page


# The cache --------------------------------------------------------------------------------


def test_readers_get_every_page_search_and_feed_with_the_cache_down(client, site, broken_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="cms.core.cache"):
        assert_every_address_answers(client, site)

    warnings = [record for record in caplog.records if record.name == "cms.core.cache"]
    assert len(warnings) == 1  # once for the outage, not once per cache call
    assert "serving without the cache" in warnings[0].getMessage()


def test_publishing_in_the_admin_works_with_the_cache_down(editor_client, site, broken_cache):
    index = site["pattern"].get_parent()
    page = publish_pattern_in_the_admin(editor_client, index, "Request a bulky waste collection", "bulky-waste")

    response = editor_client.get(page.url)
    assert response.status_code == 200
    assert "Request a bulky waste collection" in response.content.decode()
    # The new page is in the section listing and search straight away: nothing stale was served.
    assert "Request a bulky waste collection" in editor_client.get(index.url).content.decode()
    found = editor_client.get("/search/", {"q": "bulky"}).context["items"]
    assert [item.title for item in found] == ["Request a bulky waste collection"]


def share_form_data(title):
    """A valid "Share your work" submission from Leeds (the council is created here)."""
    council = Authority.objects.create(name="Leeds", gss_code="E08000035")
    return {
        "name": "Sam Officer",
        "email": "sam.officer@leeds.gov.uk",
        "authority": str(council.pk),
        "kind": "pattern",
        "title": title,
        "summary": "Lets residents report a missed collection.",
        "description": "We asked for the address first.",
        "links": "",
        "consent_to_publish": "on",
        "website": "",
    }


def test_the_share_form_takes_submissions_with_the_cache_down(client, home_page, broken_cache, settings):
    """The rate limit fails open (docs/decisions/0023-cache-and-faults.md): no council's work is refused
    because the cache is down; the honeypot and the field limits still apply, and editors moderate every draft."""
    PatternIndexPageFactory(parent=home_page)
    settings.CONTRIBUTIONS_RATE_LIMIT_PER_HOUR = 1
    data = share_form_data("Missed bin")

    for number in range(2):
        response = client.post(reverse("contributions:share"), {**data, "title": f"Missed bin {number}"})
        assert response.status_code == 302, response.content.decode()[:2000]

    assert Submission.objects.count() == 2


def test_the_rate_limit_holds_with_a_working_cache_server(client, home_page, redis_server, settings):
    """The same form on a real Redis: the limit is counted there and shared by every process."""
    from tests.faults import use_cache_at

    use_cache_at(settings, redis_server.url)
    PatternIndexPageFactory(parent=home_page)
    settings.CONTRIBUTIONS_RATE_LIMIT_PER_HOUR = 1
    data = share_form_data("Missed bin")

    assert client.post(reverse("contributions:share"), data).status_code == 302
    assert client.post(reverse("contributions:share"), data).status_code == 429
    assert Submission.objects.count() == 1


# The search engine ------------------------------------------------------------------------


def test_readers_get_every_page_search_and_feed_with_the_engine_down(client, site, broken_engine):
    assert_every_address_answers(client, site)


def test_publishing_in_the_admin_works_with_the_engine_down(editor_client, site, broken_engine):
    index = site["pattern"].get_parent()
    page = publish_pattern_in_the_admin(editor_client, index, "Request a bulky waste collection", "bulky-waste")

    assert editor_client.get(page.url).status_code == 200
    # Searchable at once from the database, and kept for the engine (retry_index_updates sends it).
    found = editor_client.get("/search/", {"q": "bulky"}).context["items"]
    assert [item.title for item in found] == ["Request a bulky waste collection"]
    assert PendingIndexUpdate.objects.filter(backend_name="engine", object_id=str(page.pk)).exists()
