import pytest

from casestudies.factories import CaseStudyIndexPageFactory, FactoryIndexPageFactory


@pytest.fixture
def factory_index(home_page):
    return FactoryIndexPageFactory(parent=home_page)


@pytest.fixture
def case_study_index(home_page):
    return CaseStudyIndexPageFactory(parent=home_page)
