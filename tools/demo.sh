#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and seeds the TERP demo
# (specs/) into an embedded SQLite file (default seed.db, recreated).
# Usage: tools/demo.sh [DB_FILE] [extra `seed-engine run` flags, e.g. --size medium]
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-seed.db}"
shift || true
tools/install-deps.sh
tools/build.sh
rm -f "$db" "$db-wal" "$db-shm"
build/seed-engine run specs/ --db "sqlite:$db" --schema specs/sql/terp.sqlite.sql "$@"
echo "seeded $db; try: sqlite3 $db 'SELECT * FROM orders LIMIT 5'"
