#!/usr/bin/env bash
# Passes all tests: installs what is missing, builds, runs the CTest suite
# (unit + SQLite integration + MariaDB, PostgreSQL and 3-node Galera
# integration on throwaway servers), then the same suite built with AddressSanitizer and UBSan, then with
# ThreadSanitizer, then the libFuzzer targets for a bounded time
# (tools/fuzz.sh). The ASan build also counts lines: its run prints the
# line coverage of engine/ (tools/coverage.sh --report, at least 85%).
# SEED_SKIP_ASAN=1, SEED_SKIP_TSAN=1, SEED_SKIP_FUZZ=1 and
# SEED_SKIP_COVERAGE=1 skip a pass.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh

# Throwaway MariaDB and PostgreSQL 15 servers on loopback for the
# integration tests, each stopped again only if this script started it (the
# trap is set before either starts, so an exit in between stops it too).
was_running=0 pg_was_running=0 galera_was_running=0
tools/mariadb.sh running && was_running=1
tools/postgres.sh running && pg_was_running=1
tools/galera.sh running && galera_was_running=1
cleanup() {
  [ "$was_running" = 1 ] || tools/mariadb.sh stop || true
  [ "$pg_was_running" = 1 ] || tools/postgres.sh stop || true
  [ "$galera_was_running" = 1 ] || tools/galera.sh stop || true
}
trap cleanup EXIT
if tools/mariadb.sh start >/dev/null; then
  SEED_TEST_MYSQL_URL="$(tools/mariadb.sh url)"
  export SEED_TEST_MYSQL_URL
else
  echo "warning: MariaDB did not start; MySQL integration tests will be skipped" >&2
fi
if tools/postgres.sh start >/dev/null; then
  SEED_TEST_PG_URL="$(tools/postgres.sh url)"
  export SEED_TEST_PG_URL
else
  echo "warning: PostgreSQL did not start; PostgreSQL integration tests will be skipped" >&2
fi

# The 3-node Galera cluster (its test runs in the release pass only).
if urls=$(tools/galera.sh start); then
  SEED_TEST_GALERA_URLS="$(echo "$urls" | paste -sd,)"
  export SEED_TEST_GALERA_URLS
else
  echo "warning: the Galera cluster did not start; its test will be skipped" >&2
fi

# One test more than cores: the suite waits on servers, sleeps and killed
# processes for about a third of its time at one per core (release pass:
# 464 s at -j2, 375 s at -j3 on 2 cores).
jobs=$(( $(nproc) + 1 ))
(cd build && ctest --output-on-failure -j"$jobs")
# The cluster's three servers are not needed past the release pass.
[ "$galera_was_running" = 1 ] || tools/galera.sh stop || true

# Left out of the sanitizer passes: the tests whose time goes to servers
# and killed processes, not to the engine's code (the MariaDB and
# PostgreSQL schema corpora, the kill -9 loops, the private-server faults,
# the password probe over every URL shape). The release pass above runs
# them; the sanitizers still see every code path through the SQLite corpus,
# the driver suites and the unit tests.
sanitizer_skip='Schema corpus on (MariaDB|PostgreSQL)|kill -9 at random points|kill -9 of the holder|the server stopped, killed or restarted|no password byte in stdout|Galera'

# The ASan pass also counts lines for coverage (one build and run less).
if [ "${SEED_SKIP_ASAN:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSEED_SANITIZE=ON -DSEED_COVERAGE=ON >/dev/null
  cmake --build build-asan -j"$(nproc)"
  find build-asan -name '*.gcda' -delete
  # handle_sigill: UBSan's traps (see CMakeLists.txt) are reported with
  # their stack, in whichever process, child or test, hits one.
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:handle_sigill=1 ctest --output-on-failure -j"$jobs" -E "$sanitizer_skip")
  [ "${SEED_SKIP_COVERAGE:-0}" = 1 ] || tools/coverage.sh --report build-asan
fi

if [ "${SEED_SKIP_TSAN:-0}" != 1 ]; then
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DSEED_TSAN=ON >/dev/null
  cmake --build build-tsan -j"$(nproc)"
  # Races need threads: the single-threaded value tests (generators,
  # masking, expressions, sources, spec parsing) are left to the ASan pass.
  # (Catch's listing exits with the number of tests it lists, hence || true;
  # an empty list must not become an empty alternative, which matches all.)
  single=$({ build-tsan/seed_tests --list-test-names-only "[gen],[pii],[expr],[source],[spec]" || true; } |
    sed '/^$/d; s/[][\\.*^$+?(){}|]/\\&/g' | paste -sd'|')
  [ -n "$single" ] || { echo "no single-threaded tests listed by build-tsan/seed_tests" >&2; exit 1; }
  # Reports go to files as well as stderr: a race in a CLI child process
  # whose output a test does not read must fail the pass too.
  reports=$(mktemp -d)
  # Also left out: the tests that run the engine hundreds of times over
  # schema shapes, kill loops and init's sample databases; their threads
  # are the same generator and reader threads every other run test starts.
  processes='Schema corpus on SQLite|init on Sakila'
  (cd build-tsan && TSAN_OPTIONS="log_path=$reports/tsan second_deadlock_stack=1" ctest --output-on-failure -j2 \
    -E "$sanitizer_skip|$single|$processes")
  if compgen -G "$reports/tsan*" >/dev/null; then
    cat "$reports"/tsan* >&2
    echo "ThreadSanitizer reported the races above" >&2
    exit 1
  fi
  rm -rf "$reports"
fi

if [ "${SEED_SKIP_FUZZ:-0}" != 1 ]; then
  tools/fuzz.sh
fi

echo "all tests passed"
