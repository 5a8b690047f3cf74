import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.taxonomy.loaders import ReferenceDataError, import_authorities, plan_authorities, read_authority_records


class Command(BaseCommand):
    help = (
        "Load the local authorities of England and Wales, with each district's county council, from the ONS "
        "lower-tier to upper-tier authority lookup (April 2021). Checks the whole file before it writes "
        "anything. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            help=(
                "A JSON list of records, or a CSV file, with the keys LTLA21CD, LTLA21NM, UTLA21CD and UTLA21NM, "
                "to load instead of the packaged ONS lookup."
            ),
        )
        parser.add_argument(
            "--no-progress",
            action="store_false",
            dest="progress",
            help="Do not show a progress bar (it is shown only on a terminal anyway).",
        )

    def handle(self, *args, file, progress, verbosity, **options):
        try:
            source, records = read_authority_records(file)
            entries = plan_authorities(source, records)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error

        stream = getattr(self.stderr, "_out", sys.stderr)
        show_bar = progress and verbosity > 0 and self.stderr.isatty()

        def with_bar(items):
            return tqdm(items, desc="Authorities", unit=" authorities", file=stream, disable=not show_bar, leave=False)

        result = import_authorities(entries, progress=with_bar)
        if verbosity > 0:
            self.stdout.write(f"Authorities: {result}")
