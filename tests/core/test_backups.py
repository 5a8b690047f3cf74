"""Backups: `manage.py backup` and `manage.py restore` (`make backup`, `make restore`).

The round trip makes a small site (English and Welsh pages, revisions with a
draft on top, wagtail-localize translations, snippets, users, an image and a
document), backs it up, restores it into a new empty database on the same
PostgreSQL server and a new media folder, and compares the two: nothing lost.
See docs/decisions/0024-backups-and-audits.md.
"""

import io
import tarfile
import uuid

import pytest
import wagtail_factories
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Locale

from cms.core.backups import Database, media_files
from cms.core.demo_translations import translate
from cms.core.management.commands.setup_site import ensure_home_page, ensure_welsh_locale
from cms.taxonomy.models import Authority, Licence, ServiceArea
from patterns.factories import PatternIndexPageFactory, PatternPageFactory

#: What an operator cares about, compared one by one so a failure names it; then every table is compared.
QUERIES = {
    "pages": (
        "SELECT p.path, p.depth, p.title, p.slug, l.language_code, p.live, p.has_unpublished_changes, "
        "p.translation_key, p.alias_of_id, p.latest_revision_id, p.live_revision_id "
        "FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id ORDER BY p.path"
    ),
    "revisions": (
        "SELECT object_id, count(*), array_agg(content::text ORDER BY id) FROM wagtailcore_revision "
        "GROUP BY object_id ORDER BY object_id"
    ),
    "translation sources": "SELECT to_jsonb(t)::text FROM wagtail_localize_translationsource t ORDER BY id",
    "translations": "SELECT to_jsonb(t)::text FROM wagtail_localize_translation t ORDER BY id",
    "strings": "SELECT to_jsonb(t)::text FROM wagtail_localize_string t ORDER BY id",
    "string translations": "SELECT to_jsonb(t)::text FROM wagtail_localize_stringtranslation t ORDER BY id",
    "service areas": "SELECT to_jsonb(t)::text FROM taxonomy_servicearea t ORDER BY id",
    "authorities": "SELECT to_jsonb(t)::text FROM taxonomy_authority t ORDER BY id",
    "licences": "SELECT to_jsonb(t)::text FROM taxonomy_licence t ORDER BY id",
    "users": "SELECT to_jsonb(t)::text FROM auth_user t ORDER BY id",
    "groups": "SELECT g.name, array_agg(u.username ORDER BY u.username) FROM auth_group g "
    "LEFT JOIN auth_user_groups ug ON ug.group_id = g.id LEFT JOIN auth_user u ON u.id = ug.user_id "
    "GROUP BY g.name ORDER BY g.name",
    "images": "SELECT title, file, file_hash FROM wagtailimages_image ORDER BY id",
    "documents": "SELECT title, file, file_hash FROM wagtaildocs_document ORDER BY id",
}


def query(database, sql):
    connection_ = database.connect()
    try:
        return run(connection_, sql)
    finally:
        connection_.close()


