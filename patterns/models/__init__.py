from .base import CollectionIndexPage, CollectionItemPage
from .method import MethodIndexPage, MethodPage, MethodStep, MethodTemplateDownload
from .pattern import PatternExample, PatternIndexPage, PatternPage, PatternStatus, RelatedPattern
from .standard import (
    Relationship,
    ServiceStandardPage,
    SourceStandard,
    SourceStandardPoint,
    StandardIndexPage,
    StandardPoint,
)

__all__ = [
    "CollectionIndexPage",
    "CollectionItemPage",
    "MethodIndexPage",
    "MethodPage",
    "MethodStep",
    "MethodTemplateDownload",
    "PatternExample",
    "PatternIndexPage",
    "PatternPage",
    "PatternStatus",
    "RelatedPattern",
    "Relationship",
    "ServiceStandardPage",
    "SourceStandard",
    "SourceStandardPoint",
    "StandardIndexPage",
    "StandardPoint",
]
