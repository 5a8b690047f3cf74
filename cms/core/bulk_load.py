"""Loading many pages at once (the demo content) without updating the indexes after every save.

Every save of a page, snippet or child object updates Wagtail's reference
index (the "usage" of each image, snippet and page), and every save of a
collection item updates the search indexes (search/indexing.py). A bulk load
saves the same page many times over (its revisions, its Welsh stand-in, its
translation, each child item), so nearly all of those updates are redone
later in the same load. Inside `indexes_updated_at_the_end()` each saved
object is remembered instead, and its indexes are updated once, from its
final state, when the block ends: they hold what they would have held.
See docs/decisions/0026-cheaper-demo-loading.md.
"""

from contextlib import contextmanager

from asgiref.local import Local
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from search.indexing import index_updates_deferred

#: The objects saved inside the outermost block in this thread, in the order last saved.
_saved = Local()


@contextmanager
def indexes_updated_at_the_end():
    """Update the reference index and the search indexes for what the block saves, once, at its end."""
    with index_updates_deferred(), reference_index_updates_deferred():
        yield


@contextmanager
def reference_index_updates_deferred():
    """Wagtail's reference index, updated once for each object saved in the block when it ends.

    Deletions still update it at once. Nested blocks update it at the end of the
    outermost one; a block left by an error updates nothing (its transaction is
    rolled back).
    """
    if getattr(_saved, "objects", None) is not None:
        yield
        return
    _saved.objects = {}
    try:
        with disable_reference_index_auto_update():
            yield
        saved = list(_saved.objects)
    finally:
        del _saved.objects
    update_reference_index_for(saved)


def _remember_saved(sender, instance, raw=False, **kwargs):
    objects = getattr(_saved, "objects", None)
    # Raw saves (fixtures) are left out, as Wagtail's own handler leaves them out.
    if objects is not None and not raw and sender in ReferenceIndex.tracked_models:
        key = (instance._meta.app_label, instance._meta.model_name, str(instance.pk))
        objects.pop(key, None)
        objects[key] = None


def _remove_deleted(sender, instance, **kwargs):
    """What Wagtail does on delete (its handler is off inside the block), and forget the object."""
    objects = getattr(_saved, "objects", None)
    if objects is None or sender not in ReferenceIndex.tracked_models:
        return
    objects.pop((instance._meta.app_label, instance._meta.model_name, str(instance.pk)), None)
    with transaction.atomic():
        ReferenceIndex.remove_for_object(instance)
        ReferenceIndex.remove_references_to(instance)


# Connected for every sender, and for good: they act only inside a block, in its own thread, and
# models join ReferenceIndex.tracked_models as they are registered (snippets, when Wagtail's hooks
# are first read), which can happen inside a block.
post_save.connect(_remember_saved, dispatch_uid="cms-core-bulk-load-remember-saved")
post_delete.connect(_remove_deleted, dispatch_uid="cms-core-bulk-load-remove-deleted")


def update_reference_index_for(saved):
    """Update the reference index for each object named in `saved` [(app label, model name, pk)],
    in the order they were last saved.

    As wagtail.tasks.update_reference_index_task does for one object: a child
    object's references are recorded against its parent, so the parent is
    updated instead. Each parent is updated once, where its last update in
    the block would have been: a page saved both as a plain Page and as its
    own type ends as the last of those saves left it.
    """
    owners = []
    for app_label, model_name, pk in saved:
        instance = apps.get_model(app_label, model_name).objects.filter(pk=pk).first()
        while instance is not None:
            parental_keys = [field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)]
            if not parental_keys:
                break
            instance = getattr(instance, parental_keys[0].name)
        # None: deleted since, or a child without a parent, with nothing to record.
        if instance is not None and ReferenceIndex.is_indexed(instance._meta.model):
            owners.append(instance)
    last = {(owner._meta.label, owner.pk): position for position, owner in enumerate(owners)}
    for position, owner in enumerate(owners):
        if last[(owner._meta.label, owner.pk)] == position:
            with transaction.atomic():
                ReferenceIndex.create_or_update_for_object(owner)
