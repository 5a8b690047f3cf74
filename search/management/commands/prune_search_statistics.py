from django.core.management.base import BaseCommand, CommandError
from wagtail.contrib.search_promotions.models import Query

from search.statistics import REPORT_DAYS, prune_search_statistics


class Command(BaseCommand):
    help = (
        "Delete the search statistics of days before the last --days days (today included), "
        f"and stored search texts that carry no promoted result. Default {REPORT_DAYS} days, "
        "what the report shows. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REPORT_DAYS, help="days of statistics to keep")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError(f"--days must be at least 1 (got {days}).")
        deleted = prune_search_statistics(days)
        # The promotions app stores search texts too (Wagtail's Query.get() creates one per
        # text it is asked about); those without a promotion serve nothing and would stay for ever.
        unused_queries, _ = Query.objects.filter(editors_picks__isnull=True, daily_hits__isnull=True).delete()
        self.stdout.write(
            f"Deleted {deleted} daily search counts older than {days} days "
            f"and {unused_queries} search texts without a promoted result."
        )
