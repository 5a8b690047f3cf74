from django.contrib.contenttypes.models import ContentType
from django.db import models


class PendingIndexUpdate(models.Model):
    """An index update a search engine did not take, kept until `retry_index_updates` gets it through.

    Publishing never waits on or fails because of the engine; this is how the
    engine catches up once it is back.
    """

    class Action(models.TextChoices):
        INDEX = "index", "Add or update"
        REMOVE = "remove", "Remove"

    backend_name = models.CharField(max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=50)
    action = models.CharField(max_length=10, choices=Action.choices)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    last_failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["backend_name", "content_type", "object_id"], name="unique_pending_index_update"
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.content_type.model} {self.object_id} in '{self.backend_name}'"
