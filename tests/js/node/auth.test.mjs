// AuthClient in Node against a real edgecache-server that checks credentials (started with
// --auth-secret-file): disposable tokens and API keys minted through the package are held to
// their scope and lifetime by the server, bad scopes are typed errors before anything is sent,
// and tokens never show in JSON.stringify, util.inspect or error messages. The official
// `@gomomento/sdk` (installed in server/conformance) is the peer: tokens it mints work in this
// package's CacheClient and the other way round, each held to its scope.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import * as ec from 'edgecache';
import { serverBinary, startServer } from '../harness/server.mjs';

const {
  AllCaches,
  AuthClient,
  CacheClient,
  CacheRole,
  CredentialProvider,
  DisposableTokenScopes,
  ExpiresIn,
  GenerateDisposableToken,
  GenerateApiKey,
  PermissionScopes,
  RefreshApiKey,
  TopicRole,
  MomentoErrorCode: E,
} = ec;

let dir;
let server;
let superUser;

/** Credentials for the local server: plain http on loopback. */
const local = (props) =>
  CredentialProvider.fromString({
    ...props,
    endpointOverrides: { cacheEndpoint: `127.0.0.1:${server.port}`, secureConnection: false },
  });
const localToken = (authToken) =>
  CredentialProvider.fromDisposableToken({
    authToken,
    endpointOverrides: { cacheEndpoint: `127.0.0.1:${server.port}`, secureConnection: false },
  });
const cacheClient = (credentialProvider) => new CacheClient({ credentialProvider, defaultTtlSeconds: 60 });

/** The raw credential inside a v1 key, to check it shows nowhere it should not. */
const inner = (v1) => JSON.parse(Buffer.from(v1, 'base64').toString()).api_key;

async function mint(scope, expiresIn = ExpiresIn.minutes(5), props) {
  const response = await new AuthClient({ credentialProvider: superUser }).generateDisposableToken(scope, expiresIn, props);
  assert.ok(response instanceof GenerateDisposableToken.Success, `${response}`);
  return response;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgecache-auth-'));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, 'a secret for the Node auth tests, over 32 bytes long');
  server = await startServer({ args: ['--auth-secret-file', secretFile, '--cache', 'c', '--cache', 'other'] });
  const key = execFileSync(serverBinary(), ['mint-key', '--auth-secret-file', secretFile, '--super-user'], {
    encoding: 'utf8',
    timeout: 15_000,
  }).trim();
  superUser = local({ apiKey: key });
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a key-prefix token reads and writes its prefix only, and is refused elsewhere', async () => {
  const token = await mint(DisposableTokenScopes.cacheKeyPrefixReadWrite('c', 'user-1:'), ExpiresIn.minutes(5), {
    tokenId: 'browser-1',
  });
  assert.ok(token.expiresAt.doesExpire());
  assert.ok(token.expiresAt.epoch() > Date.now() / 1000);
  const secret = inner(token.authToken);
  assert.ok(!JSON.stringify(token).includes(secret), JSON.stringify(token));
  assert.ok(!inspect(token, { depth: 5, showHidden: true }).includes(secret));
  assert.ok(!String(token).includes(secret) && !`${token}`.includes(token.authToken));

  const client = cacheClient(localToken(token.authToken));
  assert.equal((await client.set('c', 'user-1:name', 'Ada')).type, 'Success');
  assert.equal((await client.get('c', 'user-1:name')).value(), 'Ada');
  const refused = await client.set('c', 'user-2:name', 'Eve');
  assert.equal(refused.errorCode(), E.PERMISSION_ERROR, `${refused}`);
  assert.ok(!refused.message().includes(secret));
  assert.equal((await client.get('other', 'user-1:name')).errorCode(), E.PERMISSION_ERROR);
  assert.equal((await client.createCache('new')).errorCode(), E.PERMISSION_ERROR);
  // Nothing was written by the refused set.
  assert.equal((await cacheClient(superUser).get('c', 'user-2:name')).type, 'Miss');
});

