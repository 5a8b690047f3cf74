"""import_authorities loads the ONS register with its tiers, runs again without writing, and refuses bad files."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.taxonomy.models import Authority, AuthorityType, Nation
from tests.taxonomy.conftest import run_command

pytestmark = pytest.mark.django_db

CAMBRIDGE = {"LTLA21CD": "E07000008", "LTLA21NM": "Cambridge", "UTLA21CD": "E10000003", "UTLA21NM": "Cambridgeshire"}
HARTLEPOOL = {"LTLA21CD": "E06000001", "LTLA21NM": "Hartlepool", "UTLA21CD": "E06000001", "UTLA21NM": "Hartlepool"}


def snapshot():
    return list(
        Authority.objects.order_by("gss_code").values_list(
            "pk", "gss_code", "name", "authority_type", "nation", "region", "upper_tier__gss_code", "slug"
        )
    )


@pytest.mark.smoke
def test_loads_the_355_authorities_of_england_and_wales_with_their_tiers():
    stdout, _ = run_command("import_authorities")

    assert "created 355, updated 0, unchanged 0" in stdout
    assert Authority.objects.count() == 355
    assert Counter(Authority.objects.values_list("authority_type", flat=True)) == {
        AuthorityType.NON_METROPOLITAN_DISTRICT: 181,
        AuthorityType.UNITARY_AUTHORITY: 59,
        AuthorityType.METROPOLITAN_BOROUGH: 36,
        AuthorityType.LONDON_BOROUGH: 33,
        AuthorityType.COUNTY_COUNCIL: 24,
        AuthorityType.WELSH_PRINCIPAL_COUNCIL: 22,
    }
    # Pairs as the ONS lookup gives them: Cambridge (E07000008) sits under Cambridgeshire (E10000003).
    cambridge = Authority.objects.get(gss_code="E07000008")
    assert cambridge.name == "Cambridge"
    assert cambridge.upper_tier.gss_code == "E10000003"
    assert cambridge.upper_tier.name == "Cambridgeshire"
    assert Authority.objects.get(gss_code="E07000041").upper_tier.name == "Devon"  # Exeter
    # Every district has a county council, and nothing else has an upper tier.
    districts = Authority.objects.filter(authority_type=AuthorityType.NON_METROPOLITAN_DISTRICT)
    assert not districts.filter(upper_tier=None).exists()
    assert not Authority.objects.exclude(pk__in=districts).exclude(upper_tier=None).exists()
    assert (
        not Authority.objects.exclude(upper_tier=None)
        .exclude(upper_tier__authority_type=AuthorityType.COUNTY_COUNCIL)
        .exists()
    )
    cambridgeshire = Authority.objects.get(gss_code="E10000003")
    assert "Cambridge" in {district.name for district in cambridgeshire.lower_tier_authorities.all()}
    assert Authority.objects.get(gss_code="E06000001").upper_tier is None  # Hartlepool, a unitary authority


@pytest.mark.smoke
def test_nations_and_regions_come_from_the_codes():
    run_command("import_authorities")

    assert Counter(Authority.objects.values_list("nation", flat=True)) == {Nation.ENGLAND: 333, Nation.WALES: 22}
    assert Authority.objects.get(gss_code="W06000015").name == "Cardiff"
    assert set(Authority.objects.filter(region="London").values_list("authority_type", flat=True)) == {
        AuthorityType.LONDON_BOROUGH
    }
    assert Authority.objects.filter(region="London").count() == 33
    assert Authority.objects.exclude(authority_type=AuthorityType.LONDON_BOROUGH).filter(region="").count() == 322


def test_a_second_run_reports_everything_unchanged_and_writes_nothing(watch_writes):
    run_command("import_authorities")
    before = snapshot()

    with watch_writes:
        stdout, _ = run_command("import_authorities")

    assert "created 0, updated 0, unchanged 355" in stdout
    assert watch_writes.writes == []
    assert snapshot() == before


def test_a_changed_name_or_tier_is_updated_and_an_editor_s_region_is_kept():
    run_command("import_authorities")
    cambridge = Authority.objects.get(gss_code="E07000008")
    Authority.objects.filter(pk=cambridge.pk).update(name="Old name", upper_tier=None, region="East of England")

    stdout, _ = run_command("import_authorities")

    assert "created 0, updated 1, unchanged 354" in stdout
    cambridge.refresh_from_db()
    assert (cambridge.name, cambridge.upper_tier.gss_code, cambridge.region) == (
        "Cambridge",
        "E10000003",
        "East of England",
    )


@pytest.mark.smoke
def test_reads_a_json_file_of_the_same_shape(write_json):
    path = write_json([CAMBRIDGE, HARTLEPOOL])

    stdout, _ = run_command("import_authorities", "--file", str(path))

    assert "created 3, updated 0, unchanged 0" in stdout
    assert Authority.objects.get(gss_code="E07000008").upper_tier.name == "Cambridgeshire"


@pytest.mark.smoke
def test_reads_a_csv_file_with_the_same_columns(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text(
        "\ufeffFID,LTLA21CD,LTLA21NM,UTLA21CD,UTLA21NM\n"
        "1,E06000001,Hartlepool,E06000001,Hartlepool\n"
        "74,E07000008,Cambridge,E10000003,Cambridgeshire\n",
        encoding="utf-8",
    )

    stdout, _ = run_command("import_authorities", "--file", str(path))

    assert "created 3, updated 0, unchanged 0" in stdout
    assert Authority.objects.get(gss_code="E07000008").upper_tier.gss_code == "E10000003"


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[{", "is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 3."),
        (
            '{"LTLA21CD": "E07000008"}',
            "expected a JSON list of records with LTLA21CD, LTLA21NM, UTLA21CD and UTLA21NM, found an object.",
        ),
        ("[]", "has no records."),
        ([CAMBRIDGE, {k: v for k, v in HARTLEPOOL.items() if k != "UTLA21NM"}], "record 2: missing UTLA21NM."),
        ([{**CAMBRIDGE, "LTLA21CD": "E0700008"}], "record 1: LTLA21CD 'E0700008' is not a GSS code (E06, E07"),
        ([HARTLEPOOL, {**CAMBRIDGE, "UTLA21CD": "X10000003"}], "record 2: UTLA21CD 'X10000003' is not a GSS code"),
        ([{**CAMBRIDGE, "LTLA21NM": ""}], "record 1: LTLA21NM must be non-empty text, found ''."),
        ([{**CAMBRIDGE, "LTLA21NM": 7}], "record 1: LTLA21NM must be non-empty text, found 7."),
        ([CAMBRIDGE, CAMBRIDGE], "record 2: LTLA21CD E07000008 appears again (first at record 1)."),
        ([{**HARTLEPOOL, "UTLA21CD": "E10000003"}], "record 1: LTLA21CD E06000001 is not a non-metropolitan district"),
        ([{**CAMBRIDGE, "UTLA21CD": "E06000001"}], "record 1: UTLA21CD E06000001 is not a county council (E10)"),
        (
            [CAMBRIDGE, {**CAMBRIDGE, "LTLA21CD": "E07000009", "UTLA21NM": "Cambs"}],
            "record 2: E10000003 is named 'Cambs' here but 'Cambridgeshire' at record 1.",
        ),
        (["E07000008"], "record 1: expected a record with LTLA21CD, LTLA21NM, UTLA21CD and UTLA21NM"),
    ],
)
def test_a_malformed_file_gives_one_clear_line_and_creates_nothing(write_json, content, expected):
    path = write_json(content)

    with pytest.raises(CommandError) as excinfo:
        run_command("import_authorities", "--file", str(path))

    message = str(excinfo.value)
    assert expected in message
    assert message.startswith(str(path))
    assert "\n" not in message
    assert not Authority.objects.exists()


@pytest.mark.smoke
def test_a_bad_csv_row_is_named_by_its_line(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text(
        "LTLA21CD,LTLA21NM,UTLA21CD,UTLA21NM\nE06000001,Hartlepool,E06000001,Hartlepool\nE07000008,Cambridge,E1,Cambs\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match=r"lookup\.csv, line 3: UTLA21CD 'E1' is not a GSS code"):
        run_command("import_authorities", "--file", str(path))

    assert not Authority.objects.exists()


@pytest.mark.smoke
def test_a_csv_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text("code,name\nE06000001,Hartlepool\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"line 1: the header lacks the column\(s\) LTLA21CD, LTLA21NM, UTLA21CD"):
        run_command("import_authorities", "--file", str(path))


@pytest.mark.smoke
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*nothing\.json: No such file or directory\.$"):
        run_command("import_authorities", "--file", str(tmp_path / "nothing.json"))


@pytest.mark.smoke
def test_a_bad_row_after_good_ones_changes_nothing_already_there(write_json):
    run_command("import_authorities", "--file", str(write_json([CAMBRIDGE, HARTLEPOOL], name="good.json")))
    before = snapshot()
    renamed = {**HARTLEPOOL, "LTLA21NM": "Hartlepool Borough", "UTLA21NM": "Hartlepool Borough"}
    bad = write_json([renamed, {**CAMBRIDGE, "LTLA21CD": "nonsense"}], name="bad.json")

    with pytest.raises(CommandError, match="record 2: LTLA21CD 'nonsense' is not a GSS code"):
        run_command("import_authorities", "--file", str(bad))

    assert snapshot() == before


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("args", "shows_bar", "shows_summary"),
    [([], True, True), (["--no-progress"], False, True), (["--verbosity", "0"], False, False)],
)
def test_the_progress_bar_goes_to_a_terminal_s_stderr_unless_turned_off(write_json, args, shows_bar, shows_summary):
    stdout, stderr = io.StringIO(), FakeTerminal()

    call_command("import_authorities", "--file", str(write_json([CAMBRIDGE])), *args, stdout=stdout, stderr=stderr)

    assert ("Authorities" in stderr.getvalue()) is shows_bar
    assert ("created 2, updated 0, unchanged 0" in stdout.getvalue()) is shows_summary


@pytest.mark.smoke
def test_no_progress_bar_when_stderr_is_not_a_terminal(write_json):
    _, stderr = run_command("import_authorities", "--file", str(write_json([CAMBRIDGE])))

    assert stderr == ""
