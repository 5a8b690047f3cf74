from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion

        from casestudies.models import FactoryPage
        from cms.taxonomy.models import Authority, Licence, ServiceArea

        from . import cards
        from .facets import forget_facet_labels
        from .promotions import forget_promoted_queries

        # Facet labels are cached (search/facets.py); a renamed council, service area or factory shows at once.
        for model in (Authority, Licence, ServiceArea, FactoryPage):
            for signal in (post_save, post_delete):
                signal.connect(forget_facet_labels, sender=model, dispatch_uid=f"facet-labels-{model._meta.label}")
        # The promoted queries are cached (search/promotions.py); a new promotion shows at once.
        for model in (SearchPromotion, Query):
            for signal in (post_save, post_delete):
                signal.connect(forget_promoted_queries, sender=model, dispatch_uid=f"promoted-{model._meta.label}")
        cards.connect_signals(self)
