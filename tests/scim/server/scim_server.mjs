// An independent SCIM 2.0 service provider for the SCIM plugin's tests: SCIMMY's
// resources and express routers (npm, pinned by package-lock.json) over an in-memory
// store, on 127.0.0.1 with a free port written to --port-file. What is ours is only
// what SCIMMY leaves to its user: the store (ingress/egress/degress handlers), the
// bearer-token check, a tiny OAuth client-credentials token endpoint, a seeded
// tenant, and test controls under /_test (faults, request log, state), none of which
// is SCIM. Paging, filtering, PATCH, ListResponse and error shapes are SCIMMY's.
//
//   node scim_server.mjs --port-file F [--token T | --client-id I --client-secret S]
//        [--users N] [--groups N] [--members-per-group K] [--disabled-every D]
//        [--max-page P] [--no-patch] [--no-filter]
import {randomUUID} from "node:crypto";
import {writeFileSync, renameSync} from "node:fs";
import {parseArgs} from "node:util";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const {values: args} = parseArgs({options: {
    "port-file": {type: "string"},
    "token": {type: "string"},
    "client-id": {type: "string"},
    "client-secret": {type: "string"},
    "users": {type: "string", default: "0"},
    "groups": {type: "string", default: "0"},
    "members-per-group": {type: "string", default: "0"},
    "disabled-every": {type: "string", default: "0"},
    "max-page": {type: "string", default: "0"},
    "no-patch": {type: "boolean", default: false},
    "no-filter": {type: "boolean", default: false},
}});
if (!args["port-file"]) throw new Error("--port-file is required");

// ---- the store -------------------------------------------------------------------
const users = new Map();
const groups = new Map();
const plain = (value) => JSON.parse(JSON.stringify(value));
const stamp = (record, type) => {
    const now = new Date().toISOString();
    record.meta = {resourceType: type, created: record.meta?.created ?? now, lastModified: now};
    return record;
};

function seed() {
    const userCount = Number(args.users), groupCount = Number(args.groups);
    const perGroup = Number(args["members-per-group"]), disabledEvery = Number(args["disabled-every"]);
    const userIds = [];
    for (let i = 1; i <= userCount; i++) {
        const id = `u-${String(i).padStart(4, "0")}`;
        userIds.push(id);
        users.set(id, stamp({
            id, userName: `user${i}@example.test`, displayName: `User ${i}`,
            name: {givenName: "User", familyName: String(i)},
            emails: [{value: `user${i}@example.test`, type: "work", primary: true}],
            active: !(disabledEvery > 0 && i % disabledEvery === 0),
        }, "User"));
    }
    for (let g = 1; g <= groupCount; g++) {
        const id = `g-${String(g).padStart(3, "0")}`;
        const members = [];
        for (let k = 0; k < perGroup && userIds.length; k++) {
            const user = userIds[(g * 3 + k * 7) % userIds.length];
            if (!members.some((m) => m.value === user)) members.push({value: user, type: "User"});
        }
        groups.set(id, stamp({id, displayName: `Group ${g}`, members}, "Group"));
    }
}
seed();

