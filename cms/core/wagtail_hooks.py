from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import ReviewDuePanel, ReviewDueReportView
from .rich_text import CheckedDocumentLinkHandler, CheckedPageLinkHandler


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_review_date_has_passed(request, page):
    """A past review-by date is allowed (the page may be overdue), but the editor should know."""
    review_by = getattr(page.specific, "review_by", None)
    if review_by and review_by < timezone.localdate():
        messages.warning(
            request,
            f"The review-by date ({review_by:%d %B %Y}) is in the past, so readers will see "
            "'overdue for review' on this page. Set a future date once it has been checked.",
        )


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return ReviewDueReportView.permission_policy.user_has_any_permission(
            request.user, ReviewDueReportView.any_permission_required
        )


@hooks.register("register_admin_urls")
def register_review_due_report_urls():
    return [
        path("reports/due-for-review/", ReviewDueReportView.as_view(), name="review_due_report"),
        path(
            "reports/due-for-review/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="review_due_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return ReviewDueMenuItem(
        "Due for review", reverse("review_due_report"), name="due-for-review", icon_name="time", order=1250
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel(request))


@hooks.register("construct_explorer_page_queryset")
def show_factory_editors_their_own_case_studies(parent_page, pages, request):
    """A factory's editors list only their factories' case studies, drafts included (casestudies/permissions.py)."""
    from casestudies.permissions import restrict_case_study_listing

    return restrict_case_study_listing(parent_page, pages, request)


@hooks.register("construct_page_chooser_queryset")
def offer_factory_editors_their_own_case_studies(pages, request):
    """The page chooser, like the listing, shows a factory's editors only their factories' case studies."""
    from casestudies.permissions import hide_other_factories_case_studies

    return hide_other_factories_case_studies(pages, request.user)


# After Wagtail's own registrations (order), so these replace its page and document link handlers.
@hooks.register("register_rich_text_features", order=100)
def register_checked_link_handlers(features):
    features.register_link_type(CheckedPageLinkHandler)
    features.register_link_type(CheckedDocumentLinkHandler)
