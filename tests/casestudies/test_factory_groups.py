"""Setting up the editors' groups and the review workflow, scheduled publishing and the change log note."""

import datetime
import io
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from casestudies.factories import CaseStudyPageFactory, FactoryPageFactory
from cms.core.forms import CHANGE_LOG_NOTE_NEEDED
from cms.core.permissions import MODERATORS, NATIONAL_EDITORS, REVIEW_TASK, REVIEW_WORKFLOW
from tests.casestudies.admin_forms import PUBLISH, edit_url, factory_form_data, form_errors


def page_permissions(group):
    return sorted((p.page.specific_class.__name__, p.permission.codename) for p in group.page_permissions.all())


@pytest.mark.django_db
def test_create_factory_group_sets_up_the_group_once(factory_index, case_study_index):
    factory = FactoryPageFactory(parent=factory_index, title="Pennine Digital Factory", slug="pennine")

    call_command("create_factory_group", "pennine", stdout=(out := io.StringIO()))
    call_command("create_factory_group", "pennine", stdout=out)

    group = Group.objects.get(name="Pennine Digital Factory editors")
    assert page_permissions(group) == [("CaseStudyIndexPage", "add_page"), ("FactoryPage", "change_page")]
    assert GroupPagePermission.objects.get(group=group, permission__codename="change_page").page_id == factory.pk
    assert group.permissions.filter(codename="access_admin").exists()
    assert Group.objects.filter(page_permissions__page=factory).distinct().count() == 1
    assert "Created the group 'Pennine Digital Factory editors'" in out.getvalue()
    assert "Found the group 'Pennine Digital Factory editors'" in out.getvalue()


@pytest.mark.django_db
def test_create_factory_group_names_the_factories_when_the_slug_is_unknown(factory_index):
    FactoryPageFactory(parent=factory_index, slug="pennine")

    with pytest.raises(CommandError, match=r"No factory has the slug 'penine'\. Factories: pennine\."):
        call_command("create_factory_group", "penine")
    assert not Group.objects.filter(name__endswith=" editors").exclude(name=NATIONAL_EDITORS).exists()


@pytest.mark.django_db
def test_setup_site_makes_the_groups_and_the_review_workflow_once(root_page):
    call_command("setup_site")
    call_command("setup_site")

    assert page_permissions(Group.objects.get(name=NATIONAL_EDITORS)) == [
        ("Page", "add_page"),
        ("Page", "change_page"),
        ("Page", "lock_page"),
    ]
    moderator_codenames = {codename for _, codename in page_permissions(Group.objects.get(name=MODERATORS))}
    assert {"publish_page", "bulk_delete_page", "unlock_page"} <= moderator_codenames
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert [task.specific.name for task in workflow.tasks] == [REVIEW_TASK]
    assert list(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == [MODERATORS]
    assert WorkflowPage.objects.get(page=root_page).workflow == workflow
    assert Workflow.objects.filter(name=REVIEW_WORKFLOW).count() == 1


@pytest.mark.django_db
def test_the_page_editor_has_comments(admin_client, factory_index):
    factory = FactoryPageFactory(parent=factory_index)

    response = admin_client.get(edit_url(factory))

    assert response.context["form"].show_comments_toggle
    assert "comments" in response.context["form"].formsets


@pytest.mark.django_db
def test_publish_scheduled_publishes_a_page_once_its_go_live_date_has_passed(factory_index, case_study_index):
    case_study = CaseStudyPageFactory(parent=case_study_index, live=False, partners=1)
    # Published with a go-live date a moment away, so the test can wait for it in real time.
    go_live = timezone.now() + datetime.timedelta(seconds=3)
    case_study.go_live_at = go_live
    case_study.save_revision().publish()
    assert not Page.objects.get(pk=case_study.pk).live
    assert Revision.page_revisions.filter(object_id=str(case_study.pk), approved_go_live_at=go_live).exists()

    call_command("publish_scheduled", stdout=io.StringIO())
    assert not Page.objects.get(pk=case_study.pk).live

    time.sleep(max(0, (go_live - timezone.now()).total_seconds()) + 0.1)
    call_command("publish_scheduled", stdout=io.StringIO())
    assert Page.objects.get(pk=case_study.pk).live


def live_factory_form(factory, title, change_log=()):
    data = factory_form_data(members=[], title=title, slug=factory.slug, **PUBLISH)
    data = {name: value for name, value in data.items() if not name.startswith(("members-", "change_log-"))}
    members = [{"id": m.pk, "authority": m.authority_id, "role": m.role} for m in factory.members.all()]
    existing = [
        {"id": entry.pk, "date": entry.date.isoformat(), "note": entry.note} for entry in factory.change_log.all()
    ]
    return data | nested_form_data(
        {
            "members": inline_formset(members, initial=len(members)),
            "change_log": inline_formset([*existing, *change_log], initial=len(existing)),
        }
    )


@pytest.mark.django_db
def test_publishing_a_change_to_a_live_page_asks_for_a_change_log_note(admin_client, factory_index):
    factory = FactoryPageFactory(parent=factory_index, title="Pennine Digital Factory", members=1)
    factory.save_revision().publish()

    refused = admin_client.post(edit_url(factory), live_factory_form(factory, "Pennine Factory"))
    assert refused.status_code == 200
    assert CHANGE_LOG_NOTE_NEEDED in form_errors(refused)["__all__"]
    assert Page.objects.get(pk=factory.pk).title == "Pennine Digital Factory"

    note = {"date": timezone.localdate().isoformat(), "note": "Shortened the name."}
    published = admin_client.post(edit_url(factory), live_factory_form(factory, "Pennine Factory", [note]))
    assert published.status_code == 302, form_errors(published)
    factory = Page.objects.get(pk=factory.pk).specific
    assert factory.title == "Pennine Factory"
    assert [entry.note for entry in factory.change_log.all()] == ["Shortened the name."]

    # The next change needs a note of its own: the old one is already live.
    again = admin_client.post(edit_url(factory), live_factory_form(factory, "Pennine"))
    assert CHANGE_LOG_NOTE_NEEDED in form_errors(again)["__all__"]


@pytest.mark.django_db
def test_a_first_publication_or_a_draft_needs_no_change_log_note(admin_client, factory_index):
    draft = FactoryPageFactory(parent=factory_index, live=False, members=1)
    data = live_factory_form(draft, "First version")
    assert admin_client.post(edit_url(draft), data).status_code == 302
    assert Page.objects.get(pk=draft.pk).live

    saved = live_factory_form(Page.objects.get(pk=draft.pk).specific, "Second version")
    del saved["action-publish"]
    assert admin_client.post(edit_url(draft), saved).status_code == 302
    page = Page.objects.get(pk=draft.pk)
    assert (page.title, page.get_latest_revision_as_object().title) == ("First version", "Second version")
