"""Where the page being shown lives in each of the site's languages.

The language switcher and the `hreflang` links both ask this, so they always agree.
A Wagtail page links to its own translation (or, until it is translated, to the
alias wagtail-localize keeps in the other language's tree); any other view (search,
feeds, the accessibility statement) is the same URL under the other language's prefix.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from wagtail.models import Locale, Page

LOCALE_CACHE_KEY = "languages:locale:{}"
LOCALE_CACHE_SECONDS = 300


def active_locale():
    """The Locale of the active language, as Locale.get_active() gives it, from the cache.

    Every search, feed and page header asks for it, and each time it cost a
    query; saving or deleting a locale clears the cache (forget_locales).
    """
    key = LOCALE_CACHE_KEY.format(get_language() or settings.LANGUAGE_CODE)
    return cache.get_or_set(key, Locale.get_active, LOCALE_CACHE_SECONDS)


def forget_locales(**kwargs):
    """Clear the cached locales (connected to saving and deleting a Locale)."""
    cache.delete_many([LOCALE_CACHE_KEY.format(code) for code, _name in settings.LANGUAGES])


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    #: The language's name in that language ("Cymraeg"), as readers of it look for it.
    name: str
    #: The page's URL in that language, or the language's home page when the page has no version there.
    url: str
    current: bool
    #: Whether `url` is this page in that language (hreflang links name only those).
    same_page: bool


def language_versions(request, page=None):
    """A LanguageVersion for every language of the site, in settings order (worked out once per request)."""
    cached = getattr(request, "_language_versions", None)
    if cached is not None:
        return cached
    current = get_language() or settings.LANGUAGE_CODE
    urls = _page_urls(page, request) if isinstance(page, Page) else _view_urls(request)
    versions = []
    for code, _name in settings.LANGUAGES:
        url = urls.get(code)
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url or _home_url(code, request),
                current=code == current,
                same_page=url is not None,
            )
        )
    if request is not None:
        request._language_versions = versions
    return versions


def _page_urls(page, request):
    """{language code: URL} of the live versions of `page` (translations and aliases)."""
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    return {version.locale.language_code: version.get_url(request) for version in pages}


def _view_urls(request):
    if request is None:
        return {}
    path = request.get_full_path()
    return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}


def _home_url(code, request):
    with override(code):
        return reverse("wagtail_serve", args=[""])


def untranslated_from(page):
    """The language code of the content `page` shows when it is a stand-in, otherwise None.

    Until a page is translated, wagtail-localize keeps an alias of it in the other
    language's tree: same content, that language's URL and page furniture.
    """
    if not isinstance(page, Page) or page.alias_of_id is None:
        return None
    source = Page.objects.filter(pk=page.alias_of_id).values_list("locale__language_code", flat=True).first()
    return source if source and source != page.locale.language_code else None
