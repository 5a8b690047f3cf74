"""Finding live hostile markup in a response, as a browser, a feed reader or a spreadsheet would see it.

Every hostile value carries a marker (`xss~<field>~<payload>~`), so what is found
live can be traced back to the field and payload it came from. Escaped text is
fine: only markup a browser would run counts, so responses are parsed with
html5lib (the HTML5 parsing algorithm browsers use), never searched as strings.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import html5lib

MARKER = re.compile(r"xss~[a-z0-9_]+~[a-z]+~")
#: Attributes whose value a browser follows or loads as an address.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcdoc"}
#: Address schemes that run code when followed.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
#: Script types that hold data, not code: safe as long as nothing in them ends the element.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
#: What a spreadsheet reads as the start of a formula (OWASP's list, with tab and carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What a live payload without its marker would still show.
UNTRACED = "untraced"
#: Control characters and spaces a browser ignores inside a URL scheme ("java\tscript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")


def markers_in(text):
    return set(MARKER.findall(text or ""))


def _traced(text):
    """The markers in text, or UNTRACED when hostile code shows without one."""
    return markers_in(text) or ({UNTRACED} if "alert(" in (text or "") else set())


def _local(name):
    return name.rsplit("}", 1)[-1].lower()


def _attribute_name(name):
    namespace, _, local = name.rpartition("}")
    return f"xlink:{local}" if "xlink" in namespace else local.lower()


def live_in_html(html):
    """{marker: why it is live} for every hostile thing a browser would run in this HTML."""
    live = {}
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for element in document.iter():
        if not isinstance(element.tag, str):  # comments
            continue
        tag = _local(element.tag)
        for name, value in element.attrib.items():
            attribute = _attribute_name(name)
            if attribute.startswith("on"):
                for marker in _traced(value) or {UNTRACED}:
                    live[marker] = f"<{tag} {attribute}={value!r}>"
            elif attribute in URL_ATTRIBUTES:
                address = _IGNORED_IN_SCHEME.sub("", value).lower()
                if address.startswith(SCRIPT_SCHEMES):
                    for marker in _traced(value) or {UNTRACED}:
                        live[marker] = f"<{tag} {attribute}={value!r}>"
        if tag == "script":
            text = "".join(element.itertext())
            kind = element.attrib.get("type", "").strip().lower()
            if kind in DATA_SCRIPT_TYPES:
                try:
                    json.loads(text)
                except ValueError:
                    for marker in _traced(text) or {UNTRACED}:
                        live[marker] = f"a {kind} script that something broke out of: {text[:200]!r}"
            else:
                for marker in _traced(text):
                    live[marker] = f"<script>{text[:200]}</script>"
    return live


def live_in_json(data, html_keys):
    """Live markup in the HTML-valued strings of JSON data: those under `html_keys`, and stream paragraphs.

    Other strings are text as typed, which a program using the API must escape, as the
    JSON content type tells it (docs/decisions/0022-hostile-input.md).
    """
    live = {}

    def walk(value, key=None):
        if isinstance(value, dict):
            if value.get("type") == "paragraph" and isinstance(value.get("value"), str):
                live.update(live_in_html(value["value"]))
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif isinstance(value, str) and key in html_keys:
            live.update(live_in_html(value))

    walk(data)
    return live


#: The elements of an RSS or Atom feed whose text a feed reader shows as HTML.
FEED_HTML_ELEMENTS = {"description", "summary", "content"}


def live_in_feed(xml):
    """Live markup in a feed: the XML must parse (nothing broke out of it), and its HTML
    elements (RSS description, Atom summary and content) must hold nothing a reader would run."""
    live = {}
    root = ElementTree.fromstring(xml)  # noqa: S314 - the site's own response, in a test
    for element in root.iter():
        tag = _local(element.tag)
        if tag in FEED_HTML_ELEMENTS and element.text:
            live.update(live_in_html(element.text))
        for name, value in element.attrib.items():
            if _attribute_name(name) in URL_ATTRIBUTES:
                address = _IGNORED_IN_SCHEME.sub("", value).lower()
                if address.startswith(SCRIPT_SCHEMES):
                    for marker in _traced(value) or {UNTRACED}:
                        live[marker] = f"<{tag} {name}={value!r}>"
    return live


def live_in_csv(text):
    """Cells a spreadsheet would run as a formula, as {marker: the cell}."""
    live = {}
    for row in csv.reader(io.StringIO(text)):
        for value in row:
            if value.startswith(FORMULA_STARTS):
                for marker in _traced(value) or ({UNTRACED} if "(" in value else set()):
                    live[marker] = f"a cell that starts a formula: {value[:200]!r}"
    return live
