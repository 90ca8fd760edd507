#!/usr/bin/env bash
# Passes all tests: installs what is missing, builds, runs the CTest suite
# (unit + SQLite integration + MariaDB integration on a throwaway server),
# then the same suite built with AddressSanitizer and UBSan.
# Set SEED_SKIP_ASAN=1 to skip the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh

# A throwaway MariaDB on loopback for the integration tests (stopped again
# only if this script started it).
was_running=0
tools/mariadb.sh running && was_running=1
if tools/mariadb.sh start >/dev/null; then
  [ "$was_running" = 1 ] || trap 'tools/mariadb.sh stop' EXIT
  SEED_TEST_MYSQL_URL="$(tools/mariadb.sh url)"
  export SEED_TEST_MYSQL_URL
else
  echo "warning: MariaDB did not start; MySQL integration tests will be skipped" >&2
fi

(cd build && ctest --output-on-failure -j2)

if [ "${SEED_SKIP_ASAN:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSEED_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$(nproc)"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j2)
fi
echo "all tests passed"
