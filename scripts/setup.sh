#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need on a fresh Debian 12
# machine. Idempotent: packages already present are skipped quickly.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-program-options1.81-dev libboost-test1.81-dev
  libssl-dev openssl ca-certificates libsqlite3-dev sqlite3
  libvalijson-dev libspdlog-dev libbenchmark-dev
  curl wrk python3 python3-prometheus-client python3-yaml
)

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
