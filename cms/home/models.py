from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.queries import live_items, service_areas_in_use


class HomePage(Page):
    """The site root: what Factory Commons is, and the way into the collection."""

    template = "pages/home/home_page.html"
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "patterns.PatternIndexPage",
        "patterns.StandardIndexPage",
        "patterns.MethodIndexPage",
        "casestudies.FactoryIndexPage",
        "casestudies.CaseStudyIndexPage",
    ]

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A short welcome shown under the page title: what the site offers and who it is for.",
    )

    LATEST_ADDITIONS = 6

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_additions"] = (
            live_items(self.locale).order_by("-first_published_at").specific()[: self.LATEST_ADDITIONS]
        )
        context["service_areas"] = service_areas_in_use(self.locale).order_by("label")
        return context
