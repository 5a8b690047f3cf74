from django.db import migrations

# Moderators review shared work, so they see who sent it; other groups can be given it in Settings, Groups.
GROUPS = ["Moderators"]


def permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Django creates model permissions only after all migrations have run, so create it here if needed.
    content_type, _ = ContentType.objects.get_or_create(app_label="contributions", model="submission")
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_submission",
        defaults={"name": "Can view shared work submission"},
    )[0]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission(apps))


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, take_back)]
