"""Patterns, methods and standards list the case studies that used them, and case studies link back."""

import html

import pytest

from casestudies.factories import CaseStudyPageFactory, FactoryPageFactory
from patterns.factories import (
    MethodIndexPageFactory,
    MethodPageFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    StandardIndexPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def used_items(home_page):
    return {
        "pattern": PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Find an address"),
        "method": MethodPageFactory(parent=MethodIndexPageFactory(parent=home_page), title="Discovery interviews"),
        "standard": ServiceStandardPageFactory(
            parent=StandardIndexPageFactory(parent=home_page), title="Local Digital Service Standard"
        ),
    }


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.smoke
def test_items_list_the_live_case_studies_that_used_them_and_case_studies_link_back(
    client, case_study_index, used_items
):
    uses = {"patterns_used": [used_items["pattern"]], "methods_used": [used_items["method"]]}
    case_study = CaseStudyPageFactory(
        parent=case_study_index, title="Bin day finder", standards_used=[used_items["standard"]], **uses
    )
    CaseStudyPageFactory(parent=case_study_index, title="Unpublished permit service", live=False, **uses)

    for item in used_items.values():
        page = text_of(client.get(item.url))
        assert "Used in these case studies" in page, item.title
        assert f'href="{case_study.url}"' in page, item.title
        assert "Bin day finder" in page
        assert "Unpublished permit service" not in page

    case_study_page = text_of(client.get(case_study.url))
    assert "Patterns, methods and standards used" in case_study_page
    for item in used_items.values():
        assert f'href="{item.url}">{item.title}</a>' in case_study_page


def test_a_case_study_does_not_link_to_an_unpublished_pattern(client, case_study_index, used_items):
    pattern = used_items["pattern"]
    case_study = CaseStudyPageFactory(parent=case_study_index, patterns_used=[pattern])
    pattern.unpublish()

    page = text_of(client.get(case_study.url))

    assert "Find an address" not in page
    assert "Patterns, methods and standards used" not in page


def test_a_factory_lists_its_live_case_studies_and_they_link_back(client, factory_index, case_study_index):
    factory = FactoryPageFactory(parent=factory_index, title="Pennine Digital Factory")
    published = CaseStudyPageFactory(parent=case_study_index, factory=factory, title="Bin day finder")
    CaseStudyPageFactory(parent=case_study_index, factory=factory, title="Unpublished permit service", live=False)

    factory_page = text_of(client.get(factory.url))
    case_study_page = text_of(client.get(published.url))

    assert f'href="{published.url}"' in factory_page
    assert "Unpublished permit service" not in factory_page
    assert f'href="{factory.url}">Pennine Digital Factory</a>' in case_study_page
