#!/usr/bin/env bash
# The main job, end to end on one machine: sets everything up, builds, starts the
# NinjaOne simulator over HTTPS with a generated tenant, and drives the NinjaOne
# plugin through connector-host: validate, list, sync into the store, show,
# grant a role, show the grant, revoke it, and show the audit log.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=${PRESET:-release}
scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

build=build/$preset
work=$(mktemp -d "${TMPDIR:-/tmp}/connector-demo.XXXXXX")
sim_pid=
cleanup() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Small JSON helpers for picking ids out of `-o json` lines.
json_field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$1"; }
json_select_role() {
  python3 -c '
import json, sys
for line in sys.stdin:
    item = json.loads(line)
    if item["profile"].get("roleType") == "TECHNICIAN":
        print(item["id"]); break'
}
json_select_user() {
  python3 -c '
import json, sys
members = {json.loads(l)["principal"] for l in sys.argv[1].splitlines() if l.strip()}
for line in sys.stdin:
    item = json.loads(line)
    if item["profile"].get("userType") == "TECHNICIAN" and item["id"] not in members:
        print(item["id"]); break' "$1"
}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Starting the NinjaOne simulator (HTTPS, generated tenant)"
"$build/tests/ninjaone-sim/ninjaone-sim" --listen 127.0.0.1:0 --port-file "$work/port" \
  --tls-cert "$build/tests/tls/server.pem" --tls-key "$build/tests/tls/server.key" \
  --seed 7 --technicians 6 --end-users 10 --roles 4 --organizations 3 --members-per-role 3 \
  --request-log "$work/requests.jsonl" &
sim_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
[[ -s $work/port ]] || { echo "demo: the simulator did not start" >&2; exit 1; }
sim_url="https://127.0.0.1:$(cat "$work/port")"
echo "simulator at $sim_url"

# The demo manifest names its simulator by placeholders; fill them in.
mkdir -p "$work/manifests" "$work/state"
sed -e "s#\${SIM_URL}#$sim_url#g" -e "s#\${SIM_CA}#$PWD/$build/tests/tls/ca.pem#g" \
  manifests/ninjaone-demo.json >"$work/manifests/ninjaone-demo.json"

# The simulator's default credentials; a real tenant's come from the environment too.
export NINJAONE_CLIENT_ID=sim-client NINJAONE_CLIENT_SECRET=sim-secret
host() {
  "$build/host/connector-host" --plugins "$build/plugins" --manifests "$work/manifests" \
    --state "$work/state" "$@"
}

step "connector-host plugins";                host plugins
step "connector-host connectors";             host connectors
step "connector-host validate ninjaone-demo"; host validate ninjaone-demo
step "Users";                                 host resources ninjaone-demo --type user
step "Roles";                                 host resources ninjaone-demo --type role
step "Organizations";                         host resources ninjaone-demo --type organization
tenant=$(host -o json resources ninjaone-demo --type tenant | json_field id)
step "Administrators ($tenant)";              host grants ninjaone-demo --resource "$tenant"
step "Role memberships";                      host grants ninjaone-demo | grep -E '^(ID|role:)' || true

step "Sync into the store";                   host sync ninjaone-demo
step "From the store, without calling NinjaOne"
host resources ninjaone-demo --type role --from-store

# A technician role, and a technician who is not yet one of its members.
role=$(host -o json resources ninjaone-demo --type role | json_select_role)
user=$(host -o json resources ninjaone-demo --type user | json_select_user "$(host -o json grants ninjaone-demo --resource "$role")")
step "Grant $role:member to $user (dry run, then for real)"
host grant ninjaone-demo --entitlement "$role:member" --principal "$user" --dry-run
host grant ninjaone-demo --entitlement "$role:member" --principal "$user"
step "The grant, as NinjaOne now reports it"; host grants ninjaone-demo --resource "$role"
step "Sync again and diff";                   host sync ninjaone-demo; host diff ninjaone-demo
step "Revoke it";                             host revoke ninjaone-demo --grant "$role:member:$user"
step "Revoke it again (nothing to do)";       host revoke ninjaone-demo --grant "$role:member:$user"
step "Audit log";                             host audit ninjaone-demo
step "Done"
echo "The simulator answered $(wc -l <"$work/requests.jsonl") requests (its request log: one JSON line each)."
