"""Keeping the search indexes up to date without making publishing wait on an engine.

Collection items index themselves after save (BasePage.save) through a task;
when an engine is down or failing, the update is logged and kept as a
PendingIndexUpdate, and `manage.py retry_index_updates` (run from cron) sends
it again later. Database backends are in the same transaction as the page,
so their errors are raised as usual.
"""

import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django_tasks import task
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import get_indexed_instance

from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)


@task()
def index_item_task(app_label, model_name, pk):
    model = apps.get_model(app_label, model_name)
    instance = model.objects.filter(pk=pk).first()
    if instance is not None:
        index_item(instance)


def index_item(instance):
    """Add or update `instance` in every automatically updated backend."""
    _apply(PendingIndexUpdate.Action.INDEX, instance)


def remove_item(instance):
    """Take `instance` out of every automatically updated backend."""
    _apply(PendingIndexUpdate.Action.REMOVE, instance)


def _apply(action, instance, backends=None):
    indexed = get_indexed_instance(instance, check_exists=action == PendingIndexUpdate.Action.INDEX)
    if indexed is None:
        return True
    content_type = ContentType.objects.get_for_model(indexed)
    succeeded = True
    for name, backend in backends or get_search_backends_with_name(with_auto_update=True):
        pending = PendingIndexUpdate.objects.filter(
            backend_name=name, content_type=content_type, object_id=str(indexed.pk)
        )
        try:
            if action == PendingIndexUpdate.Action.INDEX:
                backend.add(indexed)
            else:
                backend.delete(indexed)
        except Exception as error:
            if not backend.catch_indexing_errors:
                raise
            succeeded = False
            logger.warning(
                "Search backend '%s' did not take the update of %s %s (%s); it will be retried",
                name,
                content_type.model,
                indexed.pk,
                error,
            )
            updated = pending.update(action=action, last_error=str(error)[:1000], attempts=F("attempts") + 1)
            if not updated:
                PendingIndexUpdate.objects.create(
                    backend_name=name,
                    content_type=content_type,
                    object_id=str(indexed.pk),
                    action=action,
                    last_error=str(error)[:1000],
                )
        else:
            if backend.catch_indexing_errors:
                pending.delete()
    return succeeded


def retry_pending_updates(limit=None):
    """Send the kept updates again, oldest first; returns (succeeded, still failing)."""
    succeeded = failed = 0
    backends = dict(get_search_backends_with_name())
    for pending in PendingIndexUpdate.objects.select_related("content_type").order_by("first_failed_at")[:limit]:
        model = pending.content_type.model_class()
        backend = backends.get(pending.backend_name)
        if model is None or backend is None:
            pending.delete()  # the type or the backend is gone from the project
            continue
        instance = model.objects.filter(pk=pending.object_id).first()
        action = pending.action
        if instance is None:
            # Deleted since: make sure the engine forgets it.
            instance, action = model(pk=pending.object_id), PendingIndexUpdate.Action.REMOVE
        if _apply(action, instance, backends=[(pending.backend_name, backend)]):
            pending.delete()
            succeeded += 1
        else:
            failed += 1
    return succeeded, failed