test('whole-cache, read-only and mixed cache-and-topic scopes hold', async () => {
  const readOnly = cacheClient(localToken((await mint(PermissionScopes.cacheReadOnly('c'))).authToken));
  assert.equal((await readOnly.get('c', 'k')).type, 'Miss');
  assert.equal((await readOnly.set('c', 'k', 'v')).errorCode(), E.PERMISSION_ERROR);

  const everywhere = cacheClient(localToken((await mint(DisposableTokenScopes.cacheReadWrite(AllCaches))).authToken));
  assert.equal((await everywhere.set('other', 'k', 'v')).type, 'Success');

  // A key prefix next to a topic: the official SDK would send the whole cache here; this
  // package keeps the prefix, and the server holds the token to it.
  const mixed = await mint({
    permissions: [
      { role: CacheRole.ReadWrite, cache: 'c', item: { keyPrefix: 'room-7:' } },
      { role: TopicRole.SubscribeOnly, cache: 'c', topic: 'room-7' },
    ],
  });
  const room = cacheClient(localToken(mixed.authToken));
  assert.equal((await room.set('c', 'room-7:title', 'hi')).type, 'Success');
  assert.equal((await room.set('c', 'room-8:title', 'hi')).errorCode(), E.PERMISSION_ERROR);
});

test('a token stops working at its expiry', async () => {
  const token = await mint(DisposableTokenScopes.cacheReadWrite('c'), ExpiresIn.seconds(1));
  const client = cacheClient(localToken(token.authToken));
  assert.equal((await client.set('c', 'short', 'v')).type, 'Success');
  const waitMs = token.expiresAt.epoch() * 1000 - Date.now();
  assert.ok(waitMs <= 2000, `${waitMs}`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, waitMs) + 20));
  assert.equal((await client.get('c', 'short')).errorCode(), E.AUTHENTICATION_ERROR);
});

test('bad scopes, expiries and token ids are typed errors, sent nowhere', async () => {
  // Nothing listens on port 9: each of these fails before a request would be made.
  const nowhere = new AuthClient({ credentialProvider: CredentialProvider.forMomentoLocal({ port: 9 }) });
  const scope = DisposableTokenScopes.cacheReadOnly('c');
  const cases = [
    [scope, ExpiresIn.never(), undefined, 'always expire'],
    [scope, ExpiresIn.seconds(0), undefined, 'got 0 s'],
    [scope, ExpiresIn.hours(26), undefined, '25 h'],
    [scope, 60, undefined, 'must be an ExpiresIn'],
    [scope, ExpiresIn.seconds(1.5), undefined, 'whole seconds'],
    [scope, ExpiresIn.minutes(1), { tokenId: 'x'.repeat(65) }, 'token_id'],
    [{ permissions: [] }, ExpiresIn.minutes(1), undefined, 'at least one'],
    [{ permissions: Array(21).fill({ role: 'readonly', cache: 'c' }) }, ExpiresIn.minutes(1), undefined, 'at most 20'],
    [{ permissions: [{ role: 'admin', cache: 'c' }] }, ExpiresIn.minutes(1), undefined, 'CacheRole'],
    [{ permissions: [{ role: 'readonly', cache: 42 }] }, ExpiresIn.minutes(1), undefined, 'AllCaches'],
    [DisposableTokenScopes.cacheKeyReadOnly('c', ''), ExpiresIn.minutes(1), undefined, 'key must not be empty'],
    [null, ExpiresIn.minutes(1), undefined, 'scope'],
  ];
  for (const [badScope, expiresIn, props, expected] of cases) {
    const response = await nowhere.generateDisposableToken(badScope, expiresIn, props);
    assert.equal(response.errorCode?.(), E.INVALID_ARGUMENT_ERROR, `${expected}: ${response}`);
    assert.ok(response.message().includes(expected), `${response.message()} should name ${expected}`);
  }
  const throwing = new AuthClient({ credentialProvider: superUser, throwOnErrors: true });
  await assert.rejects(throwing.generateDisposableToken(scope, ExpiresIn.never()), (e) => e.errorCode() === E.INVALID_ARGUMENT_ERROR);
});

test('API keys are minted, used and refreshed; a disposable token cannot mint', async () => {
  const auth = new AuthClient({ credentialProvider: superUser });
  const key = await auth.generateApiKey(PermissionScopes.cacheReadOnly('c'), ExpiresIn.hours(1));
  assert.ok(key instanceof GenerateApiKey.Success, `${key}`);
  assert.equal(key.authToken, key.apiKey);
  assert.ok(!JSON.stringify(key).includes(key.refreshToken));
  assert.ok(!inspect(key).includes(key.refreshToken));
  const reader = cacheClient(local({ apiKey: key.apiKey }));
  assert.equal((await reader.get('c', 'k')).type, 'Miss');
  assert.equal((await reader.set('c', 'k', 'v')).errorCode(), E.PERMISSION_ERROR);

  const refreshed = await new AuthClient({ credentialProvider: local({ apiKey: key.apiKey }) }).refreshApiKey(key.refreshToken);
  assert.ok(refreshed instanceof RefreshApiKey.Success, `${refreshed}`);
  assert.notEqual(refreshed.apiKey, key.apiKey);
  assert.equal((await cacheClient(local({ apiKey: refreshed.apiKey })).get('c', 'k')).type, 'Miss');

  const token = await mint(DisposableTokenScopes.cacheReadWrite('c'));
  const fromToken = new AuthClient({ credentialProvider: localToken(token.authToken) });
  const denied = await fromToken.generateDisposableToken(DisposableTokenScopes.cacheReadOnly('c'), ExpiresIn.minutes(1));
  assert.equal(denied.errorCode(), E.PERMISSION_ERROR, `${denied}`);
});

