// The raw limit's encoding and response checks (lib/raw.mjs), and the /proc parsing that
// chromium.mjs reads the renderer's CPU with (lib/proc.mjs). No server or browser needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuBetween, parseStat, processTree, processType } from '../lib/proc.mjs';
import { GET_PATH, SET_PATH, checkResponse, getRequest, rawOps, setRequest } from '../lib/raw.mjs';
import { keyCount, runPoint, valueOf } from '../lib/workload.mjs';

const hex = (bytes) => Buffer.from(bytes).toString('hex');

test('a Get is the 5-byte frame header around _GetRequest { cache_key }', () => {
  // The same bytes h2load replays (bench/src/h2load.rs get_request_body).
  assert.equal(hex(getRequest('k100-0')), '0000000008' + '0a06' + hex(Buffer.from('k100-0')));
});

test("a Set is _SetRequest { cache_key, cache_body, ttl_milliseconds } (the example in docs/protocol.md)", () => {
  const body = setRequest('foo', Buffer.from('FOO'), 60000);
  assert.equal(hex(body), '000000000e' + '0a03666f6f1203464f4f18e0d403');
  // A 100 KB value needs a multi-byte length.
  const big = setRequest('k', valueOf(102400));
  assert.equal(new DataView(big.buffer).getUint32(1), big.length - 5);
  assert.equal(hex(big.subarray(5, 12)), '0a016b' + '1280a006');
});

/** A gRPC-web response body: the message frame, then the trailer frame. */
function response(message) {
  const trailer = Buffer.from('grpc-status:0\r\n');
  const frame = (flag, bytes) => Buffer.concat([Buffer.from([flag, 0, 0, 0, bytes.length]), bytes]);
  return new Uint8Array(Buffer.concat([frame(0, Buffer.from(message)), frame(0x80, trailer)]));
}

test('responses: a hit or Ok passes; misses, errors and empty bodies say why', () => {
  assert.equal(checkResponse(200, response([0x08, 2, 0x12, 1, 0x61]), 2), null);
  assert.equal(checkResponse(200, response([0x08, 1]), 1), null);
  assert.equal(checkResponse(200, response([0x08, 3]), 2), 'result 3, expected 2');
  assert.equal(checkResponse(503, new Uint8Array(0), 2), 'HTTP 503');
  assert.equal(checkResponse(200, new Uint8Array(0), 2), 'empty body');
  const trailersOnly = new Uint8Array(Buffer.concat([Buffer.from([0x80, 0, 0, 0, 15]), Buffer.from('grpc-status:14\r\n')]));
  assert.match(checkResponse(200, trailersOnly, 2), /no message \(frame flag 128: grpc-status:14/);
  assert.equal(checkResponse(200, response([]), 2), 'a message without a result');
});

test('rawOps drives the workload: keys written first, gets hit, sets go out pre-encoded', async () => {
  const stored = new Set();
  const sent = { [GET_PATH]: 0, [SET_PATH]: 0 };
  const send = async (path, body) => {
    sent[path]++;
    await new Promise((resolve) => setTimeout(resolve, 1));
    const key = Buffer.from(body.subarray(7, 7 + body[6])).toString();
    if (path === SET_PATH) {
      stored.add(key);
      return { status: 200, bytes: response([0x08, 1]) };
    }
    return { status: 200, bytes: response(stored.has(key) ? [0x08, 2] : [0x08, 3]) };
  };
  const r = await runPoint(rawOps(send, 100), {
    mix: 'get-set', valueSize: 100, inFlight: 4, warmupMs: 20, secsMs: 200, now: () => performance.now(),
  });
  assert.equal(stored.size, keyCount(100));
  assert.equal(r.errors, 0, r.firstError);
  assert.ok(r.ops > 0 && sent[GET_PATH] > sent[SET_PATH] - keyCount(100), JSON.stringify(sent));
});

test('a raw get that misses or fails counts as an error with its reason', async () => {
  const send = async (path) => ({ status: 200, bytes: response(path === SET_PATH ? [0x08, 1] : [0x08, 3]) });
  const r = await runPoint(rawOps(send, 100), {
    mix: 'get-only', valueSize: 100, inFlight: 2, warmupMs: 0, secsMs: 50, now: () => performance.now(),
  });
  assert.ok(r.errors > 0);
  assert.match(r.firstError, /^get k100-\d+: result 3, expected 2$/);
});

test('proc: stat fields after a command name with spaces and parentheses', () => {
  const line = '42 (Web Content (x)) S 7 42 42 0 -1 4194560 1 0 0 0 150 25 0 0 20 0 1 0';
  assert.deepEqual(parseStat(line), [7, 1.5, 0.25]);
});

test("proc: Chromium's process type, from NUL-separated or rewritten command lines", () => {
  assert.equal(processType('/usr/lib/chromium/chromium\0--type=renderer\0--lang=en-US\0'), 'renderer');
  assert.equal(processType('/usr/lib/chromium/chromium --type=renderer --crashpad-handler-pid=0'), 'renderer');
  assert.equal(processType('/usr/lib/chromium/chromium\0--headless=new\0about:blank\0'), '');
  assert.equal(processType('/usr/lib/chromium/chromium --no-type=renderer'), '');
});

test('proc: CPU between samples per process; a process born in between counts from zero', () => {
  const start = new Map([[1, { user: 1, system: 0.5, type: '' }], [2, { user: 3, system: 1, type: 'renderer' }]]);
  const end = new Map([[1, { user: 1.5, system: 0.5, type: '' }], [3, { user: 0.25, system: 0, type: 'renderer' }]]);
  assert.deepEqual([...cpuBetween(start, end)], [
    [1, { user: 0.5, system: 0, type: '' }],
    [3, { user: 0.25, system: 0, type: 'renderer' }],
  ]);
});

test('proc: the live tree under this process includes a child with its pinning', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn('sleep', ['5'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => child.once('spawn', resolve));
    const tree = processTree(process.pid);
    assert.ok(tree.has(child.pid), `pid ${child.pid} not in ${[...tree.keys()]}`);
    assert.match(tree.get(child.pid).cpus, /^\d/);
  } finally {
    child.kill();
  }
});
