"""Shared work in the admin: a read-only list of submissions, with who sent each one.

Only people given "Can view shared work submission" (moderators, by a migration) see it,
as it holds the submitters' names and email addresses.
"""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Submission


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "mail"
    menu_label = "Shared work"
    add_to_admin_menu = True
    menu_order = 900
    inspect_view_enabled = True
    # Submissions come from the public form; editors review the draft page, and correct this record only if asked.
    form_fields = [
        "name",
        "email",
        "authority",
        "kind",
        "title",
        "summary",
        "description",
        "links",
        "consent_to_publish",
    ]
    list_display = ["title", "kind", "authority", "name", "email", "page", DateColumn("created_at", label="Sent")]
    list_filter = ["kind"]
    search_fields = ["title", "name", "email"]
    inspect_view_fields = ["created_at", *form_fields, "language", "page"]


submission_viewset = SubmissionViewSet("shared_work")


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return submission_viewset


@hooks.register("register_permissions")
def register_submission_permissions():
    return Permission.objects.filter(content_type__app_label="contributions", codename="view_submission")
