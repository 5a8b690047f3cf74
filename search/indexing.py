"""Keeping the search indexes up to date without making publishing wait on an engine.

Collection items index themselves after save (BasePage.save) through a task;
when an engine is down or failing, the update is logged and kept as a
PendingIndexUpdate, and `manage.py retry_index_updates` (run from cron) sends
it again later. Database backends are in the same transaction as the page,
so their errors are raised as usual.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager

from asgiref.local import Local
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django_tasks import task
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import get_indexed_instance

from . import engine
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

#: The items a bulk load has saved and not yet indexed, in this thread (see index_updates_deferred).
_deferred = Local()


class EngineSkipped(Exception):
    """An update not sent to an engine that failed moments ago; it is kept for retrying, like a failed one."""


@task()
def index_item_task(app_label, model_name, pk):
    deferred = getattr(_deferred, "items", None)
    if deferred is not None:
        deferred[(app_label, model_name)].add(pk)
        return
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


def _apply(action, instance, backends=None, wait_for_failed_engines=False):
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
            if backend.catch_indexing_errors and not wait_for_failed_engines and engine.failed_recently(name):
                # An engine that is down would keep each save waiting for its timeout.
                raise EngineSkipped(
                    f"not sent: the engine failed in the last {engine.ENGINE_RETRY_AFTER_SECONDS} seconds"
                )
            if action == PendingIndexUpdate.Action.INDEX:
                backend.add(indexed)
            else:
                backend.delete(indexed)
        except Exception as error:
            if not backend.catch_indexing_errors:
                raise
            if not isinstance(error, EngineSkipped) and engine.is_engine(backend):
                engine.mark_failed(name)
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
                if wait_for_failed_engines and engine.is_engine(backend):
                    engine.forget_failure(name)
    return succeeded


@contextmanager
def index_updates_deferred():
    """Index the collection items saved inside the block once each, when the block ends.

    A bulk load (the demo content) saves each page several times over: its
    revisions, its Welsh stand-in, its translation. Each save would index the
    item again, a round trip per save on a search engine. Here the items are
    remembered instead and indexed from their final state at the end, in one
    request per type and backend, so the indexes hold what they would have held.
    This holds where index_item_task runs in the saving thread (the immediate
    task backend); a task worker indexes as usual. Nested blocks index at the
    end of the outermost one; a block left by an error indexes nothing (its
    transaction is rolled back).
    """
    if getattr(_deferred, "items", None) is not None:
        yield
        return
    _deferred.items = defaultdict(set)
    try:
        yield
        saved = _deferred.items
    finally:
        del _deferred.items
    index_items_in_bulk(saved)


def index_items_in_bulk(saved):
    """Index the items named in `saved` ({(app label, model name): {pk, ...}}) in every
    automatically updated backend, with one request per type and backend."""
    by_model = defaultdict(list)
    for (app_label, model_name), pks in saved.items():
        model = apps.get_model(app_label, model_name)
        # Checked against get_indexed_objects() as get_indexed_instance(check_exists=True) does one
        # item at a time; read as index_item_task reads one item (the same related rows, in the same order).
        indexed_pks = model.get_indexed_objects().filter(pk__in=pks).values_list("pk", flat=True)
        for instance in model.objects.filter(pk__in=list(indexed_pks)).order_by("pk"):
            indexed = get_indexed_instance(instance, check_exists=False)
            if indexed is not None:
                by_model[type(indexed)].append(indexed)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        for model, items in by_model.items():
            try:
                backend.add_bulk(model, items)
            except Exception:
                if not backend.catch_indexing_errors:
                    raise
                # Item by item, so each one the engine does not take is kept for retry_index_updates.
                for item in items:
                    _apply(PendingIndexUpdate.Action.INDEX, item, backends=[(name, backend)])
            else:
                if backend.catch_indexing_errors:
                    PendingIndexUpdate.objects.filter(
                        backend_name=name,
                        content_type=ContentType.objects.get_for_model(model),
                        object_id__in=[str(item.pk) for item in items],
                    ).delete()


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
        # Asked for now (by the retry command): each update is sent, even to an engine that failed moments ago.
        if _apply(action, instance, backends=[(pending.backend_name, backend)], wait_for_failed_engines=True):
            pending.delete()
            succeeded += 1
        else:
            failed += 1
    return succeeded, failed
