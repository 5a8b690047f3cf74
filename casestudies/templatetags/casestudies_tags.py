from django import template

register = template.Library()

# GOV.UK tag colours: the stronger the evidence or the further along, the more settled the colour.
TAG_COLOURS = {
    # confidence
    "audited": "green",
    "peer-reviewed": "blue",
    "self-reported": "grey",
    # phase
    "discovery": "purple",
    "alpha": "light-blue",
    "beta": "blue",
    "live": "green",
    "retired": "grey",
    # openness
    "open-source": "green",
    "open-design": "yellow",
    "proprietary": "orange",
    # roadmap status and roles
    "planned": "grey",
    "in-progress": "blue",
    "done": "green",
    "lead": "purple",
    "partner": "blue",
    "observer": "grey",
}


@register.filter
def pounds(value):
    """Whole pounds with thousands separators, e.g. 12500 -> "£12,500"; empty for no amount."""
    if value is None or value == "":
        return ""
    return f"£{int(value):,}"


@register.filter
def tag_colour(value):
    """The GOV.UK tag modifier class for a choice value, e.g. "audited" -> "govuk-tag--green"."""
    colour = TAG_COLOURS.get(str(value))
    return f"govuk-tag--{colour}" if colour else ""
