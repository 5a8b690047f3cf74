"""Bulk import of factories and case studies, with their ledgers, from JSON or CSV.

The format is described in docs/import.md and the choices behind it in
docs/decisions/0018-import.md. In short:

- Both formats are read into the same `Entry` tree (factories, their case
  studies, and each case study's ledger lines and code repositories), and
  that tree goes through one validation path.
- Every entry is checked before anything is written: its values are read
  (choices, dates, whole pounds, GSS and LGSL codes, SPDX ids), then the page
  and its rows are checked by the models' own full_clean() and clean(), the
  checks an editor's save in the admin runs. Every problem is reported, each
  with the row (CSV) or the entry (JSON) and the field.
- Pages are matched to existing ones by slug, in the default language. A page
  whose imported fields already hold the file's values is left alone, so
  importing the same file twice changes nothing the second time.
- Writing happens in one transaction, after all checks passed. New pages are
  plain drafts (not submitted to the review workflow) unless `publish`.
"""

import csv
import datetime
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms.core.models import PageChange
from cms.taxonomy.models import Authority, Licence, ServiceArea

from .fields import PoundsFormField
from .models import (
    BenefitLine,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPartner,
    CodeRepository,
    Confidence,
    FactoryIndexPage,
    FactoryMember,
    FactoryPage,
    FormedBecause,
    Openness,
    Phase,
    Role,
)

#: At most this many problems are listed; the rest are counted.
MAX_PROBLEMS_SHOWN = 50

# What each kind of entry may hold, and how each value is read. The names are the
# model fields' names, so a model's error for a field names the column or key too.
TEXT, RICH_TEXT, STORY, CHOICE, DATE, POUNDS, AREAS, ROLES, AUTHORITIES, LICENCE, LINES = (
    "text",
    "rich text",
    "story",
    "choice",
    "date",
    "pounds",
    "service areas",
    "authorities with roles",
    "authorities",
    "licence",
    "lines",
)

FACTORY_FIELDS = {
    "slug": TEXT,
    "title": TEXT,
    "summary": TEXT,
    "description": RICH_TEXT,
    "formed_because": CHOICE,
    "formed_because_detail": TEXT,
    "contact_name": TEXT,
    "contact_email": TEXT,
    "contact_url": TEXT,
    "service_areas": AREAS,
    "members": ROLES,
}
CASE_STUDY_FIELDS = {
    "slug": TEXT,
    "title": TEXT,
    "summary": TEXT,
    "problem": RICH_TEXT,
    "approach": STORY,
    "phase": CHOICE,
    "started_on": DATE,
    "live_on": DATE,
    "ended_on": DATE,
    "openness": CHOICE,
    "openness_reason": TEXT,
    "licence": LICENCE,
    "suppliers": LINES,
    "funding_source": TEXT,
    "funding_amount": POUNDS,
    "lessons_learnt": RICH_TEXT,
    "how_to_reuse": RICH_TEXT,
    "service_areas": AREAS,
    "partners": ROLES,
}
BENEFIT_FIELDS = {
    "title": TEXT,
    "cashable_saving_per_year": POUNDS,
    "one_off_cost": POUNDS,
    "non_cashable_benefit": TEXT,
    "non_cashable_measure": TEXT,
    "baseline": TEXT,
    "method": TEXT,
    "confidence": CHOICE,
    "evidence_url": TEXT,
    "authorities": AUTHORITIES,
}
REPOSITORY_FIELDS = {"name": TEXT, "url": TEXT, "licence": LICENCE}

CHOICES = {
    "formed_because": FormedBecause,
    "phase": Phase,
    "openness": Openness,
    "confidence": Confidence,
}
#: Fields that must have a value although the model lets them be empty: a page needs
#: at least one member or partner (the admin form's minimum), and a slug is the key.
REQUIRED_EXTRA = {"members", "partners"}

