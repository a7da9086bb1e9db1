#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ from
# real answers of the NinjaOne simulator (a small generated tenant, plain HTTP) and
# real items of the NinjaOne plugin (a sync through connector-host into a store), plus
# the committed manifests for fuzz_manifest. Run it again when the answers change.
#
#   tests/fuzz/make_seeds.sh [BUILD_DIR]   default build/release
#
# BUILD_DIR must hold ninjaone-sim, connector-host and the NinjaOne plugin:
#   cmake --build BUILD_DIR --target ninjaone-sim connector-host ninjaone
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
sim="$build/tests/ninjaone-sim/ninjaone-sim"
host="$build/host/connector-host"
plugins="$build/plugins"
for binary in "$sim" "$host" "$plugins/libconn_ninjaone.so"; do
  [[ -e $binary ]] || { echo "make_seeds.sh: $binary is missing (build it first)" >&2; exit 2; }
done

work=$(mktemp -d)
sim_pid=""
cleanup() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A small tenant: every generator edge case (quotes, CJK, emoji, id 2147483647...) with
# few enough users that the answers stay a few KB each.
"$sim" --listen 127.0.0.1:0 --port-file "$work/port" --seed 7 --technicians 4 --end-users 8 \
  --roles 4 --organizations 3 --members-per-role 2 --refresh-token sim-refresh-0 &
sim_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
[[ -s $work/port ]] || { echo "make_seeds.sh: the simulator did not start" >&2; exit 1; }
base_url="http://127.0.0.1:$(cat "$work/port")"

# Real items: a full sync of the tenant through the real plugin into a real store.
mkdir -p "$work/manifests" "$work/state"
cat > "$work/manifests/sim.json" <<JSON
{"id": "sim", "plugin": "ninjaone",
 "config": {"base_url": "$base_url", "allow_insecure_http": true, "client_id": "sim-client",
            "client_secret": "sim-secret", "requests_per_minute": 0}}
JSON
"$host" --plugins "$plugins" --manifests "$work/manifests" --state "$work/state" sync sim >/dev/null

corpus="$here/corpus"
rm -rf "$corpus"
mkdir -p "$corpus"
python3 "$here/write_seeds.py" "$base_url" "$work/state/store.db" "$corpus"

mkdir -p "$corpus/fuzz_manifest"
for manifest in "$root"/manifests/*.json $(find "$root/tests/host/manifests" -name '*.json'); do
  cp "$manifest" "$corpus/fuzz_manifest/$(basename "$(dirname "$manifest")")-$(basename "$manifest")"
done
# A NinjaOne manifest whose secrets are files, naming what fuzz_manifest keeps beside
# its input (a secret, an empty file, one past 64 KiB, a folder, a FIFO), so the
# fuzzer starts from references that resolve and from each way one fails.
cat >"$corpus/fuzz_manifest/file-references.json" <<'JSON'
{
  "id": "file-references",
  "plugin": "ninjaone",
  "config": {
    "base_url": "https://eu.ninjarmm.com",
    "client_id": {"file": "secret.txt"},
    "client_secret": {"file": "secret.txt"},
    "auth": {"refresh_token": {"file": "empty.txt"}},
    "notes": [{"file": "big.txt"}, {"file": "folder"}, {"file": "pipe"}, {"file": "/etc/passwd"}]
  }
}
JSON
du -sh "$corpus"/* "$corpus"
