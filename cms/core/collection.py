"""How an item appears in the collection: its type, card, facets and search weights.

Every public content type mixes this in through BasePage. The search page,
feeds and exports read items only through these declarations, so adding a
content type means one model that fills them in, and nothing else.
"""

from functools import cache
from typing import ClassVar

from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail.models import get_page_models


class CollectionItemMixin:
    #: The name readers see on cards, facets and feeds, e.g. gettext_lazy("Pattern"):
    #: lazy, so it is read in the reader's language each time it is shown.
    collection_type_label: ClassVar[str] = ""
    #: The same in the plural, for listings and facets, e.g. gettext_lazy("Patterns").
    collection_type_label_plural: ClassVar[str] = ""
    #: How many there are, for listings: ngettext_lazy("%(count)d pattern", "%(count)d patterns", "count").
    #: A whole phrase rather than a number and a label, as languages inflect the noun by the number
    #: (Welsh: 1 patrwm, 2 batrwm, 3 phatrwm).
    collection_count_label: ClassVar = ""
    #: A short, stable key for URLs and facets, e.g. "pattern".
    collection_type_key: ClassVar[str] = ""

    # Search weights: a match in the title counts most, then the summary,
    # then everything else (body fields are indexed at the default boost of 1).
    TITLE_BOOST: ClassVar[float] = 3.0
    SUMMARY_BOOST: ClassVar[float] = 2.0
    TAXONOMY_BOOST: ClassVar[float] = 1.5

    def card_facts(self):
        """(label, value) pairs shown on the item's card under its summary; labels translated (gettext)."""
        return []

    @cached_property
    def card_councils(self):
        """The names of the councils behind the item, for its card where a listing shows them.

        Search results read them from the facet table instead (search/cards.py).
        """
        return [authority.name for authority in self.authorities.all()]

    def facet_values(self):
        """{facet key: [value, ...]}: the facet values this item counts towards.

        Types with facets of their own (a case study's phase, a pattern's status)
        extend this and facet_value_labels() together.
        """
        authorities = list(self.authorities.all())
        return {
            "type": [self.collection_type_key],
            "area": [area.slug for area in self.service_areas.all()],
            "authority": [authority.gss_code for authority in authorities],
            "region": sorted({slugify(authority.region) for authority in authorities if authority.region}),
            "nation": sorted({authority.nation for authority in authorities if authority.nation}),
            "licence": [self.licence.spdx_id] if self.licence_id else [],
        }

    @classmethod
    def facet_value_labels(cls):
        """{facet key: {value: label}} for the facets whose values this type defines."""
        return {"type": {cls.collection_type_key: cls.collection_type_label_plural}}

    @classmethod
    def choice_labels(cls, field_name):
        """{value: label} of one of the model's choice fields, for facet_value_labels()."""
        return {str(value): str(label) for value, label in cls._meta.get_field(field_name).flatchoices}


@cache
def collection_page_models():
    """Every concrete page type that is a collection item, found rather than listed by hand.

    Page types are all known once Django has loaded the apps, so the answer is worked out once.
    """
    return tuple(
        model for model in get_page_models() if issubclass(model, CollectionItemMixin) and not model._meta.abstract
    )


def collection_content_type_ids():
    """The content type ids of collection_page_models() (Django caches content types after the first call)."""
    from django.contrib.contenttypes.models import ContentType

    return [content_type.pk for content_type in ContentType.objects.get_for_models(*collection_page_models()).values()]
