from django.db import migrations

# The groups Wagtail creates for the people who write and review content.
EDITOR_GROUPS = ["Editors", "Moderators"]

GRANTS = [
    # (app label, model, codename, name): the search statistics report and the promoted results.
    ("search", "searchtermday", "view_searchtermday", "Can view search term (daily count)"),
    ("wagtailsearchpromotions", "searchpromotion", "add_searchpromotion", "Can add search promotion"),
    ("wagtailsearchpromotions", "searchpromotion", "change_searchpromotion", "Can change search promotion"),
    ("wagtailsearchpromotions", "searchpromotion", "delete_searchpromotion", "Can delete search promotion"),
]


def permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Django creates model permissions only after all migrations have run, so create them here if needed.
    for app_label, model, codename, name in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        yield Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[
            0
        ]


def grant_to_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = list(permissions(apps))
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.add(*granted)


def take_from_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = list(permissions(apps))
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_statistics"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_to_editors, take_from_editors),
    ]
