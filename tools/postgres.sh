#!/usr/bin/env bash
# A private PostgreSQL server for development and tests.
#
#   tools/postgres.sh start    initdb (first time) and start on 127.0.0.1:$PGPORT
#   tools/postgres.sh stop     stop it, if this script started it
#   tools/postgres.sh status   say whether it is running
#   tools/postgres.sh url      print the DATABASE_URL for it
#
# PostgreSQL refuses to run as root, so as root the server runs as the
# "postgres" system user (the Debian package creates it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGPORT=${PGPORT:-55432}
# The server's user must reach the data folder; a checkout under a private
# home folder is not reachable by "postgres", so fall back to /tmp then.
if [ -z "${PGDATA:-}" ]; then
  PGDATA=$ROOT/var/pg/data
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    PGDATA=/tmp/factorycommons-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)/data
  fi
fi
PGLOG=$(dirname "$PGDATA")/postgres.log
DB_NAME=factorycommons
DB_USER=factorycommons
DB_PASSWORD=factorycommons

die() { echo "postgres: $*" >&2; exit 1; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "PostgreSQL server is not installed. Install it with: apt-get install postgresql (version 15)"
  echo "$dir"
}

# Run a command as the user who owns the data directory.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_ready() {
  "$(bindir)/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" 2>/dev/null
}

start() {
  local bin
  bin=$(bindir)
  if is_ready; then
    echo "postgres: already running on 127.0.0.1:$PGPORT"
    return 0
  fi
  mkdir -p "$(dirname "$PGDATA")"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the server as. Install it with: apt-get install postgresql"
    chown postgres "$(dirname "$PGDATA")"
    runuser -u postgres -- test -w "$(dirname "$PGDATA")" \
      || die "the postgres user cannot write $(dirname "$PGDATA"); set PGDATA to a folder it can reach"
  fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "postgres: creating a cluster in $PGDATA"
    as_owner "$bin/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # The socket goes in the data folder, so nothing needs /var/run/postgresql.
  as_owner "$bin/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 \
    -o "-h 127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null \
    || { tail -n 20 "$PGLOG" >&2; die "the server did not start (log above, in $PGLOG)"; }
  as_owner "$bin/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
SELECT 'CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD ''$DB_PASSWORD'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\gexec
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
SQL
  echo "postgres: running on 127.0.0.1:$PGPORT (data in $PGDATA)"
}

stop() {
  if [ -s "$PGDATA/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && echo "postgres: stopped"
  else
    echo "postgres: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_ready; then echo "postgres: running on 127.0.0.1:$PGPORT"; else echo "postgres: not running"; exit 1; fi ;;
  url) echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PGPORT/$DB_NAME" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
