"""A case study's code described in the publiccode.yml standard (version 0.7), for catalogues of public code.

Served at `<case study URL>publiccode.yml` for case studies with at least one
code repository, and meant to be copied into the repository and checked there.
Its keys and how each is filled in are in docs/open-data.md; the choices (the
development status for each phase, maintenance, languages) are in
docs/decisions/0017-exports.md.
"""

import yaml
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .models import Phase, Role

PUBLICCODE_YML_VERSION = "0.7"
#: developmentStatus for each phase: the standard's concept, development, beta, stable, obsolete.
DEVELOPMENT_STATUS = {
    Phase.DISCOVERY: "concept",
    Phase.ALPHA: "development",
    Phase.BETA: "beta",
    Phase.LIVE: "stable",
    Phase.RETIRED: "obsolete",
}
#: The standard's limits on descriptions (characters).
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MAX = 10000
#: What a council's public service is, in the standard's terms.
PLATFORMS = ["web"]
SOFTWARE_TYPE = "standalone/web"
INTENDED_AUDIENCE = {"countries": ["GB"], "scope": ["local-authorities"]}
#: The licence expression when neither the repository nor the case study names one (an SPDX
#: "LicenseRef-" id, as the standard needs some expression and an absent one would be invalid).
LICENCE_NOT_STATED = "LicenseRef-not-stated"


def has_publiccode(page):
    """Whether the case study has code to describe: at least one code repository."""
    return page.code_repositories.exists()


def plain_text(html):
    return " ".join(strip_tags(html or "").split())


def description_in(version):
    """The description section for one language version of the case study."""
    repositories = list(version.code_repositories.all())
    long_description = "\n\n".join(
        text
        for text in (version.summary, plain_text(version.problem), plain_text(version.how_to_reuse))
        if text.strip()
    )
    return {
        "localisedName": version.title,
        "shortDescription": Truncator(" ".join(version.summary.split())).chars(SHORT_DESCRIPTION_MAX),
        "longDescription": Truncator(long_description).chars(LONG_DESCRIPTION_MAX),
        "documentation": version.get_full_url(),
        # What the code is: each repository's name ("Permit application front end").
        "features": [repository.name for repository in repositories] or [version.title],
    }


def written_versions(page):
    """The live, public versions of the case study that are written in their own language.

    A Welsh stand-in that shows the English text (an alias, docs/decisions/0013)
    is left out: its words are the English version's.
    """
    versions = page.get_translations(inclusive=True).live().public().filter(alias_of__isnull=True)
    versions = versions.select_related("locale").specific().order_by("locale__language_code")
    default_language = settings.LANGUAGE_CODE
    # The default language first, as catalogues read the first description as the main one.
    return sorted(versions, key=lambda version: version.locale.language_code != default_language)


def maintenance_of(page):
    """The maintenance section: none once retired, otherwise the factory's contact where it names one.

    The standard asks for named contacts for "internal" and "community" maintenance,
    and for a contract end date for "contract", which the case study does not record.
    """
    factory = page.factory
    if page.phase == Phase.RETIRED or factory is None or not factory.contact_name.strip():
        return {"type": "none"}
    contact = {"name": factory.contact_name.strip()}
    if factory.contact_email:
        contact["email"] = factory.contact_email
    contact["affiliation"] = factory.title
    return {"type": "internal", "contacts": [contact]}


def publiccode_data(page, request=None):
    """The publiccode.yml of a case study with code, as a dict in the standard's key order."""
    repositories = list(page.code_repositories.select_related("licence"))
    first = repositories[0]
    licence = first.licence or page.licence
    versions = written_versions(page) or [page]
    main = versions[0]
    data = {
        "publiccodeYmlVersion": PUBLICCODE_YML_VERSION,
        "name": main.title,
        "url": first.url,
        "landingURL": main.get_full_url(request),
        "platforms": PLATFORMS,
    }
    # The councils that built or use it (observers only followed the work).
    used_by = [
        partner.authority.name
        for partner in page.partners.select_related("authority")
        if partner.role in (Role.LEAD, Role.PARTNER)
    ]
    if used_by:
        data["usedBy"] = used_by
    data["developmentStatus"] = DEVELOPMENT_STATUS[page.phase]
    data["softwareType"] = SOFTWARE_TYPE
    factory = page.factory
    if factory is not None and factory.live:
        data["organisation"] = {"uri": factory.get_full_url(request), "name": factory.title}
    data["intendedAudience"] = INTENDED_AUDIENCE
    data["description"] = {version.locale.language_code: description_in(version) for version in versions}
    data["legal"] = {"license": licence.spdx_id if licence else LICENCE_NOT_STATED}
    data["maintenance"] = maintenance_of(page)
    languages = [version.locale.language_code for version in versions]
    data["localisation"] = {"localisationReady": len(languages) > 1, "availableLanguages": languages}
    return data


def publiccode_yml(page, request=None):
    """The publiccode.yml text: UTF-8 YAML, keys in the standard's order."""
    return yaml.safe_dump(publiccode_data(page, request), allow_unicode=True, sort_keys=False, width=100)
