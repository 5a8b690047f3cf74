from django.db import models


class ItemFacet(models.Model):
    """One facet value of one collection item, e.g. (page 12, "area", "parking-permits").

    Service areas and authorities are many-to-many and live on several page
    types. One row per value in one table lets the database backend filter by
    any facet and count every facet of any set of matching items, from a copy
    each process keeps in memory (search/facets.py; decision 0008).
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="facet_values")
    facet = models.CharField(max_length=32)
    value = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "facet", "value"], name="unique_item_facet_value")]
        indexes = [models.Index(fields=["facet", "value", "page"], name="item_facet_lookup")]

    def __str__(self):
        return f"{self.facet}={self.value}"
