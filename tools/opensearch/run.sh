#!/usr/bin/env bash
# Build, start, stop a real single-node OpenSearch 2.19 for development and CI.
# It runs from Maven artifacts in one JVM (see pom.xml and Main.java): no
# Docker, no tarball download.
#
# Usage: tools/opensearch/run.sh build|start|stop|status
#
# Environment:
#   OPENSEARCH_HOME          data, logs, pid file (default: <repo>/var/opensearch)
#   OPENSEARCH_PORT          HTTP port on 127.0.0.1 (default: 9200)
#   OPENSEARCH_CLUSTER_NAME  cluster name (default: factorycommons-dev; read by Main)
#   OPENSEARCH_JAVA_OPTS     extra JVM flags, appended (so they win), e.g. -Xmx2g
#   OPENSEARCH_START_TIMEOUT seconds to wait for the node to be ready (default: 120)
set -euo pipefail

TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TOOL_DIR/../.." && pwd)"

OPENSEARCH_HOME="${OPENSEARCH_HOME:-$REPO_ROOT/var/opensearch}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
# Main resolves a relative home against its working directory; make it
# absolute so it means the same thing here and there.
mkdir -p "$OPENSEARCH_HOME"
OPENSEARCH_HOME="$(cd "$OPENSEARCH_HOME" && pwd)"
export OPENSEARCH_HOME OPENSEARCH_PORT

PID_FILE="$OPENSEARCH_HOME/opensearch.pid"
LOG_FILE="$OPENSEARCH_HOME/opensearch.log"
BUILD_STAMP="$TOOL_DIR/target/.build-stamp"
MAIN_CLASS="uk.factorycommons.searchnode.Main"
BASE_URL="http://127.0.0.1:$OPENSEARCH_PORT"

# The flags the OpenSearch distribution itself uses (its jvm.options).
# shellcheck disable=SC2054  # the comma in SPI,COMPAT is part of the value
JAVA_FLAGS=(
    -Xms512m -Xmx1g -XX:+UseG1GC
    -Dfile.encoding=UTF-8
    -Djava.locale.providers=SPI,COMPAT
    -Dlog4j2.disable.jmx=true
    -Dio.netty.noUnsafe=true
    -Dio.netty.allocator.numDirectArenas=0
)

log() { echo "opensearch: $*" >&2; }
die() { log "$*"; exit 1; }

# --- build -----------------------------------------------------------------

needs_build() {
    [[ -f "$BUILD_STAMP" && -d "$TOOL_DIR/target/classes" && -d "$TOOL_DIR/target/lib" ]] || return 0
    # Rebuild when the pom or any source is newer than the last build.
    [[ -n "$(find "$TOOL_DIR/pom.xml" "$TOOL_DIR/src" -newer "$BUILD_STAMP" -print -quit)" ]]
}

do_build() {
    if ! needs_build; then
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found; Maven 3.8+ and Java 17 are needed"
    log "building with Maven (output in target/build.log; the first build downloads ~60 jars)"
    # Drop old jars first: after a version bump, target/lib would otherwise hold
    # two versions of the same library on the classpath.
    rm -rf "$TOOL_DIR/target/lib" "$BUILD_STAMP"
    mkdir -p "$TOOL_DIR/target"
    # Maven's output goes to a file, shown only on failure (Maven 3.8 also
    # prints stray colour codes even with -q -B).
    if ! (cd "$TOOL_DIR" && mvn -B package) >"$TOOL_DIR/target/build.log" 2>&1; then
        tail -n 40 "$TOOL_DIR/target/build.log" >&2
        die "build failed; full log in $TOOL_DIR/target/build.log"
    fi
    touch "$BUILD_STAMP"
}

# --- helpers ---------------------------------------------------------------

# The pid from the pid file, if that process is alive and is our node.
running_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid="$(cat "$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # Guard against a stale pid file whose pid now belongs to another process.
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$MAIN_CLASS"* ]] || return 1
    echo "$pid"
}

# Responses are captured before matching: with pipefail, `curl | grep -q`
# can fail when grep exits first and curl gets SIGPIPE.

# Prints the body of GET / on the port; fails if nothing answers there.
root_response() {
    curl -s --max-time 5 "$BASE_URL/" 2>/dev/null
}

