#!/usr/bin/env bash
# Sets everything up, builds (release preset) and runs every test with CTest, as many
# at a time as there are processors (CTEST_PARALLEL_LEVEL overrides).
# Pass a preset name (release, debug, asan) to test another build.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
scripts/setup.sh
cmake --preset "$preset" >/dev/null
scripts/build.sh --preset "$preset"
ctest --preset "$preset" --output-on-failure --parallel "${CTEST_PARALLEL_LEVEL:-$(nproc)}"