# CSV: one file, one record a row; the `record` column says what the row is.
CSV_FACTORY, CSV_CASE_STUDY, CSV_LEDGER, CSV_REPOSITORY = "factory", "case-study", "ledger", "repository"
CSV_RECORD_FIELDS = {
    CSV_FACTORY: FACTORY_FIELDS,
    CSV_CASE_STUDY: {"factory": TEXT, **CASE_STUDY_FIELDS},
    CSV_LEDGER: {"case_study": TEXT, **BENEFIT_FIELDS},
    CSV_REPOSITORY: {"case_study": TEXT, **REPOSITORY_FIELDS},
}
CSV_COLUMNS = [
    "record",
    *dict.fromkeys(["factory", "case_study", *(name for fields in CSV_RECORD_FIELDS.values() for name in fields)]),
]


class ImportProblems(Exception):
    """The input cannot be imported. `problems` holds one line per problem, each naming where."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self):
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        hidden = len(self.problems) - len(shown)
        return [*shown, *([f"... and {hidden} more problems."] if hidden else [])]


@dataclass
class Entry:
    """One factory, case study, ledger line or code repository as read from the file."""

    where: str
    values: dict
    case_studies: list = field(default_factory=list)
    benefits: list = field(default_factory=list)
    repositories: list = field(default_factory=list)
    #: A factory given only by its slug, to add case studies to: it must exist and is not changed.
    reference: bool = False


def _where(where, name=None):
    return f'{where}, field "{name}"' if name else where


def _shown(value, limit=60):
    text = value if isinstance(value, str) else json.dumps(value)
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return f'"{text}"'


# Reading files ----------------------------------------------------------------


def read_file(path):
    """Return the factory entries of a .json or .csv file; raise ImportProblems if it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ImportProblems([f"Cannot read {path}: {error.strerror or error}."]) from error
    except UnicodeDecodeError as error:
        raise ImportProblems([f"{path} is not UTF-8 text (byte {error.start} cannot be read)."]) from error
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_json(text, path.name)
    if suffix == ".csv":
        return read_csv(text, path.name)
    raise ImportProblems([f"{path.name}: give a .json or a .csv file (see docs/import.md)."])


def read_json(text, source="the file"):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblems([f"{source} is not valid JSON: {error.msg} at line {error.lineno}."]) from error
    if not isinstance(data, list):
        raise ImportProblems([f"{source}: expected a list of factories, [ {{...}}, ... ]."])
    problems = []
    factories = []
    for number, item in enumerate(data, start=1):
        where = f"Factory {number}"
        if not _json_object(item, where, problems):
            continue
        entry = _json_entry(item, where, FACTORY_FIELDS, {"case_studies"}, problems)
        entry.reference = "title" not in item and set(item) <= {"slug", "case_studies"}
        for case_number, case_item in enumerate(_json_list(item, "case_studies", where, problems), start=1):
            case_where = f"{where}, case study {case_number}"
            if not _json_object(case_item, case_where, problems):
                continue
            case = _json_entry(case_item, case_where, CASE_STUDY_FIELDS, {"benefits", "code_repositories"}, problems)
            for line_number, line in enumerate(_json_list(case_item, "benefits", case_where, problems), start=1):
                line_where = f"{case_where}, ledger line {line_number}"
                if _json_object(line, line_where, problems):
                    case.benefits.append(_json_entry(line, line_where, BENEFIT_FIELDS, set(), problems))
            repositories = _json_list(case_item, "code_repositories", case_where, problems)
            for repo_number, repo in enumerate(repositories, start=1):
                repo_where = f"{case_where}, code repository {repo_number}"
                if _json_object(repo, repo_where, problems):
                    case.repositories.append(_json_entry(repo, repo_where, REPOSITORY_FIELDS, set(), problems))
            entry.case_studies.append(case)
        factories.append(entry)
    if problems:
        raise ImportProblems(problems)
    return factories


def _json_object(item, where, problems):
    if isinstance(item, dict):
        return True
    problems.append(f"{where}: expected an object {{...}}, not {_shown(item)}.")
    return False


def _json_list(item, key, where, problems):
    value = item.get(key, [])
    if isinstance(value, list):
        return value
    problems.append(f"{_where(where, key)}: expected a list [...].")
    return []


def _json_entry(item, where, fields, nested, problems):
    unknown = [key for key in item if key not in fields and key not in nested]
    for key in unknown:
        problems.append(f"{_where(where, key)}: not a field we know. Fields: {', '.join([*fields, *nested])}.")
    return Entry(where=where, values={key: value for key, value in item.items() if key in fields})


