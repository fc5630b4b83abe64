// Node's transport: one multiplexed node:http2 session per origin by default, `fetch` when
// EDGECACHE_NODE_TRANSPORT=fetch (scripts/test-js runs this whole suite both ways). Each test
// checks what the server saw: connections accepted and requests in flight per connection,
// read over an admin HTTP/2 session of the test's own, so it never adds a connection.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as ec from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { SETTLE_SLACK_MS, timedAgainstAbort, timedAgainstDeadline } from '../scenario/measure.mjs';

const MODE = process.env.EDGECACHE_NODE_TRANSPORT || 'http2';
const TESTS_JS = fileURLToPath(new URL('../', import.meta.url));
const ADMIN_TIMEOUT_MS = 10_000;
const { CacheGetResponse: CacheGet, MomentoErrorCode } = ec;

/** `/stats` and `/admin/*` over one HTTP/2 session, opened before the counters are reset. */
async function adminOf(url) {
  const session = connect(url, { rejectUnauthorized: false });
  session.on('error', () => {});
  const call = (method, path, body) =>
    new Promise((resolve, reject) => {
      const stream = session.request({ ':method': method, ':path': path });
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`${method} ${path} did not answer within ${ADMIN_TIMEOUT_MS} ms`));
      }, ADMIN_TIMEOUT_MS);
      let status = 0;
      let text = '';
      stream.setEncoding('utf8');
      stream.on('response', (headers) => (status = headers[':status']));
      stream.on('data', (chunk) => (text += chunk));
      stream.on('end', () => {
        clearTimeout(timer);
        status === 200 ? resolve(text) : reject(new Error(`${method} ${path} answered ${status}: ${text}`));
      });
      stream.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      stream.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const admin = {
    stats: async () => JSON.parse(await call('GET', '/stats')),
    faults: (faults) => call('POST', '/admin/faults', faults),
    resetStats: () => call('POST', '/admin/stats/reset'),
    close: () => session.close(),
  };
  // The session's own connection is accepted before this reset, so it is not counted.
  await admin.resetStats();
  return admin;
}

function clientFor(url, configuration = ec.Configurations.Laptop.latest()) {
  const endpoint = new URL(url);
  return new ec.CacheClient({
    configuration,
    credentialProvider: ec.CredentialProvider.forMomentoLocal({
      hostname: endpoint.hostname,
      port: Number(endpoint.port),
      ...(endpoint.protocol === 'https:' ? { endpointOverrides: { cacheEndpoint: url, controlEndpoint: url } } : {}),
    }),
    defaultTtlSeconds: 60,
  });
}

function describe(r) {
  return typeof r?.errorCode === 'function' ? `${r.type} ${r.errorCode()}: ${r.message()}` : r?.type;
}

/** A server with one cache holding `key`, an admin session whose counters start at zero. */
async function serverWithValue(t, { tls = false } = {}) {
  const server = await startServer({ tls, args: ['--cache', 'c'] });
  t.after(server.stop);
  const admin = await adminOf(server.url);
  t.after(admin.close);
  return { server, admin };
}

test(`${MODE}: 200 concurrent calls and what the server saw`, { timeout: 60_000 }, async (t) => {
  const { server, admin } = await serverWithValue(t);
  // A little latency keeps calls overlapping, so multiplexing shows in the in-flight count.
  await admin.faults({ latency_ms: 20 });
  const client = clientFor(server.url);
  assert.equal(describe(await client.set('c', 'key', 'value')), 'Success');
  const replies = await Promise.all(Array.from({ length: 200 }, () => client.get('c', 'key')));
  for (const r of replies) assert.equal(r.type, CacheGet.Hit, describe(r));
  assert.equal(replies[199].valueString(), 'value');
  const stats = await admin.stats();
  t.diagnostic(`connections accepted ${stats.connections_accepted}, max in flight per connection ${stats.max_in_flight_per_connection}`);
  assert.equal(stats.requests_by_path['/cache_client.Scs/Get'], 200);
  if (MODE === 'http2') {
    assert.equal(stats.connections_accepted, 1);
    // Laptop's in-flight cap is 100; HTTP/1.1 could never exceed 1 per connection.
    assert.ok(stats.max_in_flight_per_connection >= 50, `${stats.max_in_flight_per_connection} in flight per connection`);
  } else {
    assert.ok(stats.connections_accepted > 1, `${stats.connections_accepted} connections`);
    assert.equal(stats.max_in_flight_per_connection, 1);
  }
});

