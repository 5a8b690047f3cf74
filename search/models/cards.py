from django.db import models


class ItemCard(models.Model):
    """What a collection item's card in search results shows, as made from the live page (search/cards.py).

    A search page reads the cards of its 20 or 50 results in one query instead
    of loading every result as a page of its own type; making them took most of
    the page's time (decision 0008). A row is deleted whenever what it shows
    may have changed, and made again by the next search that shows it; a row
    made from another revision or web address than the page has now is not used.
    """

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+")
    #: The language and wording it was made in (search.cards.card_edition()); a card of another is made again.
    edition = models.CharField(max_length=64)
    type_label = models.CharField(max_length=255)
    url = models.TextField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    #: [[label, value], ...]: the item's card_facts().
    facts = models.JSONField(default=list)
    #: The page's live revision and url_path when the card was made: a card made
    #: while the page was being published, or before a page above it moved, is not used.
    live_revision = models.IntegerField(null=True)
    url_path = models.TextField()

    def __str__(self):
        return self.title
