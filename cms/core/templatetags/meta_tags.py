"""What a page says about itself in its <head>: title, description,
canonical URL, Open Graph and JSON-LD (docs/decisions/0010-public-site-metadata.md)."""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

register = template.Library()

SITE_NAME = "Factory Commons"
TITLE_SEPARATOR = " \N{EN DASH} "
DEFAULT_DESCRIPTION = _(
    "Open design patterns, service standards, methods and case studies from local digital factories: "
    "councils that design, build and run public services together."
)
DESCRIPTION_WORDS = 50
OPEN_GOVERNMENT_LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Characters that could end a <script> element or open an HTML comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _plain(markup):
    text = " ".join(strip_tags(str(markup or "")).split())
    # strip_tags leaves entities; the tag's output is escaped again when it is written out.
    return Truncator(html.unescape(text)).words(DESCRIPTION_WORDS)


def _own_title(context):
    """A Wagtail page's title, or the meta_title a plain view puts in its context."""
    page = _page(context)
    return (page.seo_title or page.title) if page else context.get("meta_title", "")


@register.simple_tag(takes_context=True)
def page_title(context):
    """The <title>: the page's own title, then the site's name (the home page is the site's name alone)."""
    title = _own_title(context)
    if not title or title == SITE_NAME:
        return SITE_NAME
    return f"{title}{TITLE_SEPARATOR}{SITE_NAME}"


@register.simple_tag(takes_context=True)
def og_title(context):
    return _own_title(context) or SITE_NAME


@register.simple_tag(takes_context=True)
def meta_description(context):
    """An item's search description or summary; an index or home page's search description or
    introduction; a plain view's meta_description; or else a description of the site."""
    page = _page(context)
    if page is None:
        return context.get("meta_description") or DEFAULT_DESCRIPTION
    page = page.specific_deferred if type(page) is Page else page
    if hasattr(page, "get_meta_description"):
        description = page.get_meta_description()
    else:
        description = page.search_description or getattr(page, "introduction", "")
    return _plain(description) or DEFAULT_DESCRIPTION


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """A page's full URL; for any other view, this URL without its query string."""
    request = context.get("request")
    page = _page(context)
    if page is not None:
        return page.get_full_url(request)
    if request is None:
        return ""
    return request.build_absolute_uri(request.path)


@register.simple_tag
def og_locale():
    return "cy_GB" if (get_language() or "").startswith("cy") else "en_GB"


def json_ld_script(data, nonce=None):
    """A <script type="application/ld+json"> holding data, escaped so nothing in it can end the element.

    A data block runs nothing, but it carries the response's CSP nonce (when given) like
    every other script element, so no script element on a page goes without it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    # django-csp's lazy nonce is falsy until first read: test for None, not truth.
    nonce_attribute = "" if nonce is None else format_html(' nonce="{}"', nonce)
    return mark_safe(f'<script type="application/ld+json"{nonce_attribute}>{text}</script>')  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def item_json_ld(context):
    """schema.org data for a collection item: an Article for a case study, a CreativeWork otherwise."""
    page = _page(context)
    if page is None:
        return ""
    request = context.get("request")
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Article" if page.collection_type_key == "case-study" else "CreativeWork",
        "name": page.title,
        "description": _plain(page.get_meta_description()),
        "url": url,
        # The language the page is served in (Wagtail activates the page's locale).
        "inLanguage": get_language() or "en",
        "genre": page.collection_type_label,
        "license": page.licence.url if page.licence_id and page.licence.url else OPEN_GOVERNMENT_LICENCE,
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    if data["@type"] == "Article":
        data["headline"] = page.title[:110]
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date().isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.date().isoformat()
    authorities = [authority.name for authority in page.authorities.all()]
    if authorities:
        data["contributor"] = [{"@type": "GovernmentOrganization", "name": name} for name in authorities]
    return json_ld_script(data, nonce=getattr(request, "csp_nonce", None))
