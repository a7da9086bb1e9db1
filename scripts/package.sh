#!/usr/bin/env bash
# Builds the Debian packages and checks them without installing anything:
#   1. configures build/package with the packaged layout (prefix /usr, manifests in
#      /etc/connector-host/manifests, state in /var/lib/connector-host), builds it
#      and runs CPack: build/package/packages/connector-host{,-dev}_*.deb;
#   2. lists each package (dpkg-deb -c) and fails on a file it must hold and lacks,
#      or on a Depends field without the libraries the binaries link;
#   3. extracts both into a temporary root (dpkg-deb -x) and runs the extracted
#      binary there with no flags: --version, then `plugins -o json`, which must
#      show the extracted NinjaOne plugin loaded; runs the extracted connector-worker
#      (it must start and refuse to run by hand); checks the extracted binaries'
#      hardening with readelf (tests/host/check_binary_hardening.py);
#   4. runs lintian on both (scripts/setup.sh --packaging installs it); an error
#      or warning fails, but for the tags overridden in packaging/debian/ with
#      their reasons.
#
#   scripts/package.sh              everything above
#   scripts/package.sh --no-build   steps 2 to 4 on the packages already built
#   scripts/package.sh --build-only step 1 without scripts/setup.sh (deploy/Dockerfile's
#                                   build stage, which installs the build packages itself)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/package
build=1
check=1
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    --build-only) check=0 ;;
    -h | --help)
      sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "package: unknown option '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

fail() {
  echo "package: $*" >&2
  exit 1
}

if ((build)); then
  ((check)) && scripts/setup.sh --packaging
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX=/usr \
    -DCONNECTOR_HOST_DEFAULT_MANIFESTS_DIR=/etc/connector-host/manifests \
    -DCONNECTOR_HOST_DEFAULT_STATE_DIR=/var/lib/connector-host \
    -DCONNECTOR_BUILD_TESTS=OFF -DCONNECTOR_BUILD_BENCHMARKS=OFF >/dev/null
  scripts/build.sh "$build_dir"
  rm -rf "$build_dir/packages"
  (cd "$build_dir" && cpack -G DEB >/dev/null)
fi
((check)) || exit 0

