"""The editors' groups and the review workflow, made with Wagtail's own permissions and workflows.

- National editors add and edit every page, in both languages, and send their
  changes for review; they do not publish.
- Moderators review, publish, unpublish, delete and move any page.
- Each factory has its own group (manage.py create_factory_group), which edits
  that factory's page and case studies only (casestudies/permissions.py).

Every change goes live through one workflow, "Review by a moderator": the
editor submits, a moderator approves (publishing it) or asks for changes, with
comments on the page. See docs/decisions/0015-editor-permissions.md.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

NATIONAL_EDITORS = "National editors"
MODERATORS = "Moderators"
REVIEW_WORKFLOW = "Review by a moderator"
REVIEW_TASK = "Moderator review"

#: Page permissions each national group holds on the root of the page tree (every site and language).
NATIONAL_PAGE_PERMISSIONS = {
    NATIONAL_EDITORS: ("add_page", "change_page", "lock_page"),
    MODERATORS: ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
}

#: Image and document permissions in the root collection: editors upload and choose, moderators tidy up too.
EDITOR_MEDIA_PERMISSIONS = ("add_image", "choose_image", "add_document", "choose_document")
MODERATOR_MEDIA_PERMISSIONS = (
    *EDITOR_MEDIA_PERMISSIONS,
    "change_image",
    "delete_image",
    "change_document",
    "delete_document",
)
NATIONAL_MEDIA_PERMISSIONS = {NATIONAL_EDITORS: EDITOR_MEDIA_PERMISSIONS, MODERATORS: MODERATOR_MEDIA_PERMISSIONS}


def _permission(codename):
    app_label = {
        "image": "wagtailimages",
        "document": "wagtaildocs",
        "page": "wagtailcore",
        "translation": "wagtail_localize",
    }.get(codename.rsplit("_", maxsplit=1)[-1], "wagtailadmin")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_admin_access(group):
    # Both national groups translate pages into Welsh with wagtail-localize's editor.
    group.permissions.add(_permission("access_admin"), _permission("submit_translation"))


def grant_page_permissions(group, page, codenames):
    """Give the group these page permissions on the page and everything below it; returns how many were new."""
    added = 0
    for codename in codenames:
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission(codename)
        )
        added += created
    return added


def grant_media_permissions(group, codenames):
    """Give the group these image and document permissions in the root collection."""
    root = Collection.get_first_root_node()
    for codename in codenames:
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=_permission(codename))


@transaction.atomic
def ensure_national_groups():
    """Return {name: group} for the national editors and the moderators, with their permissions."""
    root = Page.get_first_root_node()
    groups = {}
    for name, codenames in NATIONAL_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        grant_admin_access(group)
        grant_page_permissions(group, root, codenames)
        grant_media_permissions(group, NATIONAL_MEDIA_PERMISSIONS[name])
        groups[name] = group
    return groups


@transaction.atomic
def ensure_review_workflow(moderators):
    """Return the workflow every page goes through: one review by a moderator, then publication.

    It is assigned to the root of the page tree, so it covers every page in both
    languages, and replaces any other workflow assigned there (Wagtail makes a
    "Moderators approval" one on a new database).
    """
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.active = True
    task.save()
    task.groups.set([moderators])

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not workflow.active:
        workflow.active = True
        workflow.save()
    if list(workflow.workflow_tasks.values_list("task_id", flat=True)) != [task.pk]:
        workflow.workflow_tasks.all().delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow
