#!/usr/bin/env bash
# Throwaway PostgreSQL 15 for tests and benchmarks: its own data directory,
# unix socket directory inside it and port on loopback, so it never touches
# a system server.
#
#   tools/postgres.sh start   # prints the URL to use: postgres://seed:seed@127.0.0.1:PORT/seed_test
#   tools/postgres.sh stop
#   tools/postgres.sh url
#   tools/postgres.sh running # exit 0 if it answers
#
# Environment: SEED_PG_DIR (default /tmp/seed-postgres), SEED_PG_PORT
# (default 5442). Runs as the postgres user when started by root. The seed
# role may create databases (one scratch database per test).
set -euo pipefail
BIN=${SEED_PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${SEED_PG_DIR:-/tmp/seed-postgres}
PORT=${SEED_PG_PORT:-5442}
DATA=$DIR/data
SOCK=$DIR/socket
URL="postgres://seed:seed@127.0.0.1:$PORT/seed_test"

# Root may not run the server: everything runs as postgres then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

ping() { [ -d "$SOCK" ] && as_pg "$BIN/pg_isready" -q -h "$SOCK" -p "$PORT" >/dev/null 2>&1; }

superuser_sql() { as_pg "$BIN/psql" -X -h "$SOCK" -p "$PORT" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 "$@"; }

start() {
  if ping; then echo "$URL"; return 0; fi
  [ -x "$BIN/postgres" ] || {
    echo "PostgreSQL 15 is not installed (run tools/install-deps.sh)" >&2; return 1; }
  mkdir -p "$DIR" "$SOCK"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$DIR"; fi
  chmod 700 "$DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; return 1; }
  fi
  # A throwaway server: no fsync (nor torn-page protection). A killed
  # server loses nothing by it, its writes being in the OS's cache; only a
  # crash of the machine would, and the data directory is thrown away.
  # Commits still wait for their WAL to be written, so the tests that kill
  # or restart the server see what a durable one keeps.
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK -c max_connections=200 -c fsync=off -c full_page_writes=off" \
    start >/dev/null || { echo "PostgreSQL did not start; see $DIR/server.log" >&2; tail -20 "$DIR/server.log" >&2; return 1; }
  superuser_sql >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'seed') THEN
    CREATE ROLE seed LOGIN CREATEDB PASSWORD 'seed';
  END IF;
END $$;
SELECT 'CREATE DATABASE seed_test OWNER seed' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'seed_test')\gexec
SQL
  echo "$URL"
}

stop() {
  if ping; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  running) ping ;;
  *) echo "usage: $0 start|stop|url|running" >&2; exit 1 ;;
esac
