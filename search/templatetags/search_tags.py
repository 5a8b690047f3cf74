import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, words):
    """`text`, escaped, with words starting with any of the query's `words` marked.

    Marks "reporting" for "report", as the backends' stemming matches it.
    """
    text = str(text or "")
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\w*", re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f'<mark class="fc-highlight">{escape(match.group())}</mark>')
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text is escaped above
