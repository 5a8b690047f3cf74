"""RSS 2.0 and Atom 1.0 feeds of the collection, and the page that explains them.

A feed is the search page's query (`CollectionQuery.from_params(...).run()`)
rendered for feed readers: the same parameters, the same 400 for bad values,
the same fallback when the engine is down. Only the default order differs:
a feed lists the newest first. Shortcut addresses (a type, a service area, a
council, a factory) redirect to the same query. See docs/decisions/0009-feeds.md.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Count, Max, prefetch_related_objects
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import http_date
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry

from casestudies.models import FactoryPage
from cms.core.collection import collection_page_models
from cms.core.languages import active_locale
from cms.core.queries import live_items, service_areas_in_use

from .facets import FACETS_BY_KEY
from .query import DEFAULT_PER_PAGE, CollectionQuery, InvalidQuery

SITE_NAME = "Factory Commons"
#: A feed's order when its address names none: what is new comes first.
DEFAULT_SORT = "newest"
#: How long readers, proxies and this server may keep a feed (seconds).
CACHE_SECONDS = 300
#: Councils named as an entry's author before "and N more".
MAX_AUTHORS = 3
#: What every entry shows beyond a card; prefetched per item type, so a feed's query count is fixed.
ENTRY_PREFETCHES = ("service_areas", "authorities", "change_log", "licence")
FEED_RIGHTS = _("Open Government Licence v3.0, except where an item says otherwise")
#: Left out of a query's words and labels where a feed repeats them in its title and description.
MARKUP_CHARACTERS = str.maketrans("", "", "<>")
#: The facets with a shortcut address of their own.
SHORTCUT_FACETS = ("type", "area", "authority", "factory")


# The query ---------------------------------------------------------------------


def feed_query(params, locale=None):
    """The CollectionQuery that a feed's URL parameters ask for; raises InvalidQuery as the search page does."""
    params = params.copy()
    if not params.get("sort"):
        params["sort"] = DEFAULT_SORT
    return CollectionQuery.from_params(params, locale=locale)


def feed_params(query):
    """The query as a feed's URL parameters, in one canonical form: for its address, self link and cache key.

    Defaults are left out and the values of each facet sorted, so parameters that
    mean the same give the same address (and one cache entry).
    """
    params = {"q": query.text} if query.text else {}
    params.update((key, sorted(values)) for key, values in query.filters.items())
    if query.sort != DEFAULT_SORT:
        params["sort"] = query.sort
    if query.per_page != DEFAULT_PER_PAGE:
        params["per_page"] = query.per_page
    if query.page != 1:
        params["page"] = query.page
    return params


def listing_feed_params(query):
    """Feed parameters for a search results page: its words and filters, and its sort when that is by update.

    Ranked by relevance, a feed would hide new items below older, better matches,
    so a search's feed lists the newest first unless the search sorts by update.
    """
    params = {"q": query.text, **{key: list(values) for key, values in query.filters.items()}}
    if query.sort == "updated":
        params["sort"] = "updated"
    return params


def feed_url(kind, params=None):
    """The address of the `kind` ("rss" or "atom") feed with `params`, in the active language."""
    params = {key: value for key, value in (params or {}).items() if value not in (None, "", [], ())}
    url = reverse(f"feeds:{kind}")
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


# What a feed holds ----------------------------------------------------------------


@dataclass
class FeedEntry:
    title: str
    link: str
    guid: str
    description: str
    categories: list
    author: str | None
    published: datetime.datetime | None
    updated: datetime.datetime | None
    rights: str | None


@dataclass
class FeedSource:
    """Everything one feed shows, worked out once before either format writes it."""

    title: str
    description: str
    link: str
    self_url: str
    entries: list


def entry_guid(page, language_code):
    """An id that stays the same across edits, renames and moves, and differs between languages.

    Built from the translation key (shared by an item's translations, and never
    changed) and the language, not from the URL.
    """
    return f"urn:uuid:{uuid.uuid5(page.translation_key, language_code)}"


def describe_authors(authorities):
    # Semicolons, as some councils' register names hold a comma ("Bristol, City of").
    names = [authority.name for authority in authorities]
    if len(names) > MAX_AUTHORS:
        more = len(names) - MAX_AUTHORS
        return ngettext("%(names)s and %(count)d more", "%(names)s and %(count)d more", more) % {
            "names": "; ".join(names[:MAX_AUTHORS]),
            "count": more,
        }
    return "; ".join(names) or None


