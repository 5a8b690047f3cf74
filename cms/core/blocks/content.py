"""Blocks that any section can use inside its story blocks."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

BASIC_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ImageWithAltTextBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        required=False,
        help_text="What the image shows, for people who cannot see it. Leave empty only if the image is decorative.",
    )
    caption = blocks.CharBlock(max_length=255, required=False, help_text="Shown under the image.")

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"


class CodeExampleBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("html", "HTML"),
            ("css", "CSS"),
            ("javascript", "JavaScript"),
            ("python", "Python"),
            ("json", "JSON"),
            ("yaml", "YAML"),
            ("shell", "Shell"),
            ("text", "Plain text"),
        ],
        default="html",
        help_text="The language of the code, so readers know what they are copying.",
    )
    code = blocks.TextBlock(help_text="The code exactly as it should be copied.")

    class Meta:
        icon = "code"
        template = "components/blocks/code_example_block.html"
        preview_value = {"language": "html", "code": '<button class="govuk-button">Continue</button>'}


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False, help_text="Optional short heading.")
    text = blocks.RichTextBlock(features=BASIC_RICH_TEXT_FEATURES, help_text="What the reader must not miss.")

    class Meta:
        icon = "warning"
        template = "components/blocks/callout_block.html"
        preview_value = {"heading": "Before you start", "text": "<p>Check with your data protection officer.</p>"}


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text="A link to a video or prototype that can be embedded, such as a YouTube URL.")
    caption = blocks.CharBlock(max_length=255, required=False, help_text="Says what the embed shows.")

    class Meta:
        icon = "media"
        template = "components/blocks/embed_block.html"
