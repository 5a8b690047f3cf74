from django.core.management.base import BaseCommand

from cms.core.permissions import MODERATORS, ensure_national_groups, ensure_review_workflow


class Command(BaseCommand):
    help = (
        "Create the national editors and moderators groups with their permissions, and the review "
        "workflow every page goes through. Safe to run again."
    )

    def handle(self, *args, **options):
        groups = ensure_national_groups()
        self.stdout.write(f"Groups ready: {', '.join(groups)}.")
        workflow = ensure_review_workflow(groups[MODERATORS])
        self.stdout.write(f"Workflow ready for every page: {workflow.name}.")