def read_csv(text, source="the file"):
    """Read the one-file CSV layout: a `record` column says whether a row is a factory, a case study,
    a ledger line or a code repository; the last two name their case study in `case_study`."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    problems = []
    try:
        header = reader.fieldnames
        if not header:
            raise ImportProblems([f"{source} is empty: expected a header row naming the columns."])
        header = [name.strip() for name in header]
        reader.fieldnames = header
        unknown = [name for name in header if name not in CSV_COLUMNS]
        if "record" not in header or unknown:
            missing = "" if "record" in header else ' It lacks the column "record".'
            extra = f" Unknown column(s): {', '.join(unknown)}." if unknown else ""
            raise ImportProblems([f"{source}, row 1 (the header):{missing}{extra} Columns: {', '.join(CSV_COLUMNS)}."])
        rows = []
        # A spreadsheet's row number: the header is row 1, whatever line breaks the cells hold.
        for number, row in enumerate(reader, start=2):
            where = f"Row {number}"
            if None in row:
                problems.append(f"{where}: more cells than the header has columns.")
                continue
            rows.append((where, {key: (value or "").strip() for key, value in row.items()}))
    except csv.Error as error:
        raise ImportProblems([f"{source}, line {reader.line_num}: {error}."]) from error

    factories = {}
    case_studies = {}
    pending_children = []
    for where, row in rows:
        kind = row["record"]
        if not any(row.values()):
            continue  # an empty row, as spreadsheets leave at the end
        if kind not in CSV_RECORD_FIELDS:
            problems.append(f"{_where(where, 'record')}: {_shown(kind)} is not one of {', '.join(CSV_RECORD_FIELDS)}.")
            continue
        allowed = CSV_RECORD_FIELDS[kind]
        for name, value in row.items():
            if value and name != "record" and name not in allowed:
                problems.append(f'{_where(where, name)}: a {kind} row has no "{name}"; leave the cell empty.')
        values = {name: row[name] for name in allowed if row.get(name)}
        if kind == CSV_FACTORY:
            slug = values.get("slug") or slugify(values.get("title", ""))
            existing = factories.get(slug)
            if existing is not None and not existing.reference:
                problems.append(
                    f"{_where(where, 'slug')}: factory {_shown(slug)} is given twice (first in {existing.where})."
                )
                continue
            entry = Entry(where=where, values=values)
            if existing is not None:
                entry.case_studies = existing.case_studies
            factories[slug] = entry
        elif kind == CSV_CASE_STUDY:
            factory_slug = values.pop("factory", "")
            if not factory_slug:
                problems.append(f"{_where(where, 'factory')}: give the slug of the factory that did this work.")
                continue
            case = Entry(where=where, values=values)
            factory = factories.setdefault(
                factory_slug, Entry(where=where, values={"slug": factory_slug}, reference=True)
            )
            factory.case_studies.append(case)
            case_studies.setdefault(values.get("slug") or slugify(values.get("title", "")), case)
        else:
            pending_children.append((where, kind, values))

    # Ledger lines and repositories may come before or after their case study's row.
    for where, kind, values in pending_children:
        slug = values.pop("case_study", "")
        case = case_studies.get(slug)
        if case is None:
            problems.append(
                f"{_where(where, 'case_study')}: "
                + (
                    f"no case study row in this file has the slug {_shown(slug)}."
                    if slug
                    else "give the case study's slug."
                )
            )
            continue
        (case.benefits if kind == CSV_LEDGER else case.repositories).append(Entry(where=where, values=values))
    if problems:
        raise ImportProblems(problems)
    return list(factories.values())


# Reading values ----------------------------------------------------------------


class _Lookups:
    """The taxonomy rows and pages an import refers to, in the default language, fetched once."""

    def __init__(self, locale):
        self.locale = locale
        self.areas = {area.lgsl_code: area for area in ServiceArea.objects.filter(locale=locale)}
        self.licences = {licence.spdx_id.lower(): licence for licence in Licence.objects.filter(locale=locale)}
        self.authorities = {}

    def load_authorities(self, codes):
        found = Authority.objects.filter(gss_code__in={code.upper() for code in codes})
        self.authorities.update({authority.gss_code: authority for authority in found})


def _is_empty(value):
    return value is None or value == "" or value == []


def _split(value):
    """A list from JSON, or the items of a CSV cell separated by semicolons."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [item.strip() for item in value.split(";") if item.strip()]
    return [value]


