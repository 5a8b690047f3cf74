from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale

from casestudies.models import CaseStudyIndexPage, FactoryPage
from cms.core.permissions import (
    EDITOR_MEDIA_PERMISSIONS,
    grant_admin_access,
    grant_media_permissions,
    grant_page_permissions,
)


class Command(BaseCommand):
    help = (
        "Create the editors' group of a factory, given its slug: its members edit the factory's page, "
        "roadmap and case studies, and add case studies for it, and send their changes to a moderator. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The factory's slug, as in its web address, e.g. pennine-digital-factory.")

    @transaction.atomic
    def handle(self, *args, slug, **options):
        factory = find_factory(slug)
        group, created = ensure_factory_group(factory)
        self.stdout.write(
            f"{'Created' if created else 'Found'} the group '{group.name}': its members edit {factory.title} "
            "and its case studies. Add people to it in the admin, under Settings > Users."
        )


def find_factory(slug):
    """The factory with this slug, in the default language where it has one."""
    factories = FactoryPage.objects.filter(slug=slug)
    factory = factories.filter(locale=Locale.get_default()).first() or factories.first()
    if factory is None:
        known = ", ".join(
            FactoryPage.objects.filter(locale=Locale.get_default()).order_by("slug").values_list("slug", flat=True)
        )
        raise CommandError(f"No factory has the slug '{slug}'. Factories: {known or 'none yet'}.")
    return factory


def factory_group_name(factory):
    return f"{factory.title} editors"


def ensure_factory_group(factory):
    """Return (the factory's group, created), with its permissions.

    The group is the one holding "change" on the factory's page, so renaming the
    factory or the group later does not make a second one.
    """
    held = GroupPagePermission.objects.filter(page=factory, permission__codename="change_page").select_related("group")
    existing = held.order_by("pk").first()
    if existing is not None:
        group, created = existing.group, False
    else:
        group, created = Group.objects.get_or_create(name=factory_group_name(factory))
    grant_admin_access(group)
    grant_page_permissions(group, factory, ["change_page"])
    # "add" on the case studies section lets them add case studies; which ones they may
    # then edit is decided by each case study's factory (casestudies/permissions.py).
    for section in CaseStudyIndexPage.objects.all():
        grant_page_permissions(group, section, ["add_page"])
    grant_media_permissions(group, EDITOR_MEDIA_PERMISSIONS)
    return group, created
