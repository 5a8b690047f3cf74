"""What editors cannot store, and what a crafted rich text link does to a page.

See docs/decisions/0022-hostile-input.md.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.admin.rich_text import DraftailRichTextArea

from casestudies.models import BenefitLine, CodeRepository, FactoryPage
from cms.taxonomy.models import Licence
from contributions.forms import ShareYourWorkForm
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from patterns.models import PatternExample, PatternPage, SourceStandard
from tests.security.markup import live_in_html

pytestmark = pytest.mark.django_db

SCRIPT_ADDRESSES = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>x</script>",
]
ADDRESS_FIELDS = [
    (Licence, "url"),
    (PatternPage, "discussion_url"),
    (PatternExample, "url"),
    (SourceStandard, "url"),
    (FactoryPage, "contact_url"),
    (CodeRepository, "url"),
    (BenefitLine, "evidence_url"),
]


@pytest.mark.parametrize("address", SCRIPT_ADDRESSES)
@pytest.mark.parametrize(("model", "name"), ADDRESS_FIELDS, ids=lambda value: getattr(value, "__name__", value))
def test_web_address_fields_refuse_script_addresses(model, name, address):
    form_field = model._meta.get_field(name).formfield()
    with pytest.raises(ValidationError):
        form_field.clean(address)


@pytest.mark.parametrize("address", SCRIPT_ADDRESSES)
def test_the_public_form_refuses_script_addresses(address):
    form = ShareYourWorkForm(data={"links": address})
    form.is_valid()
    assert "links" in form.errors


def posted_link(data):
    """What the admin stores for Draftail content holding one link with this entity data."""
    content = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": "read this",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 9, "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": data}},
    }
    widget = DraftailRichTextArea(features=PatternPage._meta.get_field("when_to_use").features)
    return widget.value_from_datadict({"field": json.dumps(content)}, {}, "field")


@pytest.mark.parametrize(
    "data",
    [
        {"id": "1\" onmouseover=\"alert('page')", "url": "/"},
        {"id": "not-a-number", "url": "/"},
        {"url": "javascript:alert('link')"},
        {"url": "https://example.org/\"><svg onload=alert('break')>"},
    ],
    ids=["page id break-out", "page id not a number", "javascript address", "address break-out"],
)
def test_a_crafted_rich_text_link_gives_a_page_with_nothing_live(client, home_page, data):
    index = PatternIndexPageFactory(parent=home_page)
    page = PatternPageFactory(parent=index, slug="crafted-link", when_to_use=posted_link(data))
    page.save_revision().publish()

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "read this" in html
    assert live_in_html(html) == {}
