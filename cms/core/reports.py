"""The "Due for review" report in the admin: live items past or near their review-by date."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from .freshness import DUE_SOON_DAYS, is_overdue, review_due_pages


class ReviewStatusColumn(Column):
    """'Overdue' or 'Due soon', worked out from the row's review-by date."""

    def get_value(self, instance):
        return "Overdue" if is_overdue(instance.review_by) else "Due soon"


class ReviewDueReportView(ReportView):
    page_title = "Due for review"
    header_icon = "time"
    index_url_name = "review_due_report"
    index_results_url_name = "review_due_report_results"
    # Anyone who can edit or publish pages may see what needs checking, as with Wagtail's "Aging pages".
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    no_results_message = f"No live item is overdue for review or due within {DUE_SOON_DAYS} days."
    columns = [
        TitleColumn("title", label="Item", get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])),
        Column("content_type", label="Type", accessor=lambda page: page.content_type.name.capitalize()),
        Column("locale", label="Language", accessor=lambda page: page.locale.get_display_name()),
        Column("content_owner", label="Owner", accessor=lambda page: page.content_owner or "No owner set"),
        Column("review_by", label="Review by", accessor=lambda page: date_format(page.review_by, "j F Y")),
        ReviewStatusColumn("status", label="Status"),
    ]
    list_export = ["title", "content_owner", "review_by", "locale", "url_path"]
    export_headings = {"title": "Item", "content_owner": "Owner", "review_by": "Review by", "locale": "Language"}

    def get_queryset(self):
        return review_due_pages()


class ReviewDuePanel(Component):
    """The dashboard's list of the items that most need checking, with a link to the full report."""

    name = "review_due"
    order = 150
    template_name = "core/admin/review_due_panel.html"
    #: How many items the panel lists; the report has the rest.
    length = 5

    def __init__(self, request):
        self.request = request

    def is_shown(self):
        return ReviewDueReportView.permission_policy.user_has_any_permission(
            self.request.user, ReviewDueReportView.any_permission_required
        )

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        pages = review_due_pages(today)
        overdue = pages.filter(review_by__lt=today).count()
        return {
            "pages": list(pages[: self.length]),
            "overdue_count": overdue,
            "due_soon_count": pages.count() - overdue,
            "days": DUE_SOON_DAYS,
            "today": today,
            "report_url": reverse("review_due_report"),
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""
