from django.core.management.base import BaseCommand, CommandError

from search.indexing import retry_pending_updates


class Command(BaseCommand):
    help = "Send search index updates that an engine did not take again (run it from cron every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Retry at most this many updates.")

    def handle(self, *args, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        succeeded, failed = retry_pending_updates(limit)
        self.stdout.write(f"{succeeded} index update(s) went through; {failed} still failing.")
        if failed:
            raise CommandError(f"{failed} index update(s) still failing; see the warnings above.")
