"""Interface text in Welsh (docs/decisions/0012-interface-translations.md).

Every string marked for translation has a Welsh entry in
locale/cy/LC_MESSAGES/django.po, the compiled catalogue the site reads is
made from that file as it is now, and Welsh pages show Welsh page furniture
while English pages stay English.
"""

import datetime
import gettext
import shutil
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Locale

from casestudies.models import CaseStudyPage, Openness, Phase
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from search.facets import FACETS_BY_KEY
from search.feeds import describe_query
from search.query import CollectionQuery

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
WELSH_PO = LOCALE_DIR / "cy" / "LC_MESSAGES" / "django.po"
WELSH_MO = WELSH_PO.with_suffix(".mo")
#: Where makemessages does not look: the same list as MESSAGES_IGNORE in the Makefile
#: (`make messages`), and the locale folder itself, as the check writes to a copy.
MESSAGES_IGNORE = ["node_modules", "var", "static_build", "tests", "tools", "locale"]
HOW_TO_FIX = (
    "Run `make messages`, write the Welsh for each entry listed in locale/cy/LC_MESSAGES/django.po "
    "(and remove its fuzzy flag), then `make deps` to compile it."
)


def entry_key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def is_translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_every_interface_string_has_a_welsh_translation(tmp_path, monkeypatch):
    """Finds the strings marked in the code now and checks the committed .po has Welsh for each.

    makemessages runs on a copy of the .po, so the committed file is never changed.
    """
    committed = WELSH_PO.read_bytes()
    copy = tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(WELSH_PO, copy)
    # makemessages writes to every locale folder it can see from where it runs, so it
    # runs in a folder of links to the project's code, with only the copy to write to.
    sources = tmp_path / "project"
    sources.mkdir()
    for child in Path(settings.BASE_DIR).iterdir():
        if not child.name.startswith(".") and child.name not in MESSAGES_IGNORE:
            (sources / child.name).symlink_to(child)
    monkeypatch.chdir(sources)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tmp_path / "locale"])
    try:
        call_command(
            "makemessages",
            locale=["cy"],
            ignore_patterns=MESSAGES_IGNORE,
            symlinks=True,
            no_obsolete=True,
            verbosity=0,
        )
    except CommandError as error:
        pytest.fail(f"makemessages failed ({error}). It needs GNU gettext: apt-get install gettext", pytrace=False)

    in_code = polib.pofile(str(copy))
    # The strings were found where they are, in templates and in Python.
    found = {entry.msgid for entry in in_code}
    assert {"Skip to main content", "Most relevant", "Patterns"} <= found
    in_repository = {entry_key(entry) for entry in polib.pofile(str(WELSH_PO)) if not entry.obsolete}
    not_in_po = [entry.msgid for entry in in_code if entry_key(entry) not in in_repository]
    untranslated = [
        entry.msgid
        for entry in in_code
        if entry_key(entry) in in_repository and (not is_translated(entry) or "fuzzy" in entry.flags)
    ]
    problems = [f"  in the code but not in the .po: {msgid!r}" for msgid in not_in_po]
    problems += [f"  no Welsh, or marked fuzzy: {msgid!r}" for msgid in untranslated]
    assert not problems, "Interface text without Welsh:\n" + "\n".join(problems) + "\n" + HOW_TO_FIX
    assert WELSH_PO.read_bytes() == committed


def test_the_welsh_po_file_uses_the_welsh_plural_forms():
    metadata = polib.pofile(str(WELSH_PO)).metadata

    assert metadata["Language"] == "cy"
    assert metadata["Plural-Forms"] == (
        "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
    )


def test_the_compiled_welsh_catalogue_matches_the_po_file():
    """The site reads the .mo; `make run` and `make test` compile it from the committed .po."""
    assert WELSH_MO.exists(), f"{WELSH_MO} is missing: run `make deps` (it runs compilemessages)."
    with WELSH_MO.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    expected = {}
    for entry in polib.pofile(str(WELSH_PO)):
        if entry.obsolete or "fuzzy" in entry.flags or not is_translated(entry):
            continue
        if entry.msgid_plural:
            expected.update(((entry_key(entry), index), text) for index, text in entry.msgstr_plural.items())
        else:
            expected[entry_key(entry)] = entry.msgstr
    stale = sorted(str(key) for key, text in expected.items() if catalogue.get(key) != text)
    assert not stale, f"{WELSH_MO} is out of date for {len(stale)} entries (first: {stale[0]}): run `make deps`."


def test_type_facet_labels_follow_the_reader_s_language():
    # The labels are cached per language: reading them in English first must not give Welsh readers English.
    facet = FACETS_BY_KEY["type"]
    with translation.override("en"):
        english = facet.all_labels()
    with translation.override("cy"):
        welsh = facet.all_labels()
        heading = str(facet.label)
    with translation.override("en"):
        assert facet.all_labels() == english

    assert english["pattern"] == "Patterns"
    assert welsh["pattern"] == "Patrymau"
    assert welsh["case-study"] == "Astudiaethau achos"
    assert heading == "Math"


