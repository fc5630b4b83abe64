// Conformance test: edgecache-server driven by the official Momento JS SDKs.
//
//   node --test --test-reporter=tap conformance.test.mjs      (or: npm test)
//
// Starts the server binary with `--port 0`, learns the port from its first
// stdout line (`edgecache-server listening on http://127.0.0.1:PORT`), runs
// scenario.mjs once with @gomomento/sdk (grpc-js, h2c) and once with
// @gomomento/sdk-web (gRPC-web text over the xhr2 XMLHttpRequest polyfill),
// then kills the server.
//
// Server binary: $EDGECACHE_SERVER_BIN if set; otherwise the newer of
// ../../target/release/edgecache-server and ../../target/debug/edgecache-server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

// --- globals @gomomento/sdk-web needs outside a browser --------------------
// grpc-web 1.4.2 sends over XMLHttpRequest; sdk-web's ClientMetadataProvider
// reads navigator.userAgent (Node 20 has no global `navigator`).
import XMLHttpRequestPolyfill from 'xhr2';
globalThis.XMLHttpRequest ??= XMLHttpRequestPolyfill;
if (typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = { userAgent: `Node.js/${process.versions.node} (edgecache-conformance)` };
}

const nodeSdk = await import('@gomomento/sdk');
const webSdk = await import('@gomomento/sdk-web');
const { InternalNodeGrpcPingClient } = await import('@gomomento/sdk/dist/src/internal/ping-client.js');
const { runScenario } = await import('./scenario.mjs');

const HERE = dirname(fileURLToPath(import.meta.url));
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 15_000;
const STEP_TIMEOUT_MS = 6_000;
const SDK_TIMEOUT_MS = 25_000; // per SDK; the whole file stays < 60 s

function findServerBin() {
  const fromEnv = process.env.EDGECACHE_SERVER_BIN;
  if (fromEnv) return resolve(process.cwd(), fromEnv);
  const candidates = ['release', 'debug']
    .map((p) => resolve(HERE, '../../target', p, 'edgecache-server'))
    .filter((p) => existsSync(p));
  if (candidates.length === 0) {
    throw new Error(
      'edgecache-server binary not found: set EDGECACHE_SERVER_BIN or build it ' +
        '(cargo build -p edgecache-server [--release]) so that target/{release,debug}/edgecache-server exists',
    );
  }
  candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return candidates[0];
}

let server; // { proc, host, port, output: string[] }
const summaries = [];

function startServer(bin) {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(bin, ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    const keep = (line) => {
      output.push(line);
      if (output.length > 200) output.shift();
    };
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        proc.kill('SIGKILL');
      } catch {
        /* ignore */
      }
      err.message += `\n--- server output ---\n${output.join('\n')}`;
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new Error(`no "listening on" line from ${bin} within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    let first = true;
    createInterface({ input: proc.stdout }).on('line', (line) => {
      keep(`[stdout] ${line}`);
      if (settled) return;
      const m = /^edgecache-server listening on http:\/\/([0-9.]+):(\d+)\s*$/.exec(line);
      if (m) {
        if (!first) console.log(`note: the listening line was not the first stdout line`);
        settled = true;
        clearTimeout(timer);
        resolvePromise({ proc, host: m[1], port: Number(m[2]), output });
      }
      first = false;
    });
    createInterface({ input: proc.stderr }).on('line', (line) => keep(`[stderr] ${line}`));
    proc.on('error', fail);
    proc.on('exit', (code, signal) => {
      keep(`[exit] code=${code} signal=${signal}`);
      fail(new Error(`${bin} exited before listening (code=${code}, signal=${signal})`));
    });
  });
}

async function stopServer() {
  if (!server) return;
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

// Never leave a server behind, whatever happens.
process.on('exit', () => {
  try {
    server?.proc.kill('SIGKILL');
  } catch {
    /* ignore */
  }
});

before(async () => {
  const bin = findServerBin();
  console.log(`server binary: ${bin}`);
  server = await startServer(bin);
  console.log(`server listening on ${server.host}:${server.port}`);
});

after(async () => {
  await stopServer();
  for (const s of summaries) {
    console.log(
      `SUMMARY ${s.label}: ${s.passed.length} steps passed, ${s.failed.length} failed` +
        (s.skippedGroups.length ? `, groups skipped: ${s.skippedGroups.join(', ')}` : '') +
        (s.failed.length ? ` [${s.failed.map((f) => f.step).join('; ')}]` : ''),
    );
  }
  const total = summaries.reduce((n, s) => n + s.failed.length + s.skippedGroups.length, 0);
  console.log(`SUMMARY overall: ${total === 0 && summaries.length === 2 ? 'PASS' : 'FAIL'}`);
  if (total > 0 && server) {
    console.log(`last server output:\n${server.output.slice(-40).map((l) => `  ${l}`).join('\n')}`);
  }
});

async function runFor(t, label, sdk, extra = {}) {
  assert.ok(server, 'server did not start');
  const res = await runScenario(
    sdk,
    { host: HOST === server.host ? HOST : server.host, port: server.port },
    {
      kind: label,
      label,
      stepTimeoutMs: STEP_TIMEOUT_MS,
      group: (name, fn, o) => t.test(name, o, fn),
      step: (ctx, name, fn) => ctx.test(name, fn),
      ...extra,
    },
  );
  summaries.push(res);
  // Sub-test failures already fail this test; this makes the reason explicit.
  assert.equal(res.failed.length, 0, `${res.failed.length} step(s) failed: ${res.failed.map((f) => f.step).join('; ')}`);
  assert.equal(res.skippedGroups.length, 0, `groups skipped: ${res.skippedGroups.join(', ')}`);
}

test('@gomomento/sdk (grpc-js over h2c)', { timeout: SDK_TIMEOUT_MS }, async (t) => {
  // CacheClient.ping() is a no-op in @gomomento/sdk 1.118 (no ping client is
  // wired in), so also exercise the SDK's own gRPC Ping client directly.
  const ping = async () => {
    const configuration = nodeSdk.Configurations.Laptop.v1(
      new nodeSdk.DefaultMomentoLoggerFactory(nodeSdk.DefaultMomentoLoggerLevel.ERROR),
    );
    const credentialProvider = nodeSdk.CredentialProvider.forMomentoLocal({ hostname: server.host, port: server.port });
    const pc = new InternalNodeGrpcPingClient({
      configuration,
      credentialProvider,
      endpoint: credentialProvider.getCacheEndpoint(),
    });
    try {
      await pc.ping();
    } finally {
      try {
        pc.clientWrapper.getClient().close();
      } catch {
        /* ignore */
      }
    }
  };
  await runFor(t, 'sdk', nodeSdk, { ping });
});

test('@gomomento/sdk-web (gRPC-web text over xhr2)', { timeout: SDK_TIMEOUT_MS }, async (t) => {
  await runFor(t, 'sdk-web', webSdk);
});
