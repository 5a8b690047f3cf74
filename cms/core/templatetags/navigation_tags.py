from django import template
from django.conf import settings
from wagtail.models import Page

from cms.core import navigation
from cms.core.languages import active_locale, language_versions, untranslated_from

register = template.Library()


@register.inclusion_tag("components/primary_navigation.html", takes_context=True)
def primary_navigation(context):
    """The sections of the current language, each marked when the current page is in it."""
    page = context.get("page")
    in_page = isinstance(page, Page)
    locale_id = page.locale_id if in_page else active_locale().pk
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


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in the site's other languages."""
    return {"versions": language_versions(context.get("request"), context.get("page"))}


@register.inclusion_tag("components/alternate_links.html", takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for each language the current page exists in, and x-default."""
    request = context.get("request")
    versions = [version for version in language_versions(request, context.get("page")) if version.same_page]
    if len(versions) < 2 or request is None:
        return {"links": []}
    links = [(version.code, request.build_absolute_uri(version.url)) for version in versions]
    default = next((url for code, url in links if code == settings.LANGUAGE_CODE), None)
    return {"links": links, "default": default}


@register.simple_tag(takes_context=True)
def untranslated_language(context):
    """The language code of the content shown when the current page is not translated yet, or ""."""
    return untranslated_from(context.get("page")) or ""
