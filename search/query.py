"""One query over the whole collection: the search page, feeds and exports all run it.

A CollectionQuery is parsed and checked once from the URL (`from_params`),
then `run()` answers it on the backend that settings choose, with facet
counts, falling back to the database backend when the engine fails.
"""

import functools
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signals import setting_changed
from django.db.models import F
from django.dispatch import receiver
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from cms.core.collection import collection_page_models
from cms.core.languages import active_locale
from cms.core.queries import first_column, live_items

from . import database, engine
from .cards import cards_for
from .facets import FACETS, FacetTable, count_facet_values, facet_table

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 255
MAX_TERMS = 25
SORTS = {"relevance": _("Most relevant"), "newest": _("Newest first"), "updated": _("Recently updated")}
PER_PAGE_CHOICES = (10, 20, 50)
DEFAULT_PER_PAGE = 20
#: Values offered per facet, besides those chosen.
MAX_FACET_OPTIONS = 20
#: Up to this many items matching the words are checked against the filters in SQL, as a list
#: of ids; more than this, and reading every candidate's id to intersect in Python is faster.
FEW_MATCHES = 2000
WORD = re.compile(r"\w+")
#: Control characters mean nothing in a search, and PostgreSQL refuses NUL in any text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class InvalidQuery(ValueError):
    """A search request that cannot be answered; the message says why, for the reader."""


def words_of(text):
    """The words of a query, as plain text any backend accepts.

    Punctuation means nothing to a plain word search, and some of it (quotes,
    brackets, operators) is syntax to a backend's own query parser: SQLite's
    full-text search fails on a lone quote, for example.
    """
    return WORD.findall(text)


