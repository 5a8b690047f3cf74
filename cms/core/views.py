"""Site-wide pages that are not Wagtail pages: robots.txt, the sitemap and
the accessibility statement (docs/decisions/0010-public-site-metadata.md)."""

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site


class AllLanguagesSitemap(Sitemap):
    """Every live public page of the site, in every language.

    Wagtail's own sitemap lists the pages below the site's root page, and a
    Welsh home page is that root's translation beside it, not below it.
    """

    def items(self):
        try:
            root = self.get_wagtail_site().root_page
        except Site.DoesNotExist:
            return Page.objects.none()
        translations = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_a_translation_of_the_root = Q()
        for translation_path in translations.values_list("path", flat=True):
            in_a_translation_of_the_root |= Q(path__startswith=translation_path)
        return (
            Page.objects.filter(in_a_translation_of_the_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": AllLanguagesSitemap(request)})


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Every reader and crawler is welcome, except in the admin and the endless combinations of search."""
    disallowed = ["/admin/"]
    for language_code in ("en", "cy"):
        with translation.override(language_code):
            disallowed.append(reverse("search:search"))
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in dict.fromkeys(disallowed)),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def accessibility_statement(request):
    return render(
        request,
        "pages/accessibility.html",
        {
            "meta_title": _("Accessibility statement"),
            "meta_description": _(
                "How accessible Factory Commons is, how it is tested, how to report a problem, "
                "and why it sets no cookies for readers and does no tracking."
            ),
        },
    )
