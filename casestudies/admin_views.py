"""The admin's page search and site history, without other factories' case studies for a factory's editor.

Both list every page the user may explore, by its (draft) title, and Wagtail
offers no hook to narrow them (the section listing has
construct_explorer_page_queryset, the chooser construct_page_chooser_queryset).
A factory's group may add case studies, which makes the whole case studies
section explorable, so they are narrowed here, by the same rule as the
listing: casestudies.permissions.hide_other_factories_case_studies.
"""

from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import PageLogEntry

from .permissions import hide_other_factories_case_studies, other_factories_case_studies


class PageSearchView(SearchView):
    def annotate_queryset(self, pages):
        # Wagtail calls this on the pages to search before searching them; the
        # content type counts beside the results are taken from `all_pages`,
        # which is narrowed too, so the counts say nothing about hidden pages.
        user = self.request.user
        self.all_pages = hide_other_factories_case_studies(self.all_pages, user)
        return super().annotate_queryset(hide_other_factories_case_studies(pages, user))


class SiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        # Called once per kind of log entry; only page entries name case studies.
        queryset = super().filter_queryset(queryset)
        hidden = other_factories_case_studies(self.request.user)
        if queryset.model is PageLogEntry and hidden is not None:
            queryset = queryset.exclude(page_id__in=hidden.values("pk"))
        return queryset
