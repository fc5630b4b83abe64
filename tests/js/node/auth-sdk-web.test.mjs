// Tokens between this package and the official `@gomomento/sdk-web` 1.118 (installed in
// server/conformance; run under Node through the xhr2 XMLHttpRequest polyfill, which is enough
// for unary calls), against an edgecache-server that checks credentials: sdk-web's AuthClient
// mints tokens this package's CacheClient uses, sdk-web's CacheClient uses tokens this package
// mints, each held to its scope; and the mixed scope sdk-web widens is refused, not widened.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as ec from 'edgecache';
import { serverBinary, startServer } from '../harness/server.mjs';

const require = createRequire(new URL('../../../server/conformance/package.json', import.meta.url));
globalThis.XMLHttpRequest ??= require('xhr2');
globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node} (edgecache-tests)` };
const web = require('@gomomento/sdk-web');

let dir;
let server;
let key;

const webEndpoints = () => {
  const base = `http://127.0.0.1:${server.port}`;
  return { cacheEndpoint: base, controlEndpoint: base, tokenEndpoint: base, secureConnection: false };
};
const ourEndpoints = () => ({ cacheEndpoint: `127.0.0.1:${server.port}`, secureConnection: false });
const webConfiguration = () =>
  web.Configurations.Laptop.v1(new web.DefaultMomentoLoggerFactory(web.DefaultMomentoLoggerLevel.ERROR));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgecache-auth-web-'));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, 'a secret for the sdk-web auth tests, over 32 bytes');
  server = await startServer({ args: ['--auth-secret-file', secretFile, '--cache', 'c'] });
  key = execFileSync(serverBinary(), ['mint-key', '--auth-secret-file', secretFile, '--super-user'], {
    encoding: 'utf8',
    timeout: 15_000,
  }).trim();
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("sdk-web's AuthClient mints tokens this package's CacheClient uses within their scope", async () => {
  const auth = new web.AuthClient({
    credentialProvider: web.CredentialProvider.fromString({ apiKey: key, endpointOverrides: webEndpoints() }),
  });
  const minted = await auth.generateDisposableToken(
    web.DisposableTokenScopes.cacheKeyPrefixReadWrite('c', 'web:'),
    web.ExpiresIn.minutes(5),
  );
  assert.equal(minted.type, web.GenerateDisposableTokenResponse.Success, `${minted}`);
  const client = new ec.CacheClient({
    credentialProvider: ec.CredentialProvider.fromDisposableToken({ authToken: minted.authToken, endpointOverrides: ourEndpoints() }),
    defaultTtlSeconds: 60,
  });
  assert.equal((await client.set('c', 'web:1', 'v')).type, 'Success');
  assert.equal((await client.set('c', 'ours:1', 'v')).errorCode(), ec.MomentoErrorCode.PERMISSION_ERROR);

  // The scope sdk-web sends without its key prefix (a prefix next to a topic) is refused.
  const widened = await auth.generateDisposableToken(
    {
      permissions: [
        { role: web.CacheRole.ReadWrite, cache: 'c', item: { keyPrefix: 'web:' } },
        { role: web.TopicRole.SubscribeOnly, cache: 'c', topic: 't' },
      ],
    },
    web.ExpiresIn.minutes(5),
  );
  assert.equal(widened.errorCode?.(), web.MomentoErrorCode.INVALID_ARGUMENT_ERROR, `${widened}`);
});

test("this package's tokens work in sdk-web's CacheClient within their scope", async () => {
  const auth = new ec.AuthClient({
    credentialProvider: ec.CredentialProvider.fromString({ apiKey: key, endpointOverrides: ourEndpoints() }),
  });
  const minted = await auth.generateDisposableToken(ec.DisposableTokenScopes.cacheKeyPrefixReadWrite('c', 'ours:'), ec.ExpiresIn.minutes(5));
  assert.ok(minted instanceof ec.GenerateDisposableToken.Success, `${minted}`);
  const client = new web.CacheClient({
    configuration: webConfiguration(),
    credentialProvider: web.CredentialProvider.fromDisposableToken({ authToken: minted.authToken, endpointOverrides: webEndpoints() }),
    defaultTtlSeconds: 60,
  });
  assert.equal((await client.set('c', 'ours:1', 'v')).type, web.CacheSetResponse.Success);
  assert.equal((await client.get('c', 'ours:1')).value(), 'v');
  const refused = await client.set('c', 'web:2', 'v');
  assert.equal(refused.errorCode(), web.MomentoErrorCode.PERMISSION_ERROR, `${refused}`);
});
