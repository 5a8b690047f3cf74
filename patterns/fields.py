"""Model fields with the validation messages editors need."""

from django.core.validators import URLValidator
from django.db import models

WEB_ADDRESS_MESSAGE = (
    "Enter a full web address that starts with https:// or http://, for example https://www.example.gov.uk/bins."
)


class WebAddressField(models.URLField):
    """A web page's address: http or https only, with an error message that says what to type.

    Django's own message ("Enter a valid URL.") does not tell an editor what is
    wrong, and its URLField also accepts ftp:// addresses readers cannot open.
    """

    default_validators = [URLValidator(schemes=["http", "https"], message=WEB_ADDRESS_MESSAGE)]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "assume_scheme": "https",
                "error_messages": {"invalid": WEB_ADDRESS_MESSAGE},
                **kwargs,
            }
        )