test(`${MODE}: a stalled call settles with TIMEOUT_ERROR at its deadline; the connection lives on`, { timeout: 60_000 }, async (t) => {
  const { server, admin } = await serverWithValue(t);
  const deadlineMs = 300;
  const client = clientFor(server.url, ec.Configurations.Laptop.latest().withClientTimeoutMillis(deadlineMs));
  assert.equal(describe(await client.set('c', 'key', 'value')), 'Success');
  await admin.faults({ stall: true });
  // Timed against a timer started with the call (scenario/measure.mjs).
  const { response: r, ms, lateMs } = await timedAgainstDeadline(() => client.get('c', 'key'), deadlineMs);
  t.diagnostic(`settled after ${ms.toFixed(1)} ms, ${lateMs.toFixed(1)} ms after the ${deadlineMs} ms deadline was due`);
  assert.equal(r.type, CacheGet.Error, describe(r));
  assert.equal(r.errorCode(), MomentoErrorCode.TIMEOUT_ERROR);
  assert.ok(ms >= deadlineMs, `settled ${ms} ms after the call, before the deadline`);
  assert.ok(lateMs < SETTLE_SLACK_MS, `settled ${lateMs} ms after the deadline was due`);
  // An AbortSignal cancels a stalled call as well, at once.
  const abort = await timedAgainstAbort((abortSignal) => client.get('c', 'key', { abortSignal }), 50);
  t.diagnostic(`aborted call settled ${abort.afterAbortMs?.toFixed(1)} ms after the abort`);
  assert.equal(abort.response.errorCode?.(), MomentoErrorCode.CANCELLED_ERROR, describe(abort.response));
  assert.ok(abort.afterAbortMs !== undefined, `settled after ${abort.ms} ms, before the abort`);
  assert.ok(abort.afterAbortMs < SETTLE_SLACK_MS, `settled ${abort.afterAbortMs} ms after the abort`);
  await admin.faults({ stall: false });
  const after = await client.get('c', 'key');
  assert.equal(after.type, CacheGet.Hit, describe(after));
  const stats = await admin.stats();
  // The server saw the abandoned calls end without a status, not as answers.
  assert.ok((stats.responses_by_status.incomplete ?? 0) >= 1, JSON.stringify(stats.responses_by_status));
  if (MODE === 'http2') assert.equal(stats.connections_accepted, 1, 'cancelling a stream must not cost the connection');
});

test(`${MODE}: calls carry on over a new connection after the server drops one`, { timeout: 60_000 }, async (t) => {
  const { server, admin } = await serverWithValue(t);
  const client = clientFor(server.url);
  assert.equal(describe(await client.set('c', 'key', 'value')), 'Success');
  await admin.resetStats();
  await admin.faults({ drop_connection_after: 5 });
  // One after another: each connection serves 5 calls, and the 6th call on it is dropped and
  // retried (a get is safe to repeat) on the next one.
  for (let i = 0; i < 30; i++) {
    const r = await client.get('c', 'key');
    assert.equal(r.type, CacheGet.Hit, `call ${i}: ${describe(r)}`);
  }
  // Side by side: a drop fails every call still in flight on the connection at once. Eight
  // calls need at most three connections (at most two retries each), whatever the current
  // connection has served already.
  const burst = await Promise.all(Array.from({ length: 8 }, () => client.get('c', 'key')));
  for (const r of burst) assert.equal(r.type, CacheGet.Hit, describe(r));
  const stats = await admin.stats();
  t.diagnostic(`connections accepted ${stats.connections_accepted}`);
  assert.ok(stats.connections_accepted >= 7, `${stats.connections_accepted} connections for 38 calls, 5 per connection`);
  await admin.faults({ drop_connection_after: null });
});

test(`${MODE}: a response over maxResponseBytes is refused without ending the connection`, { timeout: 60_000 }, async (t) => {
  const { server, admin } = await serverWithValue(t);
  const laptop = ec.Configurations.Laptop.latest();
  const small = new ec.Configuration({ ...laptop.getSettings(), maxResponseBytes: 4096 });
  const client = clientFor(server.url, small);
  assert.equal(describe(await client.set('c', 'big', new Uint8Array(64 * 1024).fill(7))), 'Success');
  const r = await client.get('c', 'big');
  assert.equal(r.type, CacheGet.Error, describe(r));
  assert.equal(r.errorCode(), MomentoErrorCode.CLIENT_RESOURCE_EXHAUSTED, describe(r));
  assert.match(r.message(), /max_response_bytes \(4096 bytes\)/);
  assert.equal(describe(await client.set('c', 'small', 'fits')), 'Success');
  const fits = await client.get('c', 'small');
  assert.equal(fits.valueString?.(), 'fits', describe(fits));
  if (MODE === 'http2') assert.equal((await admin.stats()).connections_accepted, 1);
});

