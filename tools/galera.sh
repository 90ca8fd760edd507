#!/usr/bin/env bash
# Throwaway 3-node MariaDB Galera cluster on loopback (Debian's mariadb-server
# and galera-4), for tests of cluster behaviour: each node has its own data
# directory, socket, SQL port and Galera ports, node 1 bootstraps the
# cluster, 2 and 3 join it by rsync state transfer.
#
#   tools/galera.sh start    # prints the three nodes' URLs, one per line
#   tools/galera.sh stop
#   tools/galera.sh urls
#   tools/galera.sh running  # exit 0 if all three nodes answer
#
# Environment: SEED_GALERA_DIR (default /tmp/seed-galera), SEED_GALERA_PORT
# (node 1's SQL port, default 3421; nodes 2 and 3 take the next two; Galera
# ports are 4767 + 10 * (i - 1), state transfer 4467 + i).
set -euo pipefail
DIR=${SEED_GALERA_DIR:-/tmp/seed-galera}
PORT=${SEED_GALERA_PORT:-3421}
LIB=/usr/lib/galera/libgalera_smm.so
CLUSTER="gcomm://127.0.0.1:4767,127.0.0.1:4777,127.0.0.1:4787"

sock() { echo "$DIR/node$1/mysqld.sock"; }
ping() { mariadb-admin --no-defaults --socket="$(sock "$1")" -uroot ping >/dev/null 2>&1; }
url() { echo "mysql://seed:seed@127.0.0.1:$((PORT + $1 - 1))/seed_test"; }
urls() { for i in 1 2 3; do url "$i"; done; }

node() {  # index, extra server options
  local i=$1; shift
  local dir=$DIR/node$i gport=$((4767 + 10 * (i - 1)))
  ping "$i" && return 0
  mkdir -p "$dir"
  local user=()
  if [ "$(id -u)" = 0 ]; then chown -R mysql:mysql "$DIR"; user=(--user=mysql); fi
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults "${user[@]}" --datadir="$dir/data" --auth-root-authentication-method=socket \
      >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; return 1; }
  fi
  local server; server=$(command -v mariadbd || command -v mysqld)
  nohup "$server" --no-defaults "${user[@]}" --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" --bind-address=127.0.0.1 \
    --port="$((PORT + i - 1))" --skip-name-resolve --local-infile=1 --innodb-buffer-pool-size=128M \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --wsrep-on=ON --wsrep-provider="$LIB" --wsrep-cluster-name=seed-engine-test \
    --wsrep-cluster-address="$CLUSTER" --wsrep-node-address="127.0.0.1:$gport" --wsrep-node-name="node$i" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gport;ist.recv_addr=127.0.0.1:$((gport + 1))" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$((4467 + i))" \
    "$@" >"$dir/mariadbd.out" 2>&1 &
  for _ in $(seq 1 240); do ping "$i" && break; sleep 0.5; done
  ping "$i" || { echo "Galera node $i did not start; see $dir/error.log" >&2; tail -20 "$dir/error.log" >&2; return 1; }
}

start() {
  [ -f "$LIB" ] || { echo "galera-4 is not installed (run tools/install-deps.sh)" >&2; return 1; }
  command -v rsync >/dev/null || { echo "rsync is not installed (run tools/install-deps.sh)" >&2; return 1; }
  # A cluster whose nodes all stopped must be bootstrapped again from node 1.
  if ! ping 1; then
    [ -f "$DIR/node1/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' \
      "$DIR/node1/data/grastate.dat"
    node 1 --wsrep-new-cluster
  fi
  node 2
  node 3
  mariadb --no-defaults --socket="$(sock 1)" -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS seed_test CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'seed'@'127.0.0.1' IDENTIFIED BY 'seed';
GRANT ALL ON *.* TO 'seed'@'127.0.0.1' WITH GRANT OPTION;
SQL
  local size
  for _ in $(seq 1 60); do
    size=$(mariadb --no-defaults --socket="$(sock 3)" -uroot -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)
    [ "$size" = 3 ] && break
    sleep 0.5
  done
  [ "$size" = 3 ] || { echo "the Galera cluster has $size nodes, not 3" >&2; return 1; }
  urls
}

# Joiners first, the bootstrap node last (so it is the safe one to restart).
stop() {
  for i in 3 2 1; do
    ping "$i" || continue
    timeout 60 mariadb-admin --no-defaults --socket="$(sock "$i")" -uroot shutdown ||
      { [ -f "$DIR/node$i/mysqld.pid" ] && kill -9 "$(cat "$DIR/node$i/mysqld.pid")" 2>/dev/null || true; }
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  urls) urls ;;
  running) ping 1 && ping 2 && ping 3 ;;
  *) echo "usage: $0 start|stop|urls|running" >&2; exit 1 ;;
esac
