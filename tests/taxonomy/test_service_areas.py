"""load_service_areas loads the whole LGSL in the default language, idempotently; service areas can be translated."""

import csv

import pytest
from django.core.management.base import CommandError
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from cms.taxonomy.loaders import LGSL_CSV
from cms.taxonomy.models import ServiceArea
from tests.taxonomy.conftest import run_command

pytestmark = pytest.mark.django_db


def lgsl_from_csv():
    with open(LGSL_CSV, encoding="utf-8", newline="") as file:
        return {int(row["code"]): row["label"] for row in csv.DictReader(file)}


def snapshot():
    return list(ServiceArea.objects.order_by("pk").values_list("pk", "lgsl_code", "label", "slug", "locale_id"))


@pytest.mark.smoke
def test_loads_the_978_live_services_in_the_default_language():
    stdout, _ = run_command("load_service_areas")

    assert stdout.strip() == "Service areas: created 978, updated 0, unchanged 0"
    expected = lgsl_from_csv()
    assert len(expected) == 978
    assert dict(ServiceArea.objects.values_list("lgsl_code", "label")) == expected
    assert set(ServiceArea.objects.values_list("locale__language_code", flat=True)) == {"en"}
    household_waste = ServiceArea.objects.get(lgsl_code=524)
    assert household_waste.label == expected[524] == "Household waste collection"
    assert str(household_waste) == "Household waste collection"
    assert household_waste.slug == "household-waste-collection"
    assert ServiceArea.objects.get(lgsl_code=742).slug == "street-cafe-licence"
    assert ServiceArea.objects.values("slug").distinct().count() == 978


@pytest.mark.smoke
def test_the_bundled_list_is_the_shared_reference_data():
    with open(LGSL_CSV, encoding="utf-8") as file:
        header = file.readline().strip()
    assert header == "code,label"
    assert (LGSL_CSV.parent / "README.md").read_text().count(
        "Contains the Local Government Services List © esd-toolkit / LG Inform Plus (LGA), Open Government Licence"
    ) == 1


def test_a_second_run_reports_everything_unchanged_and_writes_nothing(watch_writes):
    run_command("load_service_areas")
    before = snapshot()

    with watch_writes:
        stdout, _ = run_command("load_service_areas")

    assert stdout.strip() == "Service areas: created 0, updated 0, unchanged 978"
    assert watch_writes.writes == []
    assert snapshot() == before


def test_a_changed_label_is_put_back_and_the_slug_kept():
    run_command("load_service_areas")
    ServiceArea.objects.filter(lgsl_code=524).update(label="Bins")

    stdout, _ = run_command("load_service_areas")

    assert stdout.strip() == "Service areas: created 0, updated 1, unchanged 977"
    area = ServiceArea.objects.get(lgsl_code=524)
    assert (area.label, area.slug) == ("Household waste collection", "household-waste-collection")


@pytest.mark.smoke
def test_another_file_can_be_loaded(tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("code,label\n524,Household waste collection\n1,Home schooling\n", encoding="utf-8")

    stdout, _ = run_command("load_service_areas", "--file", str(path))

    assert stdout.strip() == "Service areas: created 2, updated 0, unchanged 0"
    assert list(ServiceArea.objects.values_list("label", flat=True)) == [
        "Home schooling",
        "Household waste collection",
    ]


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty: expected a header line naming code, label."),
        ("code,name\n1,Home schooling\n", "line 1: the header lacks the column(s) label."),
        ("code,label\n", "has a header but no service areas."),
        ("code,label\n1,Home schooling\nabc,Something\n", "line 3: code 'abc' is not a positive whole number."),
        ("code,label\n0,Nothing\n", "line 2: code '0' is not a positive whole number."),
        ("code,label\n\u00b2,Squared\n", "line 2: code '\u00b2' is not a positive whole number."),
        ("code,label\n1,\n", "line 2: code 1 has no label."),
        ("code,label\n1,Home schooling\n1,Again\n", "line 3: code 1 appears again (first at line 2)."),
        ("code,label\n1,Home schooling,extra\n", "line 2: more fields than the header has columns."),
    ],
)
def test_a_malformed_file_gives_one_clear_line_and_creates_nothing(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        run_command("load_service_areas", "--file", str(path))

    message = str(excinfo.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message
    assert not ServiceArea.objects.exists()


@pytest.mark.smoke
def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("code,label\n742,Street café licence\n".encode("latin-1"))

    with pytest.raises(CommandError, match=r"latin1\.csv is not UTF-8 text"):
        run_command("load_service_areas", "--file", str(path))


@pytest.mark.smoke
def test_a_welsh_translation_keeps_the_code_and_slug_and_has_its_own_label(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("code,label\n524,Household waste collection\n", encoding="utf-8")
    run_command("load_service_areas", "--file", str(path))
    english = ServiceArea.objects.get()
    welsh_locale = Locale.objects.create(language_code="cy")

    welsh = english.copy_for_translation(welsh_locale)
    welsh.label = "Casglu gwastraff cartref"
    welsh.save()

    assert welsh.get_translation(Locale.get_default()) == english
    assert (welsh.lgsl_code, welsh.slug, str(welsh)) == (524, english.slug, "Casglu gwastraff cartref")
    # Loading again updates only the English row.
    stdout, _ = run_command("load_service_areas", "--file", str(path))
    assert stdout.strip() == "Service areas: created 0, updated 0, unchanged 1"


@pytest.mark.smoke
def test_loaded_service_areas_are_in_the_search_index_and_later_saves_are_indexed_again(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("code,label\n524,Household waste collection\n", encoding="utf-8")
    run_command("load_service_areas", "--file", str(path))
    backend = get_search_backend()

    assert [area.lgsl_code for area in backend.search("household", ServiceArea)] == [524]

    ServiceArea(lgsl_code=1, label="Home schooling", locale=Locale.get_default()).save()
    assert [area.lgsl_code for area in backend.search("schooling", ServiceArea)] == [1]


@pytest.mark.smoke
def test_a_service_area_saved_without_a_locale_gets_the_default_one_and_a_unique_slug():
    first = ServiceArea(lgsl_code=524, label="Household waste collection")
    first.save()
    second = ServiceArea(lgsl_code=9999, label="Household waste collection")
    second.save()

    assert first.locale == Locale.get_default()
    assert (first.slug, second.slug) == ("household-waste-collection", "household-waste-collection-9999")
