"""Backups: one archive holding a PostgreSQL dump and the media files.

`manage.py backup` and `manage.py restore` (`make backup`, `make restore`) use
this. The database is dumped and restored by PostgreSQL's own pg_dump and
pg_restore (custom format), the archive is a plain tar file written with the
standard library; see docs/decisions/0024-backups-and-audits.md.

An archive holds:

    manifest.json    what it holds and where it came from
    database.dump    pg_dump --format=custom of the database
    media/...        every file under the media folder (when media are stored on disk)
"""

import datetime
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
from django.core.files.storage import FileSystemStorage, storages

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
#: Where Debian puts the PostgreSQL 15 client programs when they are not on PATH.
POSTGRES_BIN_DIRS = ["/usr/lib/postgresql/15/bin"]
#: Seconds to wait for the database server to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10


class BackupError(Exception):
    """Something an operator can fix; the message says what and how."""


@dataclass(frozen=True)
class Database:
    """A PostgreSQL database, from a DATABASE_URL."""

    name: str
    host: str
    port: str
    user: str
    password: str
    options: dict

    @classmethod
    def from_url(cls, url):
        if not url:
            raise BackupError(
                "DATABASE_URL is not set: backups are of a PostgreSQL database, "
                "e.g. DATABASE_URL=postgres://user:password@host:5432/name"
            )
        try:
            config = dj_database_url.parse(url)
        except Exception as error:  # dj-database-url raises several kinds for a bad URL
            raise BackupError(f"DATABASE_URL is not a database URL ({error}): {redact(url)}") from error
        return cls.from_settings(config, described_as=f"DATABASE_URL {redact(url)}")

    @classmethod
    def from_settings(cls, config, described_as="the site's database"):
        """From one of Django's DATABASES entries."""
        if config.get("ENGINE") != "django.db.backends.postgresql":
            raise BackupError(
                f"backups need PostgreSQL, and {described_as} uses {config.get('ENGINE')}: set DATABASE_URL to "
                "a postgres:// URL. (The quick local run's SQLite file, var/db.sqlite3, can be copied as it is "
                "while the site is stopped.)"
            )
        if not config.get("NAME"):
            raise BackupError(f"{described_as} names no database")
        return cls(
            name=config["NAME"],
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            options=dict(config.get("OPTIONS") or {}),
        )

    def label(self):
        where = f"{self.host}:{self.port}" if self.port else self.host or "the local socket"
        return f"database {self.name!r} on {where}"

    def environment(self):
        """libpq's variables for pg_dump and pg_restore: the password never appears on a command line."""
        values = {
            "PGDATABASE": self.name,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGSSLMODE": self.options.get("sslmode", ""),
            "PGCONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        }
        return {**os.environ, **{key: value for key, value in values.items() if value}}

    def connect(self):
        try:
            connection = psycopg2.connect(
                dbname=self.name,
                host=self.host or None,
                port=self.port or None,
                user=self.user or None,
                password=self.password or None,
                connect_timeout=CONNECT_TIMEOUT,
                **{key: value for key, value in self.options.items() if key == "sslmode"},
            )
        except psycopg2.OperationalError as error:
            reason = " ".join(str(error).split())
            raise BackupError(f"cannot connect to the {self.label()}: {reason}") from error
        connection.autocommit = True
        return connection

    def table_count(self):
        """Tables and sequences outside PostgreSQL's own schemas: 0 for an empty database."""
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') "
                    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                )
                return cursor.fetchone()[0]
        finally:
            connection.close()


def redact(url):
    """The URL without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unreadable URL)"
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def postgres_program(name):
    """The path of a PostgreSQL client program: PATH first, then Debian's PostgreSQL 15 folder."""
    found = shutil.which(name)
    if found:
        return found
    for folder in POSTGRES_BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} was not found on PATH nor in {', '.join(POSTGRES_BIN_DIRS)}. "
        "Install the PostgreSQL 15 client programs: apt-get install postgresql-client-15"
    )


def run_postgres_program(name, arguments, database):
    program = postgres_program(name)
    result = subprocess.run(  # noqa: S603 (the program is PostgreSQL's own, found above; no shell)
        [program, *arguments], env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = last_lines(result.stderr) or f"exit status {result.returncode}"
        raise BackupError(f"{name} failed for the {database.label()}: {detail}")
    return result


def media_folder(storage=None):
    """The folder the media (images, documents) are stored in, or None when they are not stored on disk."""
    storage = storage if storage is not None else storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def media_files(folder):
    """Every file under `folder`, as paths relative to it, sorted."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())


def backup(database, output_dir, media=None, now=None):
    """Write one archive of `database` and the `media` folder into `output_dir`; return its path.

    The archive is written under a temporary name and renamed when complete, so a
    failed backup never leaves something that looks like a good one.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    output_dir = Path(output_dir)
    # Checked first, for a clear message rather than pg_dump's.
    database.connect().close()
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot make the backup folder {output_dir}: {error.strerror}") from error
    archive = output_dir / f"factorycommons-{now:%Y%m%dT%H%M%SZ}.tar"
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second and run the backup again")
    files = media_files(media)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=output_dir) as work:
        dump = Path(work) / DUMP
        run_postgres_program("pg_dump", ["--format=custom", f"--file={dump}"], database)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created": now.isoformat(timespec="seconds"),
            "database": database.name,
            "pg_dump": run_postgres_program("pg_dump", ["--version"], database).stdout.strip(),
            "media": media is not None,
            "media_files": len(files),
        }
        partial = Path(work) / archive.name
        # Owner-only: the archive holds the whole database, password hashes included.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w") as tar:
            manifest_path = Path(work) / MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(dump, arcname=DUMP)
            for relative in files:
                tar.add(media / relative, arcname=f"{MEDIA}/{relative.as_posix()}", recursive=False)
        partial.replace(archive)
    return archive, manifest


