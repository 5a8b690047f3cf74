from wagtail.admin.ui.tables import BooleanColumn, LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Authority, Licence, ServiceArea


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "tag"
    menu_label = "Service areas"
    list_display = ["label", "lgsl_code", "slug", LocaleColumn()]
    list_per_page = 50
    ordering = ["label"]


class AuthorityViewSet(SnippetViewSet):
    model = Authority
    icon = "group"
    menu_label = "Authorities"
    list_display = ["name", "gss_code", "authority_type", "nation", "upper_tier", "region"]
    list_filter = ["authority_type", "nation"]
    list_per_page = 50
    ordering = ["name"]

    def get_queryset(self, request):
        return Authority.objects.select_related("upper_tier")


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    menu_label = "Licences"
    list_display = ["name", "spdx_id", BooleanColumn("is_open", label="Open"), "url", LocaleColumn()]
    list_filter = ["is_open"]
    ordering = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ServiceAreaViewSet, AuthorityViewSet, LicenceViewSet)


register_snippet(TaxonomyViewSetGroup)
