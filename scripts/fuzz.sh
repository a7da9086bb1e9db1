#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan) in build/fuzz and runs
# each for a bounded time on a copy of its committed corpus (the corpus itself is never
# modified). Prints per target the executions, executions per second and corpus size,
# and exits non-zero when any target crashes, leaks, times out or breaks a property,
# naming the input that did it (kept under build/fuzz/artifacts/).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   default 60
#
# A crash input replays with: build/fuzz/tests/fuzz/TARGET INPUT
# and, once fixed, goes to tests/fuzz/regressions/TARGET/ (replayed by CTest).
set -uo pipefail
cd "$(dirname "$0")/.." || exit
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2; }

build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCONNECTOR_FUZZ=ON -DCONNECTOR_BUILD_TESTS=OFF -DCONNECTOR_BUILD_BENCHMARKS=OFF \
  >/dev/null || exit
cmake --build "$build" --target fuzz_targets || exit

targets=(fuzz_manifest fuzz_ninjaone_mapping fuzz_error_body fuzz_token_response fuzz_host_items)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts="$build/artifacts"
mkdir -p "$artifacts"

summary=()
failed=0
for target in "${targets[@]}"; do
  corpus="$work/$target"
  mkdir -p "$corpus"
  cp -r tests/fuzz/corpus/"$target"/. "$corpus"/
  [[ -d tests/fuzz/regressions/$target ]] && cp -r tests/fuzz/regressions/"$target"/. "$corpus"/
  # libFuzzer takes one dictionary: the JSON tokens every target needs, and the target's own.
  cat tests/fuzz/dict/json.dict > "$work/$target.dict"
  [[ -f tests/fuzz/dict/$target.dict ]] && cat tests/fuzz/dict/"$target".dict >> "$work/$target.dict"

  echo "== $target: ${seconds}s"
  log="$work/$target.log"
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict="$work/$target.dict" -artifact_prefix="$artifacts/$target-" \
    "$corpus" >"$log" 2>&1
  status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  if [[ $status -ne 0 ]]; then
    failed=1
    # libFuzzer's report: the sanitizer's or FUZZ_CHECK's message and the input it saved.
    grep -E "ERROR: |runtime error|FUZZ_CHECK|Test unit written|SUMMARY" "$log" | head -20
    summary+=("$(printf '%-22s FAILED (exit %d) after %s executions; log kept: %s' \
      "$target" "$status" "${executions:-?}" "$artifacts/$target.log")")
    cp "$log" "$artifacts/$target.log"
  else
    summary+=("$(printf '%-22s %12s executions %8s exec/s %6s corpus units' \
      "$target" "$executions" "$per_second" "$units")")
  fi
done

echo
echo "fuzzing summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
exit $failed
