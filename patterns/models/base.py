"""What the pattern, standard and method sections share: index pages and item page plumbing."""

from typing import ClassVar

from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page

from cms.core.models import BasePage, SectionIndexPage, preferring_locale

TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


def item_edit_handler(content_panels, *, promote_panels=None):
    """The four tabs every item page has: Content, About (BasePage.about_panels), Promote and Settings."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(BasePage.about_panels, heading="About"),
            ObjectList(promote_panels or Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )


class CollectionItemPage(BasePage):
    """An item page in this app: BasePage plus the 'used in' case studies its template shows."""

    parent_page_types: ClassVar[list] = []
    subpage_types: ClassVar[list] = []

    class Meta:
        abstract = True

    def get_used_in(self):
        """The live case studies that name this item in any language, each in this page's
        language where it has a live version; empty until the case studies app links to it."""
        case_studies = getattr(self, "case_studies", None)
        if case_studies is None or self.pk is None:
            return []
        # A translated case study names the English item (the relation is synchronised).
        relation = self._meta.get_field("case_studies").field.name
        named = case_studies.model.objects.live().public()
        named = named.filter(**{f"{relation}__translation_key": self.translation_key})
        return preferring_locale(named.distinct().order_by("title"), self.locale_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["used_in"] = self.get_used_in()
        return context


class CollectionIndexPage(SectionIndexPage):
    """A section's landing page: an introduction, then a card for each live item below it."""

    #: The item page type listed on this index.
    item_model: ClassVar[type[CollectionItemPage]]

    class Meta:
        abstract = True

    def get_items(self):
        """The live, public items below this index, with what their cards show, in a fixed number of queries."""
        model = self.item_model
        return model.prepare_for_cards(model.objects.child_of(self).live().public().order_by("title"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = list(self.get_items())
        context["item_label"] = self.item_model.collection_type_label
        context["item_label_plural"] = self.item_model.collection_type_label_plural
        # "3 patterns", in the reader's language.
        context["item_count"] = self.item_model.collection_count_label % {"count": len(context["items"])}
        # The listing's feed (templates call the feed_links tag with it).
        context["item_type_key"] = self.item_model.collection_type_key
        return context
