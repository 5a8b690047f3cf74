from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from search.feeds import SITE_NAME, feed_url, listing_feed_params

register = template.Library()

#: What a Subscribe link offers when the template names nothing more precise.
DEFAULT_SUBJECT = _("this list")


@register.inclusion_tag("components/feed_links.html")
def feed_links(query=None, head=False, title=SITE_NAME, subject=DEFAULT_SUBJECT, **params):
    """A listing's feeds: autodiscovery links for the page's <head> (head=True), or its visible Subscribe link.

    The listing is described by its feed parameters (`type="pattern"`, `area=...`;
    empty values are left out) or by the CollectionQuery of a search results page
    (`query=query`). `title` names the feeds in <head>; `subject` is what the
    Subscribe link offers (translated: `subject=_("this search")`). Every listing
    page calls this twice with the same listing.
    """
    if query is not None:
        params = listing_feed_params(query)
    urls = {kind: feed_url(kind, params) for kind in ("rss", "atom")}
    return {
        "head": head,
        "title": title,
        "subject": subject,
        "rss_url": urls["rss"],
        "atom_url": urls["atom"],
        "feeds_page_url": reverse("feeds:index"),
    }
