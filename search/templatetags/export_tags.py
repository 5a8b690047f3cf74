from django import template

from search.exports import export_url

register = template.Library()


@register.inclusion_tag("components/export_links.html")
def export_links(query=None, **params):
    """The "Download as CSV" links to the case study exports of a listing.

    The listing is described by the search's CollectionQuery (`query=query`),
    or by facet parameters (`area=...`, `phase=...`; empty values are left out).
    A search whose type filter leaves out case studies has nothing to export: no links.
    """
    if query is not None:
        chosen_types = query.filters.get("type", ())
        if chosen_types and "case-study" not in chosen_types:
            return {"links": False}
    return {
        "links": True,
        "case_studies_url": export_url("casestudies", query, **params),
        "benefits_url": export_url("benefits", query, **params),
    }
