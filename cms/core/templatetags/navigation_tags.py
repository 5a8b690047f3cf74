from django import template
from wagtail.models import Locale, Page

from cms.core import navigation

register = template.Library()


@register.inclusion_tag("components/primary_navigation.html", takes_context=True)
def primary_navigation(context):
    """The sections of the current language, each marked when the current page is in it."""
    page = context.get("page")
    in_page = isinstance(page, Page)
    locale_id = page.locale_id if in_page else Locale.get_active().pk
    return {
        "sections": [
            (title, url, in_page and page.path.startswith(path))
            for title, url, path in navigation.sections(locale_id, context.get("request"))
        ]
    }
