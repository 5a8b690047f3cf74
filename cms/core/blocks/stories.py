from wagtail import blocks

from .content import (
    BASIC_RICH_TEXT_FEATURES,
    CalloutBlock,
    CodeExampleBlock,
    EmbedWithCaptionBlock,
    ImageWithAltTextBlock,
)


class BodyStoryBlock(blocks.StreamBlock):
    """Long-form content: text, images, code examples, callouts and embeds."""

    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", *BASIC_RICH_TEXT_FEATURES],
        template="components/blocks/rich_text_block.html",
        preview_value="<p>Ask for the postcode first, then show the matching addresses.</p>",
    )
    image = ImageWithAltTextBlock()
    code_example = CodeExampleBlock()
    callout = CalloutBlock()
    embed = EmbedWithCaptionBlock()

    class Meta:
        template = "components/blocks/body_story_block.html"
