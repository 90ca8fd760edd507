#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/
# and runs each for a bounded time from its corpus in tests/fuzz/corpus.
# New inputs go to build-fuzz/corpus-*, never into the repository; a crash
# leaves its input in build-fuzz/artifacts/ and fails the script.
#
#   tools/fuzz.sh            # every target at once, SEED_FUZZ_SECONDS (default 30) of a core each
#   tools/fuzz.sh expr 600   # one target, ten minutes
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${2:-${SEED_FUZZ_SECONDS:-30}}
targets=(${1:-spec expr source})
# -O1: libFuzzer's recommended level, and a third faster to build than -O2.
# The targets reach no database: the server drivers are left out.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DSEED_FUZZ=ON \
  -DSEED_BUILD_TESTS=OFF -DSEED_WITH_MYSQL=OFF -DSEED_WITH_POSTGRES=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
mkdir -p build-fuzz/artifacts
# The targets run at once, each for about `seconds` of one core: with more
# targets than cores, each runs longer on its share (3 on 2 cores: 45 s).
cores=$(nproc)
wall=$seconds
[ "${#targets[@]}" -le "$cores" ] || wall=$(( (seconds * ${#targets[@]} + cores - 1) / cores ))
declare -A pids
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus-$t"
  echo "fuzz_$t: ${wall}s"
  # Spec and expression texts past 64 KiB are refused by the loaders'
  # own limits, so longer inputs would only test the refusal.
  (cd build-fuzz && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    exec "./fuzz_$t" -max_total_time="$wall" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix=artifacts/ "corpus-$t" "../tests/fuzz/corpus/$t") \
    >"build-fuzz/fuzz_$t.log" 2>&1 &
  pids[$t]=$!
done
failed=0
for t in "${targets[@]}"; do
  status=0
  wait "${pids[$t]}" || status=$?
  echo "fuzz_$t:"
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|SUMMARY)" "build-fuzz/fuzz_$t.log" || true
  if [ "$status" -ne 0 ]; then
    tail -60 "build-fuzz/fuzz_$t.log" >&2
    echo "fuzz_$t failed (exit $status): its input is in build-fuzz/artifacts/" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || exit 1
echo "fuzzing: no crash"
