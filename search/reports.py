"""The "Search terms" report in the admin: popular searches and searches that found nothing."""

from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, NumberColumn, Table
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from .models import SearchTermDay
from .statistics import REPORT_DAYS, search_terms_report

# Editors and moderators are given this permission by a migration; superusers have it anyway.
search_statistics_permission_policy = ModelPermissionPolicy(SearchTermDay)


def term_table(terms, count_label, caption):
    columns = [Column("query", label="Search term"), NumberColumn("count", label=count_label)]
    return Table(columns, terms, caption=caption)


class SearchTermsReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = search_statistics_permission_policy
    permission_required = "view"
    page_title = "Search terms"
    header_icon = "search"
    template_name = "search/reports/search_terms.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        report = search_terms_report()
        return super().get_context_data(
            report=report,
            days=REPORT_DAYS,
            popular_table=term_table(report.popular, "Searches", "Most searched terms"),
            without_results_table=term_table(
                report.without_results, "Searches with no results", "Search terms that found nothing"
            ),
            **kwargs,
        )