def read_manifest(archive):
    if not str(archive).strip():
        raise BackupError("say which backup to restore, e.g. make restore ARCHIVE=var/backups/factorycommons-....tar")
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"there is no backup at {archive}")
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.load(tar.extractfile(member))
            tar.getmember(DUMP)
    except (tarfile.TarError, KeyError, ValueError, OSError) as error:
        raise BackupError(f"{archive} is not a Factory Commons backup (or it is damaged): {error}") from error
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"{archive} is a backup in format {manifest.get('format')!r}; this version reads format 1")
    return manifest


def restore(archive, database, media=None, force=False):
    """Restore `archive` into `database` and the `media` folder; return a summary dict.

    Refuses a database that holds tables, or a media folder that holds files,
    unless `force`: then the database's public schema is replaced (in the same
    transaction as the load), and the archive's media files are written over
    files of the same name (other files are left where they are).
    """
    manifest = read_manifest(archive)
    archive = Path(archive)
    tables = database.table_count()
    existing_media = media_files(media) if manifest["media"] and media is not None else []
    if not force:
        problems = []
        if tables:
            problems.append(f"the {database.label()} already holds {tables} tables and sequences")
        if existing_media:
            problems.append(f"the media folder {media} already holds {len(existing_media)} files")
        if problems:
            raise BackupError(
                f"{' and '.join(problems)}: restoring would overwrite them. Restore into an empty database "
                "(createdb a new one and point DATABASE_URL at it), or add --force (make restore FORCE=1) "
                "to replace what is there."
            )
    with tempfile.TemporaryDirectory(prefix="restore-") as work, tarfile.open(archive, mode="r:*") as tar:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        tar.extract(DUMP, path=work, filter="data")
        restore_database(Path(work) / DUMP, database, replace=bool(tables))
        restored = restore_media(tar, media, work) if manifest["media"] and media is not None else 0
    return {"manifest": manifest, "media_files": restored, "replaced_tables": tables}


def restore_database(dump, database, replace):
    """Load `dump` into `database` in one transaction: a restore that fails part way changes nothing.

    pg_restore turns the dump into SQL and psql runs it, so emptying the public
    schema (when replacing) happens in the same transaction as the load.
    """
    pg_restore = postgres_program("pg_restore")
    psql = postgres_program("psql")
    emptying = ["-c", "DROP SCHEMA IF EXISTS public CASCADE", "-c", "CREATE SCHEMA public"] if replace else []
    environment = database.environment()
    # pg_restore's messages go to a file, so a long one cannot fill a pipe nobody reads yet.
    with (
        tempfile.TemporaryFile() as dumper_stderr,
        subprocess.Popen(  # noqa: S603 (PostgreSQL's own programs, found above; no shell)
            [pg_restore, "--no-owner", "--no-acl", "--file=-", str(dump)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=dumper_stderr,
        ) as dumper,
    ):
        loader = subprocess.run(  # noqa: S603 (PostgreSQL's own psql, found above; no shell)
            [psql, "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", *emptying, "-f", "-"],
            env=environment,
            stdin=dumper.stdout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        dumper.stdout.close()
        dumper.wait()
        dumper_stderr.seek(0)
        dumper_errors = dumper_stderr.read().decode(errors="replace")
    if dumper.returncode != 0 and loader.returncode == 0:
        raise BackupError(f"pg_restore could not read the dump: {last_lines(dumper_errors)}")
    if loader.returncode != 0:
        raise BackupError(
            f"the {database.label()} was left as it was; loading the dump failed: "
            f"{last_lines(loader.stderr) or last_lines(dumper_errors)}"
        )


def last_lines(text, count=5):
    return "; ".join([line for line in text.splitlines() if line.strip()][-count:])


def restore_media(tar, media, work):
    members = [member for member in tar.getmembers() if member.name.startswith(f"{MEDIA}/") and member.isfile()]
    staging = Path(work) / "staging"
    tar.extractall(path=staging, members=members, filter="data")
    source = staging / MEDIA
    media.mkdir(parents=True, exist_ok=True)
    for relative in media_files(source):
        target = media / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source / relative, target)
    return len(members)
