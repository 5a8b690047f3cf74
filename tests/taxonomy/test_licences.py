"""load_licences creates the standard licences once, with SPDX identifiers, and can run again."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from cms.taxonomy.models import Licence
from tests.taxonomy.conftest import run_command

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

REQUIRED_SPDX_IDS = {
    "OGL-UK-3.0",
    "MIT",
    "Apache-2.0",
    "GPL-3.0-or-later",
    "AGPL-3.0-or-later",
    "CC-BY-4.0",
    "LicenseRef-Proprietary",
}


def snapshot():
    return list(Licence.objects.order_by("pk").values_list("pk", "spdx_id", "name", "url", "is_open", "locale_id"))


def test_loads_the_standard_licences_in_the_default_language():
    stdout, _ = run_command("load_licences")

    assert stdout.strip() == "Licences: created 7, updated 0, unchanged 0"
    assert set(Licence.objects.values_list("spdx_id", flat=True)) >= REQUIRED_SPDX_IDS
    assert set(Licence.objects.values_list("locale", flat=True)) == {Locale.get_default().pk}
    ogl = Licence.objects.get(spdx_id="OGL-UK-3.0")
    assert (ogl.name, ogl.url, ogl.is_open) == (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        True,
    )
    assert Licence.objects.get(spdx_id="MIT").url == "https://spdx.org/licenses/MIT.html"
    assert str(Licence.objects.get(spdx_id="Apache-2.0")) == "Apache License 2.0"
    proprietary = Licence.objects.get(spdx_id="LicenseRef-Proprietary")
    assert (proprietary.name, proprietary.url, proprietary.is_open) == ("Proprietary", "", False)
    assert set(Licence.objects.filter(is_open=False).values_list("spdx_id", flat=True)) == {"LicenseRef-Proprietary"}
    for licence in Licence.objects.all():
        licence.full_clean()


def test_a_second_run_reports_everything_unchanged_and_writes_nothing(watch_writes):
    run_command("load_licences")
    before = snapshot()

    with watch_writes:
        stdout, _ = run_command("load_licences")

    assert stdout.strip() == "Licences: created 0, updated 0, unchanged 7"
    assert watch_writes.writes == []
    assert snapshot() == before


def test_a_changed_licence_is_put_back():
    run_command("load_licences")
    Licence.objects.filter(spdx_id="MIT").update(name="Expat", url="https://example.org/")

    stdout, _ = run_command("load_licences")

    assert stdout.strip() == "Licences: created 0, updated 1, unchanged 6"
    assert Licence.objects.get(spdx_id="MIT").name == "MIT License"


def test_an_open_licence_needs_an_address_and_an_spdx_id_has_no_spaces():
    licence = Licence(spdx_id="My licence", name="My licence", url="", is_open=True, locale=Locale.get_default())

    with pytest.raises(ValidationError) as excinfo:
        licence.full_clean()

    assert "Enter an SPDX licence identifier" in excinfo.value.message_dict["spdx_id"][0]
    assert excinfo.value.message_dict["url"] == ["An open licence needs the web address of its text."]