@dataclass(frozen=True)
class CollectionQuery:
    text: str = ""
    #: {facet key: (value, ...)} for the facets chosen, in FACETS order.
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    locale: Locale | None = None
    #: {facet key: {value: label}} for the chosen values, for the selected-filter tags.
    filter_labels: dict = field(default_factory=dict)
    #: Things the reader should know about how their query was read.
    messages: tuple = ()

    @classmethod
    def from_params(cls, params, locale=None):
        """Read and check a query from URL parameters (a QueryDict or a dict of lists).

        Raises InvalidQuery, with a message for the reader, for anything it cannot answer.
        """
        messages = []
        text = " ".join(CONTROL_CHARACTERS.sub(" ", str(params.get("q", ""))).split())
        if len(text) > MAX_QUERY_LENGTH:
            text = text[:MAX_QUERY_LENGTH]
            messages.append(
                ngettext(
                    "Your search was shortened to its first %(count)d character.",
                    "Your search was shortened to its first %(count)d characters.",
                    MAX_QUERY_LENGTH,
                )
                % {"count": MAX_QUERY_LENGTH}
            )
        if len(words_of(text)) > MAX_TERMS:
            # Keep the text up to the end of the last word allowed.
            text = text[: list(WORD.finditer(text))[MAX_TERMS - 1].end()]
            messages.append(
                ngettext(
                    "Your search was shortened to its first %(count)d word.",
                    "Your search was shortened to its first %(count)d words.",
                    MAX_TERMS,
                )
                % {"count": MAX_TERMS}
            )

        filters, filter_labels = {}, {}
        for facet in FACETS:
            values = [CONTROL_CHARACTERS.sub("", str(value)).strip() for value in _list(params, facet.key)]
            values = list(dict.fromkeys(value for value in values if value))
            if not values:
                continue
            labels = facet.labels_for(values)
            unknown = [value for value in values if value not in labels]
            if unknown:
                raise InvalidQuery(
                    gettext("There is no %(facet)s called “%(value)s”.")
                    % {"facet": str(facet.label).lower(), "value": unknown[0][:80]}
                )
            filters[facet.key] = tuple(values)
            filter_labels[facet.key] = labels

        sort = params.get("sort") or "relevance"
        if sort not in SORTS:
            raise InvalidQuery(gettext("Results can be sorted by relevance, newest or updated only."))
        page = _positive_integer(params.get("page") or "1", _("The page number must be a whole number from 1."))
        per_page = _positive_integer(
            params.get("per_page") or str(DEFAULT_PER_PAGE), _("Results per page must be a whole number from 1.")
        )
        if per_page not in PER_PAGE_CHOICES:
            raise InvalidQuery(
                gettext("Results per page can be %(choices)s.") % {"choices": ", ".join(map(str, PER_PAGE_CHOICES))}
            )
        return cls(
            text=text,
            filters=filters,
            sort=sort,
            page=page,
            per_page=per_page,
            locale=locale or active_locale(),
            filter_labels=filter_labels,
            messages=tuple(messages),
        )

    @property
    def words(self):
        return words_of(self.text)

    @property
    def is_empty(self):
        return not self.words and not self.filters

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def params(self, **changes):
        """The query as URL parameters, with `changes` made; for links that change one thing."""
        params = {"q": self.text, **{key: list(values) for key, values in self.filters.items()}}
        params.update(sort=self.sort, per_page=self.per_page, page=self.page)
        params.update(changes)
        defaults = {"q": "", "sort": "relevance", "per_page": DEFAULT_PER_PAGE, "page": 1}
        return {key: value for key, value in params.items() if value not in ([], None, defaults.get(key, object()))}

    def querystring(self, **changes):
        return urlencode(self.params(**changes), doseq=True)

    def hidden_inputs(self, *leave_out):
        """(name, value) pairs of the query's parameters but `leave_out`, for hidden form inputs."""
        pairs = []
        for name, value in self.params().items():
            if name not in leave_out:
                pairs.extend((name, one) for one in (value if isinstance(value, list) else [value]))
        return pairs

    def toggle(self, facet, value):
        """URL parameters with `value` of `facet` chosen if it was not, and not if it was; back to page 1."""
        values = list(self.filters.get(facet, ()))
        values = [other for other in values if other != value] if value in values else [*values, value]
        return self.querystring(**{facet: values, "page": 1})

    def run(self):
        """Answer the query; see CollectionResults."""
        # Listings without words go to the engine too: it counts facets over
        # thousands of items in milliseconds, where the database takes tenths of a second.
        results, fell_back = answer_with_fallback(self._run_on_engine, self._run_on_database)
        if fell_back:
            results.notice = gettext(FALLBACK_NOTICE)
        return results

    def database_matches(self, backend):
        """Every live item the query matches, on the database `backend` (see DatabaseMatches)."""
        # With words, the ids that match them are read once and the rest is
        # done over that list: as a subquery beside the facet filters, the
        # planner misjudges how few pages pass and re-runs the match per page
        # (measured: 10 s instead of milliseconds at 10,000 items).
        by_rank = bool(self.words) and self.sort == "relevance"
        matcher = database.matcher_for(backend, self.words, ranked=by_rank) if self.words else None
        word_ids = set(matcher.matching_page_ids()) if matcher else None

        # Live, public items in the locale (reading the view restrictions once), that match the words:
        # their ids, read once, in the sort's order unless the words' rank orders them.
        items = live_items(self.locale)
        if not by_rank:
            items = items.order_by(F(SORT_FIELD[self.sort]).desc(nulls_last=True), "-pk")
        else:
            # The candidates' tree order is not needed, and sorting them costs more than matching.
            items = items.order_by()
        if word_ids is not None and len(word_ids) <= FEW_MATCHES:
            # Few matches: the database checks them against the candidates, instead of
            # listing every live item for Python to intersect (15 ms at 10,000 items).
            candidates = first_column(items.filter(pk__in=word_ids).values_list("pk")) if word_ids else []
        else:
            candidates = first_column(items.values_list("pk"))
            if word_ids is not None:
                candidates = [pk for pk in candidates if pk in word_ids]
        return DatabaseMatches(candidates, self.filters, facet_table(), matcher if by_rank else None)

    def _run_on_database(self, backend):
        matches = self.database_matches(backend)
        # Every match's id: the page, the total and the counts all come from this one list.
        matched = matches.ids()
        total = len(matched)
        self._check_page(total)
        ids = matches.ranked(matched, self.offset, self.per_page)
        counts = count_facet_values(matches.mask(), matches.table)
        for facet in self.filters:
            # Within a chosen facet, each value counts what choosing it as well would add.
            within = matches.mask(leave_out_facet=facet)
            counts[facet] = count_facet_values(within, matches.table, [facet]).get(facet, {})
        return self._results(ids, total, counts, backend_label="database", table=matches.table)

    def _run_on_engine(self, backend):
        found = engine.search(backend, self)
        self._check_page(found.total)
        return self._results(found.ids, found.total, found.counts, backend_label="engine")

    def _slice(self):
        return slice(self.offset, self.offset + self.per_page)

    def _check_page(self, total):
        last_page = max(1, -(-total // self.per_page))
        if self.page > last_page:
            raise InvalidQuery(
                ngettext(
                    "There is only %(count)d page of results.",
                    "There are only %(count)d pages of results.",
                    last_page,
                )
                % {"count": last_page}
            )

    def _results(self, ids, total, counts, backend_label, table=None):
        return CollectionResults(
            query=self,
            ids=ids,
            total=total,
            facets=facet_choices(self, counts),
            answered_by=backend_label,
            facet_table=table,
        )


class DatabaseMatches:
    """The live items a query's words match, narrowed by its facets on demand.

    The facet filters come from the copy of the facet rows the counts come from
    (search/facets.py): one SQL subquery per chosen facet, and another listing
    for each chosen facet's counts, cost 10 to 20 ms each at 10,000 items.
    """

    def __init__(self, candidates, filters, table, ranking_matcher):
        #: Ids of the live items matching the words, in the sort's order (or none, when ranked).
        self.candidates = candidates
        self.table = table
        #: {facet: ids of the pages with any of its chosen values}
        self.chosen = {facet: table.pages_with(facet, values) for facet, values in filters.items()}
        #: The same as masks (see FacetTable), for counting.
        self.chosen_masks = {facet: table.mask_with(facet, values) for facet, values in filters.items()}
        self.ranking_matcher = ranking_matcher

    @functools.cached_property
    def candidates_mask(self):
        return self.table.mask_of(self.candidates)

    def mask(self, leave_out_facet=None):
        """ids(leave_out_facet) as a mask (see FacetTable): ANDs of masks, where listing ids
        again took about 6 ms per listing of 9,000 items."""
        mask = self.candidates_mask
        for facet, chosen in self.chosen_masks.items():
            if facet != leave_out_facet:
                mask &= chosen
        return mask

    def ids(self, leave_out_facet=None):
        """The candidates with every chosen facet but `leave_out_facet`, in order."""
        wanted = [pages for facet, pages in self.chosen.items() if facet != leave_out_facet]
        if not wanted:
            return self.candidates
        pages = wanted[0].intersection(*wanted[1:])
        return [pk for pk in self.candidates if pk in pages]

    def ranked(self, ids, offset, limit):
        """`limit` of `ids` (from ids()) from `offset`, best first when the words rank them."""
        if self.ranking_matcher is None:
            return ids[offset : offset + limit]
        return self.ranking_matcher.ranked_page_ids(ids, offset, limit)


@functools.cache
def search_backend(name):
    """The search backend called `name` in settings, made once per process.

    Wagtail's get_search_backend() makes a new backend on every call, and an
    engine backend a new client with it: every search then opened a new
    connection to the engine (measured: 2 to 5 ms a search). The client keeps
    its connections open and is safe to share between threads.
    """
    return get_search_backend(name)


@receiver(setting_changed)
def _forget_search_backends(setting, **kwargs):
    if setting in ("WAGTAILSEARCH_BACKENDS", "COLLECTION_SEARCH_BACKEND", "COLLECTION_SEARCH_FALLBACK_BACKEND"):
        search_backend.cache_clear()


def database_backend():
    """The database backend: the one settings choose, or the fallback beside an engine."""
    backend = search_backend(settings.COLLECTION_SEARCH_BACKEND)
    if engine.is_engine(backend):
        return search_backend(settings.COLLECTION_SEARCH_FALLBACK_BACKEND)
    return backend


def answer_with_fallback(on_engine, on_database):
    """(answer, fell back?): `on_engine(backend)` on the engine settings choose, or
    `on_database(backend)` on the database backend when the engine fails or failed
    in the last engine.ENGINE_RETRY_AFTER_SECONDS (or when settings choose a database backend).
    """
    backend_name = settings.COLLECTION_SEARCH_BACKEND
    fallback_name = settings.COLLECTION_SEARCH_FALLBACK_BACKEND
    backend = search_backend(backend_name)
    if not engine.is_engine(backend):
        return on_database(backend), False
    if fallback_name and engine.failed_recently(backend_name):
        return on_database(search_backend(fallback_name)), True
    try:
        return on_engine(backend), False
    except engine.ENGINE_ERRORS as error:
        if not fallback_name:
            raise
        logger.warning(
            "Search engine '%s' failed (%s); answering from the database backend '%s'",
            backend_name,
            error,
            fallback_name,
        )
        engine.mark_failed(backend_name)
        return on_database(search_backend(fallback_name)), True


#: Translated when it is shown (the constant stays plain text, for comparing).
FALLBACK_NOTICE = gettext_noop(
    "Search is running in a simpler mode for a while, so results may be ordered less well than usual. "
    "Everything published is still here."
)
#: The field each sort orders by, newest first (relevance with no words lists the newest).
SORT_FIELD = {"relevance": "first_published_at", "newest": "first_published_at", "updated": "last_published_at"}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    query: CollectionQuery
    facet_key: str

    @property
    def querystring(self):
        """The URL parameters with this value chosen if it is not, and not if it is."""
        # Worked out only when a template asks (for the selected values' remove links), not for every option.
        return self.query.toggle(self.facet_key, self.value)


@dataclass
class FacetChoices:
    key: str
    label: str
    options: list

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


@dataclass
class CollectionResults:
    query: CollectionQuery
    #: The ids of the items on this results page, best first.
    ids: list
    total: int
    #: FacetChoices for each facet with something to choose, in FACETS order.
    facets: list
    #: Set when the engine failed and the database answered instead.
    notice: str = ""
    #: "engine" or "database": which kind of backend answered.
    answered_by: str = ""
    #: The FacetTable the database counted with, if it did (the cards' councils come from it too).
    facet_table: FacetTable | None = None

    @functools.cached_property
    def items(self):
        """The specific pages of this results page, best first (feeds and exports read them)."""
        return load_items(self.ids)

    @functools.cached_property
    def cards(self):
        """The cards of this results page's items, best first, with their councils (see search/cards.py)."""
        return cards_for(self.ids, self.facet_table)

    @property
    def page_count(self):
        return max(1, -(-self.total // self.query.per_page))

    @property
    def has_next(self):
        return self.query.page < self.page_count

    @property
    def has_previous(self):
        return self.query.page > 1


def facet_choices(query, counts):
    """The facets to offer: values that some result has, and every chosen value."""
    choices = []
    for facet in FACETS:
        counted = counts.get(facet.key, {})
        chosen = query.filters.get(facet.key, ())
        # The most common values only: a facet of 355 councils is no use as a list
        # (a council's name is a search word too).
        common = sorted(
            (value for value in counted if value not in chosen), key=lambda value: (-counted[value], value)
        )
        labels = {**facet.labels_for(common[:MAX_FACET_OPTIONS]), **query.filter_labels.get(facet.key, {})}
        options = [
            FacetOption(
                value=value,
                label=labels[value],
                count=counted.get(value, 0),
                selected=value in chosen,
                query=query,
                facet_key=facet.key,
            )
            for value in labels
        ]
        if options:
            options.sort(key=lambda option: (not option.selected, -option.count, option.label.lower()))
            choices.append(FacetChoices(key=facet.key, label=facet.label, options=options))
    return choices


def load_items(ids):
    """The specific pages with `ids`, in that order, with what their cards show loaded in a few queries per type."""
    if not ids:
        return []
    content_types = ContentType.objects.get_for_models(*collection_page_models())  # cached after the first call
    models_by_content_type = {content_type.pk: model for model, content_type in content_types.items()}
    ids_by_model = {}
    # No ORDER BY (a page queryset's default is the tree path): the ids give the order.
    for pk, content_type_id in Page.objects.filter(pk__in=ids).order_by().values_list("pk", "content_type_id"):
        ids_by_model.setdefault(models_by_content_type[content_type_id], []).append(pk)
    pages = {}
    for model, model_ids in ids_by_model.items():
        items = model.prepare_for_cards(model.objects.filter(pk__in=model_ids).order_by())
        pages.update((page.pk, page) for page in items)
    return [pages[pk] for pk in ids if pk in pages]


def _list(params, key):
    if hasattr(params, "getlist"):
        return params.getlist(key)
    value = params.get(key, [])
    return value if isinstance(value, list | tuple) else [value]


def _positive_integer(value, problem):
    """`value` as a whole number from 1; raises InvalidQuery(`problem`) when it is not one."""
    value = str(value).strip()
    if not value.isascii() or not value.isdigit() or int(value) < 1 or len(value) > 6:
        raise InvalidQuery(str(problem))
    return int(value)
