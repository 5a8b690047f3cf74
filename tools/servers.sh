# Sourced by tools/test.sh and tools/bench/run.sh (from the project root):
# use_server starts PostgreSQL, OpenSearch or Redis unless it is running, and on exit
# only the servers started here are stopped (also when something fails).

SERVERS_STARTED=()

stop_started_servers() {
  local status=$?
  for server in "${SERVERS_STARTED[@]}"; do
    case "$server" in
      postgres) tools/postgres.sh stop || true ;;
      opensearch) tools/opensearch/run.sh stop || true ;;
      redis) tools/redis.sh stop || true ;;
    esac
  done
  exit "$status"
}
trap stop_started_servers EXIT

# use_server postgres|opensearch|redis: the server already running, or one started
# now; returns non-zero when neither.
use_server() {
  local script
  case "$1" in
    postgres) script=tools/postgres.sh ;;
    opensearch) script=tools/opensearch/run.sh ;;
    redis) script=tools/redis.sh ;;
    *) echo "use_server: no server called '$1'" >&2; return 2 ;;
  esac
  if "$script" status >/dev/null 2>&1; then
    echo "$1: using the server already running"
  elif "$script" start; then
    SERVERS_STARTED+=("$1")
  else
    return 1
  fi
}
