from django.core.management.base import CommandError
from wagtail.models import Locale


def default_locale():
    try:
        return Locale.get_default()
    except Locale.DoesNotExist as error:
        raise CommandError("The default locale does not exist yet: run 'manage.py migrate' first.") from error
