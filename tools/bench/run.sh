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

source tools/servers.sh

echo "== Servers"
use_server postgres
export DATABASE_URL=$(tools/postgres.sh url)
use_server opensearch
export OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT

.venv/bin/python tools/bench/bench.py
