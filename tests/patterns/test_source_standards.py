"""The published standards that adapted standards map to are loaded from patterns/data/, once."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from patterns.models import SourceStandard, SourceStandardPoint
from patterns.source_standards import GOVUK_SERVICE_STANDARD_2019, load_source_standards, read_points


@pytest.mark.smoke
def test_the_govuk_service_standard_file_has_the_14_points_of_2019():
    points = read_points(GOVUK_SERVICE_STANDARD_2019.csv_path)

    assert [number for number, _ in points] == list(range(1, 15))
    assert points[0] == (1, "Understand users and their needs")
    assert points[8] == (
        9,
        "Create a secure service which protects users\u2019 privacy",
    )  # a curly apostrophe, as on GOV.UK
    assert points[13] == (14, "Operate a reliable service")


@pytest.mark.smoke
def test_a_file_with_a_gap_in_its_numbers_is_refused(tmp_path):
    path = tmp_path / "standard.csv"
    path.write_text("number,title\n1,First\n3,Third\n", encoding="utf-8")

    with pytest.raises(ValueError, match="numbered 1 to 2 in order"):
        read_points(path)


@pytest.mark.smoke
@pytest.mark.django_db
def test_loading_twice_writes_nothing_the_second_time():
    assert load_source_standards() == {"GOV.UK Service Standard (2019, 14 points)": 15}
    assert load_source_standards() == {"GOV.UK Service Standard (2019, 14 points)": 0}

    standard = SourceStandard.objects.get()
    with open(GOVUK_SERVICE_STANDARD_2019.csv_path, encoding="utf-8") as csv_file:
        expected = [(int(row["number"]), row["title"]) for row in csv.DictReader(csv_file)]
    assert list(standard.points.order_by("number").values_list("number", "title")) == expected


@pytest.mark.smoke
@pytest.mark.django_db
def test_a_changed_title_is_put_right():
    load_source_standards()
    SourceStandardPoint.objects.filter(number=3).update(title="Provide a joined-up experience")

    assert load_source_standards() == {"GOV.UK Service Standard (2019, 14 points)": 1}
    assert SourceStandardPoint.objects.get(number=3).title == "Provide a joined up experience across all channels"


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_command_says_what_it_did():
    out = StringIO()
    call_command("load_source_standards", stdout=out)
    call_command("load_source_standards", stdout=out)

    assert out.getvalue().splitlines() == [
        "GOV.UK Service Standard (2019, 14 points): 15 rows written",
        "GOV.UK Service Standard (2019, 14 points): up to date",
    ]


@pytest.mark.django_db
def test_source_standards_are_listed_in_the_admin(editor_client):
    load_source_standards()

    response = editor_client.get("/admin/snippets/patterns/sourcestandard/")

    assert response.status_code == 200
    assert "GOV.UK Service Standard" in response.content.decode()
