// The auth matrix of tests/auth_matrix.rs through the npm package in Node: 4 principals minted
// by its AuthClient × 17 cache operations × a key inside and one outside each scope, against an
// edgecache-server that checks credentials. Each cell is allowed or refused with
// PERMISSION_ERROR as the server's access table says, and after every write the store holds
// the item exactly when the call was allowed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as ec from 'edgecache';
import { serverBinary, startServer } from '../harness/server.mjs';

const { AuthClient, CacheClient, CredentialProvider, DisposableTokenScopes, ExpiresIn, MomentoErrorCode: E } = ec;
const CACHE = 'm';

const OPS = [
  ['get', 'read', (c, k) => c.get(CACHE, k)],
  ['keyExists', 'read', (c, k) => c.keyExists(CACHE, k)],
  ['itemGetTtl', 'read', (c, k) => c.itemGetTtl(CACHE, k)],
  ['listFetch', 'read', (c, k) => c.listFetch(CACHE, k)],
  ['dictionaryFetch', 'read', (c, k) => c.dictionaryFetch(CACHE, k)],
  ['setFetch', 'read', (c, k) => c.setFetch(CACHE, k)],
  ['sortedSetLength', 'read', (c, k) => c.sortedSetLength(CACHE, k)],
  ['set', 'write', (c, k) => c.set(CACHE, k, 'v'), true],
  ['delete', 'write', (c, k) => c.delete(CACHE, k)],
  ['listPushBack', 'write', (c, k) => c.listPushBack(CACHE, k, 'v'), true],
  ['dictionarySetField', 'write', (c, k) => c.dictionarySetField(CACHE, k, 'f', 'v'), true],
  ['setAddElement', 'write', (c, k) => c.setAddElement(CACHE, k, 'e'), true],
  ['sortedSetPutElement', 'write', (c, k) => c.sortedSetPutElement(CACHE, k, 'e', 1), true],
  ['increment', 'readwrite', (c, k) => c.increment(CACHE, k, 1), true],
  ['dictionaryIncrement', 'readwrite', (c, k) => c.dictionaryIncrement(CACHE, k, 'f', 1), true],
  ['listPopFront', 'readwrite', (c, k) => c.listPopFront(CACHE, k)],
  ['updateTtl', 'readwrite', (c, k) => c.updateTtl(CACHE, k, 60_000)],
];

const PRINCIPALS = [
  ['read-write one cache', DisposableTokenScopes.cacheReadWrite(CACHE), ['rw-a:', 'rw-b:'], () => true],
  ['read-only one key', DisposableTokenScopes.cacheKeyReadOnly(CACHE, 'ro-key'), ['ro-key', 'ro-other:'], (k, a) => k === 'ro-key' && a === 'read'],
  ['write-only a key prefix', DisposableTokenScopes.cacheKeyPrefixWriteOnly(CACHE, 'wo:'), ['wo:', 'wx:'], (k, a) => k.startsWith('wo:') && a === 'write'],
  ['subscribe-only one topic', DisposableTokenScopes.topicSubscribeOnly(CACHE, 't'), ['sub-a:', 'sub-b:'], () => false],
];

let dir;
let server;
let superUser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgecache-auth-matrix-'));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, 'a secret for the Node auth matrix, over 32 bytes');
  server = await startServer({ args: ['--auth-secret-file', secretFile, '--cache', CACHE] });
  const key = execFileSync(serverBinary(), ['mint-key', '--auth-secret-file', secretFile, '--super-user'], {
    encoding: 'utf8',
    timeout: 15_000,
  }).trim();
  superUser = CredentialProvider.fromString({ apiKey: key, endpointOverrides: overrides() });
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const overrides = () => ({ cacheEndpoint: `127.0.0.1:${server.port}`, secureConnection: false });
const clientOf = (credentialProvider) => new CacheClient({ credentialProvider, defaultTtlSeconds: 60 });

test('tokens from the package are held to their scope on every operation', async (t) => {
  const admin = clientOf(superUser);
  const auth = new AuthClient({ credentialProvider: superUser });
  let allowed = 0;
  let refused = 0;
  for (const [name, scope, keys, allows] of PRINCIPALS) {
    const token = await auth.generateDisposableToken(scope, ExpiresIn.minutes(5));
    assert.equal(token.type, 'Success', `${name}: ${token}`);
    const client = clientOf(CredentialProvider.fromDisposableToken({ authToken: token.authToken, endpointOverrides: overrides() }));
    for (const base of keys) {
      for (const [op, access, run, creates] of OPS) {
        const key = base.endsWith(':') ? `${base}${op}` : base;
        const cell = `${name} × ${op} on ${key}`;
        const r = await run(client, key);
        const allow = allows(key, access);
        if (allow) {
          assert.notEqual(r.type, 'Error', `${cell}: expected allowed, got ${r}`);
          allowed += 1;
        } else {
          assert.equal(r.errorCode?.(), E.PERMISSION_ERROR, `${cell}: ${r}`);
          refused += 1;
        }
        if (creates) {
          const exists = await admin.keyExists(CACHE, key);
          assert.equal(exists.exists(), allow, `${cell}: item present = ${exists.exists()}`);
        }
      }
    }
  }
  t.diagnostic(`auth matrix: ${allowed + refused} cells, ${allowed} allowed, ${refused} refused with PERMISSION_ERROR`);
  assert.equal(allowed + refused, PRINCIPALS.length * 2 * OPS.length);
  assert.equal(allowed, 34 + 7 + 6);
});
