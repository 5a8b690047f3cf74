"""Fixtures for the patterns app: taxonomy to tag items with, the three section index pages, an editor."""

import pytest
from wagtail.models import Locale

from cms.taxonomy.models import Authority, Licence, ServiceArea
from patterns.factories import MethodIndexPageFactory, PatternIndexPageFactory, StandardIndexPageFactory
from patterns.source_standards import govuk_service_standard_2019


@pytest.fixture
def service_areas(db):
    """Three LGSL service areas, as the taxonomy loader would make them."""
    locale = Locale.get_default()
    return [
        ServiceArea.objects.create(lgsl_code=code, label=label, locale=locale)
        for code, label in [
            (524, "Household waste collection"),
            (474, "Parking permits"),
            (321, "Death registration"),
        ]
    ]


@pytest.fixture
def authorities(db):
    return [
        Authority.objects.create(name=name, gss_code=code)
        for code, name in [("E08000035", "Leeds"), ("W06000015", "Cardiff"), ("E09000012", "Hackney")]
    ]


@pytest.fixture
def licence(db):
    return Licence.objects.create(
        spdx_id="OGL-UK-3.0",
        name="Open Government Licence v3.0",
        url="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        locale=Locale.get_default(),
    )


@pytest.fixture
def pattern_index(home_page):
    return PatternIndexPageFactory(parent=home_page)


@pytest.fixture
def standard_index(home_page):
    return StandardIndexPageFactory(parent=home_page)


@pytest.fixture
def method_index(home_page):
    return MethodIndexPageFactory(parent=home_page)


@pytest.fixture
def govuk_standard(db):
    """The GOV.UK Service Standard (2019) with its 14 points, from patterns/data/."""
    return govuk_service_standard_2019()


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="test-editor", email="editor@example.org", password="x")
    client.force_login(user)
    return client
