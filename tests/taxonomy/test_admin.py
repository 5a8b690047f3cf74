"""Editors manage the taxonomy snippets in the Wagtail admin: list, search, filter, create."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.taxonomy.models import GSS_CODE_MESSAGE, Authority, AuthorityType, Licence, Nation, ServiceArea
from tests.taxonomy.conftest import run_command

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

CAMBRIDGE_LOOKUP = (
    '[{"LTLA21CD": "E07000008", "LTLA21NM": "Cambridge", "UTLA21CD": "E10000003", "UTLA21NM": "Cambridgeshire"},'
    ' {"LTLA21CD": "W06000015", "LTLA21NM": "Cardiff", "UTLA21CD": "W06000015", "UTLA21NM": "Cardiff"}]'
)


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_taxonomy_{model_name}:{view}", args=args)


@pytest.fixture
def some_authorities(write_json):
    run_command("import_authorities", "--file", str(write_json(CAMBRIDGE_LOOKUP)))


@pytest.fixture
def some_service_areas(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("code,label\n524,Household waste collection\n1,Home schooling\n", encoding="utf-8")
    run_command("load_service_areas", "--file", str(path))


@pytest.mark.parametrize("model_name", ["servicearea", "authority", "licence"])
def test_list_pages_answer_for_a_superuser(admin_client, some_authorities, some_service_areas, licences, model_name):
    response = admin_client.get(url(model_name, "list"))

    assert response.status_code == 200


def test_the_authority_list_shows_type_nation_and_upper_tier(admin_client, some_authorities):
    content = admin_client.get(url("authority", "list")).content.decode()

    assert "E07000008" in content
    assert "Non-metropolitan district" in content
    assert "Cambridgeshire" in content
    assert "Wales" in content


def test_authorities_are_filtered_by_type_and_nation(admin_client, some_authorities):
    by_type = admin_client.get(url("authority", "list"), {"authority_type": AuthorityType.COUNTY_COUNCIL})
    by_nation = admin_client.get(url("authority", "list"), {"nation": Nation.WALES})

    assert [str(authority) for authority in by_type.context["object_list"]] == ["Cambridgeshire"]
    assert [str(authority) for authority in by_nation.context["object_list"]] == ["Cardiff"]


@pytest.mark.parametrize(("query", "expected"), [("524", "Household waste collection"), ("schoo", "Home schooling")])
def test_service_areas_are_searched_by_code_and_label(admin_client, some_service_areas, query, expected):
    response = admin_client.get(url("servicearea", "list"), {"q": query})

    assert [str(area) for area in response.context["object_list"]] == [expected]


def test_authorities_are_searched_by_name_and_gss_code(admin_client, some_authorities):
    by_name = admin_client.get(url("authority", "list"), {"q": "cardi"})
    by_code = admin_client.get(url("authority", "list"), {"q": "E10000003"})

    assert [str(authority) for authority in by_name.context["object_list"]] == ["Cardiff"]
    assert [str(authority) for authority in by_code.context["object_list"]] == ["Cambridgeshire"]


def test_licences_are_searched_by_spdx_id(admin_client, licences):
    response = admin_client.get(url("licence", "list"), {"q": "OGL"})

    assert [licence.spdx_id for licence in response.context["object_list"]] == ["OGL-UK-3.0"]


def authority_form(**fields):
    return {"name": "Cambridge", "gss_code": "E07000008", "region": "", "upper_tier": "", "slug": "", **fields}


def test_a_bad_gss_code_in_the_create_form_shows_the_clear_message(admin_client):
    response = admin_client.post(url("authority", "add"), authority_form(gss_code="E07-8"))

    assert response.status_code == 200
    assert response.context["form"].errors["gss_code"] == [GSS_CODE_MESSAGE]
    assert GSS_CODE_MESSAGE in response.content.decode()
    assert not Authority.objects.exists()


def test_the_create_form_makes_an_authority_with_its_type_nation_and_slug(admin_client):
    county = Authority.objects.create(name="Cambridgeshire", gss_code="E10000003")

    response = admin_client.post(url("authority", "add"), authority_form(gss_code="e07000008", upper_tier=county.pk))

    assert response.status_code == 302
    cambridge = Authority.objects.get(gss_code="E07000008")
    assert (cambridge.authority_type, cambridge.nation, cambridge.slug, cambridge.upper_tier) == (
        AuthorityType.NON_METROPOLITAN_DISTRICT,
        Nation.ENGLAND,
        "cambridge",
        county,
    )


def test_the_create_form_refuses_an_upper_tier_for_a_unitary_authority(admin_client):
    county = Authority.objects.create(name="Cambridgeshire", gss_code="E10000003")

    response = admin_client.post(
        url("authority", "add"), authority_form(name="Hartlepool", gss_code="E06000001", upper_tier=county.pk)
    )

    assert response.status_code == 200
    assert "sits under a county council" in response.context["form"].errors["upper_tier"][0]


def test_the_edit_form_of_each_snippet_answers(admin_client, some_authorities, some_service_areas, licences):
    for model_name, instance in [
        ("authority", Authority.objects.get(gss_code="E07000008")),
        ("servicearea", ServiceArea.objects.get(lgsl_code=524)),
        ("licence", Licence.objects.get(spdx_id="MIT")),
    ]:
        response = admin_client.get(url(model_name, "edit", instance.pk))
        assert response.status_code == 200, model_name


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_authority_list_makes_as_many_queries_for_a_full_page_as_for_a_few_rows(admin_client, some_authorities):
    # Only for authorities: on translatable snippets, wagtail-localize's listing buttons cost two queries a row.
    path = url("authority", "list")
    few = count_queries(admin_client, path)

    run_command("import_authorities")
    assert len(admin_client.get(path).context["object_list"]) == 50

    assert count_queries(admin_client, path) == few
