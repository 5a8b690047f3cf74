"""Rich text link handlers that give a plain link, not an error, for an id that is not a number.

The editor's browser posts Draftail content, and Wagtail stores a link entity's id as it
comes, so a hostile editor can store `<a linktype="page" id="1 onmouseover=...">`.
Wagtail's own handlers then raise ValueError on every view of the page (a 500). These
treat such an id as a page or document that no longer exists, as Wagtail already does
for a deleted one. See docs/decisions/0022-hostile-input.md.
"""

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler


def _numeric_ids_only(attrs_list):
    """The same attributes, with an id that is not a whole number left out."""
    return [
        attrs
        if str(attrs.get("id", "")).strip().isdigit()
        else {key: value for key, value in attrs.items() if key != "id"}
        for attrs in attrs_list
    ]


class CheckedPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        return super().get_many(_numeric_ids_only(attrs_list))


class CheckedDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        return super().get_many(_numeric_ids_only(attrs_list))
