#!/usr/bin/env bash
# Line coverage of engine/, from gcov counters, summarized by gcovr. Fails
# under SEED_COVERAGE_MIN percent of lines (default 85).
#
#   tools/coverage.sh [cmake -D options...]   builds build-cov with gcov (-O1) and runs the
#                                             whole CTest suite there first (with the servers
#                                             whose URLs are in the environment)
#   tools/coverage.sh --report DIR            only the report, from a build already run with
#                                             -DSEED_COVERAGE=ON (tools/test.sh: the ASan pass)
set -euo pipefail
cd "$(dirname "$0")/.."
min=${SEED_COVERAGE_MIN:-85}
if [ "${1:-}" = --report ]; then
  dir=$2
else
  dir=build-cov
  # -O1: the suite runs minutes, not tens of minutes, under gcov; line
  # counts stay exact enough for a summary.
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DSEED_COVERAGE=ON "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
  find "$dir" -name '*.gcda' -delete
  (cd "$dir" && ctest --output-on-failure -j2)
fi
# Sources under engine/ count (main.cc is a thin shell run only as a
# child process, counted as the rest is). Counters are not atomic (atomic
# updates make the suite several times slower), so a branch hit by two
# threads at once can read a negative count, which gcovr cannot parse:
# those lines are skipped. Line coverage (hit or not) is unaffected.
status=0
gcovr --root . --object-directory "$dir" --filter 'engine/' --gcov-ignore-parse-errors --print-summary \
  --txt "$dir"/coverage.txt --fail-under-line "$min" >"$dir"/summary.txt 2>"$dir"/gcovr.log || status=$?
grep -E '^(lines|functions|branches):' "$dir"/summary.txt || true
echo "per-file report: $dir/coverage.txt"
if [ "$status" != 0 ]; then
  grep -v 'UnknownLineType\|parse error' "$dir"/gcovr.log | tail -5 >&2
  echo "coverage: line coverage of engine/ is under $min% (or gcovr failed)" >&2
  exit 1
fi