test('tokens cross over with the official @gomomento/sdk, both ways, each held to its scope', async () => {
  const official = createRequire(new URL('../../../server/conformance/package.json', import.meta.url))('@gomomento/sdk');
  const at = `127.0.0.1:${server.port}`;
  const endpointOverrides = { cacheEndpoint: at, controlEndpoint: at, tokenEndpoint: at, secureConnection: false };
  const key = execFileSync(serverBinary(), ['mint-key', '--auth-secret-file', join(dir, 'secret'), '--super-user'], {
    encoding: 'utf8',
    timeout: 15_000,
  }).trim();
  const configuration = official.Configurations.Laptop.v1(
    new official.DefaultMomentoLoggerFactory(official.DefaultMomentoLoggerLevel.ERROR),
  );
  const officialCache = (authToken) =>
    new official.CacheClient({
      configuration,
      credentialProvider: official.CredentialProvider.fromDisposableToken({ authToken, endpointOverrides }),
      defaultTtlSeconds: 60,
    });

  // Minted by the official AuthClient, used by this package.
  const officialAuth = new official.AuthClient({
    credentialProvider: official.CredentialProvider.fromString({ apiKey: key, endpointOverrides }),
  });
  const theirs = await officialAuth.generateDisposableToken(
    official.DisposableTokenScopes.cacheKeyPrefixReadWrite('c', 'theirs:'),
    official.ExpiresIn.minutes(5),
  );
  assert.equal(theirs.type, official.GenerateDisposableTokenResponse.Success, `${theirs}`);
  const ours = cacheClient(localToken(theirs.authToken));
  assert.equal((await ours.set('c', 'theirs:1', 'v')).type, 'Success');
  assert.equal((await ours.set('c', 'ours:1', 'v')).errorCode(), E.PERMISSION_ERROR);

  // Minted by this package, used by the official CacheClient.
  const mine = await mint(DisposableTokenScopes.cacheKeyPrefixReadWrite('c', 'ours:'));
  const client = officialCache(mine.authToken);
  try {
    assert.equal((await client.set('c', 'ours:1', 'v')).type, official.CacheSetResponse.Success);
    assert.equal((await client.get('c', 'ours:1')).value(), 'v');
    const refused = await client.set('c', 'theirs:2', 'v');
    assert.equal(refused.errorCode(), official.MomentoErrorCode.PERMISSION_ERROR, `${refused}`);
    assert.equal((await client.get('other', 'ours:1')).errorCode(), official.MomentoErrorCode.PERMISSION_ERROR);
  } finally {
    client.close();
  }
});

test('a refreshing credential keeps a client working across token expiries', { timeout: 20_000 }, async (t) => {
  const auth = new AuthClient({ credentialProvider: superUser });
  const scope = DisposableTokenScopes.cacheReadWrite('c');
  const first = await mint(scope, ExpiresIn.seconds(3));
  let fetches = 0;
  const credentialProvider = CredentialProvider.fromRefreshingToken({
    token: first,
    fetchToken: () => {
      fetches += 1;
      return auth.generateDisposableToken(scope, ExpiresIn.seconds(3));
    },
    endpointOverrides: { cacheEndpoint: `127.0.0.1:${server.port}`, secureConnection: false },
  });
  const client = cacheClient(credentialProvider);
  // A call every 20 ms for 6 s: past the first token's expiry and at least one more.
  const end = Date.now() + 6000;
  let calls = 0;
  try {
    while (Date.now() < end) {
      const r = await client.set('c', 'refreshing', String(calls));
      assert.equal(r.type, 'Success', `call ${calls} failed across a refresh: ${r}`);
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    credentialProvider.stopRefreshing();
  }
  t.diagnostic(`${calls} calls across ${fetches} refreshes, none failed`);
  assert.ok(calls >= 100, `${calls} calls`);
  assert.ok(fetches >= 2, `${fetches} refreshes`);
  assert.ok(Date.now() / 1000 >= first.expiresAt.epoch());
  assert.equal((await cacheClient(localToken(first.authToken)).get('c', 'refreshing')).errorCode(), E.AUTHENTICATION_ERROR);
});