@pytest.mark.django_db
def test_card_facts_are_in_the_reader_s_language_with_a_localised_month():
    case_study = CaseStudyPage(phase=Phase.LIVE, openness=Openness.OPEN_SOURCE, started_on=datetime.date(2026, 3, 1))

    with translation.override("cy"):
        welsh = case_study.card_facts()
    with translation.override("en"):
        english = case_study.card_facts()

    assert welsh == [("Cam", "Byw"), ("Agoredrwydd", "Ffynhonnell agored"), ("Dechreuwyd", "Mawrth 2026")]
    assert english == [("Phase", "Live"), ("Openness", "Open source"), ("Started", "March 2026")]


def test_a_feed_describes_itself_in_the_reader_s_language():
    query = CollectionQuery(sort="updated")

    with translation.override("cy"):
        title, description = describe_query(query)

    assert title == "Factory Commons: popeth newydd (diweddarwyd yn ddiweddar)"
    assert description == (
        "Beth sy'n newydd neu wedi newid yn Factory Commons, y rhai a ddiweddarwyd yn fwyaf diweddar yn gyntaf."
    )


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 patrwm"), (2, "2 batrwm"), (3, "3 phatrwm"), (6, "6 phatrwm"), (7, "7 patrwm")]
)
def test_welsh_counts_use_the_welsh_plural_forms(count, expected):
    from patterns.models import PatternPage

    with translation.override("cy"):
        assert PatternPage.collection_count_label % {"count": count} == expected


# Pages -----------------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


@pytest.fixture
def welsh_pattern(home_page):
    """A pattern published in English and in Welsh."""
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    english = PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Find your bin day")
    english.save_revision().publish()
    translated = english.copy_for_translation(welsh, copy_parents=True)
    translated.title = "Dod o hyd i'ch diwrnod biniau"
    translated.save_revision().publish()
    return translated


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_welsh_search_page_has_welsh_page_furniture(client, welsh_pattern):
    page = soup(client.get("/cy/search/", {"type": "pattern"}))

    assert page.html["lang"] == "cy"
    assert page.title.get_text(strip=True) == "Chwilio \N{EN DASH} Factory Commons"
    assert text_of(page.find("a", class_="govuk-skip-link")) == "Neidio i'r prif gynnwys"
    assert text_of(page.find("h1")) == "Chwilio"
    assert text_of(page.find("label", attrs={"for": "search-q"})) == (
        "Chwilio patrymau, safonau, dulliau ac astudiaethau achos"
    )
    assert text_of(page.find(role="status")) == "1 canlyniad"
    assert text_of(page.find("legend")) == "Math"
    assert text_of(page.select_one(".fc-filter-tag")) == "Tynnu math: Patrymau"
    card = page.select_one(".fc-results .fc-card")
    assert text_of(card.select_one(".fc-card__type")) == "Patrwm"
    assert "Dod o hyd i'ch diwrnod biniau" in text_of(card)
    assert "Statws" in text_of(card)
    assert text_of(page.select_one(".fc-subscribe")).startswith("Dilynwch y chwiliad hwn mewn darllenydd ffrydiau")
    assert "Datganiad hygyrchedd" in text_of(page.find("footer"))


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_english_search_page_stays_in_english(client, welsh_pattern):
    page = soup(client.get("/search/", {"type": "pattern"}))

    assert page.html["lang"] == "en"
    assert text_of(page.find("a", class_="govuk-skip-link")) == "Skip to main content"
    assert text_of(page.find("h1")) == "Search"
    assert text_of(page.find(role="status")) == "1 result"
    assert text_of(page.find("legend")) == "Type"
    assert text_of(page.select_one(".fc-filter-tag")) == "Remove type: Patterns"
    assert text_of(page.select_one(".fc-results .fc-card .fc-card__type")) == "Pattern"


@pytest.mark.django_db
def test_a_bad_welsh_search_is_explained_in_welsh(client, home_page):
    response = client.get("/cy/search/", {"sort": "oldest"})

    assert response.status_code == 400
    page = soup(response)
    assert text_of(page.find("h1")) == "Mae problem gyda'r chwiliad hwn"
    assert "Dim ond yn ôl perthnasedd" in text_of(page.find(role="alert"))


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "heading", "advice"),
    [
        ("/cy/no-such-page/", "cy", "Heb ddod o hyd i'r dudalen", "gwiriwch ei fod yn gywir"),
        ("/no-such-page/", "en", "Page not found", "check it is correct"),
    ],
)
def test_a_missing_page_says_so_in_the_reader_s_language(client, home_page, url, language, heading, advice):
    response = client.get(url)

    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == language
    assert text_of(page.find("h1")) == heading
    assert advice in text_of(page.find("main"))
