from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from casestudies.admin_views import PageSearchView, SiteHistoryView
from cms import api
from cms.core import views as core_views

urlpatterns = [
    # The admin's page search and site history, narrowed for factories' editors; ahead of
    # Wagtail's own admin URLs, so Wagtail's links to them (the same paths) reach these.
    path("admin/pages/search/", PageSearchView.as_view(), name="factory_page_search"),
    path("admin/pages/search/results/", PageSearchView.as_view(results_only=True), name="factory_page_search_results"),
    path("admin/reports/site-history/", SiteHistoryView.as_view(), name="factory_site_history"),
    path(
        "admin/reports/site-history/results/",
        SiteHistoryView.as_view(results_only=True),
        name="factory_site_history_results",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # The read-only JSON API, in every language through ?locale= (docs/decisions/0019-api.md).
    path("api/v2/items/", api.items, name="api_items"),
    path("api/v2/", api.api_router.urls),
    path("api/openapi.yaml", api.openapi_description, name="api_openapi"),
    path("documents/", include(wagtaildocs_urls)),
    # One sitemap for every language, and robots.txt: at the root, as crawlers expect.
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English pages live at /, Welsh pages under /cy/ (docs/decisions/0002-urls-and-languages.md).
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("feeds/", include("search.feed_urls")),
    path("accessibility/", core_views.accessibility_statement, name="accessibility_statement"),
    path("share/", include("contributions.urls")),
    path("export/", include("search.export_urls")),
    # Wagtail's page pattern allows no dot in a segment, so a page's file-like
    # sub-URL (a standard's crosswalk.json, a case study's publiccode.yml) is handed to
    # the page view here and routed by the page itself (RoutablePageMixin); any other
    # page answers 404.
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:json|yml))$", wagtail_views.serve, name="wagtail_serve_file"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
