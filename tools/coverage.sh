#!/usr/bin/env bash
# Line coverage of engine/: builds with gcov instrumentation (build-cov),
# runs the whole CTest suite (with the throwaway servers tools/test.sh
# started, when their URLs are in the environment), and prints gcovr's
# summary. Fails under SEED_COVERAGE_MIN percent of lines (default 85).
# Usage: tools/coverage.sh [cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."
min=${SEED_COVERAGE_MIN:-85}
# -O1: the suite runs minutes, not tens of minutes, under gcov; line
# counts stay exact enough for a summary.
cmake -S . -B build-cov -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DSEED_COVERAGE=ON "$@" >/dev/null
cmake --build build-cov -j"$(nproc)"
find build-cov -name '*.gcda' -delete
(cd build-cov && ctest --output-on-failure -j2)
# Object files are in build-cov; sources under engine/ count (main.cc is a
# thin shell run only as a child process, counted as the rest is).
# Counters are not atomic (atomic updates make the suite several times
# slower), so a branch hit by two threads at once can read a negative
# count, which gcovr cannot parse: those lines are skipped. Line coverage
# (hit or not) is unaffected.
status=0
gcovr --root . --object-directory build-cov --filter 'engine/' --gcov-ignore-parse-errors --print-summary \
  --txt build-cov/coverage.txt --fail-under-line "$min" >build-cov/summary.txt 2>build-cov/gcovr.log || status=$?
grep -E '^(lines|functions|branches):' build-cov/summary.txt || true
echo "per-file report: build-cov/coverage.txt"
if [ "$status" != 0 ]; then
  grep -v 'UnknownLineType\|parse error' build-cov/gcovr.log | tail -5 >&2
  echo "coverage: line coverage of engine/ is under $min% (or gcovr failed)" >&2
  exit 1
fi
