from django.core.management.base import BaseCommand

from cms.taxonomy.loaders import load_licences

from ._base import default_locale


class Command(BaseCommand):
    help = (
        "Load the standard licences (OGL-UK-3.0, MIT, Apache-2.0, GPL-3.0-or-later, AGPL-3.0-or-later, "
        "CC-BY-4.0 and Proprietary) in the default language. Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
        result = load_licences(default_locale())
        if verbosity > 0:
            self.stdout.write(f"Licences: {result}")
