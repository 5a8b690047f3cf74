from .facets import ItemFacet

__all__ = ["ItemFacet"]