# True if the given GET / body comes from an OpenSearch node (ours or not).
is_opensearch() {
    local re='"distribution" *: *"opensearch"'
    [[ "$1" =~ $re ]]
}

# True once cluster health is green or yellow. wait_for_status makes the node
# hold the request until then (or 5s), so this loop needs no fast polling.
cluster_ready() {
    local body re='"status" *: *"(green|yellow)"'
    body="$(curl -s --max-time 10 "$BASE_URL/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null)" || return 1
    [[ "$body" =~ $re ]]
}

wait_ready() {
    local pid="$1" deadline=$((SECONDS + OPENSEARCH_START_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            log "the JVM exited during startup; last lines of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            # The cause is often buried in a stack trace: repeat the first error.
            log "first error: $(grep -m1 -E '\[(FATAL|ERROR) *\]' "$LOG_FILE" || echo 'none logged')"
            exit 1
        fi
        if cluster_ready; then
            return 0
        fi
        sleep 1
    done
    log "not ready after ${OPENSEARCH_START_TIMEOUT}s (pid $pid still running); last lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2 || true
    exit 1
}

# --- subcommands -----------------------------------------------------------

do_start() {
    local pid
    command -v curl >/dev/null || die "curl not found"
    if pid="$(running_pid)"; then
        # Same home but another port would never become ready on our port.
        local its_port
        its_port="$(tr '\0' '\n' <"/proc/$pid/cmdline" | grep -A1 -x -e --port | tail -n 1)" || true
        if [[ "$its_port" != "$OPENSEARCH_PORT" ]]; then
            die "already running (pid $pid) on port ${its_port:-?}, not $OPENSEARCH_PORT; stop it first"
        fi
        log "already running (pid $pid); waiting until ready"
        wait_ready "$pid"
        log "ready at $BASE_URL"
        return 0
    fi
    local body
    if body="$(root_response)"; then
        if is_opensearch "$body"; then
            log "an OpenSearch node not started by this script already answers at $BASE_URL; using it"
            return 0
        fi
        die "something that is not OpenSearch answers at $BASE_URL; set OPENSEARCH_PORT to another port"
    fi

    do_build
    java -version >/dev/null 2>&1 || die "java not found; Java 17 is needed"

    rm -f "$PID_FILE"
    local started=$SECONDS
    # Run from TOOL_DIR so the relative classpath resolves; home is absolute.
    # nohup + </dev/null: the node outlives this script and its terminal.
    (
        cd "$TOOL_DIR"
        # shellcheck disable=SC2086  # OPENSEARCH_JAVA_OPTS is a list of flags
        exec nohup java "${JAVA_FLAGS[@]}" ${OPENSEARCH_JAVA_OPTS:-} \
            -cp "target/classes:target/lib/*" "$MAIN_CLASS" \
            --home "$OPENSEARCH_HOME" --port "$OPENSEARCH_PORT" \
            >"$LOG_FILE" 2>&1 </dev/null
    ) &
    pid=$!
    echo "$pid" >"$PID_FILE"
    log "started (pid $pid, log $LOG_FILE); waiting until ready"
    wait_ready "$pid"
    log "ready at $BASE_URL after $((SECONDS - started))s"
}

do_stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    # SIGTERM runs Main's shutdown hook, which closes the node cleanly.
    kill -TERM "$pid"
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "pid $pid ignored SIGTERM for 60s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    rm -f "$PID_FILE"
    log "stopped (pid $pid)"
}

do_status() {
    local pid
    if pid="$(running_pid)"; then
        if cluster_ready; then
            log "running (pid $pid), ready at $BASE_URL"
        else
            log "running (pid $pid), not ready yet at $BASE_URL"
        fi
        return 0
    fi
    local body
    if body="$(root_response)" && is_opensearch "$body"; then
        log "not started by this script, but an OpenSearch node answers at $BASE_URL"
        return 0
    fi
    log "not running"
    return 3  # the LSB code for "not running"
}

case "${1:-}" in
    build) do_build ;;
    start) do_start ;;
    stop) do_stop ;;
    status) do_status ;;
    *)
        echo "usage: $0 build|start|stop|status" >&2
        exit 2
        ;;
esac
