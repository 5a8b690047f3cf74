#!/usr/bin/env bash
# `make loadtest`: check what is needed, start PostgreSQL, Redis and the load
# test's own OpenSearch node unless they are running, run the load test
# (tools/loadtest/loadtest.py), and stop whatever this script started (also
# when something fails).
#
# The second run kills the OpenSearch node, so the load test has a node of its
# own (LOADTEST_OPENSEARCH_PORT, default 9210, data under var/opensearch-loadtest)
# and never takes down the node that development or the tests use. A node that
# was already running on that port is started again afterwards, as it was found.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

tools/check_prereqs.sh bench
make --no-print-directory deps

source tools/servers.sh

echo "== Servers"
use_server postgres
export DATABASE_URL=$(tools/postgres.sh url)
if command -v redis-server >/dev/null 2>&1 && use_server redis; then
  # The shared cache production uses; without it each gunicorn worker caches on its own.
  export REDIS_URL=$(tools/redis.sh url)
else
  echo "WARNING: no Redis (apt-get install redis-server); the site runs without its shared cache." >&2
fi
export OPENSEARCH_PORT=${LOADTEST_OPENSEARCH_PORT:-9210}
export OPENSEARCH_HOME=${LOADTEST_OPENSEARCH_HOME:-$ROOT/var/opensearch-loadtest}
export LOADTEST_OPENSEARCH_HOME=$OPENSEARCH_HOME
use_server opensearch
export OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT

status=0
.venv/bin/python tools/loadtest/loadtest.py || status=$?

if [[ " ${SERVERS_STARTED[*]} " != *" opensearch "* ]]; then
  echo "== Starting the OpenSearch node again, as it was found"
  tools/opensearch/run.sh start
fi
exit "$status"
