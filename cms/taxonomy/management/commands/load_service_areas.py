from django.core.management.base import BaseCommand, CommandError

from cms.taxonomy.loaders import LGSL_CSV, ReferenceDataError, load_service_areas, read_service_areas

from ._base import default_locale


class Command(BaseCommand):
    help = (
        "Load the service areas of the Local Government Services List (cms/taxonomy/data/lgsl.csv) in the "
        "default language, adding new ones and updating changed labels. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=LGSL_CSV,
            help="A CSV file with the columns code,label to load instead of the bundled list.",
        )

    def handle(self, *args, file, verbosity, **options):
        try:
            rows = read_service_areas(file)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        result = load_service_areas(rows, default_locale())
        if verbosity > 0:
            self.stdout.write(f"Service areas: {result}")
