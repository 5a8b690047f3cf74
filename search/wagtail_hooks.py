from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .reports import SearchTermsReportView, search_statistics_permission_policy
from .statistics import REPORT_DAYS, search_terms_report

# Wagtail's promotions app has its own "Search terms" report, fed by hit counts
# that this site does not record; ours replaces it in the Reports menu.
PROMOTIONS_SEARCH_TERMS_URL_NAME = "wagtailsearchpromotions:search_terms"


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return search_statistics_permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_search_terms_report_url():
    return [path("search-statistics/search-terms/", SearchTermsReportView.as_view(), name="search_terms_report")]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        "Search terms", reverse("search_terms_report"), name="search-terms", icon_name="search", order=1300
    )


@hooks.register("construct_reports_menu")
def hide_the_promotions_search_terms_report(request, menu_items):
    promotions_report_url = reverse(PROMOTIONS_SEARCH_TERMS_URL_NAME)
    menu_items[:] = [item for item in menu_items if item.url != promotions_report_url]


@hooks.register("register_permissions")
def register_search_statistics_permission():
    # Lets administrators give or take the report from any group in Settings, Groups.
    return Permission.objects.filter(content_type__app_label="search", codename="view_searchtermday")


class SearchTermsPanel(Component):
    """The dashboard's summary of the last 30 days of searches, linking to the full report."""

    name = "search_terms"
    order = 160
    template_name = "search/reports/search_terms_panel.html"
    #: How many terms each list shows; the report has up to 50.
    length = 5

    def __init__(self, request):
        self.request = request

    def is_shown(self):
        return search_statistics_permission_policy.user_has_permission(self.request.user, "view")

    def get_context_data(self, parent_context):
        return {
            "report": search_terms_report(limit=self.length),
            "days": REPORT_DAYS,
            "report_url": reverse("search_terms_report"),
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""


@hooks.register("construct_homepage_panels")
def add_search_terms_panel(request, panels):
    panels.append(SearchTermsPanel(request))
