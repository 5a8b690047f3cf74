#!/usr/bin/env bash
# Checks what `make run` (run), `make test` (test) or `make bench` (bench)
# needs, and names what is missing and how to install it. Exit 1 when
# something required is missing.
#
# For `test`, PostgreSQL, Java/Maven, Redis and Chromium are required under CI=true;
# elsewhere they are reported and the tests that need them skip, loudly.
# Redis and Chromium are installed with apt-get when this runs as root. `bench` needs
# what `test` needs but Chromium, always: it measures both servers.
set -uo pipefail

mode=${1:-run}
PYTHON=${PYTHON:-python3.11}
missing=0
warned=0

need() { # need <what> <how to install>
  echo "MISSING: $1. Install it with: $2" >&2
  missing=1
}

service_need() {
  if [ "${CI:-}" = "true" ] || [ "$mode" = bench ]; then
    need "$1" "$2"
  else
    echo "WARNING: $1 is missing, so the tests that need it will be skipped. Install it with: $2" >&2
    warned=1
  fi
}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  need "Python 3.11 ($PYTHON)" "apt-get install python3.11 python3.11-venv (or pyenv install 3.11)"
elif ! "$PYTHON" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  need "Python 3.11 with venv ($PYTHON is $("$PYTHON" --version 2>&1))" "apt-get install python3.11 python3.11-venv"
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  need "Node.js 20 or newer with npm" "apt-get install nodejs npm"
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  need "Node.js 20 or newer (found $(node --version))" "apt-get install nodejs (version 20 or newer)"
fi

# GNU gettext: msgfmt compiles the Welsh interface text (locale/cy/LC_MESSAGES/django.po)
# for every run; the translation check in the tests also runs xgettext and msgmerge.
if ! command -v msgfmt >/dev/null 2>&1 || ! command -v xgettext >/dev/null 2>&1 || ! command -v msgmerge >/dev/null 2>&1; then
  need "GNU gettext (msgfmt, xgettext, msgmerge), to compile the Welsh interface text" "apt-get install gettext"
fi

if [ "$mode" = test ] || [ "$mode" = bench ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    service_need "PostgreSQL 15 server" "apt-get install postgresql"
  fi
  if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
    service_need "Java 17 or newer (for the OpenSearch node)" "apt-get install openjdk-17-jdk-headless"
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    service_need "Maven (to build the OpenSearch node)" "apt-get install maven"
  fi
  if ! command -v curl >/dev/null 2>&1; then
    service_need "curl (to check the OpenSearch node is up)" "apt-get install curl"
  fi
fi

# The shared cache production uses (tools/redis.sh); installed as Chromium is, below.
if [ "$mode" = test ] && ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server for the cache tests..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >/dev/null ||
      { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >/dev/null; } ||
      true
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    service_need "redis-server (the cache, for the cache tests)" "apt-get install redis-server"
  fi
fi

# CHROMIUM names another path only to try this check; the tests read the same variable.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ "$mode" = test ] && [ ! -x "$CHROMIUM" ]; then
  # The browser tests drive Debian's Chromium, never a browser Playwright downloads.
  # Run as root with apt-get, this installs it; elsewhere it is named, as above.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null ||
      { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; } ||
      true
  fi
  if [ ! -x "$CHROMIUM" ]; then
    service_need "Chromium at $CHROMIUM (for the browser tests)" "apt-get install chromium"
  fi
fi

if [ "$missing" = 1 ]; then
  echo "Install what is missing above, then run the command again." >&2
  exit 1
fi
[ "$warned" = 1 ] || echo "Prerequisites for 'make $mode': all present."
exit 0
