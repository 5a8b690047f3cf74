"""The demo content: realistic, clearly marked as example content, tagged with real taxonomy, and idempotent."""

import csv

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from cms.taxonomy.models import Authority, ServiceArea
from patterns.demo import load_patterns_demo
from patterns.models import (
    MethodPage,
    PatternExample,
    PatternPage,
    RelatedPattern,
    ServiceStandardPage,
    SourceStandardPoint,
    StandardPoint,
)
from patterns.source_standards import GOVUK_SERVICE_STANDARD_2019


@pytest.fixture
def taxonomy(db):
    for command in ("load_service_areas", "load_licences"):
        call_command(command, verbosity=0)
    call_command("import_authorities", verbosity=0, progress=False)


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "points": StandardPoint.objects.count(),
        "source_points": SourceStandardPoint.objects.count(),
        "examples": PatternExample.objects.count(),
        "related": RelatedPattern.objects.count(),
    }


@pytest.mark.django_db
def test_demo_content_is_realistic_and_marked_as_example(client, home_page, taxonomy):
    assert load_patterns_demo(home_page) == 9 + 1 + 5

    patterns = list(PatternPage.objects.live())
    assert len(patterns) >= 8
    assert {pattern.status for pattern in patterns} == {"trial", "stable", "retired"}
    assert len({area.lgsl_code for pattern in patterns for area in pattern.service_areas.all()}) >= 5
    for pattern in patterns:
        assert pattern.summary.endswith("Example content.")
        assert pattern.service_areas.exists(), pattern
        assert pattern.authorities.exists(), pattern
        assert pattern.examples.count() == pattern.authorities.count()
        assert pattern.licence.spdx_id == "OGL-UK-3.0"
    assert len(list(MethodPage.objects.live())) == 5
    assert all(method.summary.endswith("Example content.") for method in MethodPage.objects.all())
    for page in Page.objects.type(PatternPage, ServiceStandardPage, MethodPage).specific():
        response = client.get(page.url)
        assert response.status_code == 200
        assert "example content" in response.content.decode().lower()


@pytest.mark.django_db
def test_demo_standard_maps_all_14_points_to_the_govuk_service_standard(home_page):
    load_patterns_demo(home_page)

    standard = ServiceStandardPage.objects.get(slug="local-government-service-standard-example")
    assert standard.title == "Local government service standard (example)"
    assert str(standard.source_standard) == "GOV.UK Service Standard (2019, 14 points)"
    with open(GOVUK_SERVICE_STANDARD_2019.csv_path, encoding="utf-8") as csv_file:
        govuk_titles = {int(row["number"]): row["title"] for row in csv.DictReader(csv_file)}
    mapping = [
        (point.number, point.relationship, [(source.number, source.title) for source in point.source_points.all()])
        for point in standard.points.all()
    ]
    assert mapping == [(number, "equivalent", [(number, govuk_titles[number])]) for number in range(1, 15)]


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(home_page, taxonomy):
    load_patterns_demo(home_page)
    first = snapshot()

    assert load_patterns_demo(home_page) == 0

    assert snapshot() == first


@pytest.mark.django_db
def test_demo_loads_without_the_taxonomy(home_page):
    """Service areas and authorities that are not loaded are left out, not an error."""
    assert not ServiceArea.objects.exists()
    assert not Authority.objects.exists()

    load_patterns_demo(home_page)

    assert PatternPage.objects.live().count() >= 8
    assert not PatternExample.objects.exists()
