from .cards import ItemCard
from .facets import ItemFacet
from .indexing import PendingIndexUpdate
from .statistics import SearchTermDay

__all__ = ["ItemCard", "ItemFacet", "PendingIndexUpdate", "SearchTermDay"]
