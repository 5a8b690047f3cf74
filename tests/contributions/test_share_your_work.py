"""The public "Share your work" form: a council officer's submission becomes a draft in moderation."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, WorkflowState

from casestudies.factories import CaseStudyIndexPageFactory
from casestudies.models import CaseStudyPage
from cms.taxonomy.models import Authority
from contributions.models import Submission
from patterns.factories import MethodIndexPageFactory, PatternIndexPageFactory
from patterns.models import MethodPage, PatternPage

pytestmark = pytest.mark.django_db

SUBMITTER_EMAIL = "sam.officer@leeds.gov.uk"
SUBMITTER_NAME = "Sam Officer"


@pytest.fixture
def sections(home_page):
    return {
        "pattern": PatternIndexPageFactory(parent=home_page),
        "method": MethodIndexPageFactory(parent=home_page),
        "case-study": CaseStudyIndexPageFactory(parent=home_page),
    }


@pytest.fixture
def leeds(db):
    return Authority.objects.create(name="Leeds", gss_code="E08000035")


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="mod", email="moderator@example.org", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def share_url(language="en"):
    with translation.override(language):
        return reverse("contributions:share")


def valid_data(council, **changes):
    return {
        "name": SUBMITTER_NAME,
        "email": SUBMITTER_EMAIL,
        "authority": str(council.pk),
        "kind": "pattern",
        "title": "Report a missed bin",
        "summary": "Lets residents report a missed collection in three questions.",
        "description": "We asked for the address first.\n\nThen we showed the next collection day & the crew's notes.",
        "links": "https://github.com/leeds/missed-bin\nhttps://www.leeds.gov.uk/bins",
        "consent_to_publish": "on",
        "website": "",
        **changes,
    }


def test_the_form_is_there_in_both_languages(client):
    assert share_url() == "/share/"
    assert share_url("cy") == "/cy/share/"
    for url in (share_url(), share_url("cy")):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="govuk-form-group' in html
        assert '<label class="govuk-label govuk-label--s" for="id_email">' in html
        assert 'name="website"' in html  # the honeypot


def test_a_submission_becomes_a_draft_in_moderation_and_the_editors_are_told(client, sections, leeds, moderator):
    response = client.post(share_url(), valid_data(leeds))

    assert response.status_code == 302
    assert response.url == reverse("contributions:thanks")
    assert "Thank you for sharing your work" in client.get(response.url).content.decode()

    submission = Submission.objects.get()
    assert (submission.name, submission.email, submission.authority) == (SUBMITTER_NAME, SUBMITTER_EMAIL, leeds)
    assert submission.consent_to_publish is True
    page = submission.page.specific
    assert isinstance(page, PatternPage)
    assert page.get_parent().pk == sections["pattern"].pk
    assert (page.title, page.slug, page.live) == ("Report a missed bin", "report-a-missed-bin", False)
    assert page.summary == "Lets residents report a missed collection in three questions."
    assert page.content_owner == "Leeds"
    assert list(page.authorities.all()) == [leeds]
    body = str(page.how_it_works[0].value)
    assert "<p>Then we showed the next collection day &amp; the crew&#x27;s notes.</p>" in body
    assert '<a href="https://github.com/leeds/missed-bin">' in body
    # In the site's moderation workflow, waiting for a moderator.
    assert page.get_latest_revision() is not None
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.workflow_in_progress

    ours = [message for message in mail.outbox if message.subject == "Shared work to review: Report a missed bin"]
    assert len(ours) == 1
    assert ours[0].to == ["moderator@example.org"]
    assert SUBMITTER_EMAIL in ours[0].body
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in ours[0].body


def test_the_notification_goes_to_the_configured_addresses(client, sections, leeds, moderator, settings):
    settings.CONTRIBUTIONS_NOTIFY_EMAILS = ["shared-work@example.org"]
    client.post(share_url(), valid_data(leeds))
    ours = [message for message in mail.outbox if message.subject.startswith("Shared work to review")]
    assert [message.to for message in ours] == [["shared-work@example.org"]]


@pytest.mark.parametrize(
    ("kind", "model", "section"),
    [("method", MethodPage, "method"), ("case-study", CaseStudyPage, "case-study")],
)
def test_methods_and_case_studies_go_in_their_own_sections(client, sections, leeds, kind, model, section):
    client.post(share_url("cy"), valid_data(leeds, kind=kind, title=f"Shared {kind}"))

    submission = Submission.objects.get()
    page = submission.page.specific
    assert isinstance(page, model)
    assert page.get_parent().pk == sections[section].pk
    assert page.locale.language_code == "en"
    assert submission.language == "cy"
    if model is CaseStudyPage:
        assert [(partner.authority, partner.role) for partner in page.partners.all()] == [(leeds, "lead")]
        assert "We asked for the address first." in str(page.approach[0].value)
    else:
        assert "We asked for the address first." in page.purpose


def test_the_submitters_details_never_reach_the_site(client, sections, leeds, moderator, admin_client):
    client.post(share_url(), valid_data(leeds))
    page = Submission.objects.get().page.specific

    preview = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]))
    revision_content = str(page.get_latest_revision().content)
    # Publish it as a moderator would, once the missing parts are filled in.
    page = page.get_latest_revision_as_object()
    page.when_to_use = "<p>When residents need to tell us about a missed bin.</p>"
    page.save_revision().publish()
    live = client.get(page.url)

    assert live.status_code == 200
    for text in (live.content.decode(), revision_content):
        assert SUBMITTER_EMAIL not in text
        assert SUBMITTER_NAME not in text
    assert SUBMITTER_EMAIL not in preview.content.decode()
    assert "Report a missed bin" in live.content.decode()


def assert_refused(response, message):
    assert response.status_code in {200, 429}
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not Submission.objects.exists()
    assert Page.objects.filter(title="Report a missed bin").count() == 0
    assert not [m for m in mail.outbox if m.subject.startswith("Shared work to review")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter your name."),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"authority": "999999"}, "Choose your council from the list."),
        ({"kind": "press-release"}, "Choose what you are sharing."),
        ({"consent_to_publish": ""}, "You must agree to publication"),
        ({"links": "javascript:alert(1)"}, "is not a full web address"),
        ({"links": "\n".join(f"https://example.org/{n}" for n in range(11))}, "Give 10 links at most."),
    ],
)
def test_invalid_submissions_are_refused_with_messages(client, sections, leeds, changes, message):
    assert_refused(client.post(share_url(), valid_data(leeds, **changes)), message)


@pytest.mark.parametrize(
    ("field", "limit", "label"),
    [
        ("name", 100, "Your name"),
        ("title", 120, "Title"),
        ("summary", 300, "Summary"),
        ("description", 5000, "Tell us about it"),
        ("links", 2000, "Links"),
    ],
)
def test_oversized_fields_are_refused(client, sections, leeds, field, limit, label):
    value = "https://example.org/" + "a" * limit if field == "links" else "a" * (limit + 1)
    response = client.post(share_url(), valid_data(leeds, **{field: value}))
    assert_refused(response, f"{label} must be {limit} characters or fewer.")


def test_a_filled_in_honeypot_is_refused(client, sections, leeds):
    response = client.post(share_url(), valid_data(leeds, website="https://spam.example"))
    assert_refused(response, "Your submission could not be accepted.")


def test_the_rate_limit_engages_per_address_and_per_email(client, sections, leeds, settings):
    settings.CONTRIBUTIONS_RATE_LIMIT_PER_HOUR = 3
    for number in range(3):
        response = client.post(share_url(), valid_data(leeds, title=f"Shared work {number}"))
        assert response.status_code == 302

    refused = client.post(share_url(), valid_data(leeds, title="One too many", email="other@leeds.gov.uk"))
    assert refused.status_code == 429
    assert "You have sent several submissions in the last hour." in refused.content.decode()
    # The same email address from another network address is refused too.
    from_elsewhere = client.post(share_url(), valid_data(leeds, title="Elsewhere"), REMOTE_ADDR="192.0.2.9")
    assert from_elsewhere.status_code == 429
    assert Submission.objects.count() == 3
    # Someone else, somewhere else, is not held back.
    other = client.post(
        share_url(), valid_data(leeds, title="Someone else", email="kim@cardiff.gov.uk"), REMOTE_ADDR="192.0.2.10"
    )
    assert other.status_code == 302


def test_moderators_can_see_who_sent_shared_work(client, sections, leeds, moderator):
    client.post(share_url(), valid_data(leeds))
    moderator.user_permissions.add(*_admin_access())
    client.force_login(moderator)
    listing = client.get(reverse("shared_work:index"))
    assert listing.status_code == 200
    assert SUBMITTER_EMAIL in listing.content.decode()


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