def entry_description(page):
    """The summary and, when there is one, the latest change-log note, as HTML."""
    description = format_html("<p>{}</p>", page.summary)
    change = page.latest_change
    if change is not None:
        # The date in the feed's language ("3 Mawrth 2026" in Welsh).
        when = date_format(change.date, "j F Y")
        updated = gettext("Updated %(date)s: %(note)s") % {"date": when, "note": change.note}
        description += format_html("<p>{}</p>", updated)
    return str(description)


def prefetch_for_entries(pages):
    """Load what entries show for every page, a few queries per item type (whatever the number of items)."""
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for same_type in by_type.values():
        # Lookups the listing already loaded are skipped.
        prefetch_related_objects(same_type, *ENTRY_PREFETCHES)


def feed_entries(pages, query, request):
    prefetch_for_entries(pages)
    language_code = query.locale.language_code
    entries = []
    for page in pages:
        link = page.get_full_url(request)
        if not link:  # not under any site: nowhere to send a reader
            continue
        published = page.first_published_at or page.last_published_at or page.latest_revision_created_at
        # Atom requires an updated date; a page that was made live without publishing has none of its own.
        published = published or timezone.now()
        entries.append(
            FeedEntry(
                title=page.title,
                link=link,
                guid=entry_guid(page, language_code),
                description=entry_description(page),
                categories=[
                    page.collection_type_label,
                    *(area.label_in_language for area in page.service_areas.all()),
                ],
                author=describe_authors(page.authorities.all()),
                published=published,
                updated=page.last_published_at or published,
                rights=page.licence.name_in_language if page.licence_id else None,
            )
        )
    return entries


def describe_query(query):
    """(title, description) of the feed of `query`, for readers' subscription lists."""
    parts = [f"“{query.text}”"] if query.text else []
    either = " " + gettext("or") + " "
    for key, values in query.filters.items():
        labels = query.filter_labels.get(key, {})
        parts.append(either.join(sorted(labels.get(value, value) for value in values)))
    # Without angle brackets: some feed readers show a channel's description as HTML, and the
    # words and labels come from the address and from editors (docs/decisions/0022-hostile-input.md).
    what = ", ".join(parts).translate(MARKUP_CHARACTERS)
    order = {
        "newest": gettext("newest first"),
        "updated": gettext("most recently updated first"),
        "relevance": gettext("most relevant first"),
    }[query.sort]
    title = SITE_NAME + ": " + (what or gettext("everything new"))
    if query.sort == "updated":
        title += " " + gettext("(recently updated)")
    elif query.sort == "relevance":
        title += " " + gettext("(most relevant)")
    # Whole sentences, so that each language can order its words its own way.
    if query.sort == "updated":
        description = (
            gettext("What is new or changed in %(site)s matching %(what)s, %(order)s.")
            if what
            else gettext("What is new or changed in %(site)s, %(order)s.")
        )
    else:
        description = (
            gettext("What is new in %(site)s matching %(what)s, %(order)s.")
            if what
            else gettext("What is new in %(site)s, %(order)s.")
        )
    return title, description % {"site": SITE_NAME, "what": what, "order": order}


def html_link(query):
    """The page that shows what the feed lists: the search page with the same query, or the home page."""
    if query.is_empty:
        return reverse("wagtail_serve", args=("",))
    params = {"q": query.text, **{key: sorted(values) for key, values in query.filters.items()}}
    if query.sort != "relevance":
        params["sort"] = query.sort
    params = {key: value for key, value in params.items() if value}
    return f"{reverse('search:search')}?{urlencode(params, doseq=True)}"


def feed_source(request, kind, query):
    results = query.run()
    title, description = describe_query(query)
    self_url = request.build_absolute_uri(feed_url(kind, feed_params(query)))
    return FeedSource(
        title=title,
        description=description,
        link=html_link(query),
        self_url=self_url,
        entries=feed_entries(results.items, query, request),
    )


# The two formats ------------------------------------------------------------------


class RssWithUpdates(feedgenerator.Rss201rev2Feed):
    """RSS 2.0, with each item's last published change as dcterms:modified.

    RSS has no element for an update; readers that know Dublin Core (feedparser
    among them) show it, and the rest see the change note in the description.
    """

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dcterms": "http://purl.org/dc/terms/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("dcterms:modified", feedgenerator.rfc3339_date(item["updateddate"]))


