"""Case studies are found by title, problem, partner council and service area, on both search backends."""

import pytest
from wagtail.search.backends import get_search_backend

from casestudies.factories import CaseStudyPageFactory, FactoryPageFactory
from casestudies.models import CaseStudyPage
from cms.taxonomy.factories import AuthorityFactory, ServiceAreaFactory

from .admin_forms import PUBLISH, add_url, case_study_form_data, form_errors

pytestmark = pytest.mark.django_db

# Made-up words, so a match can only come from the field under test.
QUERIES = {
    "title": "Wobblesnort",
    "problem": "flibbertigibbet",
    "partner council": "Zephyrton",
    "service area": "Quagmirery",
    "ledger line": "Snorkelwise",
}


@pytest.fixture
def case_studies(case_study_index):
    found = CaseStudyPageFactory(
        parent=case_study_index,
        title="Wobblesnort parking permits",
        problem="<p>Residents faced a flibbertigibbet backlog of paper forms.</p>",
        partners=[AuthorityFactory(name="Zephyrton Council")],
        service_areas=[ServiceAreaFactory(label="Quagmirery drainage")],
        benefits=[{"title": "Snorkelwise staff time"}],
    )
    hidden = CaseStudyPageFactory(
        parent=case_study_index,
        title="Wobblesnort draft",
        problem="<p>Another flibbertigibbet problem.</p>",
        partners=[AuthorityFactory(name="Zephyrton Borough Council")],
        live=False,
    )
    CaseStudyPageFactory(parent=case_study_index, title="Something else entirely")
    return found, hidden


def search(backend, query):
    return list(backend.search(query, CaseStudyPage.objects.live()))


@pytest.mark.smoke
@pytest.mark.parametrize("field", QUERIES)
def test_case_studies_are_found_on_the_database_backend(case_studies, field):
    found, _hidden = case_studies

    assert search(get_search_backend("default"), QUERIES[field]) == [found]


@pytest.mark.opensearch
@pytest.mark.parametrize("field", QUERIES)
def test_case_studies_are_found_on_opensearch(opensearch_backend, case_studies, field):
    found, _hidden = case_studies
    opensearch_backend.get_index_for_model(CaseStudyPage).refresh()

    assert search(opensearch_backend, QUERIES[field]) == [found]


@pytest.mark.smoke
def test_partner_names_are_indexed_through_the_partners_relation(case_studies):
    found, _hidden = case_studies
    partner_fields = [field for field in CaseStudyPage.search_fields if getattr(field, "field_name", "") == "partners"]

    assert partner_fields, "partners must be a RelatedFields entry, so their names are searchable"
    assert [partner.authority.name for partner in found.partners.all()] == ["Zephyrton Council"]


def test_service_areas_chosen_in_the_admin_are_searchable_once_published(
    admin_client, factory_index, case_study_index
):
    council = AuthorityFactory(name="Ottercombe Council")
    area = ServiceAreaFactory(label="Grizzlewick collection")
    data = case_study_form_data(
        factory=FactoryPageFactory(parent=factory_index, members=1),
        partners=[(council, "lead")],
        service_areas=[area],
        **PUBLISH,
    )

    response = admin_client.post(add_url("casestudypage", case_study_index), data)

    assert response.status_code == 302, form_errors(response)
    assert [page.title for page in search(get_search_backend("default"), "Grizzlewick")] == [
        "Resident parking permits online"
    ]
