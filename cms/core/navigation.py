"""The site's sections for the header, cached per language.

The sections change only when a page directly below a home page is
published, unpublished, moved or deleted, so the list is cached and the
cache is cleared by those events rather than queried on every request.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

# Each language's home page sits directly below Wagtail's root, so the
# sections (patterns, standards, methods, factories, case studies) are the
# live pages one level further down.
SECTION_DEPTH = 3
CACHE_SECONDS = 60 * 60


def _cache_key(locale_id):
    return f"navigation:sections:{locale_id}"


def sections(locale_id, request=None):
    """[(title, url, path)] of the live sections in a language."""
    key = _cache_key(locale_id)
    cached = cache.get(key)
    if cached is None:
        pages = Page.objects.live().filter(depth=SECTION_DEPTH, locale_id=locale_id).order_by("path")
        cached = [(page.title, page.get_url(request), page.path) for page in pages]
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def forget_sections(sender, instance, **kwargs):
    """Drop the cached list when a section (or a page above one) changes."""
    if instance.depth is not None and instance.depth <= SECTION_DEPTH:
        cache.delete(_cache_key(instance.locale_id))


def connect_signals():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_sections, dispatch_uid=f"navigation-{signal}")
    post_delete.connect(forget_sections, sender=Page, dispatch_uid="navigation-delete")
