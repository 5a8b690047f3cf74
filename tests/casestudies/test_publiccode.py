"""A case study's publiccode.yml: valid YAML with the keys the publiccode.yml standard 0.7 requires."""

import pytest
import yaml
from bs4 import BeautifulSoup
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from casestudies.factories import CaseStudyPageFactory, CodeRepositoryFactory, FactoryPageFactory
from casestudies.models import Phase, Role
from casestudies.publiccode import DEVELOPMENT_STATUS
from cms.core.management.commands.setup_site import ensure_welsh_locale
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

#: The keys publiccode.yml 0.7 makes mandatory (docs/standard/schema.core.rst of the standard, tag v0.7.0).
REQUIRED_KEYS = {
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
}
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}


def check_against_the_standard(data):
    """What the 0.7 standard requires of a publiccode.yml, checked on its parsed content."""
    assert set(data) >= REQUIRED_KEYS, REQUIRED_KEYS - set(data)
    assert data["publiccodeYmlVersion"] == "0.7"
    assert data["url"].startswith("https://")
    assert data["developmentStatus"] in DEVELOPMENT_STATUSES
    assert data["softwareType"] in SOFTWARE_TYPES
    assert data["platforms"]
    assert data["legal"]["license"]
    assert data["description"], "at least one language"
    for language, description in data["description"].items():
        assert language in ("en", "cy")
        assert 0 < len(description["shortDescription"]) <= 150
    # longDescription and features are mandatory for at least one language.
    assert any(
        150 <= len(description.get("longDescription", "")) <= 10000 for description in data["description"].values()
    )
    assert any(description.get("features") for description in data["description"].values())
    maintenance = data["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in ("internal", "community"):
        assert all(contact["name"] for contact in maintenance["contacts"])
    if maintenance["type"] != "contract":
        assert "contractors" not in maintenance
    assert isinstance(data["localisation"]["localisationReady"], bool)
    assert data["localisation"]["availableLanguages"]
    if "organisation" in data:
        assert data["organisation"]["uri"]


def publiccode(client, page, prefix=""):
    response = client.get(f"{prefix}{page.url}publiccode.yml")
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    return yaml.safe_load(response.content.decode("utf-8"))


@pytest.fixture
def study(case_study_index):
    leeds = AuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    york = AuthorityFactory(name="City of York Council", gss_code="E06000014")
    hull = AuthorityFactory(name="Hull City Council", gss_code="E06000010")
    factory = FactoryPageFactory(title="Yorkshire factory", contact_name="Sam Jones", contact_email="sam@example.org")
    page = CaseStudyPageFactory(
        parent=case_study_index,
        title="Resident parking permits",
        summary="Residents apply for and renew parking permits online, and officers check them in one place.",
        factory=factory,
        partners=[leeds, york],
        licence=LicenceFactory(spdx_id="OGL-UK-3.0", name="Open Government Licence v3.0"),
    )
    page.partners.create(authority=hull, role=Role.OBSERVER)
    CodeRepositoryFactory(
        page=page,
        name="Permit application front end",
        url="https://github.com/example/permits",
        licence=LicenceFactory(spdx_id="MIT", name="MIT License"),
    )
    CodeRepositoryFactory(page=page, name="Permit checking API", url="https://github.com/example/permits-api")
    return page


def test_a_case_study_with_code_has_a_publiccode_yml_with_the_standards_required_keys(client, study):
    data = publiccode(client, study)

    check_against_the_standard(data)
    assert data["name"] == "Resident parking permits"
    assert data["url"] == "https://github.com/example/permits"
    assert data["landingURL"] == study.full_url
    assert data["developmentStatus"] == "stable"
    assert data["legal"] == {"license": "MIT"}
    assert data["organisation"] == {"uri": study.factory.full_url, "name": "Yorkshire factory"}
    assert data["intendedAudience"]["scope"] == ["local-authorities"]
    # Lead and partner councils use it; an observer only followed the work.
    assert data["usedBy"] == ["Leeds City Council", "City of York Council"]
    assert data["maintenance"] == {
        "type": "internal",
        "contacts": [{"name": "Sam Jones", "email": "sam@example.org", "affiliation": "Yorkshire factory"}],
    }
    english = data["description"]["en"]
    assert english["localisedName"] == "Resident parking permits"
    assert english["shortDescription"].startswith("Residents apply for and renew parking permits online")
    assert english["features"] == ["Permit application front end", "Permit checking API"]
    assert "Fork the code" in english["longDescription"]
    assert data["localisation"] == {"localisationReady": False, "availableLanguages": ["en"]}


@pytest.mark.parametrize(("phase", "status"), list(DEVELOPMENT_STATUS.items()))
def test_the_development_status_follows_the_phase(client, study, phase, status):
    study.phase = phase
    study.ended_on = study.live_on if phase == Phase.RETIRED else None
    study.save_revision().publish()

    data = publiccode(client, study)
    assert data["developmentStatus"] == status
    check_against_the_standard(data)
    if phase == Phase.RETIRED:
        assert data["maintenance"] == {"type": "none"}


def test_without_a_licence_or_a_contact_the_file_is_still_valid(client, case_study_index):
    page = CaseStudyPageFactory(parent=case_study_index, factory=FactoryPageFactory(contact_name=""), repositories=1)

    data = publiccode(client, page)
    check_against_the_standard(data)
    assert data["legal"] == {"license": "LicenseRef-not-stated"}
    assert data["maintenance"] == {"type": "none"}


def test_the_case_study_page_links_to_its_publiccode_yml(client, study, case_study_index):
    page = BeautifulSoup(client.get(study.url).content, "html.parser")
    link = page.find("a", string="Download a publiccode.yml file describing this code")
    assert link["href"] == f"{study.url}publiccode.yml"

    without_code = CaseStudyPageFactory(parent=case_study_index)
    page = BeautifulSoup(client.get(without_code.url).content, "html.parser")
    assert page.find("a", href=f"{without_code.url}publiccode.yml") is None


def test_case_studies_without_code_and_other_pages_have_no_publiccode_yml(client, study, case_study_index):
    without_code = CaseStudyPageFactory(parent=case_study_index)
    assert client.get(f"{without_code.url}publiccode.yml").status_code == 404
    assert client.get(f"{case_study_index.url}publiccode.yml").status_code == 404
    assert client.get(f"{study.url}other.yml").status_code == 404
    study.unpublish()
    assert client.get(f"{study.url}publiccode.yml").status_code == 404


def translate(instance, locale, strings):
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.string.data in strings:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=strings[segment.string.data],
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
    translation.save_target(publish=True)


def test_a_welsh_translation_adds_a_welsh_description_and_a_stand_in_does_not(client, study):
    welsh = ensure_welsh_locale()[0]
    stand_in = study.get_translation(welsh)
    # Not translated yet: the Welsh address serves the file, with the English description only.
    data = publiccode(client, stand_in)
    assert set(data["description"]) == {"en"}

    translate(
        study,
        welsh,
        {
            "Resident parking permits": "Trwyddedau parcio preswylwyr",
            study.summary: "Mae preswylwyr yn gwneud cais am drwyddedau parcio ar-lein.",
        },
    )
    data = publiccode(client, study.get_translation(welsh))
    check_against_the_standard(data)
    assert list(data["description"]) == ["en", "cy"]
    assert data["description"]["cy"]["localisedName"] == "Trwyddedau parcio preswylwyr"
    assert data["description"]["cy"]["documentation"].startswith("http://localhost/cy/")
    assert data["name"] == "Resident parking permits"
    assert data["localisation"] == {"localisationReady": True, "availableLanguages": ["en", "cy"]}
    assert Locale.objects.count() == 2
