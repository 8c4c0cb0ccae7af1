#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL and a `chroma run` server on loopback ports, for the server-backed tests.
#   source .ci/servers.sh start   # exports COACH_TEST_DATABASE_URL, COACH_TEST_CHROMA_HOST/PORT
#   .ci/servers.sh stop
# PostgreSQL is Debian's `postgresql` package (installed if missing); its cluster is made by initdb in a temp folder
# and run as the `postgres` user (initdb refuses root), trust auth on 127.0.0.1 only. State lives in $SERVERS_DIR.
set -euo pipefail
SERVERS_DIR=${SERVERS_DIR:-/tmp/coach-ci-servers}
PYBIN=${PYBIN:-.venv/bin}

free_port() {
  "$PYBIN/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && echo "$dir"
}

start_servers() {
  if [ -z "$(pg_bin)" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || { echo "postgresql could not be installed" >&2; return 1; }
  fi
  local bin runas=()
  bin=$(pg_bin)
  PG_PORT=${PG_PORT:-$(free_port)}
  CHROMA_PORT=${CHROMA_PORT:-$(free_port)}
  mkdir -p "$SERVERS_DIR"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$SERVERS_DIR"
    runas=(runuser -u postgres --)
  fi
  if [ ! -f "$SERVERS_DIR/pg/PG_VERSION" ]; then
    "${runas[@]}" "$bin/initdb" -D "$SERVERS_DIR/pg" -U coach --auth=trust >/dev/null
  fi
  "${runas[@]}" "$bin/pg_ctl" -D "$SERVERS_DIR/pg" -l "$SERVERS_DIR/pg.log" -w -t 60 \
    -o "-p $PG_PORT -k $SERVERS_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  "$PYBIN/chroma" run --path "$SERVERS_DIR/chroma" --host 127.0.0.1 --port "$CHROMA_PORT" \
    >"$SERVERS_DIR/chroma.log" 2>&1 &
  echo $! >"$SERVERS_DIR/chroma.pid"
  local up=""
  for _ in $(seq 1 300); do
    if "$PYBIN/python" -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat').status_code != 200)" 2>/dev/null; then
      up=1
      break
    fi
    sleep 0.2
  done
  [ -n "$up" ] || { echo "the chroma server did not start:" >&2; tail -20 "$SERVERS_DIR/chroma.log" >&2; return 1; }
  export COACH_TEST_DATABASE_URL="postgresql://coach@127.0.0.1:$PG_PORT/postgres"
  export COACH_TEST_CHROMA_HOST=127.0.0.1 COACH_TEST_CHROMA_PORT=$CHROMA_PORT
  echo "servers up: $COACH_TEST_DATABASE_URL, chroma on 127.0.0.1:$CHROMA_PORT"
}

stop_servers() {
  local bin runas=()
  bin=$(pg_bin) || true
  [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  if [ -f "$SERVERS_DIR/chroma.pid" ]; then
    kill "$(cat "$SERVERS_DIR/chroma.pid")" 2>/dev/null || true
    rm -f "$SERVERS_DIR/chroma.pid"
  fi
  if [ -n "$bin" ] && [ -f "$SERVERS_DIR/pg/postmaster.pid" ]; then
    "${runas[@]}" "$bin/pg_ctl" -D "$SERVERS_DIR/pg" -m fast -w stop >/dev/null || true
  fi
}

case "${1:-}" in
  start) start_servers ;;
  stop) stop_servers ;;
  *) echo "usage: $0 start|stop" >&2; return 2 2>/dev/null || exit 2 ;;
esac
