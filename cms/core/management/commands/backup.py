import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.core.backups import BackupError, Database, backup, media_folder


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database and the media files into one archive under BACKUP_DIR "
        "(default var/backups/). Prints the archive's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups",
            type=Path,
            help="Folder for the archive (default: BACKUP_DIR, or var/backups/).",
        )
        parser.add_argument(
            "--database-url", help="The database to back up (default: the site's database, from DATABASE_URL)."
        )

    def handle(self, *args, output_dir, database_url, **options):
        try:
            database = (
                Database.from_url(database_url)
                if database_url
                else Database.from_settings(settings.DATABASES["default"])
            )
            media = media_folder()
            if media is None:
                self.stderr.write(
                    "The media files are not stored on disk (STORAGES['default'] is not a FileSystemStorage): "
                    "this archive holds the database only. Back the bucket up with its own tools (e.g. versioning)."
                )
            archive, manifest = backup(database, output_dir, media=media)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        media_note = f" and {manifest['media_files']} media files from {media}" if media is not None else ""
        self.stderr.write(f"Backed up the {database.label()}{media_note}.")
        self.stdout.write(str(archive))