shopt -s nullglob
runtime_debs=("$build_dir"/packages/connector-host_*.deb)
dev_debs=("$build_dir"/packages/connector-host-dev_*.deb)
((${#runtime_debs[@]} == 1)) || fail "expected one connector-host_*.deb in $build_dir/packages"
((${#dev_debs[@]} == 1)) || fail "expected one connector-host-dev_*.deb in $build_dir/packages"
runtime_deb=${runtime_debs[0]}
dev_deb=${dev_debs[0]}

# 2. Contents and dependencies.
require_files() {
  local deb=$1
  shift
  local listing
  listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
  for path in "$@"; do
    grep -qxF "./$path" <<<"$listing" || fail "$(basename "$deb") lacks /$path"
  done
  echo "package: $(basename "$deb"): $(wc -l <<<"$listing") entries, the $# required present"
}
require_files "$runtime_deb" \
  usr/bin/connector-host \
  usr/libexec/connector-host/connector-worker \
  usr/share/man/man1/connector-host.1.gz \
  usr/lib/connector-host/plugins/libconn_ninjaone.so \
  usr/lib/connector-host/plugins/libconn_scim.so \
  lib/systemd/system/connector-host.service \
  etc/connector-host/manifests/ \
  usr/share/doc/connector-host/copyright \
  usr/share/doc/connector-host/changelog.Debian.gz \
  usr/share/doc/connector-host/README.md \
  usr/share/doc/connector-host/examples/manifests/ninjaone-prod.json
require_files "$dev_deb" \
  usr/include/connector/abi.h \
  usr/include/connector/sdk.hpp \
  usr/share/doc/connector-host-dev/copyright \
  usr/share/doc/connector-host-dev/changelog.Debian.gz

# The SDK's library and CMake package, under the multiarch library directory.
for pattern in '/cmake/connector/connectorConfig\.cmake$' '/libconnector_sdk\.a$'; do
  dpkg-deb -c "$dev_deb" | awk '{print $6}' | grep -q "$pattern" ||
    fail "$(basename "$dev_deb") holds nothing matching $pattern"
done

depends=$(dpkg-deb -f "$runtime_deb" Depends)
depends_names=$(tr ',|' '\n\n' <<<"$depends" | awk '{print $1}')
for library in libc6 libstdc++6 libssl3 libsqlite3-0 libspdlog1.10-fmt9 libboost-json1.81.0 \
  libboost-program-options1.81.0 libboost-url1.81.0 ca-certificates; do
  grep -qxF "$library" <<<"$depends_names" ||
    fail "$(basename "$runtime_deb") does not depend on $library: Depends: $depends"
done
echo "package: Depends: $depends"

# What find_package(connector) and linking connector::sdk need (connectorConfig.cmake's
# find_dependency calls), so that installing the -dev package alone is enough.
dev_depends=$(dpkg-deb -f "$dev_deb" Depends)
dev_depends_names=$(tr ',|' '\n\n' <<<"$dev_depends" | awk '{print $1}')
for package in libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev; do
  grep -qxF "$package" <<<"$dev_depends_names" ||
    fail "$(basename "$dev_deb") does not depend on $package: Depends: $dev_depends"
done
echo "package: $(basename "$dev_deb") Depends: $dev_depends"

# 3. The extracted binary, with no flags, finds the extracted plugin.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$runtime_deb" "$root"
dpkg-deb -x "$dev_deb" "$root"
version=$(dpkg-deb -f "$runtime_deb" Version)
printed=$(env -u CONNECTOR_HOST_PLUGINS "$root/usr/bin/connector-host" --version)
[[ $printed == *"${version%-*}"* ]] || fail "--version printed '$printed', not ${version%-*}"
echo "package: extracted connector-host --version: $printed"
plugins=$(cd "$root" && env -u CONNECTOR_HOST_PLUGINS "$root/usr/bin/connector-host" plugins -o json)
python3 - "$plugins" "$root" <<'EOF'
import json, sys
lines = [json.loads(line) for line in sys.argv[1].splitlines() if line.strip()]
ninjaone = [p for p in lines if p.get("id") == "ninjaone" and p.get("status") == "loaded"]
if not ninjaone:
    sys.exit(f"package: `plugins -o json` shows no loaded ninjaone plugin: {sys.argv[1]}")
where = ninjaone[0].get("path", "")
if where and not where.startswith(sys.argv[2]):
    sys.exit(f"package: ninjaone was loaded from {where}, not from the extracted package")
print(f"package: extracted `plugins -o json`: ninjaone {ninjaone[0].get('version')} loaded"
      + (f" from {where}" if where else ""))
EOF
# The worker the host runs each plugin in: where the host looks for it
# (<bin>/../libexec/connector-host), and its libraries resolve (exit 2 and its usage
# line: started by hand, not by the host).
set +e
worker_said=$("$root/usr/libexec/connector-host/connector-worker" 2>&1)
worker_status=$?
set -e
((worker_status == 2)) && [[ $worker_said == *"not meant to be run by hand"* ]] ||
  fail "the extracted connector-worker did not start (exit $worker_status): $worker_said"
echo "package: extracted connector-worker starts (and refuses to run without the host)"
# The packaged binaries are hardened (cmake/Hardening.cmake): RELRO, BIND_NOW, stack
# canary, fortified calls, PIE; stripping keeps the dynamic symbols this reads.
python3 tests/host/check_binary_hardening.py "$root/usr/bin/connector-host" \
  "$root/usr/libexec/connector-host/connector-worker" \
  "$root"/usr/lib/connector-host/plugins/*.so | sed 's/^/package: hardened: /'
unit_binary=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$root/lib/systemd/system/connector-host.service")
[[ -x $root$unit_binary ]] || fail "the unit's ExecStart names $unit_binary, not in the package"

# 4. lintian, with the overrides the packages carry (each with its reason).
lintian --fail-on error,warning --info "$runtime_deb" "$dev_deb"
echo "package: lintian clean; packages in $build_dir/packages"
