from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.core.backups import BackupError, Database, media_folder, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into an empty database and the media folder. "
        "Refuses a database or media folder that is not empty unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive to restore (a .tar file from `manage.py backup`).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database holds (its public schema), and media files of the same name.",
        )
        parser.add_argument(
            "--database-url", help="The database to restore into (default: the site's database, from DATABASE_URL)."
        )
        parser.add_argument(
            "--media-root", type=Path, help="The folder to restore the media into (default: the site's MEDIA_ROOT)."
        )

    def handle(self, *args, archive, force, database_url, media_root, **options):
        try:
            read_manifest(archive)  # first: a missing or wrong archive is the likeliest mistake
            database = (
                Database.from_url(database_url)
                if database_url
                else Database.from_settings(settings.DATABASES["default"])
            )
            media = media_root if media_root is not None else media_folder()
            summary = restore(archive, database, media=media, force=force)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        manifest = summary["manifest"]
        replaced = f" (replacing its {summary['replaced_tables']} tables)" if summary["replaced_tables"] else ""
        self.stdout.write(f"Restored the {database.label()}{replaced} from {archive}, made {manifest['created']}.")
        if manifest["media"] and media is not None:
            self.stdout.write(f"Restored {summary['media_files']} media files into {media}.")
        elif manifest["media"]:
            self.stdout.write("The media files were not restored: the site does not store media on disk.")
        else:
            self.stdout.write("The archive holds no media files (they were not stored on disk when it was made).")
        self.stdout.write(
            "If the site uses a search engine (OPENSEARCH_URL), rebuild its index: manage.py update_index"
        )
