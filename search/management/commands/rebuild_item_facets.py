from django.core.management.base import BaseCommand

from search.facets import rebuild_item_facets


class Command(BaseCommand):
    help = "Recompute the search facet values of every collection item (after an import that bypassed saving)."

    def handle(self, *args, **options):
        self.stdout.write(f"Facet values of {rebuild_item_facets()} item(s) rebuilt.")
