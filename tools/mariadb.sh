#!/usr/bin/env bash
# Throwaway MariaDB for tests and benchmarks: its own datadir, socket and
# port on loopback, so it never touches a system server.
#
#   tools/mariadb.sh start   # prints the URL to use: mysql://seed:seed@127.0.0.1:PORT/seed_test
#   tools/mariadb.sh stop
#   tools/mariadb.sh url
#   tools/mariadb.sh running # exit 0 if it answers
#
# Environment: SEED_MARIADB_DIR (default /tmp/seed-mariadb), SEED_MARIADB_PORT
# (default 3407). Runs as the mysql user when started by root. The seed user may
# create and grant to users of its own (tests of other users' sessions).
set -euo pipefail
DIR=${SEED_MARIADB_DIR:-/tmp/seed-mariadb}
PORT=${SEED_MARIADB_PORT:-3407}
SOCK=$DIR/mysqld.sock
URL="mysql://seed:seed@127.0.0.1:$PORT/seed_test"

ping() { mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1; }

start() {
  if ping; then echo "$URL"; return 0; fi
  command -v mariadbd >/dev/null || command -v mysqld >/dev/null || {
    echo "mariadb-server is not installed (run tools/install-deps.sh)" >&2; return 1; }
  mkdir -p "$DIR"
  local user=()
  if [ "$(id -u)" = 0 ]; then chown -R mysql:mysql "$DIR"; user=(--user=mysql); fi
  if [ ! -d "$DIR/data/mysql" ]; then
    mariadb-install-db --no-defaults "${user[@]}" --datadir="$DIR/data" --auth-root-authentication-method=socket \
      >"$DIR/install.log" 2>&1 || { cat "$DIR/install.log" >&2; return 1; }
  fi
  local server; server=$(command -v mariadbd || command -v mysqld)
  # A throwaway server: commits write the redo log but do not flush it, and
  # no doublewrite buffer. A killed server loses nothing by it (the writes
  # are in the OS's cache); only a crash of the machine would, and the data
  # directory is thrown away.
  nohup "$server" --no-defaults "${user[@]}" --datadir="$DIR/data" --socket="$SOCK" \
    --pid-file="$DIR/mysqld.pid" --log-error="$DIR/error.log" --bind-address=127.0.0.1 \
    --port="$PORT" --skip-name-resolve --local-infile=1 --skip-log-bin \
    --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 >/dev/null 2>&1 &
  for _ in $(seq 1 120); do ping && break; sleep 0.5; done
  ping || { echo "MariaDB did not start; see $DIR/error.log" >&2; tail -20 "$DIR/error.log" >&2; return 1; }
  mariadb --no-defaults --socket="$SOCK" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS seed_test CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'seed'@'127.0.0.1' IDENTIFIED BY 'seed';
CREATE USER IF NOT EXISTS 'seed'@'localhost' IDENTIFIED BY 'seed';
GRANT ALL ON *.* TO 'seed'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL ON *.* TO 'seed'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  echo "$URL"
}

# A wedged server (seen under several concurrent suites) does not answer a
# shutdown: after 30 s it is killed; its data directory is throwaway.
stop() {
  ping || return 0
  timeout 30 mariadb-admin --no-defaults --socket="$SOCK" -uroot shutdown && return 0
  [ -f "$DIR/mysqld.pid" ] && kill -9 "$(cat "$DIR/mysqld.pid")" 2>/dev/null || true
  for _ in $(seq 1 20); do ping || return 0; sleep 0.5; done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  running) ping ;;
  *) echo "usage: $0 start|stop|url|running" >&2; exit 1 ;;
esac
