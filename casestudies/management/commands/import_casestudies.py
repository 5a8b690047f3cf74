import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casestudies.importing import ImportProblems, apply_plan, live_pages_changed, plan_import, read_file


class Command(BaseCommand):
    help = (
        "Import factories and case studies, with their ledgers, from a JSON or CSV file (see docs/import.md). "
        "Checks every row before it writes anything, and writes nothing if one is wrong. New and changed pages "
        "are saved as drafts for review unless --publish. Pages are matched by slug, so importing the same "
        "file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .json or .csv file in the format of docs/import.md.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would be created, updated or published, without writing anything.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported pages instead of leaving them as drafts for review.",
        )
        parser.add_argument(
            "--change-note",
            default="",
            help="The change log entry for live pages whose change --publish publishes (readers see it). "
            "Needed when the import changes a live page and publishes the change.",
        )
        parser.add_argument(
            "--no-progress",
            action="store_false",
            dest="progress",
            help="Do not show a progress bar (it is shown only on a terminal anyway).",
        )

    def handle(self, *args, file, dry_run, publish, change_note, progress, verbosity, **options):
        try:
            plan = plan_import(read_file(file), publish=publish)
        except ImportProblems as problems:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(problems.lines()),
                returncode=1,
            ) from None

        needing_note = live_pages_changed(plan)
        change_note = change_note.strip()
        if needing_note and not change_note:
            raise CommandError(
                "Nothing was imported. Publishing a change to a live page needs a change log entry for its "
                "readers: give one with --change-note. Live pages it would publish a change to: "
                + ", ".join(action.label for action in needing_note)
                + "."
            )
        if len(change_note) > 255:
            raise CommandError("Nothing was imported. The --change-note must be 255 characters or fewer.")

        if verbosity > 1 or (dry_run and verbosity > 0):
            for action in plan.actions:
                self.stdout.write(f"{action.where}: {action.describe()}")
        if dry_run:
            if verbosity > 0:
                self.stdout.write(f"Dry run: nothing was written. Importing would give: {plan.summary()}")
            return

        stream = getattr(self.stderr, "_out", sys.stderr)
        show_bar = progress and verbosity > 0 and self.stderr.isatty()

        def with_bar(items):
            return tqdm(items, desc="Pages", unit=" pages", file=stream, disable=not show_bar, leave=False)

        apply_plan(plan, change_note=change_note, progress=with_bar)
        if verbosity > 0:
            self.stdout.write(plan.summary())
            if not publish and any(action.change != "unchanged" for action in plan.actions):
                self.stdout.write("New and changed pages are drafts: review and publish them in the admin.")
