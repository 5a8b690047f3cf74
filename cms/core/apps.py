from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from . import checks, navigation  # noqa: F401 (checks registers the deploy checks)
        from .collection import collection_page_models
        from .languages import forget_locales

        navigation.connect_signals()
        for signal in (post_save, post_delete):
            signal.connect(forget_locales, sender=Locale, dispatch_uid=f"forget-locales-{signal}")
        # Collection items index themselves on save (BasePage.save); a deleted one
        # must still leave the search index.
        for model in collection_page_models():
            post_delete.connect(_remove_from_search_index, sender=model, dispatch_uid=f"unindex-{model._meta.label}")


def _remove_from_search_index(sender, instance, **kwargs):
    from search.indexing import remove_item

    remove_item(instance)
