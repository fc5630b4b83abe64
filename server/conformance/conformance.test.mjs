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
import { findServerBin, startServer, stopServer } from './server.mjs';

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

const HOST = '127.0.0.1';
const STEP_TIMEOUT_MS = 6_000;
const SDK_TIMEOUT_MS = 25_000; // per SDK; the whole file stays < 60 s

let server; // { proc, host, port, output: string[] }
const summaries = [];

before(async () => {
  const bin = findServerBin();
  console.log(`server binary: ${bin}`);
  server = await startServer(bin);
  console.log(`server listening on ${server.host}:${server.port}`);
});

after(async () => {
  await stopServer(server);
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
