from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# The demo editor's login, also stated in README.md. It exists only in demo content.
DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD = "commons-demo-editor"  # noqa: S105


class Command(BaseCommand):
    help = "Load the demo content and the demo editor account. Safe to run again: it changes nothing the second time."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("setup_site", stdout=self.stdout)
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
