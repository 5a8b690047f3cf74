"""Loading the published standards that adapted standards map their points to.

The points come only from the CSV files in patterns/data/ (see its README for
their sources and licences). Loading is idempotent: a second run finds
everything in place and writes nothing.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import SourceStandard, SourceStandardPoint

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class SourceStandardFile:
    name: str
    version: str
    url: str
    attribution: str
    csv_path: Path


GOVUK_SERVICE_STANDARD_2019 = SourceStandardFile(
    name="GOV.UK Service Standard",
    version="2019, 14 points",
    url="https://www.gov.uk/service-manual/service-standard",
    attribution="Government Digital Service, © Crown copyright, Open Government Licence v3.0.",
    csv_path=DATA_DIR / "govuk_service_standard.csv",
)

SOURCE_STANDARDS = (GOVUK_SERVICE_STANDARD_2019,)


def read_points(path):
    """[(number, title)] from a CSV with the columns number,title; numbers must be 1, 2, 3... in order."""
    with open(path, encoding="utf-8", newline="") as csv_file:
        rows = [(int(row["number"]), row["title"].strip()) for row in csv.DictReader(csv_file)]
    expected = list(range(1, len(rows) + 1))
    if [number for number, _ in rows] != expected or not all(title for _, title in rows):
        raise ValueError(f"{path}: points must be numbered 1 to {len(rows)} in order, each with a title.")
    return rows


@transaction.atomic
def load_source_standard(entry):
    """Create or update one source standard and its points. Returns (standard, number of rows written)."""
    written = 0
    standard, created = SourceStandard.objects.get_or_create(
        name=entry.name,
        version=entry.version,
        defaults={"url": entry.url, "attribution": entry.attribution},
    )
    written += created
    if not created and (standard.url, standard.attribution) != (entry.url, entry.attribution):
        standard.url, standard.attribution = entry.url, entry.attribution
        standard.save(update_fields=["url", "attribution"])
        written += 1
    existing = {point.number: point for point in SourceStandardPoint.objects.filter(source_standard=standard)}
    for number, title in read_points(entry.csv_path):
        point = existing.get(number)
        if point is None:
            SourceStandardPoint.objects.create(source_standard=standard, number=number, title=title, sort_order=number)
            written += 1
        elif point.title != title or point.sort_order != number:
            point.title, point.sort_order = title, number
            point.save(update_fields=["title", "sort_order"])
            written += 1
    return standard, written


def load_source_standards(entries=SOURCE_STANDARDS):
    """Load every known source standard. Returns {str(standard): rows written}."""
    results = {}
    for entry in entries:
        standard, written = load_source_standard(entry)
        results[str(standard)] = written
    return results


def govuk_service_standard_2019():
    """The GOV.UK Service Standard (2019), loading it first if needed."""
    return load_source_standard(GOVUK_SERVICE_STANDARD_2019)[0]
