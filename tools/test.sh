#!/usr/bin/env bash
# `make test`: set up, start the servers the tests need, lint, check, test,
# and stop whatever this script started (also when something fails).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=.venv/bin/python
OPENSEARCH_PORT=${OPENSEARCH_PORT:-9200}
export OPENSEARCH_PORT

tools/check_prereqs.sh test
# deps also compiles the Welsh interface text (locale/cy/LC_MESSAGES/django.mo), which the tests read.
make --no-print-directory deps

source tools/servers.sh

echo "== Servers"
if use_server postgres; then
  export DATABASE_URL=$(tools/postgres.sh url)
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL could not be started; CI needs it." >&2
  exit 1
else
  echo "WARNING: PostgreSQL could not be started: the suite runs on SQLite and the PostgreSQL tests are skipped." >&2
fi

if use_server opensearch; then
  export OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT
elif [ "${CI:-}" = "true" ]; then
  echo "The OpenSearch node could not be started; CI needs it." >&2
  exit 1
else
  echo "WARNING: the OpenSearch node could not be started: the OpenSearch tests are skipped." >&2
fi

# The cache: the tests use Redis (as production does) when REDIS_URL is set, local memory otherwise.
if use_server redis; then
  export REDIS_URL=$(tools/redis.sh url)
elif [ "${CI:-}" = "true" ]; then
  echo "Redis could not be started; CI needs it." >&2
  exit 1
else
  echo "WARNING: Redis could not be started: the tests use a local-memory cache and the Redis tests are skipped." >&2
fi

echo "== Lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== Django checks"
export DJANGO_SETTINGS_MODULE=cms.settings.test
$PY manage.py check --fail-level WARNING
$PY manage.py makemigrations --check --dry-run

# Two workers: the machines here have two cores, and each worker gets its own
# test database and search indexes.
WORKERS=${TEST_WORKERS:-2}

echo "== Tests on PostgreSQL with the database backend and OpenSearch"
# loadgroup: the tests that read the demo content, the browser tests among them (xdist_group "demo"),
# share one worker, so the demo loads once (tests/conftest.py).
$PY -m pytest -n "$WORKERS" --dist loadgroup --durations=20 "$@"

echo "== Smoke tests on the embedded default: SQLite with the database backend"
# 500 generated inputs per property test here; the full run above sends 2,000.
env -u OPENSEARCH_URL -u REDIS_URL DATABASE_URL="sqlite:///$ROOT/var/test-smoke.sqlite3" SEARCH_INPUT_EXAMPLES=500 $PY -m pytest -n "$WORKERS" -m "smoke and not opensearch" -p no:cacheprovider "$@"

# Last, so the tests' results are shown whatever the vulnerability services say.
# Known vulnerabilities fail; a service that cannot be reached fails under CI=true
# (AUDIT_UNREACHABLE=warn to only warn; docs/decisions/0024-backups-and-audits.md).
echo "== Dependency audits: pip-audit (requirements.txt) and npm audit (package-lock.json)"
$PY tools/audit.py
