"""Helpers for the patterns tests: taxonomy in bulk, admin form posts, and cached embeds."""

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Locale

from cms.core.models import PageChange
from cms.taxonomy.models import Authority, ServiceArea

EMBED_URL = "https://www.youtube.com/watch?v=example-prototype"


def make_service_areas(count, start=9000):
    locale = Locale.get_default()
    return [
        ServiceArea.objects.create(lgsl_code=start + n, label=f"Test service area {start + n}", locale=locale)
        for n in range(count)
    ]


def make_authorities(count, start=900000):
    return [Authority.objects.create(name=f"Test council {n}", gss_code=f"E06{start + n:06d}") for n in range(count)]


def add_change_log(page, count):
    for n in range(count):
        PageChange.objects.create(page=page, note=f"Change number {n}", sort_order=n)


def cache_embed(url=EMBED_URL):
    """Store an embed so the embed block needs no network: for the admin form and for the template."""
    for max_width in (None, 960):
        Embed.objects.update_or_create(
            hash=get_embed_hash(url, max_width),
            defaults={
                "url": url,
                "max_width": max_width,
                "type": "video",
                "html": '<iframe title="Prototype walkthrough video" src="https://www.youtube.com/embed/x"></iframe>',
                "title": "Prototype walkthrough video",
            },
        )
    return url


def add_page_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def post_new_page(client, model, parent, data):
    return client.post(add_page_url(model, parent), data, follow=True)


def form_errors(response):
    """Every error message the admin shows on a form page, as text."""
    soup = BeautifulSoup(response.content, "html.parser")
    selectors = ".error-message, .help-critical, .w-field__errors, .messages .error"
    return " ".join(" ".join(node.get_text(" ").split()) for node in soup.select(selectors)).strip()


def visible_text(response):
    """The text of the page's main content, with whitespace collapsed, so tests match what readers see."""
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main") or soup
    return " ".join(main.get_text(" ").split())
