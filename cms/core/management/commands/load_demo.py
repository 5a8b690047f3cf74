from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from casestudies.demo import load_casestudies_demo
from cms.core.bulk_load import indexes_updated_at_the_end
from cms.core.demo_translations import load_welsh_demo
from cms.core.management.commands.setup_site import ensure_home_page, ensure_welsh_locale
from patterns.demo import load_patterns_demo

# The demo editor's login, also stated in README.md. It exists only in demo content.
DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD = "commons-demo-editor"  # noqa: S105


class Command(BaseCommand):
    help = (
        "Load the reference data, the demo content and the demo editor account. "
        "Safe to run again: it changes nothing the second time."
    )

    @transaction.atomic
    @indexes_updated_at_the_end()
    def handle(self, *args, **options):
        home_page, created = ensure_home_page()
        self.stdout.write(f"{'Created' if created else 'Found'} the home page: {home_page.title}")

        # Real reference data first: the demo content is tagged with it.
        quiet = {"stdout": self.stdout, "verbosity": options["verbosity"]}
        call_command("load_service_areas", **quiet)
        call_command("load_licences", **quiet)
        call_command("import_authorities", no_progress=True, **quiet)
        call_command("load_source_standards", **quiet)

        self.stdout.write(f"Demo patterns, standards and methods: {load_patterns_demo(home_page)} pages created.")
        # After the patterns: case studies link to them.
        self.stdout.write(f"Demo factories and case studies: {load_casestudies_demo(home_page)} pages created.")
        # After the English content: every page gets its Welsh version (an alias until it is
        # translated), then some are translated through wagtail-localize.
        ensure_welsh_locale()
        self.stdout.write(f"Welsh translations of the demo: {load_welsh_demo(home_page)} items translated.")

        call_command("rebuild_item_facets", **quiet)

        created = ensure_demo_editor()
        self.stdout.write(f"{'Created' if created else 'Found'} the demo editor account '{DEMO_EDITOR_USERNAME}'.")


def ensure_demo_editor():
    User = get_user_model()
    if User.objects.filter(username=DEMO_EDITOR_USERNAME).exists():
        return False
    User.objects.create_superuser(
        username=DEMO_EDITOR_USERNAME,
        email="editor@example.org",
        password=DEMO_EDITOR_PASSWORD,
        first_name="Demo",
        last_name="Editor",
    )
    return True