def _paragraphs(text):
    """Plain text, paragraphs separated by a blank line, as rich text paragraphs (escaped, never raw HTML)."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return "".join(
        f"<p>{'<br/>'.join(html.escape(line.strip()) for line in block.splitlines())}</p>" for block in blocks
    )


class _Reader:
    """Reads one entry's raw values into model values, collecting a problem for each that cannot be read."""

    def __init__(self, model, fields, lookups, problems):
        self.model, self.fields, self.lookups, self.problems = model, fields, lookups, problems

    def read(self, entry):
        values = {}
        ok = True
        for name, kind in self.fields.items():
            raw = entry.values.get(name)
            if isinstance(raw, str):
                raw = raw.strip()
            try:
                values[name] = self.value(name, kind, raw)
            except ValidationError as error:
                ok = False
                for message in error.messages:
                    self.problems.append(f"{_where(entry.where, name)}: {message}")
        return values if ok else None

    def value(self, name, kind, raw):
        model_field = self._model_field(name)
        if _is_empty(raw):
            required = name in REQUIRED_EXTRA or (
                model_field is not None and not model_field.blank and name not in {"slug", "licence"}
            )
            if required:
                raise ValidationError("this field is required.")
            return self._empty(kind)
        if kind in {TEXT, RICH_TEXT, STORY, CHOICE, LINES} and not (
            isinstance(raw, str) or (kind == LINES and isinstance(raw, list) and all(isinstance(x, str) for x in raw))
        ):
            raise ValidationError(f"expected text, not {_shown(raw)}.")
        if kind == LINES and isinstance(raw, list):
            raw = "\n".join(line.strip() for line in raw)
        max_length = getattr(model_field, "max_length", None)
        if isinstance(raw, str) and max_length and len(raw) > max_length:
            raise ValidationError(f"{len(raw)} characters is too long; at most {max_length}.")
        if kind in {TEXT, LINES}:
            return raw
        if kind == RICH_TEXT:
            return _paragraphs(raw)
        if kind == STORY:
            return [("paragraph", RichText(_paragraphs(raw)))]
        if kind == CHOICE:
            choices = CHOICES[name]
            if raw not in choices.values:
                raise ValidationError(f"{_shown(raw)} is not one of {', '.join(choices.values)}.")
            return raw
        if kind == DATE:
            # Only the one form; fromisoformat alone would also take 20250401 and 2025-W01-1.
            try:
                if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                    return datetime.date.fromisoformat(raw)
            except ValueError:
                pass
            raise ValidationError(f"{_shown(raw)} is not a date written like 2025-04-01.")
        if kind == POUNDS:
            if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
                raise ValidationError(f"expected a whole number of pounds, not {_shown(raw)}.")
            amount = PoundsFormField(label=model_field.verbose_name).to_python(raw)
            # The model's own limits (not negative, not too large), with its messages.
            model_field.run_validators(amount)
            return amount
        if kind == AREAS:
            return self._areas(raw)
        if kind == LICENCE:
            if not isinstance(raw, str) or raw.lower() not in self.lookups.licences:
                known = ", ".join(sorted(licence.spdx_id for licence in self.lookups.licences.values()))
                raise ValidationError(f"{_shown(raw)} is not a licence on the site. Licences: {known or 'none yet'}.")
            return self.lookups.licences[raw.lower()]
        if kind == AUTHORITIES:
            return self._authorities(raw)
        if kind == ROLES:
            return self._roles(raw)
        raise AssertionError(kind)

    def _model_field(self, name):
        try:
            return self.model._meta.get_field(name)
        except Exception:
            return None

    def _empty(self, kind):
        return {DATE: None, POUNDS: None, LICENCE: None, AREAS: [], AUTHORITIES: [], ROLES: []}.get(kind, "")

    def _areas(self, raw):
        areas = []
        for item in _split(raw):
            text = str(item).strip()
            area = self.lookups.areas.get(int(text)) if re.fullmatch(r"[0-9]+", text) else None
            if area is None:
                raise ValidationError(
                    f"{_shown(text)} is not an LGSL code of a service area on the site (load them with "
                    "load_service_areas)."
                )
            if area not in areas:
                areas.append(area)
        return areas

    def _authority(self, code):
        if not isinstance(code, str) or code.upper() not in self.lookups.authorities:
            raise ValidationError(
                f"{_shown(code)} is not the GSS code of an authority in the register (load it with "
                "import_authorities)."
            )
        return self.lookups.authorities[code.upper()]

    def _authorities(self, raw):
        found = []
        for code in _split(raw):
            authority = self._authority(code)
            if authority in found:
                raise ValidationError(f"{authority.gss_code} is listed twice.")
            found.append(authority)
        return found

    def _roles(self, raw):
        """[(authority, role)] from [{"authority": code, "role": role}] or a cell like "E08000035:lead; ..."."""
        found = []
        for item in _split(raw):
            if isinstance(item, dict):
                extra = set(item) - {"authority", "role"}
                if extra:
                    raise ValidationError(f'give each as {{"authority": GSS code, "role": role}}, not {_shown(item)}.')
                code, role = item.get("authority"), item.get("role") or Role.PARTNER
            elif isinstance(item, str):
                code, _colon, role = item.partition(":")
                code, role = code.strip(), role.strip() or Role.PARTNER
            else:
                raise ValidationError(f"give each as a GSS code and a role, not {_shown(item)}.")
            authority = self._authority(code)
            if role not in Role.values:
                raise ValidationError(
                    f"the role {_shown(role)} of {authority.gss_code} is not one of {', '.join(Role.values)}."
                )
            if any(authority == seen for seen, _role in found):
                raise ValidationError(f"{authority.gss_code} is listed twice.")
            found.append((authority, role))
        return found


