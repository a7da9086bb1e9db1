#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan) in build/fuzz and runs
# each for a bounded time on a copy of its committed corpus (the corpus itself is never
# modified). Prints per target the executions, executions per second and corpus size,
# and exits non-zero when any target crashes, leaks, times out or breaks a property,
# naming the input that did it (kept under build/fuzz/artifacts/).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   default 60
#
# The targets run side by side, one per processor (FUZZ_JOBS overrides), each for
# SECONDS_PER_TARGET of its own core.
#
# A crash input replays with: build/fuzz/tests/fuzz/TARGET INPUT
# and, once fixed, goes to tests/fuzz/regressions/TARGET/ (replayed by CTest).
set -uo pipefail
cd "$(dirname "$0")/.." || exit
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2; }

jobs=${FUZZ_JOBS:-$(nproc)}

# Without precompiled headers: with clang, CMake names the header through -Xclang
# options, whose absolute path ccache 4.7 does not make relative, so every checkout would
# compile them and every file using them anew (tried: no hit in a second clone), while
# plain compiles are shared between checkouts.
build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCONNECTOR_FUZZ=ON -DCONNECTOR_BUILD_TESTS=OFF -DCONNECTOR_BUILD_BENCHMARKS=OFF \
  -DCONNECTOR_PCH=OFF >/dev/null || exit
scripts/build.sh "$build" --target fuzz_targets || exit

targets=(fuzz_manifest fuzz_ninjaone_mapping fuzz_error_body fuzz_token_response fuzz_host_items)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts="$build/artifacts"
mkdir -p "$artifacts"

# Runs one target on a copy of its corpus; its exit status lands in $work/TARGET.status.
fuzz_target() {
  local target=$1 corpus="$work/$1"
  mkdir -p "$corpus"
  cp -r tests/fuzz/corpus/"$target"/. "$corpus"/
  [[ -d tests/fuzz/regressions/$target ]] && cp -r tests/fuzz/regressions/"$target"/. "$corpus"/
  # libFuzzer takes one dictionary: the JSON tokens every target needs, and the target's own.
  cat tests/fuzz/dict/json.dict >"$work/$target.dict"
  [[ -f tests/fuzz/dict/$target.dict ]] && cat tests/fuzz/dict/"$target".dict >>"$work/$target.dict"
  local status=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict="$work/$target.dict" -artifact_prefix="$artifacts/$target-" \
    "$corpus" >"$work/$target.log" 2>&1 || status=$?
  echo "$status" >"$work/$target.status"
}

# Each target is one libFuzzer process on one core: as many run at once as there are
# processors, so every target still gets its SECONDS of a whole core.
echo "== ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  echo "== $target: ${seconds}s"
  fuzz_target "$target" &
done
wait

summary=()
failed=0
for target in "${targets[@]}"; do
  log="$work/$target.log"
  status=$(cat "$work/$target.status" 2>/dev/null || echo "?")
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$work/$target" -type f | wc -l)
  if [[ $status != 0 ]]; then
    failed=1
    # libFuzzer's report: the sanitizer's or FUZZ_CHECK's message and the input it saved.
    echo "== $target FAILED (exit $status):"
    grep -E "ERROR: |runtime error|FUZZ_CHECK|Test unit written|SUMMARY" "$log" | head -20
    summary+=("$(printf '%-22s FAILED (exit %s) after %s executions; log kept: %s' \
      "$target" "$status" "${executions:-?}" "$artifacts/$target.log")")
    cp "$log" "$artifacts/$target.log"
  else
    summary+=("$(printf '%-22s %12s executions %8s exec/s %6s corpus units' \
      "$target" "$executions" "$per_second" "$units")")
  fi
done

echo
echo "fuzzing summary (${seconds}s per target, $jobs at a time):"
printf '  %s\n' "${summary[@]}"
exit $failed
