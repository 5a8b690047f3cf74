"""The facets a reader narrows the collection by, and the table that counts them.

Every collection item says which facet values it has (CollectionItemMixin.facet_values);
they are copied into ItemFacet rows whenever the item is saved. Each process
keeps a copy of those rows in memory (facet_table), so the search page filters
by any facet with a set lookup and counts every facet over any set of matching
items in one pass, whatever the page types and however many-to-many the values
are.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Q
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.core.collection import collection_page_models
from cms.taxonomy.models import Authority, Licence, Nation, ServiceArea

from .models import ItemFacet


@dataclass(frozen=True)
class Facet:
    #: The URL parameter and the ItemFacet.facet value, e.g. "area".
    key: str
    #: The heading readers see over the facet's choices (lazy: shown in the reader's language).
    label: str

    def labels_for(self, values):
        """{value: label} for those of `values` that exist; unknown values are left out."""
        labels = self.all_labels()
        return {value: labels[value] for value in values if value in labels}

    def all_labels(self):
        """{value: label} of every value the facet can have, read at most every LABELS_CACHE_SECONDS.

        Every search page and feed asks for the labels of its facets; they
        change only when the taxonomy does, which clears this cache (see
        forget_facet_labels).
        """
        language = get_language()
        key = LABELS_CACHE_KEY.format(self.key, language)
        labels = cache.get(key)
        if labels is None:
            labels = {value: str(label) for value, label in self._read_labels(language).items()}
            cache.set(key, labels, LABELS_CACHE_SECONDS)
        return labels

    def _read_labels(self, language):
        if self.key in ("area", "licence", "factory"):
            # Translatable: the label in the reader's language where there is one.
            model, value_field, label_field = {
                "area": (ServiceArea, "slug", "label"),
                "licence": (Licence, "spdx_id", "name"),
                "factory": (factory_page_model(), "slug", "title"),
            }[self.key]
            rows = model.objects.annotate(in_language=Q(locale__language_code=language))
            return dict(rows.order_by("in_language", label_field).values_list(value_field, label_field))
        if self.key == "authority":
            return dict(Authority.objects.order_by("name").values_list("gss_code", "name"))
        if self.key == "region":
            regions = Authority.objects.exclude(region="").order_by("region").values_list("region", flat=True)
            return {slugify(region): region for region in regions.distinct()}
        if self.key == "nation":
            return {value: str(label) for value, label in Nation.choices}
        labels = {}
        for model in collection_page_models():
            labels.update(model.facet_value_labels().get(self.key, {}))
        return labels


def factory_page_model():
    # Imported here: the case studies app's models import this module.
    from casestudies.models import FactoryPage

    return FactoryPage


LABELS_CACHE_KEY = "search:facet-labels:{}:{}"
LABELS_CACHE_SECONDS = 300


def forget_facet_labels(**kwargs):
    """Clear the cached facet labels (connected to saving or deleting a service area, council, licence or factory)."""
    languages = [code for code, _name in settings.LANGUAGES]
    cache.delete_many([LABELS_CACHE_KEY.format(facet.key, language) for facet in FACETS for language in languages])


FACETS = (
    Facet("type", _("Type")),
    Facet("area", _("Service area")),
    Facet("authority", _("Council")),
    Facet("factory", _("Factory")),
    Facet("region", _("Region")),
    Facet("nation", _("Nation")),
    Facet("phase", _("Phase")),
    Facet("openness", _("Openness")),
    Facet("status", _("Pattern status")),
    Facet("licence", _("Licence")),
)
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}


def item_facet_rows(page):
    """The ItemFacet rows `page` (a specific collection item) should have."""
    return [
        ItemFacet(page_id=page.pk, facet=facet, value=value)
        for facet, values in page.facet_values().items()
        if facet in FACETS_BY_KEY
        for value in dict.fromkeys(values)
        if value
    ]


def sync_item_facets(page):
    """Store the facet values of `page` as they are in the database now.

    Reads the page afresh: the object being saved may carry a draft's
    many-to-many choices in memory, and facets follow the stored page.
    """
    stored = (
        type(page).objects.prefetch_related("service_areas", "authorities").select_related("licence").get(pk=page.pk)
    )
    with transaction.atomic():
        ItemFacet.objects.filter(page_id=page.pk).delete()
        ItemFacet.objects.bulk_create(item_facet_rows(stored))


def rebuild_item_facets():
    """Recompute the facet values of every collection item; returns how many items."""
    count = 0
    with transaction.atomic():
        ItemFacet.objects.all().delete()
        for model in collection_page_models():
            items = model.objects.prefetch_related("service_areas", "authorities").select_related("licence")
            rows = []
            for item in items.iterator(chunk_size=500):
                rows.extend(item_facet_rows(item))
                count += 1
            ItemFacet.objects.bulk_create(rows, batch_size=1000)
    return count


def count_facet_values(matching, table, facets=None):
    """{facet: {value: number of pages}} over the pages of the mask `matching` (see FacetTable), for `facets` or all.

    Counted in Python from every item's facet values (see facet_table): a grouped
    SQL count over the rows of 9,000 matching items took 45 to 165 ms at 10,000
    items. Each value's pages are a bit mask, so a count is one AND and one bit
    count: 9,000 items take about 2 ms (counting each item's values one by one took 9).
    """
    counts = {}
    for (facet, value), pages in zip(table.pairs, table.masks, strict=True):
        if facets is None or facet in facets:
            number = (pages & matching).bit_count()
            if number:
                counts.setdefault(facet, {})[value] = number
    return counts


def councils_by_page(page_ids, table=None):
    """{page id: [council name, ...]} in name order, from the facet table (`table`: one already read)."""
    table = table or facet_table()
    names = FACETS_BY_KEY["authority"].all_labels()
    councils = {}
    for page_id in page_ids:
        pairs = (table.pairs[number] for number in table.values_by_page.get(page_id, ()))
        councils[page_id] = sorted(names[value] for facet, value in pairs if facet == "authority" and value in names)
    return councils


@dataclass(frozen=True)
class FacetTable:
    """Every collection item's facet values, as ItemFacet held them when read."""

    #: Which stored rows it was read from: (database, newest ItemFacet id).
    version: tuple
    #: Every distinct (facet, value), numbered by its place in the list.
    pairs: list
    #: {page id: (number of a pair in `pairs`, ...)}: numbers count faster than pairs.
    values_by_page: dict
    #: {(facet, value): frozenset of the ids of the pages with it}
    pages_by_pair: dict = field(default_factory=dict)
    #: {page id: its bit in a mask}
    bits: dict = field(default_factory=dict)
    #: The pages with each pair in `pairs`, as a mask of their bits (an int; 10,000 items take 1.25 kB each).
    masks: list = field(default_factory=list)
    read_at: float = 0.0
    #: {(facet, value): its number in `pairs`}
    numbers: dict = field(default_factory=dict)

    def mask_of(self, page_ids):
        """The pages with `page_ids` as a mask (pages the table does not hold are left out)."""
        return pages_mask(page_ids, self.bits)

    def mask_with(self, facet, values):
        """The mask of the pages with any of `values` for `facet` (OR within a facet)."""
        mask = 0
        for value in values:
            number = self.numbers.get((facet, value))
            if number is not None:
                mask |= self.masks[number]
        return mask

    def pages_with(self, facet, values):
        """The ids of the pages with any of `values` for `facet` (OR within a facet)."""
        found = [self.pages_by_pair.get((facet, value), frozenset()) for value in values]
        return found[0] if len(found) == 1 else frozenset().union(*found)


def pages_mask(page_ids, bits):
    """`page_ids` as an int with the bit of each set (`bits`: {page id: bit}; ids without one are left out)."""
    flags = bytearray(len(bits) // 8 + 1)
    for page_id in page_ids:
        bit = bits.get(page_id)
        if bit is not None:
            flags[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(flags, "little")


_facet_table = FacetTable(version=(), pairs=[], values_by_page={})
#: The copy is read again after this long even when the newest id is the same: two
#: items saved at once can commit their rows in the other order than their ids.
FACET_TABLE_MAX_AGE_SECONDS = 60


def facet_table():
    """The FacetTable of ItemFacet as it is now, kept in memory by each process.

    Read again whenever the table changes. Every change writes new rows (an item
    always has its type), and ids are never reused, so the newest row's id tells
    whether the copy is current: one indexed lookup per search.
    """
    global _facet_table
    rows = ItemFacet.objects.order_by()
    version = (rows.db, rows.aggregate(newest=Max("id"))["newest"])
    table = _facet_table
    if table.version != version or time.monotonic() - table.read_at > FACET_TABLE_MAX_AGE_SECONDS:
        numbers, values_by_page, pages_by_pair = {}, {}, {}
        for page_id, facet, value in rows.values_list("page_id", "facet", "value").iterator(chunk_size=10000):
            number = numbers.setdefault((facet, value), len(numbers))
            values_by_page.setdefault(page_id, []).append(number)
            pages_by_pair.setdefault((facet, value), set()).add(page_id)
        bits = {page_id: bit for bit, page_id in enumerate(values_by_page)}
        table = FacetTable(
            version=version,
            pairs=list(numbers),
            values_by_page={page_id: tuple(values) for page_id, values in values_by_page.items()},
            pages_by_pair={pair: frozenset(pages) for pair, pages in pages_by_pair.items()},
            bits=bits,
            masks=[pages_mask(pages_by_pair[pair], bits) for pair in numbers],
            numbers=numbers,
            read_at=time.monotonic(),
        )
        _facet_table = table
    return table


def forget_facet_values():
    """Drop the in-memory copy, so the next search reads ItemFacet afresh (tests roll rows back)."""
    global _facet_table
    _facet_table = FacetTable(version=(), pairs=[], values_by_page={})