def run(connection_, sql):
    with connection_.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def everything(database):
    """Every row of every table, and every sequence's position, as text."""
    connection_ = database.connect()
    try:
        tables = [row[0] for row in run(connection_, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        sequences = [
            row[0] for row in run(connection_, "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        ]
        # The names come from PostgreSQL's own catalogue, above.
        rows_of = 'SELECT to_jsonb(t)::text FROM "{}" t'
        position_of = 'SELECT last_value, is_called FROM "{}"'
        contents = {table: sorted(run(connection_, rows_of.format(table))) for table in tables}
        for name in sequences:
            contents[f"sequence {name}"] = run(connection_, position_of.format(name))
        return contents
    finally:
        connection_.close()


def media_contents(folder):
    return {str(path): (folder / path).read_bytes() for path in media_files(folder)}


@pytest.fixture
def media_root(tmp_path, settings):
    """Media on disk, in a folder of this test's own, as in production."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return folder


@pytest.fixture
def empty_database():
    """A new, empty database on the same server as the test database; dropped afterwards."""
    source = Database.from_settings(connection.settings_dict)
    name = f"{source.name}_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield Database(name, source.host, source.port, source.user, source.password, source.options)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_site():
    """A small site with one of everything a backup must keep."""
    home, _created = ensure_home_page()
    welsh, _created = ensure_welsh_locale()
    english = Locale.get_default()
    waste = ServiceArea.objects.create(lgsl_code=524, label="Household waste collection", locale=english)
    translate(waste, welsh, {"Household waste collection": "Casglu gwastraff cartref"})
    ogl = Licence.objects.create(
        spdx_id="OGL-UK-3.0", name="Open Government Licence v3.0", url="https://www.example.org/ogl", locale=english
    )
    cardiff = Authority.objects.create(name="Cardiff", gss_code="W06000015")
    pattern = PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home), title="Find your bin collection day", licence=ogl
    )
    pattern.service_areas = [waste]
    pattern.authorities = [cardiff]
    pattern.save_revision().publish()
    pattern.summary = "Residents find their next bin day from their address."
    pattern.save_revision().publish()
    translate(
        pattern, welsh, {"Find your bin collection day": "Dod o hyd i'ch diwrnod casglu biniau"}
    )  # publishes the Welsh page
    pattern.refresh_from_db()
    pattern.title = "Find your bin day (draft)"
    pattern.save_revision()  # a draft on top of the live page
    editor = User.objects.create_user("editor", "editor@example.org", "not-a-real-password")
    editor.groups.add(Group.objects.create(name="Cardiff editors"))
    wagtail_factories.ImageFactory(title="Bin day result screen")
    wagtail_factories.DocumentFactory(title="Journey map template")


def back_up(tmp_path):
    """Run `manage.py backup` into tmp_path/backups; the archive's path, as the command prints it."""
    output = io.StringIO()
    call_command("backup", output_dir=tmp_path / "backups", stdout=output, stderr=io.StringIO())
    return output.getvalue().strip()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_an_empty_database_loses_nothing(tmp_path, media_root, empty_database):
    build_site()
    source = Database.from_settings(connection.settings_dict)

    archive = back_up(tmp_path)

    assert archive.startswith(str(tmp_path / "backups" / "factorycommons-"))
    assert archive.endswith(".tar")
    restored_media = tmp_path / "restored-media"
    call_command("restore", archive, database_url=url(empty_database), media_root=restored_media, stdout=io.StringIO())

    for name, sql in QUERIES.items():
        before = query(source, sql)
        assert before, f"the test site has no {name}"
        assert query(empty_database, sql) == before, name
    assert {row[4] for row in query(source, QUERIES["pages"])} == {"en", "cy"}
    assert everything(empty_database) == everything(source)
    originals = media_contents(media_root)
    assert {path.split("/")[0] for path in originals} >= {"original_images", "documents"}
    assert media_contents(restored_media) == originals


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path, media_root, empty_database):
    ensure_home_page()
    source = Database.from_settings(connection.settings_dict)
    archive = back_up(tmp_path)
    call_command("restore", archive, database_url=url(empty_database), media_root=tmp_path / "m", stdout=io.StringIO())
    query(empty_database, "CREATE TABLE stray (id integer); SELECT 1")

    with pytest.raises(CommandError, match=r"already holds \d+ tables.*--force \(make restore FORCE=1\)"):
        call_command("restore", archive, database_url=url(empty_database), media_root=tmp_path / "m")
    assert query(empty_database, "SELECT count(*) FROM pg_tables WHERE tablename = 'stray'") == [(1,)]

    output = io.StringIO()
    call_command(
        "restore", archive, database_url=url(empty_database), media_root=tmp_path / "m", force=True, stdout=output
    )
    assert "replacing its" in output.getvalue()
    assert everything(empty_database) == everything(source)


def url(database):
    return f"postgres://{database.user}:{database.password}@{database.host}:{database.port}/{database.name}"


# Clear messages for what an operator can get wrong -------------------------------------------------


@pytest.mark.smoke
def test_backup_says_it_needs_postgresql():
    with pytest.raises(CommandError, match=r"backups need PostgreSQL.*SQLite file"):
        call_command("backup", database_url="sqlite:////tmp/site.sqlite3")


@pytest.mark.smoke
def test_a_database_that_cannot_be_reached_is_named_without_its_password(tmp_path):
    with pytest.raises(CommandError, match=r"cannot connect to the database 'nowhere' on 127\.0\.0\.1:1") as error:
        call_command(
            "backup",
            output_dir=tmp_path / "backups",
            database_url="postgres://someone:hush-secret@127.0.0.1:1/nowhere",
        )
    assert "hush-secret" not in str(error.value)
    assert not (tmp_path / "backups").exists()


@pytest.mark.smoke
def test_restore_says_when_the_archive_is_missing_or_not_a_backup(tmp_path):
    database_url = "postgres://someone:secret@127.0.0.1:1/nowhere"
    with pytest.raises(CommandError, match="say which backup to restore"):
        call_command("restore", "", database_url=database_url)
    with pytest.raises(CommandError, match=r"there is no backup at .*missing\.tar"):
        call_command("restore", str(tmp_path / "missing.tar"), database_url=database_url)
    not_a_backup = tmp_path / "notes.tar"
    not_a_backup.write_text("not an archive")
    with pytest.raises(CommandError, match="is not a Factory Commons backup"):
        call_command("restore", str(not_a_backup), database_url=database_url)
    other_tar = tmp_path / "other.tar"
    with tarfile.open(other_tar, "w") as tar:
        tar.add(not_a_backup, arcname="notes.txt")
    with pytest.raises(CommandError, match="is not a Factory Commons backup"):
        call_command("restore", str(other_tar), database_url=database_url)
