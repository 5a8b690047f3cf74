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


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The way back up from the current page to its language's home page (GOV.UK breadcrumbs).

    The page itself is left out, as GOV.UK advises; the home page has none.
    """
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= HOME_DEPTH:
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gte=HOME_DEPTH)
    return {"ancestors": list(ancestors), "home_depth": HOME_DEPTH, "request": context.get("request")}


#: The depth of a language's home page in Wagtail's page tree (below the tree's root).
HOME_DEPTH = 2
