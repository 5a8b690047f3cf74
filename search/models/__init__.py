from .facets import ItemFacet
from .indexing import PendingIndexUpdate
from .statistics import SearchTermDay

__all__ = ["ItemFacet", "PendingIndexUpdate", "SearchTermDay"]
