from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from cms.home.models import HomePage

HOME_TITLE = "Factory Commons"
HOME_INTRODUCTION = (
    "<p>Open design patterns, service standards, methods and case studies from councils "
    "that build services together. Find what another council has already made, and reuse it.</p>"
)


#: Welsh: served under /cy/ and kept in step with English, the default language.
WELSH = "cy"


class Command(BaseCommand):
    help = (
        "Make a Factory Commons home page the root of the default site, with a Welsh version of every page. "
        "Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        home, created = ensure_home_page()
        self.stdout.write(f"{'Created' if created else 'Found'} the home page: {home.title}")
        _welsh, created = ensure_welsh_locale()
        self.stdout.write(f"{'Created' if created else 'Found'} the Welsh locale, synchronised from English.")
        # The editors' groups and the review workflow (cms/core/permissions.py).
        call_command("setup_groups", stdout=self.stdout)


def ensure_home_page():
    """Return (home page, created). Replaces Wagtail's placeholder welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific, False

    root = Page.get_first_root_node()
    home = HomePage(
        title=HOME_TITLE,
        slug="home",
        introduction=HOME_INTRODUCTION,
        locale=Locale.get_default(),
    )
    # The placeholder holds the "home" slug; move it aside before taking it.
    placeholder = site.root_page if site else None
    if placeholder is not None and placeholder.get_children_count() == 0 and type(placeholder.specific) is Page:
        placeholder.delete()
        placeholder = None
    root.add_child(instance=home)
    home.save_revision().publish()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=HOME_TITLE)
    return home, True


def ensure_welsh_locale():
    """Return (the Welsh locale, created), synchronised from English by wagtail-localize.

    Synchronisation gives every English page a Welsh version: an alias that shows
    the English content under /cy/ until someone translates it. wagtail-localize
    adds one when an editor creates a page; pages made by code (the demo content,
    imports) get theirs here, so running this again catches up and changes nothing else.
    """
    english = Locale.get_default()
    welsh, created = Locale.objects.get_or_create(language_code=WELSH)
    synchronisation, sync_created = LocaleSynchronization.objects.get_or_create(
        locale=welsh, defaults={"sync_from": english}
    )
    if not sync_created:
        # Saving a new synchronisation syncs the trees already (wagtail-localize's signal).
        synchronisation.sync_trees()
    return welsh, created
