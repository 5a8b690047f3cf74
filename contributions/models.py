"""What a council officer sent through the public "Share your work" form.

The submitter's name and email address are kept here, beside the draft page
they became, and never on the page itself: page revisions, previews and the
published page carry only what is meant for readers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    PATTERN = "pattern", _("A design pattern")
    METHOD = "method", _("A method or way of working")
    CASE_STUDY = "case-study", _("A case study of a service you built")


class Submission(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    authority = models.ForeignKey(
        "taxonomy.Authority", null=True, on_delete=models.SET_NULL, related_name="+", help_text="Where they work."
    )
    kind = models.CharField("type", max_length=20, choices=SubmissionKind.choices)
    title = models.CharField(max_length=120)
    summary = models.TextField(max_length=300)
    description = models.TextField(max_length=5000)
    links = models.TextField(max_length=2000, blank=True, help_text="Web addresses they gave, one on each line.")
    consent_to_publish = models.BooleanField(
        default=False, help_text="They agreed that the work may be published on this site under its licence."
    )
    language = models.CharField(max_length=10, help_text="The language of the form they used.")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contribution_submissions",
        help_text="The draft page made from this submission.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "shared work submission"

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()}), from {self.name}"

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]
