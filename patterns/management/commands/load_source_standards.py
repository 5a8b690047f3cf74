from django.core.management.base import BaseCommand

from patterns.source_standards import load_source_standards


class Command(BaseCommand):
    help = (
        "Load the published standards (with their points) that adapted standards map to, from patterns/data/. "
        "Safe to run again: it changes nothing the second time."
    )

    def handle(self, *args, **options):
        for standard, written in load_source_standards().items():
            self.stdout.write(f"{standard}: {'up to date' if not written else f'{written} rows written'}")
