#!/usr/bin/env bash
# The test suite under sanitizers:
#   asan  every test, built with AddressSanitizer + UndefinedBehaviorSanitizer
#         (leaks included, in the child processes the tests start as well);
#   tsan  the tests labelled "concurrency" (scheduler, service, HTTP client,
#         simulator, concurrent plugin calls), built with ThreadSanitizer.
# Configures, builds and tests each preset of CMakePresets.json, prints one summary
# line per preset (with build and test wall times), and exits non-zero when any
# preset fails. Usage: scripts/sanitize.sh [asan|tsan|all]   (default: all)
#
# Each build compiles only the programs its tests run. Tests run as many at a time as
# there are processors (CTEST_PARALLEL_LEVEL overrides): most of a test's time is spent
# waiting on the processes it starts, not computing.
set -uo pipefail
cd "$(dirname "$0")/.." || exit
test_jobs=${CTEST_PARALLEL_LEVEL:-$(nproc)}

case ${1:-all} in
  asan | tsan) presets=("$1") ;;
  all) presets=(asan tsan) ;;
  *)
    echo "usage: $0 [asan|tsan|all]" >&2
    exit 2
    ;;
esac

# The build targets the preset's tests run: each test's program, when the build makes
# it (python3 or node are not built). Their add_dependencies bring in what they start
# (connector-host, the plugins, the simulator, the test CA); nothing else is built, so a
# sanitizer build compiles no benchmark, tool or other target its tests never run.
# Derived from CTest, so a test added to the suite (or to the tsan preset's label) needs
# no edit here: CTest names the tests of the preset, and the generated
# CTestTestfile.cmake files name each test's program (CTest itself leaves a program out
# of its listing until it has been built).
preset_targets() {
  local preset=$1
  ctest --preset "$preset" --show-only=json-v1 2>/dev/null | python3 -c '
import json, pathlib, re, sys
build = pathlib.Path(sys.argv[1]).resolve()
wanted = {test["name"] for test in json.load(sys.stdin)["tests"]}
programs = {}
for testfile in build.rglob("CTestTestfile.cmake"):
    for name, program in re.findall(r"^add_test\(\[=\[(.+?)\]=\] \"([^\"]+)\"",
                                    testfile.read_text(), re.M):
        programs[name] = pathlib.Path(program).resolve()
missing = wanted - programs.keys()
if missing:
    sys.exit("sanitize: no program found for " + ", ".join(sorted(missing)))
print("\n".join(sorted({p.name for p in map(programs.get, wanted) if build in p.parents})))
' "build/$preset"
}

# GCC 12's and clang 14's TSan runtime cannot map its shadow memory when the kernel
# randomises mmap with more than 28 bits ("unexpected memory mapping"); such kernels
# get the tests run with address randomisation off for the test processes only.
tsan_runner() {
  local bits
  bits=$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 0)
  if ((bits > 28)); then
    echo "sanitize: vm.mmap_rnd_bits is $bits; running the tsan tests under setarch -R" >&2
    echo setarch "$(uname -m)" -R
  fi
}

# Runs "$@", sets `seconds` to its wall time, returns its status.
timed() {
  local start=$SECONDS status
  "$@"
  status=$?
  seconds=$((SECONDS - start))
  return "$status"
}

# Configures, builds and tests one preset; prints its summary line into `summaries`.
summaries=()
run_preset() {
  local preset=$1 log="build/sanitize-$1.log" targets=() runner=() seconds=0
  local build_seconds test_seconds outcome
  mkdir -p build
  echo "== $preset: configure" >&2
  if ! cmake --preset "$preset" >"$log" 2>&1; then
    cat "$log" >&2
    summaries+=("$preset: FAILED to configure (see $log)")
    return 1
  fi
  mapfile -t targets < <(preset_targets "$preset")
  if ((${#targets[@]} == 0)); then
    summaries+=("$preset: FAILED, the preset selects no test (tsan: none carries the \"concurrency\" label)")
    return 1
  fi
  targets=(--target "${targets[@]}")
  [[ $preset == tsan ]] && read -ra runner < <(tsan_runner)
  echo "== $preset: build ${targets[*]}" >&2
  if ! timed scripts/build.sh --preset "$preset" "${targets[@]}"; then
    summaries+=("$preset: FAILED to build after ${seconds} s")
    return 1
  fi
  build_seconds=$seconds
  echo "== $preset: test" >&2
  local start=$SECONDS status
  "${runner[@]}" ctest --preset "$preset" --output-on-failure --parallel "$test_jobs" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  test_seconds=$((SECONDS - start))
  outcome=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)
  if ((status != 0)); then
    summaries+=("$preset: FAILED: ${outcome:-ctest exited with $status} (build ${build_seconds} s, tests ${test_seconds} s; see $log)")
    return 1
  fi
  summaries+=("$preset: ok: ${outcome} (build ${build_seconds} s, tests ${test_seconds} s)")
}

failed=0
for preset in "${presets[@]}"; do
  run_preset "$preset" || failed=1
done
printf '%s\n' "${summaries[@]}"
exit $failed
