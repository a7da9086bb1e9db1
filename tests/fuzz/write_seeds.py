"""Writes the fuzz targets' seed files from a running NinjaOne simulator and a store
a sync wrote (called by make_seeds.sh, which starts both).

    write_seeds.py BASE_URL STORE_DB CORPUS_DIR
"""
import http.client
import json
import sqlite3
import struct
import sys
import urllib.parse
from pathlib import Path

base_url, store_db, corpus = sys.argv[1], sys.argv[2], Path(sys.argv[3])
address = urllib.parse.urlsplit(base_url)

# fuzz_error_body's content types, in the order of kContentTypes.
CONTENT_TYPES = ["application/json", "text/html; charset=utf-8", "text/plain", "",
                 "application/problem+json"]


def request(method, path, body=b"", headers=None):
    """(status, headers, body) of one exchange; a cut-off body as far as it came."""
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    try:
        data = answer.read()
    except http.client.IncompleteRead as cut:
        data = cut.partial
    connection.close()
    return answer.status, answer.headers, data


def token(form):
    return request("POST", "/ws/oauth/token", urllib.parse.urlencode(form).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})


def write(target, name, data):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def error_seed(name, status, headers, body, refresh_flow=False, retry_after=None):
    content_type = (headers.get("Content-Type") or "").lower()
    kind = next((i for i, t in enumerate(CONTENT_TYPES) if t and content_type.startswith(t.split(";")[0])),
                3)
    options = kind | (0x80 if refresh_flow else 0)
    retry = retry_after if retry_after is not None else headers.get("Retry-After") or ""
    request_id = headers.get("x-nj-request-id") or ""
    data = (struct.pack(">HB", status, options) + retry.encode() + b"\n" + request_id.encode() +
            b"\n" + body)
    write("fuzz_error_body", name, data)


def mapping_seed(name, body, options=0, subject_limit=200, pieces=0x4007):
    write("fuzz_ninjaone_mapping", name,
          struct.pack(">BBH", options, subject_limit, pieces) + body)


def set_faults(spec):
    request("POST", "/_sim/faults", json.dumps({"spec": spec}).encode(),
            {"Content-Type": "application/json"})


CLIENT = {"client_id": "sim-client", "client_secret": "sim-secret"}

# Token answers, and the token endpoint's refusals.
status, headers, body = token({**CLIENT, "grant_type": "client_credentials",
                               "scope": "monitoring management control"})
assert status == 200, body
write("fuzz_token_response", "client_credentials.json", body)
access = json.loads(body)["access_token"]
status, headers, body = token({**CLIENT, "grant_type": "refresh_token",
                               "refresh_token": "sim-refresh-0"})
write("fuzz_token_response", "refresh_token.json", body)
for name, form, refresh in [
        ("invalid_client", {"client_id": "sim-client", "client_secret": "wrong",
                            "grant_type": "client_credentials"}, False),
        ("invalid_scope", {**CLIENT, "grant_type": "client_credentials", "scope": "everything"},
         False),
        ("invalid_grant", {**CLIENT, "grant_type": "refresh_token", "refresh_token": "used"}, True),
        ("unsupported_grant_type", {**CLIENT, "grant_type": "password"}, False)]:
    status, headers, body = token(form)
    error_seed(f"token-{name}", status, headers, body, refresh_flow=refresh)

# List answers, as the resource types read them.
auth = {"Authorization": f"Bearer {access}"}
for name, path in [("users", "/v2/users?includeRoles=true"),
                   ("technicians", "/v2/users?userType=TECHNICIAN"),
                   ("roles", "/v2/user/roles"),
                   ("organizations", "/v2/organizations?pageSize=2"),
                   ("ticket-statuses", "/v2/ticketing/statuses")]:
    status, headers, body = request("GET", path, headers=auth)
    assert status == 200, (path, status)
    mapping_seed(f"{name}.json", body)
status, headers, body = request("GET", "/v2/users", headers=auth)
mapping_seed("users-one-byte-pieces-retried.json", body, options=8 | 16 | 1, pieces=0x0001)
# config.ticket objects, as the ticket settings parser reads them.
mapping_seed("ticket-settings.json", json.dumps([
    {"organization_id": 1, "ticket_form_id": 1,
     "subject_template": "{operation} {role_name} for {principal_name} <{principal_email}>",
     "description_template": "Please {operation} {entitlement} for {principal} ({requester}).",
     "tags": ["access-request"], "requester_uid": "0b5c0a52-0000-4000-8000-000000000001",
     "status_map": {"RESOLVED": "done", "CLOSED": "rejected"}, "expire_after": "7d",
     "confirm_after_done": False, "type": "SERVICE_REQUEST", "priority": "LOW"},
    {"organization_id": 2, "ticket_form_id": 1, "subject_template": "{{literal}} \u00e9\u6f22\U0001F600"}],
    ensure_ascii=False).encode(), subject_limit=12)

# Refusals of the API itself.
for name, method, path, hdrs, body in [
        ("no-token", "GET", "/v2/users", {}, b""),
        ("bad-token", "GET", "/v2/users", {"Authorization": "Bearer nope"}, b""),
        ("unknown-technician", "GET", "/v2/user/technician/999999", auth, b""),
        ("wrong-method", "DELETE", "/v2/user/roles", auth, b""),
        ("unknown-member", "PATCH", "/v2/user/role/1/add-members",
         {**auth, "Content-Type": "application/json"}, b"[999999]")]:
    status, headers, answer = request(method, path, body, hdrs)
    error_seed(f"api-{name}", status, headers, answer)

# Injected faults: every kind that answers with something.
for kind in ["429", "429-bare", "html200", "html503", "500", "503", "malformed", "truncated"]:
    set_faults(f"{kind}=1,retry-after=2")
    status, headers, body = request("GET", "/v2/user/roles", headers=auth)
    error_seed(f"fault-{kind}", status, headers, body)
    if kind in ("malformed", "truncated", "html200"):
        mapping_seed(f"fault-{kind}.json", body)
    if kind in ("malformed", "truncated"):
        set_faults(f"{kind}=1")
        status, headers, body = token({**CLIENT, "grant_type": "client_credentials"})
        write("fuzz_token_response", f"fault-{kind}.json", body)
set_faults("")
status, headers, body = request("GET", "/v2/user/roles", headers=auth)
error_seed("retry-after-http-date", 503, headers, b'{"resultCode":"UNAVAILABLE"}',
           retry_after="Wed, 21 Oct 2015 07:28:00 GMT")

# Items as the plugin emitted them during the sync, in fuzz_host_items' line format.
store = sqlite3.connect(store_db)
run = store.execute("SELECT max(id) FROM sync_runs WHERE status = 'good'").fetchone()[0]
lines = {}
for kind, table in [("t", "resource_types"), ("r", "resources"), ("e", "entitlements"),
                    ("g", "grants")]:
    lines[kind] = [kind + row[0] for row in
                   store.execute(f"SELECT json FROM {table} WHERE run_id = ? ORDER BY id", (run,))]
everything = lines["t"] + lines["r"] + lines["e"] + lines["g"]
write("fuzz_host_items", "sync.txt", "\n".join(everything).encode())
write("fuzz_host_items", "paged-and-failed.txt", "\n".join(
    lines["r"][:3] + ["pnext-page-token"] + lines["r"][3:5] + lines["g"][:2] +
    ['f\x0e{"http_status":503,"retry_after_ms":1000}']).encode())
write("fuzz_host_items", "repeated-ids.txt", "\n".join(
    lines["r"][:2] + lines["r"][:2] + lines["e"][:1] + lines["e"][:1]).encode())