test(`${MODE}: TLS verifies the certificate: a self-signed one is refused, a trusted one works`, { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'edgecache-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certPath = join(dir, 'cert.pem');
  const server = await startServer({ tls: true, args: ['--cache', 'c', '--write-cert', certPath] });
  t.after(server.stop);
  assert.match(readFileSync(certPath, 'utf8'), /BEGIN CERTIFICATE/);

  const refused = await clientFor(server.url, ec.Configurations.Laptop.latest().withRetryMaxAttempts(0)).get('c', 'key');
  t.diagnostic(`untrusted: ${describe(refused)}`);
  assert.equal(refused.type, CacheGet.Error, describe(refused));
  assert.equal(refused.errorCode(), MomentoErrorCode.SERVER_UNAVAILABLE);
  assert.match(refused.message(), /certificate/i);

  // Trusting the certificate is Node's own switch (read at start), so a child process runs
  // the client with it; the child inherits EDGECACHE_NODE_TRANSPORT.
  const admin = await adminOf(server.url);
  t.after(admin.close);
  const script = `
    import * as ec from 'edgecache';
    const url = ${JSON.stringify(server.url)};
    const client = new ec.CacheClient({
      configuration: ec.Configurations.Laptop.latest(),
      credentialProvider: ec.CredentialProvider.forMomentoLocal({ endpointOverrides: { cacheEndpoint: url, controlEndpoint: url } }),
      defaultTtlSeconds: 60,
    });
    const set = await client.set('c', 'key', 'over TLS');
    const gets = await Promise.all(Array.from({ length: 20 }, () => client.get('c', 'key')));
    console.log(JSON.stringify({ set: set.type, values: [...new Set(gets.map((g) => g.valueString?.() ?? g.toString()))] }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: TESTS_JS,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.status, 0, `exit ${child.status} ${child.signal ?? ''}: ${child.stderr}`);
  assert.deepEqual(JSON.parse(child.stdout), { set: 'Success', values: ['over TLS'] });
  const stats = await admin.stats();
  t.diagnostic(`trusted: connections accepted ${stats.connections_accepted}, max in flight per connection ${stats.max_in_flight_per_connection}`);
  if (MODE === 'http2') assert.equal(stats.connections_accepted, 1);
});

/** Runs `script` in a child Node with `env` over the test's own environment. */
function nodeWith(script, env) {
  const merged = { ...process.env, ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: TESTS_JS,
    env: merged,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('EDGECACHE_NODE_TRANSPORT: unset means http2, fetch and http2 force a path, anything else fails the import', { timeout: 90_000 }, async (t) => {
  const server = await startServer({ args: ['--cache', 'c', '--latency-ms', '20'] });
  t.after(server.stop);
  // Nothing is closed at the end: the process must still exit by itself once the calls are
  // done, and must stay alive while they are in flight (a top-level await alone holds it).
  const script = `
    import * as ec from 'edgecache';
    const client = new ec.CacheClient({
      configuration: ec.Configurations.Laptop.latest(),
      credentialProvider: ec.CredentialProvider.forMomentoLocal({ port: ${server.port} }),
      defaultTtlSeconds: 60,
    });
    const gets = await Promise.all(Array.from({ length: 30 }, () => client.get('c', 'missing')));
    console.log(gets.map((g) => g.type).join(','));
  `;
  const expected = Array(30).fill(CacheGet.Miss).join(',');
  for (const [value, transport] of [[undefined, 'http2'], ['', 'http2'], ['http2', 'http2'], ['fetch', 'fetch']]) {
    const admin = await adminOf(server.url);
    const child = nodeWith(script, { EDGECACHE_NODE_TRANSPORT: value });
    const stats = await admin.stats();
    admin.close();
    t.diagnostic(`EDGECACHE_NODE_TRANSPORT=${value ?? '(unset)'}: ${stats.connections_accepted} connections, ${stats.max_in_flight_per_connection} max in flight per connection`);
    assert.equal(child.status, 0, `exit ${child.status} ${child.signal ?? ''}: ${child.stderr}`);
    assert.equal(child.stdout.trim(), expected);
    if (transport === 'http2') {
      assert.equal(stats.connections_accepted, 1);
      assert.ok(stats.max_in_flight_per_connection > 1);
    } else {
      assert.ok(stats.connections_accepted > 1);
      assert.equal(stats.max_in_flight_per_connection, 1);
    }
  }
  const bad = nodeWith(`import 'edgecache';`, { EDGECACHE_NODE_TRANSPORT: 'h3' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /EDGECACHE_NODE_TRANSPORT must be "http2" or "fetch" \(or unset\), not "h3"/);
});
