#!/usr/bin/env bash
# A private Redis server for development and tests (the shared cache production uses).
#
#   tools/redis.sh start    start on 127.0.0.1:$REDIS_PORT in the background
#   tools/redis.sh stop     stop it, if this script started it
#   tools/redis.sh status   say whether it is running
#   tools/redis.sh url      print the REDIS_URL for it
#
# Debian's redis-server, daemonised, with its pid file and log under var/redis/.
# It holds only a cache, so nothing is written to disk (no snapshots, no append log).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REDIS_PORT=${REDIS_PORT:-56379}
REDIS_DIR=${REDIS_DIR:-$ROOT/var/redis}
PIDFILE=$REDIS_DIR/redis-$REDIS_PORT.pid
LOGFILE=$REDIS_DIR/redis-$REDIS_PORT.log

die() { echo "redis: $*" >&2; exit 1; }

need_redis() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
    || die "redis-server is not installed. Install it with: apt-get install redis-server"
}

is_ready() {
  command -v redis-cli >/dev/null 2>&1 \
    && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

start() {
  need_redis
  if is_ready; then
    echo "redis: already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  mkdir -p "$REDIS_DIR"
  # Settings on the command line, so there is no config file to keep in step.
  # The tests give each pytest-xdist worker its own database number (cms/settings/test.py).
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$PIDFILE" --logfile "$LOGFILE" --dir "$REDIS_DIR" \
    --save "" --appendonly no --databases 64 \
    --maxmemory 256mb --maxmemory-policy allkeys-lru >/dev/null \
    || die "the server did not start (see $LOGFILE)"
  for _ in $(seq 1 50); do
    if is_ready; then
      echo "redis: running on 127.0.0.1:$REDIS_PORT (log in $LOGFILE)"
      return 0
    fi
    sleep 0.1
  done
  tail -n 20 "$LOGFILE" >&2 || true
  die "the server did not answer within 5 seconds (log above, in $LOGFILE)"
}

stop() {
  local pid=""
  [ -s "$PIDFILE" ] && pid=$(cat "$PIDFILE")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    rm -f "$PIDFILE"
    echo "redis: stopped"
  else
    echo "redis: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_ready; then echo "redis: running on 127.0.0.1:$REDIS_PORT"; else echo "redis: not running"; exit 1; fi ;;
  url) echo "redis://127.0.0.1:$REDIS_PORT" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
