#!/usr/bin/env bash
# `make bench`: check what is needed, start PostgreSQL and OpenSearch unless
# they are running, run the search benchmark (tools/bench/bench.py), and stop
# whatever this script started (also when something fails).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OPENSEARCH_PORT=${OPENSEARCH_PORT:-9200}
export OPENSEARCH_PORT

tools/check_prereqs.sh bench
make --no-print-directory deps

started=()
cleanup() {
  local status=$?
  for service in "${started[@]}"; do
    case "$service" in
      postgres) tools/postgres.sh stop || true ;;
      opensearch) tools/opensearch/run.sh stop || true ;;
    esac
  done
  exit "$status"
}
trap cleanup EXIT

echo "== Servers"
if tools/postgres.sh status >/dev/null 2>&1; then
  echo "postgres: using the server already running"
else
  tools/postgres.sh start
  started+=(postgres)
fi
export DATABASE_URL=$(tools/postgres.sh url)

if tools/opensearch/run.sh status >/dev/null 2>&1; then
  echo "opensearch: using the node already running on port $OPENSEARCH_PORT"
else
  tools/opensearch/run.sh start
  started+=(opensearch)
fi
export OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT

.venv/bin/python tools/bench/bench.py
