from django.db import models


class SearchTermDay(models.Model):
    """How often one search text was searched on one day, and how often it found nothing.

    Only the day, the normalised text and two counters are kept: nothing about
    who searched, from where or with what, so the report needs no personal data
    (see docs/decisions/0007-search-statistics.md).
    """

    date = models.DateField()
    query = models.CharField(max_length=255)
    searches = models.PositiveIntegerField(default=0)
    searches_without_results = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "search term (daily count)"
        verbose_name_plural = "search terms (daily counts)"
        # Its index, led by the date, also serves the report's date range and pruning.
        constraints = [models.UniqueConstraint(fields=["date", "query"], name="unique_search_term_day")]

    def __str__(self):
        return f"{self.date}: {self.query}"
