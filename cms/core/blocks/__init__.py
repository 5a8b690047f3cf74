from .content import CalloutBlock, CodeExampleBlock, EmbedWithCaptionBlock, ImageWithAltTextBlock
from .stories import BodyStoryBlock

__all__ = [
    "BodyStoryBlock",
    "CalloutBlock",
    "CodeExampleBlock",
    "EmbedWithCaptionBlock",
    "ImageWithAltTextBlock",
]