def _authority_codes(entries):
    """Every GSS code the entries name, so the authorities are fetched in one query."""
    codes = set()
    for factory in entries:
        for case in [factory, *factory.case_studies]:
            for key in ("members", "partners"):
                for item in _split(case.values.get(key) or []):
                    code = item.get("authority") if isinstance(item, dict) else str(item).partition(":")[0]
                    if isinstance(code, str):
                        codes.add(code.strip())
            for line in case.benefits:
                codes.update(str(code).strip() for code in _split(line.values.get("authorities") or []))
    return codes


# Planning ------------------------------------------------------------------------

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class Action:
    """What the import does to one page."""

    page: object
    change: str
    publish: bool
    where: str

    @property
    def label(self):
        return f"{self.page._meta.verbose_name} '{self.page.slug}'"

    def describe(self):
        what = {CREATE: "create", UPDATE: "update", UNCHANGED: "leave unchanged"}[self.change]
        if self.publish:
            what += " and publish" if self.change != UNCHANGED else ", publish"
        elif self.change != UNCHANGED:
            what += " as a draft"
        return f"{self.label}: {what}"


@dataclass
class Plan:
    factories: list = field(default_factory=list)
    case_studies: list = field(default_factory=list)
    factory_index: object = None
    case_study_index: object = None

    @property
    def actions(self):
        return [*self.factories, *self.case_studies]

    def counts(self):
        def count(actions):
            return {
                change: sum(1 for action in actions if action.change == change)
                for change in (CREATE, UPDATE, UNCHANGED)
            }

        return count(self.factories), count(self.case_studies), sum(1 for action in self.actions if action.publish)

    def summary(self):
        (factories, case_studies, published) = self.counts()
        return (
            f"Factories: created {factories[CREATE]}, updated {factories[UPDATE]}, unchanged {factories[UNCHANGED]}. "
            f"Case studies: created {case_studies[CREATE]}, updated {case_studies[UPDATE]}, "
            f"unchanged {case_studies[UNCHANGED]}. Published: {published}."
        )


def _existing(model, slug, locale):
    page = model.objects.filter(slug=slug, locale=locale).order_by("path").first()
    return page.get_latest_revision_as_object() if page else None


