import pytest

from casestudies.factories import CaseStudyIndexPageFactory, FactoryIndexPageFactory


@pytest.fixture
def case_study_index(home_page):
    FactoryIndexPageFactory(parent=home_page)
    return CaseStudyIndexPageFactory(parent=home_page)
