import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from casestudies.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    FactoryIndexPageFactory,
    FactoryPageFactory,
)
from casestudies.models import Confidence, Phase
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory, ServiceAreaFactory
from patterns.factories import (
    MethodIndexPageFactory,
    MethodPageFactory,
    PatternIndexPageFactory,
    PatternPageFactory,
    ServiceStandardPageFactory,
    StandardIndexPageFactory,
)
from patterns.models.method import MethodTemplateDownload


@pytest.fixture
def collection(home_page, django_capture_on_commit_callbacks):
    """One item of each type, with the relations each type's API fields show, and a draft."""
    councils = [AuthorityFactory(name="Leeds City Council", gss_code="E08000035"), AuthorityFactory()]
    area = ServiceAreaFactory(label="Parking permits", lgsl_code=90524)
    licence = LicenceFactory(spdx_id="MIT", name="MIT License")
    with django_capture_on_commit_callbacks(execute=True):
        patterns = PatternIndexPageFactory(parent=home_page)
        pattern = PatternPageFactory(
            parent=patterns, title="Find an address", summary="Parking addresses.", examples=councils[:1]
        )
        standards = StandardIndexPageFactory(parent=home_page)
        standard = ServiceStandardPageFactory(parent=standards, title="Council service standard", points=2)
        methods = MethodIndexPageFactory(parent=home_page)
        method = MethodPageFactory(parent=methods, title="Parking journey mapping", steps=2)
        plan = Document.objects.create(title="Workshop plan", file=ContentFile(b"Plan", name="workshop-plan.odt"))
        MethodTemplateDownload.objects.create(page=method, label="Workshop plan", document=plan)
        factories = FactoryIndexPageFactory(parent=home_page)
        factory = FactoryPageFactory(
            parent=factories, title="Northern factory", members=councils, roadmap_items=1, service_areas=[area]
        )
        case_studies = CaseStudyIndexPageFactory(parent=home_page)
        case_study = CaseStudyPageFactory(
            parent=case_studies,
            title="Parking permits online",
            summary="Residents apply for parking permits online.",
            factory=factory,
            phase=Phase.BETA,
            licence=licence,
            partners=councils,
            service_areas=[area],
            repositories=1,
            patterns_used=[pattern],
            benefits=[
                {"title": "Fewer paper forms", "cashable_saving_per_year": 12500, "confidence": Confidence.AUDITED},
                {"title": "Faster answers", "cashable_saving_per_year": None, "non_cashable_benefit": "Days saved"},
            ],
        )
        draft = CaseStudyPageFactory(parent=case_studies, title="Parking draft", factory=factory, live=False)
    return {
        "pattern": pattern,
        "standard": standard,
        "method": method,
        "factory": factory,
        "case_study": case_study,
        "draft": draft,
        "councils": councils,
        "area": area,
        "licence": licence,
    }
