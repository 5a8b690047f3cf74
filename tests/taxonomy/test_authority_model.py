"""An authority's GSS code is checked, and fixes its type, nation and (for London) region."""

import pytest
from django.core.exceptions import ValidationError

from cms.taxonomy.models import GSS_CODE_MESSAGE, Authority, AuthorityType, Nation

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("gss_code", "authority_type", "nation"),
    [
        ("E06000001", AuthorityType.UNITARY_AUTHORITY, Nation.ENGLAND),
        ("E07000008", AuthorityType.NON_METROPOLITAN_DISTRICT, Nation.ENGLAND),
        ("E08000003", AuthorityType.METROPOLITAN_BOROUGH, Nation.ENGLAND),
        ("E09000033", AuthorityType.LONDON_BOROUGH, Nation.ENGLAND),
        ("E10000003", AuthorityType.COUNTY_COUNCIL, Nation.ENGLAND),
        ("W06000015", AuthorityType.WELSH_PRINCIPAL_COUNCIL, Nation.WALES),
        ("S12000036", AuthorityType.SCOTTISH_COUNCIL_AREA, Nation.SCOTLAND),
        ("N09000003", AuthorityType.NORTHERN_IRELAND_DISTRICT, Nation.NORTHERN_IRELAND),
    ],
)
def test_a_good_gss_code_passes_and_sets_type_and_nation(gss_code, authority_type, nation):
    authority = Authority(name="Somewhere", gss_code=gss_code)

    authority.full_clean()
    authority.save()

    authority.refresh_from_db()
    assert (authority.authority_type, authority.nation) == (authority_type, nation)


@pytest.mark.parametrize(
    "gss_code",
    [
        "E0700008",  # five digits
        "E070000080",  # seven digits
        "E11000001",  # a combined authority, not a council
        "E05000001",  # an electoral ward
        "X07000008",
        "E07-00008",
        "E07 000008",
        "",
    ],
)
def test_a_bad_gss_code_gives_the_clear_message(gss_code):
    authority = Authority(name="Somewhere", gss_code=gss_code)

    with pytest.raises(ValidationError) as excinfo:
        authority.full_clean()

    messages = excinfo.value.message_dict["gss_code"]
    expected = "This field cannot be blank." if gss_code == "" else GSS_CODE_MESSAGE
    assert expected in messages
    assert "E06, E07, E08, E09, E10, W06, S12 or N09 followed by exactly 6 digits" in GSS_CODE_MESSAGE


def test_a_gss_code_typed_in_lower_case_with_spaces_is_stored_in_capitals():
    authority = Authority(name="Cambridge", gss_code=" e07000008 ")

    authority.full_clean()

    assert authority.gss_code == "E07000008"


def test_the_gss_code_is_unique():
    Authority.objects.create(name="Cambridge", gss_code="E07000008")

    with pytest.raises(ValidationError) as excinfo:
        Authority(name="Cambridge again", gss_code="E07000008").full_clean()

    assert excinfo.value.message_dict["gss_code"] == ["Another authority already has this GSS code."]


def test_a_london_borough_is_in_london_and_other_regions_are_left_to_editors():
    westminster = Authority.objects.create(name="Westminster", gss_code="E09000033")
    cambridge = Authority.objects.create(name="Cambridge", gss_code="E07000008")

    assert westminster.region == "London"
    assert cambridge.region == ""


def test_the_slug_is_made_from_the_name_and_kept_unique():
    first = Authority.objects.create(name="Newport", gss_code="W06000022")
    second = Authority.objects.create(name="Newport", gss_code="E07000999")

    assert str(first) == "Newport"
    assert first.slug == "newport"
    assert second.slug == "newport-e07000999"


def test_authorities_are_ordered_by_name():
    Authority.objects.create(name="Exeter", gss_code="E07000041")
    Authority.objects.create(name="Cambridge", gss_code="E07000008")

    assert [str(authority) for authority in Authority.objects.all()] == ["Cambridge", "Exeter"]


def test_a_district_sits_under_its_county_council():
    county = Authority.objects.create(name="Cambridgeshire", gss_code="E10000003")
    district = Authority(name="Cambridge", gss_code="E07000008", upper_tier=county)

    district.full_clean()
    district.save()

    assert list(county.lower_tier_authorities.all()) == [district]


@pytest.mark.parametrize(
    ("gss_code", "upper_tier_code", "message"),
    [
        ("E06000001", "E10000003", "Only a non-metropolitan district (E07) sits under a county council"),
        ("E07000008", "E06000001", "must be a county council (E10)"),
    ],
)
def test_only_a_district_has_an_upper_tier_and_it_is_a_county_council(gss_code, upper_tier_code, message):
    upper = Authority.objects.create(name="Upper", gss_code=upper_tier_code)
    authority = Authority(name="Lower", gss_code=gss_code, upper_tier=upper)

    with pytest.raises(ValidationError) as excinfo:
        authority.full_clean()

    assert message in excinfo.value.message_dict["upper_tier"][0]


def test_an_authority_is_not_its_own_upper_tier():
    county = Authority.objects.create(name="Cambridgeshire", gss_code="E10000003")
    county.upper_tier = county

    with pytest.raises(ValidationError) as excinfo:
        county.full_clean()

    assert "cannot be its own upper tier" in excinfo.value.message_dict["upper_tier"][0]
