// Starting and stopping edgecache-server for the conformance tests.
//
// Server binary: $EDGECACHE_SERVER_BIN if set; otherwise the newer of
// ../../target/release/edgecache-server and ../../target/debug/edgecache-server.

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const HERE = dirname(fileURLToPath(import.meta.url));
const STARTUP_TIMEOUT_MS = 15_000;

export function findServerBin() {
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

const running = new Set();

// Never leave a server behind, whatever happens.
process.on('exit', () => {
  for (const proc of running) {
    try {
      proc.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/**
 * Starts the server with `--port 0` plus `args`; resolves to `{ proc, host, port, output }` once
 * it prints `edgecache-server listening on http://HOST:PORT`. `output` keeps the last 200 lines.
 */
export function startServer(bin, args = []) {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(bin, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
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
      running.delete(proc);
      keep(`[exit] code=${code} signal=${signal}`);
      fail(new Error(`${bin} exited before listening (code=${code}, signal=${signal})`));
    });
  });
}

/** SIGTERM, then SIGKILL after 2 s; resolves once the process is gone. */
export async function stopServer(server) {
  if (!server) return;
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

/** The server's `GET /stats` counters. */
export async function serverStats({ host, port }) {
  const res = await fetch(`http://${host}:${port}/stats`);
  if (!res.ok) throw new Error(`/stats answered ${res.status}`);
  return res.json();
}