class CollectionFeed(Feed):
    """Writes a FeedSource, which the view made by running the query once; Atom here, RSS below."""

    feed_type = feedgenerator.Atom1Feed
    author_name = SITE_NAME
    feed_copyright = FEED_RIGHTS
    item_guid_is_permalink = False

    def get_object(self, request, source):
        return source

    def items(self, source):
        return source.entries

    def title(self, source):
        return source.title

    def description(self, source):
        return source.description

    def subtitle(self, source):
        return source.description

    def link(self, source):
        return source.link

    def feed_url(self, source):
        return source.self_url

    def feed_guid(self, source):
        return source.self_url

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    def item_description(self, entry):
        return entry.description

    def item_categories(self, entry):
        return entry.categories

    def item_author_name(self, entry):
        return entry.author

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_copyright(self, entry):
        return entry.rights


class CollectionRssFeed(CollectionFeed):
    # Titles are plain text in both formats, escaped once for XML: Django's default
    # escapes an RSS title twice, which readers that take it as text show as "&amp;".
    feed_type = RssWithUpdates


FEEDS = {"rss": CollectionRssFeed(), "atom": CollectionFeed()}


# Views ------------------------------------------------------------------------------


def bad_request(problem):
    return HttpResponseBadRequest(f"{problem}\n", content_type="text/plain; charset=utf-8")


def collection_state(locale):
    """(number of live items in `locale`, when a page last changed): what a publish, unpublish or move changes.

    Publishing moves the newest publication date; unpublishing or deleting an item
    changes the count; moves, unpublishing and other page actions are in the log.
    (A renamed service area or council changes none of these: cached feeds show
    it when they expire.)
    """
    live = live_items(locale).aggregate(count=Count("pk"), newest=Max("last_published_at"))
    logged = PageLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"]
    return live["count"], max((moment for moment in (live["newest"], logged) if moment), default=None)


def feed_cache_key(request, kind, query, state):
    """Includes the language and the normalised query, and the collection's state, so a publish is seen at once."""
    normalised = urlencode(feed_params(query), doseq=True)
    language_code = query.locale.language_code
    parts = (kind, request.scheme, request.get_host(), language_code, normalised, repr(state))
    digest = hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()
    return f"feeds:{language_code}:{kind}:{digest}"


def feed_view(kind):
    feed = FEEDS[kind]

    def view(request):
        """A feed of the collection: from the cache while nothing has changed, or 304 to a reader that has it."""
        try:
            query = feed_query(request.GET)
            state = collection_state(query.locale)
            key = feed_cache_key(request, kind, query, state)
            body = cache.get(key)
            if body is None:
                body = feed(request, source=feed_source(request, kind, query)).content
                cache.set(key, body, CACHE_SECONDS)
        except InvalidQuery as problem:
            return bad_request(problem)
        response = HttpResponse(body, content_type=feed.feed_type.content_type)
        etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
        response["ETag"] = etag
        last_changed = state[1]
        last_modified = int(last_changed.timestamp()) if last_changed else None
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    view.__name__ = f"{kind}_feed"
    return view


rss_feed = feed_view("rss")
atom_feed = feed_view("atom")


def redirect_to_feed(request, kind, fixed):
    """A permanent redirect to the feed of the request's parameters with `fixed` ones set: the same query."""
    params = request.GET.copy()
    for key, values in fixed.items():
        params.setlist(key, values)
    try:
        query = feed_query(params)
    except InvalidQuery as problem:
        return bad_request(problem)
    return HttpResponsePermanentRedirect(feed_url(kind, feed_params(query)))


def shortcut_feed(request, facet, value, kind):
    """/feeds/type/pattern/rss/ and the like: the feed of one type, service area, council or factory."""
    if facet not in SHORTCUT_FACETS or not FACETS_BY_KEY[facet].labels_for([value]):
        raise Http404(gettext("There is no such feed."))
    return redirect_to_feed(request, kind, {facet: [value]})


def feeds_page(request):
    """/feeds/: what feeds are, in plain words, and the common ones."""
    locale = active_locale()
    types = sorted(
        # In the reader's language, and sorted in it.
        ((str(model.collection_type_label_plural), model.collection_type_key) for model in collection_page_models()),
    )
    return render(
        request,
        "search/feeds.html",
        {
            "types": types,
            "service_areas": service_areas_in_use(locale).order_by("label"),
            "factories": FactoryPage.objects.live().public().filter(locale=locale).order_by("title"),
        },
    )
