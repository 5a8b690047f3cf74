"""The demo content is clearly illustrative, spread across services, and loading it twice changes nothing."""

import html

import pytest
from wagtail.models import Page, Revision

from casestudies.demo import CASE_STUDIES, EXAMPLE_FIGURE, EXAMPLE_NOTE, FACTORIES, load_casestudies_demo
from casestudies.models import BenefitLine, CaseStudyIndexPage, CaseStudyPage, FactoryPage
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory, ServiceAreaFactory
from patterns.demo import load_patterns_demo

pytestmark = pytest.mark.django_db

LGSL_LABELS = {
    524: "Household waste collection",
    528: "Bulky household waste collections",
    485: "Residential planning applications",
    474: "Parking permits",
    141: "Housing repairs",
    1756: "Social care financial assessment",
    833: "Leaving hospital",
    830: "Procurement policy",
    829: "Contracts management",
}

# Left out of the register in the test, to show the demo skips what it cannot find.
MISSING_AUTHORITIES = {"E08000036", "W06000001"}


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "ledger": list(BenefitLine.objects.order_by("pk").values_list("pk", "cashable_saving_per_year")),
    }


@pytest.fixture
def taxonomy(db):
    """Some of the register and the LGSL, as load_service_areas and import_authorities would load them."""
    for code, label in LGSL_LABELS.items():
        ServiceAreaFactory(lgsl_code=code, label=label)
    gss_codes = {code for spec in FACTORIES for code, _role in spec["members"]}
    for code in sorted(gss_codes - MISSING_AUTHORITIES):
        AuthorityFactory(gss_code=code, name=f"Council {code}")
    for spdx_id in ["OGL-UK-3.0", "MIT", "Apache-2.0"]:
        LicenceFactory(spdx_id=spdx_id, name=spdx_id)


def test_demo_loads_without_any_taxonomy_and_twice_changes_nothing(home_page):
    created = load_casestudies_demo(home_page)
    first = snapshot()

    assert created == len(FACTORIES) + len(CASE_STUDIES)
    assert load_casestudies_demo(home_page) == 0
    assert snapshot() == first


def test_demo_content_is_illustrative_linked_and_spread_across_services(client, home_page, taxonomy):
    load_patterns_demo(home_page)
    load_casestudies_demo(home_page)
    first = snapshot()

    factories = FactoryPage.objects.live()
    case_studies = CaseStudyPage.objects.live()
    assert factories.count() >= 4
    assert case_studies.count() >= 12
    assert all(page.summary.endswith(EXAMPLE_NOTE) for page in [*factories, *case_studies])
    assert all(line.title.startswith(EXAMPLE_FIGURE) for line in BenefitLine.objects.all())
    areas_used = {area.lgsl_code for page in case_studies for area in page.service_areas.all()}
    assert set(LGSL_LABELS) <= areas_used
    assert case_studies.filter(patterns_used__isnull=False).distinct().count() >= 3
    assert case_studies.filter(methods_used__isnull=False).distinct().count() >= 3
    assert {page.phase for page in case_studies} == {"discovery", "alpha", "beta", "live", "retired"}
    assert {page.openness for page in case_studies} == {"open-source", "open-design", "proprietary"}
    assert all(page.partners.exists() for page in case_studies)
    assert not FactoryPage.objects.filter(members__authority__gss_code__in=MISSING_AUTHORITIES).exists()

    for page in [*factories, *case_studies, CaseStudyIndexPage.objects.get()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    index_page = html.unescape(client.get(CaseStudyIndexPage.objects.get().url).content.decode())
    assert "Mixed confidence" in index_page

    load_patterns_demo(home_page)
    load_casestudies_demo(home_page)
    assert snapshot() == first
