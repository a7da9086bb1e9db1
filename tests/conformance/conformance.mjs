// OpenAPI conformance of ninjaone-sim, judged by an independent validator: Stoplight
// Prism (pinned in package-lock.json) runs as a validating proxy in front of the
// simulator with --errors, and every call the NinjaOne connector makes goes through it.
// Any `sl-violations` header, or any Prism error response, fails the test.
//
// Usage: node conformance.mjs --sim PATH/ninjaone-sim --spec PATH/openapi.yaml
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { sim: { type: 'string' }, spec: { type: 'string' } } });
const prismBin = join(here, 'node_modules', '.bin', 'prism');

function fail(message) {
  console.error(`conformance: FAIL: ${message}`);
  process.exitCode = 1;
}

const children = [];
const scratch = mkdtempSync(join(tmpdir(), 'ninjaone-conformance-'));

function start(command, argv, logName) {
  // Own process group, so stopping it also stops what it spawned (Prism forks node).
  const child = spawn(command, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.log = '';
  child.stdout.on('data', (d) => { child.log += d; });
  child.stderr.on('data', (d) => { child.log += d; });
  child.logName = logName;
  children.push(child);
  return child;
}

function stopAll() {
  for (const child of children) {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  rmSync(scratch, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, probe, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      const v = await probe();
      if (v) return v;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error(`${what} did not come up within ${seconds} s`);
}

const results = [];

// One call through Prism. A call passes when Prism reports no violation and the
// simulator's status is the expected one.
async function call(base, token, method, path, { body, expect = 200, contentType = 'application/json' } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const res = await fetch(base + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const violations = res.headers.get('sl-violations');
  const ok = !violations && res.status === expect;
  results.push({ method, path, status: res.status, ok, violations: violations || '' });
  if (!ok) {
    fail(`${method} ${path}: status ${res.status} (expected ${expect})` +
         (violations ? `, violations: ${violations}` : '') + `\n  body: ${text.slice(0, 600)}`);
  }
  return text ? JSON.parse(text) : null;
}

async function main() {
  if (!args.sim || !args.spec) throw new Error('usage: node conformance.mjs --sim BIN --spec openapi.yaml');
  if (!existsSync(prismBin)) {
    throw new Error(`${prismBin} is missing: run "npm ci" in ${here} (scripts/setup.sh does it)`);
  }
  if (!existsSync(args.spec)) throw new Error(`OpenAPI file not found: ${args.spec}`);

  const portFile = join(scratch, 'sim.port');
  start(args.sim, ['--listen', '127.0.0.1:0', '--port-file', portFile, '--seed', '3',
    '--technicians', '6', '--end-users', '12', '--roles', '4', '--organizations', '5'], 'ninjaone-sim');
  const simPort = await waitFor('ninjaone-sim', () => existsSync(portFile) && readFileSync(portFile, 'utf8').trim(), 10);
  const sim = `http://127.0.0.1:${simPort}`;

  const prismPort = await freePort();
  start(prismBin, ['proxy', args.spec, sim, '--errors', '--host', '127.0.0.1', '--port', String(prismPort)], 'prism');
  const prism = `http://127.0.0.1:${prismPort}`;
  await waitFor('prism', async () => (await fetch(`${prism}/v2/ticketing/statuses`)).status > 0, 60);

  // The token endpoint is not described in openapi.yaml (NinjaOne documents it apart),
  // so Prism cannot judge it: the token is fetched from the simulator directly.
  const tokenRes = await fetch(`${sim}/ws/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=sim-client&client_secret=sim-secret&scope=monitoring%20management%20control',
  });
  if (tokenRes.status !== 200) throw new Error(`token request answered ${tokenRes.status}`);
  const token = (await tokenRes.json()).access_token;
  const c = (method, path, opts) => call(prism, token, method, path, opts);

  // Reads of users and roles.
  await c('GET', '/v2/users');
  await c('GET', '/v2/users?userType=TECHNICIAN&includeRoles=true');
  await c('GET', '/v2/users?userType=END_USER&includeRoles=false');
  const techs = await c('GET', '/v2/user/technicians');
  await c('GET', `/v2/user/technician/${techs[0].id}`);
  const endUsers = await c('GET', '/v2/user/end-users');
  await c('GET', `/v2/user/end-user/${endUsers[endUsers.length - 1].id}`);
  const roles = await c('GET', '/v2/user/roles');
  await c('GET', '/v2/user/roles?roleType=TECHNICIAN');
  await c('GET', '/v2/user/roles?roleType=END_USER');

  // Role membership with a bare JSON array body.
  const techRole = roles.find((r) => r.type === 'TECHNICIAN');
  const members = new Set(techRole.members.map((m) => m.id));
  const newcomer = techs.find((t) => !members.has(t.id));
  await c('PATCH', `/v2/user/role/${techRole.id}/add-members`, { body: [newcomer.id] });
  await c('PATCH', `/v2/user/role/${techRole.id}/remove-members`, { body: [newcomer.id] });

  // Organizations, keyset paging to the end: only an EMPTY page is the last (a short
  // one may be a server's cap on pageSize), so the empty answer is checked too.
  let after = '';
  const orgIds = [];
  for (let page = 0; page < 20; page++) {
    const orgs = await c('GET', `/v2/organizations?pageSize=2${after}`);
    orgs.forEach((o) => orgIds.push(o.id));
    if (orgs.length === 0) break;
    after = `&after=${orgs[orgs.length - 1].id}`;
  }
  await c('GET', `/v2/organization/${orgIds[0]}`);
  await c('GET', `/v2/organization/${orgIds[0]}/end-users`);
  await c('GET', `/v2/organization/${orgIds[1]}/end-users?includeRoles=true`);

  // Ticketing.
  await c('GET', '/v2/ticketing/statuses');
  const forms = await c('GET', '/v2/ticketing/ticket-form');
  const ticket = await c('POST', '/v2/ticketing/ticket', {
    body: {
      clientId: orgIds[0], ticketFormId: forms[0].id, subject: 'Grant role Helpdesk to user:101',
      status: '1000', type: 'SERVICE_REQUEST', priority: 'MEDIUM', severity: 'NONE',
      description: { public: false, body: 'Requested by the connector host', htmlBody: '<p>Requested</p>' },
      tags: ['identity-governance'],
    },
  });
  await c('GET', `/v2/ticketing/ticket/${ticket.id}`);

  // Technician and end-user lifecycle.
  const tech = await c('POST', '/v2/user/technicians', {
    body: { firstName: 'Conformance', lastName: 'Tech', email: 'conformance.tech@example.com', phone: '+1-555-0100' },
  });
  await c('PATCH', `/v2/user/technician/${tech.id}`, { body: { firstName: 'Renamed' } });
  await c('DELETE', `/v2/user/technician/${tech.id}`, { expect: 204 });
  const eu = await c('POST', '/v2/user/end-users?sendInvitation=false', {
    body: {
      firstName: 'Conformance', lastName: 'User', email: 'conformance.user@example.com',
      phone: '+1-555-0101', organizationId: orgIds[0], fullPortalAccess: false,
    },
  });
  await c('PATCH', `/v2/user/end-user/${eu.id}`, { body: { organizationId: orgIds[1], fullPortalAccess: true } });
  await c('DELETE', `/v2/user/end-user/${eu.id}`, { expect: 204 });

  // Error answers the connector must understand: their status codes are in the spec.
  await c('GET', '/v2/user/technician/5', { expect: 404 });
  await c('GET', '/v2/user/end-user/5', { expect: 404 });
  await c('PATCH', `/v2/user/role/${techRole.id}/add-members`, { body: [5], expect: 404 });
  await call(prism, 'not-a-valid-token', 'GET', '/v2/user/roles', { expect: 401 });

  // The validator must be live: a body that breaks the spec has to be refused by Prism.
  const probe = await fetch(`${prism}/v2/user/role/${techRole.id}/add-members`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userIds: [newcomer.id] }),
  });
  if (probe.status !== 422) fail(`Prism accepted a body that violates the spec (status ${probe.status})`);

  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.status} ${r.method} ${r.path}`);
  console.log(`conformance: ${results.filter((r) => r.ok).length}/${results.length} calls without violation`);
}

try {
  await main();
} catch (e) {
  fail(e.message);
}
if (process.exitCode) {
  for (const child of children) console.error(`--- ${child.logName} output ---\n${child.log.slice(-4000)}`);
}
stopAll();
