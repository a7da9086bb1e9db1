#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need on a fresh Debian 12
# machine. Idempotent: packages already present are skipped quickly.
#
#   scripts/setup.sh              the build, the tests, the benches and the demo
#   scripts/setup.sh --hardening  also clang's libFuzzer and LLVM's symbolizer, for
#                                 scripts/fuzz.sh and readable sanitizer reports
#   scripts/setup.sh --packaging  also lintian and help2man, for scripts/package.sh
set -euo pipefail

hardening=0
packaging=0
for arg in "$@"; do
  case $arg in
    --hardening) hardening=1 ;;
    --packaging) packaging=1 ;;
    -h | --help)
      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup: unknown option '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-program-options1.81-dev libboost-test1.81-dev
  libssl-dev openssl ca-certificates libsqlite3-dev sqlite3
  libvalijson-dev libspdlog-dev libbenchmark-dev libxxhash-dev
  ccache curl wrk python3 python3-prometheus-client python3-yaml python3-requests
  tinyproxy
)

# Fuzzing needs clang with its runtime libraries (libFuzzer lives in libclang-rt-14-dev);
# llvm brings llvm-symbolizer, which turns sanitizer reports into file:line traces.
((hardening)) && packages+=(clang libclang-rt-14-dev llvm)
# The Debian packages: CPack needs dpkg-dev's dpkg-shlibdeps (build-essential brings
# it); help2man writes the manual page from --help; lintian checks the packages
# against Debian's policy.
((packaging)) && packages+=(help2man lintian)

# Node.js and npm run the OpenAPI conformance check. This machine image ships them
# (a Node.js 20 that bundles npm); Debian's own packages are the fallback.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The OpenAPI conformance check runs Stoplight Prism, pinned by tests/conformance's lockfile.
if [[ -f tests/conformance/package-lock.json ]]; then
  (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
fi
# The SCIM plugin's tests run SCIMMY, an independent SCIM 2.0 server, pinned likewise.
if [[ -f tests/scim/server/package-lock.json ]]; then
  (cd tests/scim/server && npm ci --no-audit --no-fund --loglevel=error)
fi
