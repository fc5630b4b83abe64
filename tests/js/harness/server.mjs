// Starts edgecache-server for one test run: `--port 0` on 127.0.0.1 (optionally `--tls`),
// reads the port from its first line, and stops it afterwards. Every wait is bounded.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `$EDGECACHE_SERVER_BIN`, else target/debug/edgecache-server. */
export function serverBinary() {
  const bin = process.env.EDGECACHE_SERVER_BIN ?? `${ROOT}target/debug/edgecache-server`;
  if (!existsSync(bin)) throw new Error(`${bin} not found: build it with cargo build -p edgecache-server`);
  return bin;
}

/**
 * Starts a server. Resolves to `{port, url, adminUrl, stop}`; `url` is `http://127.0.0.1:PORT`
 * or `https://...` with `tls`.
 */
export async function startServer({ tls = false, args = [], startTimeoutMs = 15_000 } = {}) {
  const child = spawn(serverBinary(), ['--port', '0', ...(tls ? ['--tls'] : []), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edgecache-server did not start within ${startTimeoutMs} ms: ${stderr}`)), startTimeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /listening on (https?:\/\/127\.0\.0\.1:(\d+))/.exec(line);
      match ? resolve(match[1]) : reject(new Error(`unexpected first line from edgecache-server: ${line}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`edgecache-server exited with ${code}: ${stderr}`));
    });
  });
  lines.on('line', () => {}); // keep draining stdout
  const port = Number(new URL(url).port);
  return {
    port,
    url,
    // /stats and /admin/* share the main port; over TLS they are served on it too.
    adminUrl: url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
