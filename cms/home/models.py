from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site root: what Factory Commons is, and the way into the collection."""

    template = "pages/home/home_page.html"
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A short welcome shown under the page title: what the site offers and who it is for.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