function declare(Resource, store, type, unique) {
    SCIMMY.Resources.declare(Resource)
        .egress((resource) => {
            if (resource.id) {
                const found = store.get(resource.id);
                if (!found) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
                return plain(found);
            }
            const all = [...store.values()].map(plain);
            return resource.filter ? resource.filter.match(all) : all;
        })
        .ingress((resource, instance) => {
            const data = plain(instance);
            delete data.meta;
            delete data.schemas;
            const clash = [...store.values()].find((r) => r[unique] === data[unique] && r.id !== resource.id);
            if (clash) throw new SCIMMY.Types.Error(409, "uniqueness", `${unique} '${data[unique]}' is taken`);
            if (resource.id) {
                const current = store.get(resource.id);
                if (!current) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
                const updated = stamp({...data, id: resource.id, meta: current.meta}, type);
                store.set(resource.id, updated);
                return plain(updated);
            }
            const created = stamp({...data, id: randomUUID()}, type);
            store.set(created.id, created);
            return plain(created);
        })
        .degress((resource) => {
            if (!store.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            // A deleted user leaves every group, as a real provider would.
            if (type === "User") for (const group of groups.values()) {
                group.members = (group.members ?? []).filter((m) => m.value !== resource.id);
            }
        });
}
declare(SCIMMY.Resources.User, users, "User", "userName");
declare(SCIMMY.Resources.Group, groups, "Group", "displayName");

// ---- the app ---------------------------------------------------------------------
const app = express();
const requests = [];   // {method, path, query, status}
let faults = [];       // {method, path (prefix), status, times, retry_after}
const tokens = new Set(args.token ? [args.token] : []);

app.use((req, res, next) => {
    if (req.path.startsWith("/_test")) return next();
    const entry = {method: req.method, path: req.path, query: {...req.query}, status: 0};
    requests.push(entry);
    res.on("finish", () => { entry.status = res.statusCode; });
    const fault = faults.find((f) => f.times > 0 && (!f.method || f.method === req.method) && req.path.startsWith(f.path));
    if (fault) {
        fault.times--;
        if (fault.status === 0) return req.socket.destroy();  // closed without an answer
        if (fault.retry_after !== undefined) res.set("Retry-After", String(fault.retry_after));
        return res.status(fault.status).type("application/scim+json").send(JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(fault.status), detail: "injected fault"}));
    }
    next();
});

// The token endpoint of client credentials (RFC 6749 4.4), form- or basic-authenticated.
app.post("/oauth/token", express.urlencoded({extended: false}), (req, res) => {
    let id = req.body.client_id, secret = req.body.client_secret;
    const basic = /^Basic (.+)$/.exec(req.get("authorization") ?? "");
    if (basic) [id, secret] = Buffer.from(basic[1], "base64").toString().split(":");
    if (req.body.grant_type !== "client_credentials") return res.status(400).json({error: "unsupported_grant_type"});
    if (!args["client-id"] || id !== args["client-id"] || secret !== args["client-secret"])
        return res.status(401).json({error: "invalid_client", error_description: "unknown client or wrong secret"});
    const token = randomUUID();
    tokens.add(token);
    res.json({access_token: token, token_type: "Bearer", expires_in: 3600});
});

// Test controls: not SCIM, not under the SCIM base path.
app.use("/_test", express.json());
app.get("/_test/requests", (req, res) => res.json(requests));
app.get("/_test/state", (req, res) => res.json({users: [...users.values()], groups: [...groups.values()]}));
app.post("/_test/faults", (req, res) => { faults = req.body.faults ?? []; res.json({ok: true}); });
app.post("/_test/revoke-tokens", (req, res) => { tokens.clear(); res.json({ok: true}); });

// A smaller page than asked for: the server's own limit, as RFC 7644 3.4.2.4 allows.
const maxPage = Number(args["max-page"]);
app.use("/scim/v2", (req, res, next) => {
    if (maxPage > 0 && req.method === "GET" && /^\/(Users|Groups)\/?$/.test(req.path)) {
        const count = req.query.count === undefined ? 20 : Number(req.query.count);
        if (!(count <= maxPage)) req.query.count = String(maxPage);
    }
    if (args["no-filter"] && req.query.filter !== undefined)
        return res.status(400).type("application/scim+json").send(JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidFilter", detail: "filtering is not supported"}));
    if (args["no-patch"] && req.method === "PATCH")
        return res.status(501).type("application/scim+json").send(JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "501", detail: "PATCH is not supported"}));
    next();
});

app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (req) => {
        const match = /^Bearer (.+)$/.exec(req.get("authorization") ?? "");
        if (!match || !tokens.has(match[1])) throw new Error("Authorization failed: missing or unknown bearer token");
        return "test-client";
    },
}));
// What this provider lacks is said in its ServiceProviderConfig (RFC 7643 5).
SCIMMY.Config.set({patch: !args["no-patch"], filter: args["no-filter"] ? false : (maxPage || 200),
                   bulk: false, sort: true, changePassword: false, etag: false});

const server = app.listen(0, "127.0.0.1", () => {
    const file = args["port-file"];
    writeFileSync(`${file}.tmp`, String(server.address().port));
    renameSync(`${file}.tmp`, file);
});
const stop = () => { server.close(() => process.exit(0)); server.closeAllConnections(); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// A test that crashed cannot stop its server: outlive it by a second at most.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 1000).unref();
