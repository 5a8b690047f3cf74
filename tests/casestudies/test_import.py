"""manage.py import_casestudies: the example files, validation, all-or-nothing, re-runs, dry runs and publishing."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from casestudies.factories import FactoryPageFactory
from casestudies.models import CaseStudyPage, FactoryPage
from cms.taxonomy.factories import ServiceAreaFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
EXAMPLE_JSON = EXAMPLES / "casestudies.json"
EXAMPLE_CSV = EXAMPLES / "casestudies.csv"


def run(path, *args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_casestudies", str(path), *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def example():
    return json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))


def example_csv_rows():
    with EXAMPLE_CSV.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def write_csv(tmp_path):
    def write(rows, name="import.csv", header=None):
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, header or list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


#: The councils the example names, as in the ONS register (LTLA and UTLA are the same for unitary councils).
REGISTER = {
    "E06000010": "Kingston upon Hull, City of",
    "E06000011": "East Riding of Yorkshire",
    "E06000012": "North East Lincolnshire",
    "E06000013": "North Lincolnshire",
}


@pytest.fixture
def sections(factory_index, case_study_index, tmp_path):
    """The reference data the example names, loaded by the site's own commands, and the two index pages.

    Only the example's councils and service areas are loaded: the whole register and LGSL take
    seconds per test, and the loaders are tested in tests/taxonomy.
    """
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    register = tmp_path / "register.json"
    register.write_text(
        json.dumps([{"LTLA21CD": c, "LTLA21NM": n, "UTLA21CD": c, "UTLA21NM": n} for c, n in REGISTER.items()]),
        encoding="utf-8",
    )
    call_command("import_authorities", file=str(register), no_progress=True, **quiet)
    for code, label in [(58, "Council tax account enquiries"), (59, "Council tax discount")]:
        ServiceAreaFactory(lgsl_code=code, label=label)
    call_command("load_licences", **quiet)
    return factory_index, case_study_index


class WriteWatcher(CaptureQueriesContext):
    @property
    def writes(self):
        return [
            query["sql"]
            for query in self.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]


def page_count():
    return FactoryPage.objects.count() + CaseStudyPage.objects.count()


def draft(model, slug):
    """The newest version of a page, as an editor opening it in the admin sees it."""
    return model.objects.get(slug=slug).get_latest_revision_as_object()


# The example files -------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXAMPLE_JSON, EXAMPLE_CSV], ids=["json", "csv"])
def test_the_example_file_creates_the_expected_drafts(sections, path):
    factory_index, case_study_index = sections
    stdout, stderr = run(path)

    assert "Factories: created 1, updated 0, unchanged 0. Case studies: created 2, updated 0, unchanged 0." in stdout
    assert "Published: 0." in stdout
    assert stderr == ""  # no progress bar when not on a terminal

    factory = FactoryPage.objects.get(slug="humber-revenues-factory")
    assert factory.get_parent().pk == factory_index.pk
    assert factory.title == "Humber Revenues Factory (example)"
    assert factory.locale.language_code == "en"
    assert not factory.live
    assert factory.has_unpublished_changes
    assert factory.latest_revision is not None
    assert factory.description.startswith("<p>The councils share a small team")
    assert [(m.authority.gss_code, m.role) for m in factory.members.order_by("sort_order")] == [
        ("E06000010", "lead"),
        ("E06000011", "partner"),
        ("E06000012", "partner"),
        ("E06000013", "observer"),
    ]
    assert sorted(factory.service_areas.values_list("lgsl_code", flat=True)) == [58, 59]
    # The derived "councils involved", as the admin's save sets them.
    assert sorted(factory.authorities.values_list("gss_code", flat=True)) == [
        "E06000010",
        "E06000011",
        "E06000012",
        "E06000013",
    ]

    discount = CaseStudyPage.objects.get(slug="council-tax-single-person-discount")
    assert discount.get_parent().pk == case_study_index.pk
    assert discount.title == "Apply for a single person discount (example)"
    assert discount.factory_id == factory.pk
    assert (discount.phase, discount.openness, discount.licence.spdx_id) == ("live", "open-source", "MIT")
    assert (str(discount.started_on), str(discount.live_on), discount.ended_on) == ("2025-01-06", "2025-09-01", None)
    assert discount.funding_amount == 120_000
    assert [(p.authority.gss_code, p.role) for p in discount.partners.order_by("sort_order")] == [
        ("E06000010", "lead"),
        ("E06000011", "partner"),
    ]
    lines = list(discount.benefits.order_by("sort_order"))
    assert [(line.title, line.cashable_saving_per_year, line.one_off_cost, line.confidence) for line in lines] == [
        ("Example figure: paper forms keyed by hand", 18_000, None, "self-reported"),
        ("Example figure: build and first year of running", None, 95_000, "peer-reviewed"),
    ]
    assert sorted(lines[0].authorities.values_list("gss_code", flat=True)) == ["E06000010", "E06000011"]
    assert [(r.name, r.licence.spdx_id) for r in discount.code_repositories.all()] == [
        ("Discount application form", "MIT")
    ]
    assert [child.block_type for child in discount.approach] == ["paragraph"]

    moving = CaseStudyPage.objects.get(slug="council-tax-move-in-notifications")
    assert moving.suppliers == "Example Forms Ltd (invented supplier)"
    assert moving.benefits.get().non_cashable_measure == "30% fewer calls in the alpha"

    for page in (factory, discount, moving):
        assert not page.live
        assert page.revisions.count() == 1
        assert page.get_latest_revision_as_object().title == page.title


def test_imported_drafts_are_plain_drafts_even_where_the_review_workflow_applies(sections):
    call_command("setup_groups", stdout=io.StringIO())
    run(EXAMPLE_JSON)

    for page in [*FactoryPage.objects.all(), *CaseStudyPage.objects.all()]:
        assert page.get_workflow() is not None  # an editor can submit it for review
        assert not page.workflow_in_progress
        assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_the_json_and_csv_examples_describe_the_same_pages(sections):
    run(EXAMPLE_JSON)
    from_json = {page.slug: page.get_latest_revision().content for page in CaseStudyPage.objects.all()}
    stdout, _ = run(EXAMPLE_CSV)
    # Importing the CSV over what the JSON made changes nothing: they hold the same values.
    assert "created 0, updated 0, unchanged 1. Case studies: created 0, updated 0, unchanged 2" in stdout
    assert {page.slug: page.get_latest_revision().content for page in CaseStudyPage.objects.all()} == from_json


def test_imported_drafts_are_visible_to_the_admin_and_not_to_readers(sections, client, admin_client):
    run(EXAMPLE_JSON)
    page = CaseStudyPage.objects.get(slug="council-tax-single-person-discount")
    assert client.get("/case-studies/council-tax-single-person-discount/").status_code == 404
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


# Running again ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXAMPLE_JSON, EXAMPLE_CSV], ids=["json", "csv"])
@pytest.mark.parametrize("publish", [[], ["--publish"]], ids=["drafts", "published"])
def test_importing_the_same_file_twice_changes_nothing_the_second_time(sections, path, publish):
    run(path, *publish)
    revisions = [(page.pk, page.latest_revision_id) for page in CaseStudyPage.objects.order_by("pk")]

    with WriteWatcher(connection) as watcher:
        stdout, _ = run(path, *publish)

    assert watcher.writes == []
    assert "Factories: created 0, updated 0, unchanged 1. Case studies: created 0, updated 0, unchanged 2." in stdout
    assert "Published: 0." in stdout
    assert [(page.pk, page.latest_revision_id) for page in CaseStudyPage.objects.order_by("pk")] == revisions


def test_a_changed_value_makes_a_new_draft_and_leaves_the_live_page_alone(sections, write_json):
    run(EXAMPLE_JSON, "--publish")
    data = example()
    data[0]["case_studies"][0]["benefits"][0]["cashable_saving_per_year"] = 21000

    stdout, _ = run(write_json(data))

    assert "Case studies: created 0, updated 1, unchanged 1." in stdout
    page = CaseStudyPage.objects.get(slug="council-tax-single-person-discount")
    assert page.live
    assert page.has_unpublished_changes
    assert page.benefits.order_by("sort_order").first().cashable_saving_per_year == 18_000  # the live page
    newest = page.get_latest_revision_as_object()
    assert newest.benefits.all()[0].cashable_saving_per_year == 21_000


def test_publishing_a_change_to_a_live_page_needs_a_change_note(sections, write_json):
    run(EXAMPLE_JSON, "--publish")
    data = example()
    data[0]["case_studies"][0]["title"] = "Apply for a single person discount online (example)"
    path = write_json(data)

    with pytest.raises(CommandError, match=r"--change-note.*case study 'council-tax-single-person-discount'"):
        run(path, "--publish")
    assert CaseStudyPage.objects.get(slug="council-tax-single-person-discount").title.endswith("discount (example)")

    run(path, "--publish", "--change-note", "Renamed the service as residents know it.")
    page = CaseStudyPage.objects.get(slug="council-tax-single-person-discount")
    assert page.title == "Apply for a single person discount online (example)"
    assert page.live
    assert not page.has_unpublished_changes
    assert [entry.note for entry in page.change_log.all()] == ["Renamed the service as residents know it."]


# Dry run and publishing ---------------------------------------------------------------


def test_dry_run_reports_what_would_change_and_writes_nothing(sections):
    with WriteWatcher(connection) as watcher:
        stdout, _ = run(EXAMPLE_JSON, "--dry-run")

    assert watcher.writes == []
    assert page_count() == 0
    assert "Factory 1: factory 'humber-revenues-factory': create as a draft" in stdout
    assert "Factory 1, case study 2: case study 'council-tax-move-in-notifications': create as a draft" in stdout
    assert "Dry run: nothing was written." in stdout
    assert "Factories: created 1, updated 0, unchanged 0. Case studies: created 2, updated 0, unchanged 0." in stdout


def test_dry_run_on_a_changed_file_names_the_page_it_would_update(sections, write_json):
    run(EXAMPLE_JSON)
    data = example()
    data[0]["case_studies"][1]["phase"] = "beta"

    with WriteWatcher(connection) as watcher:
        stdout, _ = run(write_json(data), "--dry-run", "--publish")

    assert watcher.writes == []
    assert "case study 'council-tax-move-in-notifications': update and publish" in stdout
    assert "case study 'council-tax-single-person-discount': leave unchanged, publish" in stdout
    unchanged = draft(CaseStudyPage, "council-tax-move-in-notifications")
    assert unchanged.phase == "alpha"


def test_publish_publishes_every_imported_page(sections, client):
    stdout, _ = run(EXAMPLE_CSV, "--publish")

    assert "Published: 3." in stdout
    pages = [*FactoryPage.objects.all(), *CaseStudyPage.objects.all()]
    assert len(pages) == 3
    assert all(page.live and not page.has_unpublished_changes and page.live_revision_id for page in pages)
    response = client.get("/case-studies/council-tax-single-person-discount/")
    assert response.status_code == 200
    assert "Apply for a single person discount (example)" in response.content.decode()


def test_publishing_drafts_made_by_an_earlier_import(sections):
    run(EXAMPLE_JSON)
    stdout, _ = run(EXAMPLE_JSON, "--publish")
    assert "unchanged 1" in stdout
    assert "Published: 3." in stdout
    assert CaseStudyPage.objects.live().count() == 2


def test_case_studies_can_be_added_to_a_factory_already_on_the_site(sections, write_json):
    existing = FactoryPageFactory(parent=sections[0], slug="existing-factory", members=1)
    data = example()
    data[0]["case_studies"][0]["benefits"][0]["authorities"] = []
    payload = [{"slug": "existing-factory", "case_studies": data[0]["case_studies"][:1]}]

    stdout, _ = run(write_json(payload))

    assert "Factories: created 0, updated 0, unchanged 0. Case studies: created 1" in stdout
    assert CaseStudyPage.objects.get().factory_id == existing.pk


# All or nothing -----------------------------------------------------------------------


def import_fails(path, *args):
    """Run the import, expecting it to refuse; return the error message."""
    with pytest.raises(CommandError) as raised:
        run(path, *args)
    assert page_count() == 0
    return str(raised.value)


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(sections, write_json):
    data = example()
    data[0]["case_studies"][1]["phase"] = "betaa"

    message = import_fails(write_json(data))

    assert message.startswith("Nothing was imported.")
    assert (
        'Factory 1, case study 2, field "phase": "betaa" is not one of discovery, alpha, beta, live, retired.'
    ) in message


def test_one_bad_csv_row_imports_nothing_and_names_the_spreadsheet_row(sections, write_csv):
    rows = example_csv_rows()
    # Row 1 is the header, so the third record is row 4 in a spreadsheet.
    assert rows[2]["record"] == "ledger"
    rows[2]["cashable_saving_per_year"] = "-500"

    message = import_fails(write_csv(rows))

    assert 'Row 4, field "cashable_saving_per_year": The cashable saving per year cannot be negative.' in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d[0]["members"].append({"authority": "E99999999", "role": "partner"}),
            'Factory 1, field "members": "E99999999" is not the GSS code of an authority in the register',
        ),
        (
            lambda d: d[0]["case_studies"][0].pop("started_on"),
            'Factory 1, case study 1, field "started_on": this field is required.',
        ),
        (
            lambda d: d[0]["case_studies"][0].update(summary="x" * 301),
            'Factory 1, case study 1, field "summary": 301 characters is too long; at most 300.',
        ),
        (
            lambda d: d[0]["case_studies"][0]["benefits"][1].update(one_off_cost="12.50"),
            'Factory 1, case study 1, ledger line 2, field "one_off_cost": Enter the one-off cost as a whole number',
        ),
        (
            lambda d: d[0]["case_studies"][0].update(live_on="2024-01-01"),
            'Factory 1, case study 1, field "live_on": The live date must be on or after the start date.',
        ),
        (
            lambda d: d[0]["case_studies"][0]["benefits"][0].pop("baseline"),
            'Factory 1, case study 1, ledger line 1, field "baseline": Give the baseline',
        ),
        (
            lambda d: d[0]["case_studies"][1].update(openness_reason=""),
            'Factory 1, case study 2, field "openness_reason": Say why it is not open source',
        ),
        (
            lambda d: d[0]["case_studies"][0].update(service_areas=[99999]),
            'Factory 1, case study 1, field "service_areas": "99999" is not an LGSL code',
        ),
        (
            lambda d: d[0]["case_studies"][0].update(licence="WTFPL"),
            'Factory 1, case study 1, field "licence": "WTFPL" is not a licence on the site.',
        ),
        (
            lambda d: d[0]["case_studies"][0].update(partners=[]),
            'Factory 1, case study 1, field "partners": this field is required.',
        ),
        (
            lambda d: d[0]["case_studies"][0].update(stage="live"),
            'Factory 1, case study 1, field "stage": not a field we know.',
        ),
        (
            lambda d: d[0].update(contact_email="", contact_url=""),
            'Factory 1, field "contact_email": Give an email address or a contact web address',
        ),
        (
            lambda d: d[0]["case_studies"][0]["code_repositories"][0].update(url="not a web address"),
            'Factory 1, case study 1, code repository 1, field "url": Enter a valid URL.',
        ),
        (
            lambda d: d[0]["case_studies"][1].update(slug=d[0]["case_studies"][0]["slug"]),
            'Factory 1, case study 2, field "slug": "council-tax-single-person-discount" is given twice',
        ),
        (
            lambda d: d.append({"slug": "no-such-factory", "case_studies": []}),
            'Factory 2, field "slug": no factory has the slug "no-such-factory"',
        ),
    ],
    ids=[
        "unknown-gss-code",
        "missing-required",
        "too-long",
        "pence",
        "live-before-start",
        "ledger-clean",
        "page-clean",
        "unknown-lgsl",
        "unknown-licence",
        "no-partners",
        "unknown-field",
        "no-contact",
        "bad-url",
        "duplicate-slug",
        "unknown-factory",
    ],
)
def test_each_kind_of_bad_input_is_one_line_naming_where(sections, write_json, change, expected):
    data = example()
    change(data)
    message = import_fails(write_json(data))
    assert expected in message
    assert "Traceback" not in message


def test_every_problem_is_reported_not_only_the_first(sections, write_json):
    data = example()
    data[0]["formed_because"] = "friendship"
    data[0]["case_studies"][0]["phase"] = "betaa"
    data[0]["case_studies"][1]["benefits"][0]["confidence"] = "certain"

    message = import_fails(write_json(data))

    assert 'Factory 1, field "formed_because": "friendship" is not one of' in message
    assert 'Factory 1, case study 1, field "phase"' in message
    assert 'Factory 1, case study 2, ledger line 1, field "confidence": "certain" is not one of' in message


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("[{", "bad.json", "bad.json is not valid JSON"),
        ('{"slug": "x"}', "object.json", "expected a list of factories"),
        (
            "kind,slug\nfactory,x\n",
            "header.csv",
            'row 1 (the header): It lacks the column "record". Unknown column(s): kind',
        ),
        ("record,slug\nfactory,x\n", "short.csv", 'Row 2, field "title": this field is required.'),
        (
            "record,factory,slug,title\ncase-study,nowhere,x,X\n",
            "factory.csv",
            'Row 2, field "factory": no factory has the slug "nowhere"',
        ),
        ("record,case_study,title\nledger,missing,X\n", "ledger.csv", 'Row 2, field "case_study": no case study row'),
        ("record,slug\nfactories,x\n", "record.csv", 'Row 2, field "record": "factories" is not one of'),
        ("", "empty.csv", "empty.csv is empty"),
        ("x", "import.txt", "give a .json or a .csv file"),
    ],
)
def test_malformed_files_are_refused_with_a_message(sections, tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert expected in import_fails(path)


def test_a_missing_file_is_a_message_not_a_traceback(sections, tmp_path):
    assert "Cannot read" in import_fails(tmp_path / "nowhere.json")


def test_a_bad_row_after_good_ones_leaves_nothing_behind_on_the_second_file(sections, write_json):
    run(EXAMPLE_JSON)
    data = example()
    data[0]["title"] = "Humber Revenues and Benefits Factory (example)"
    data[0]["case_studies"][1]["started_on"] = "2026-02-30"
    before = {page.pk: page.latest_revision_id for page in FactoryPage.objects.all()}

    with pytest.raises(CommandError, match='case study 2, field "started_on": "2026-02-30" is not a date'):
        run(write_json(data))

    assert {page.pk: page.latest_revision_id for page in FactoryPage.objects.all()} == before


def test_publishing_an_earlier_draft_of_a_live_page_needs_a_change_note_too(sections, write_json):
    run(EXAMPLE_JSON, "--publish")
    data = example()
    data[0]["case_studies"][0]["funding_amount"] = 125000
    path = write_json(data)
    run(path)  # a draft of the change, for review

    with pytest.raises(CommandError, match="--change-note"):
        run(path, "--publish")
    run(path, "--publish", "--change-note", "Corrected the funding amount.")

    page = CaseStudyPage.objects.get(slug="council-tax-single-person-discount")
    assert page.funding_amount == 125_000
    assert not page.has_unpublished_changes
    assert [entry.note for entry in page.change_log.all()] == ["Corrected the funding amount."]


def test_text_is_plain_text_in_paragraphs_and_html_is_not_trusted(sections, write_json):
    data = example()
    data[0]["description"] = 'First <a href="javascript:alert(1)">link</a>.\n\nSecond line one\nline two.'
    run(write_json(data))
    assert draft(FactoryPage, "humber-revenues-factory").description == (
        "<p>First &lt;a href=&quot;javascript:alert(1)&quot;&gt;link&lt;/a&gt;.</p>"
        "<p>Second line one<br/>line two.</p>"
    )


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(("args", "shown"), [([], True), (["--no-progress"], False), (["-v", "0"], False)])
def test_the_progress_bar_is_on_standard_error_on_a_terminal_only(sections, args, shown):
    stdout, stderr = io.StringIO(), Terminal()
    call_command("import_casestudies", str(EXAMPLE_JSON), *args, stdout=stdout, stderr=stderr)
    assert ("Pages" in stderr.getvalue()) is shown
    assert "Pages:" not in stdout.getvalue()
    assert CaseStudyPage.objects.count() == 2