def _check(instance, where, problems, exclude=()):
    """The model's own validation (fields, then clean()), as the admin runs it; one problem per message."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                problems.append(f"{where if name == NON_FIELD_ERRORS else _where(where, name)}: {message}")
        return False
    return True


#: Page fields a new page gets only when it is placed in the tree; the admin's form leaves them out too.
TREE_FIELDS = ("path", "depth", "numchild", "url_path", "draft_title", "translation_key", "locale", "content_type")


def _factory_snapshot(page):
    return (
        [getattr(page, name) for name in FACTORY_FIELDS if name not in {"service_areas", "members"}],
        sorted(area.pk for area in page.service_areas.all()),
        [(member.authority_id, member.role) for member in page.members.all()],
    )


def _case_study_snapshot(page):
    scalar = [name for name, kind in CASE_STUDY_FIELDS.items() if kind not in {STORY, LICENCE, AREAS, ROLES}]
    return (
        [getattr(page, name) for name in scalar],
        page.factory_id,
        page.licence_id,
        [(child.block_type, getattr(child.value, "source", repr(child.value))) for child in page.approach],
        sorted(area.pk for area in page.service_areas.all()),
        [(partner.authority_id, partner.role) for partner in page.partners.all()],
        [
            (
                *(getattr(line, name) for name in BENEFIT_FIELDS if name != "authorities"),
                sorted(authority.pk for authority in line.authorities.all()),
            )
            for line in page.benefits.all()
        ],
        [(repo.name, repo.url, repo.licence_id) for repo in page.code_repositories.all()],
    )


def plan_import(entries, *, publish=False, locale=None):
    """Read and check every entry; return the Plan, or raise ImportProblems listing every problem."""
    locale = locale or Locale.get_default()
    problems = []
    lookups = _Lookups(locale)
    lookups.load_authorities(_authority_codes(entries))
    plan = Plan(
        factory_index=FactoryIndexPage.objects.filter(locale=locale).order_by("path").first(),
        case_study_index=CaseStudyIndexPage.objects.filter(locale=locale).order_by("path").first(),
    )
    factory_reader = _Reader(FactoryPage, FACTORY_FIELDS, lookups, problems)
    case_reader = _Reader(CaseStudyPage, CASE_STUDY_FIELDS, lookups, problems)
    benefit_reader = _Reader(BenefitLine, BENEFIT_FIELDS, lookups, problems)
    repository_reader = _Reader(CodeRepository, REPOSITORY_FIELDS, lookups, problems)
    seen = {FactoryPage: {}, CaseStudyPage: {}}

    def key(entry, model):
        slug = entry.values.get("slug") or slugify(str(entry.values.get("title") or ""))
        if not isinstance(slug, str) or not slug:
            problems.append(f"{_where(entry.where, 'slug')}: give a slug or a title.")
            return None
        if slug in seen[model]:
            problems.append(
                f"{_where(entry.where, 'slug')}: {_shown(slug)} is given twice (first in {seen[model][slug]})."
            )
            return None
        seen[model][slug] = entry.where
        return slug

    for factory_entry in entries:
        slug = key(factory_entry, FactoryPage)
        factory = None
        if slug and factory_entry.reference:
            factory = _existing(FactoryPage, slug, locale)
            if factory is None:
                problems.append(
                    f"{_where(factory_entry.where, 'factory' if factory_entry.where.startswith('Row') else 'slug')}: "
                    f"no factory has the slug {_shown(slug)}; add the factory to the file (with its title and "
                    "other fields) or correct the slug."
                )
        elif slug:
            factory = _plan_factory(factory_entry, slug, factory_reader, plan, publish, locale, problems)
        for case_entry in factory_entry.case_studies:
            case_slug = key(case_entry, CaseStudyPage)
            if case_slug:
                _plan_case_study(
                    case_entry,
                    case_slug,
                    factory,
                    (case_reader, benefit_reader, repository_reader),
                    plan,
                    publish,
                    locale,
                    problems,
                )

    if plan.factory_index is None and any(action.change == CREATE for action in plan.factories):
        problems.append("The site has no factory index page to put new factories under: make one in the admin first.")
    if plan.case_study_index is None and any(action.change == CREATE for action in plan.case_studies):
        problems.append("The site has no case study index page to put new case studies under: make one first.")
    if problems:
        raise ImportProblems(problems)
    return plan


def _plan_factory(entry, slug, reader, plan, publish, locale, problems):
    values = reader.read(entry)
    existing = _existing(FactoryPage, slug, locale)
    page = existing or FactoryPage(locale=locale)
    if values is None:
        return page
    before = _factory_snapshot(page) if existing else None
    members, areas = values.pop("members"), values.pop("service_areas")
    for name, value in values.items():
        setattr(page, name, value)
    page.slug = slug
    page.members = [
        FactoryMember(authority=authority, role=role, sort_order=number)
        for number, (authority, role) in enumerate(members)
    ]
    page.service_areas = areas
    if _check(page, entry.where, problems, exclude=() if existing else TREE_FIELDS):
        plan.factories.append(_action(page, existing, before, _factory_snapshot(page), publish, entry.where))
    return page


def _plan_case_study(entry, slug, factory, readers, plan, publish, locale, problems):
    case_reader, benefit_reader, repository_reader = readers
    values = case_reader.read(entry)
    lines = [(line, benefit_reader.read(line)) for line in entry.benefits]
    repositories = [(repo, repository_reader.read(repo)) for repo in entry.repositories]
    if values is None or factory is None:
        return
    existing = _existing(CaseStudyPage, slug, locale)
    page = existing or CaseStudyPage(locale=locale)
    before = _case_study_snapshot(page) if existing else None
    partners, areas = values.pop("partners"), values.pop("service_areas")
    for name, value in values.items():
        setattr(page, name, value)
    page.slug = slug
    page.factory = factory
    page.service_areas = areas
    page.partners = [
        CaseStudyPartner(authority=authority, role=role, sort_order=number)
        for number, (authority, role) in enumerate(partners)
    ]
    ok = True
    benefits = []
    for number, (line_entry, line_values) in enumerate(lines):
        if line_values is None:
            ok = False
            continue
        authorities = line_values.pop("authorities")
        line = BenefitLine(**line_values, sort_order=number)
        line.authorities = authorities
        ok = _check(line, line_entry.where, problems, exclude=("page", "locale", "translation_key")) and ok
        benefits.append(line)
    code_repositories = []
    for number, (repo_entry, repo_values) in enumerate(repositories):
        if repo_values is None:
            ok = False
            continue
        repository = CodeRepository(**repo_values, sort_order=number)
        ok = _check(repository, repo_entry.where, problems, exclude=("page",)) and ok
        code_repositories.append(repository)
    page.benefits = benefits
    page.code_repositories = code_repositories
    # A factory new in this file has no id yet: its link is checked once it is saved.
    exclude = (*(() if existing else TREE_FIELDS), *(() if factory.pk else ("factory",)))
    ok = _check(page, entry.where, problems, exclude=exclude) and ok
    if ok:
        plan.case_studies.append(_action(page, existing, before, _case_study_snapshot(page), publish, entry.where))


def _action(page, existing, before, after, publish, where):
    if existing is None:
        return Action(page, CREATE, publish, where)
    change = UNCHANGED if before == after else UPDATE
    # Publishing an unchanged page is needed only when its newest version is not live yet.
    needs_publishing = change == UPDATE or not page.live or page.has_unpublished_changes
    return Action(page, change, publish and needs_publishing, where)


# Writing --------------------------------------------------------------------------


def live_pages_changed(plan):
    """The live pages whose change this import would publish: each needs a change log note, as in the admin."""
    # Publishing a live page always publishes something new: a change from this file or a draft made before.
    return [action for action in plan.actions if action.publish and action.change != CREATE and action.page.live]


@transaction.atomic
def apply_plan(plan, *, change_note="", progress=iter):
    """Write the plan: create or update each page, as a draft unless it is to be published."""
    today = datetime.date.today()
    for action in progress(plan.actions):
        page = action.page
        if action.change == CREATE:
            page.live = False
            page.has_unpublished_changes = True
            parent = plan.factory_index if isinstance(page, FactoryPage) else plan.case_study_index
            parent.add_child(instance=page)
            # As the admin's create view: the creation is logged, not a first edit.
            log(instance=page, action="wagtail.create", content_changed=True)
            revision = page.save_revision(log_action=False)
        elif action.change == UPDATE or (action.publish and page.live):
            if action.publish and page.live:
                page.change_log = [PageChange(date=today, note=change_note), *page.change_log.all()]
            revision = page.save_revision(log_action=True)
        else:
            revision = page.latest_revision
        if action.publish:
            revision.publish()
