from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SourceStandard


class SourceStandardViewSet(SnippetViewSet):
    """Source standards are reference data, loaded by `manage.py load_source_standards`; editors rarely change them."""

    model = SourceStandard
    icon = "list-ol"
    menu_label = "Source standards"
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["name", "version", "url"]
    ordering = ["name", "version"]


register_snippet(SourceStandardViewSet)
