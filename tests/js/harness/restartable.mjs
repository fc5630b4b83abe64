// An edgecache-server that a test can kill (SIGKILL, like a crash) and start again on the
// same port, so a client's recovery from a restart can be measured. Every wait is bounded.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { serverBinary } from './server.mjs';

const START_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 5_000;

/** Spawns one server process; resolves once its listening line names the port. */
function spawnServer(port, args) {
  const child = spawn(serverBinary(), ['--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`edgecache-server did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /listening on (https?:\/\/127\.0\.0\.1:(\d+))/.exec(line);
      if (!match) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line from edgecache-server: ${line}`));
        return;
      }
      lines.on('line', () => {}); // keep draining stdout
      resolve({ child, url: match[1], port: Number(match[2]) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`edgecache-server exited with ${code}: ${stderr}`));
    });
  });
}

function exited(child, ms) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts a server on a free loopback port. Resolves to `{port, url, adminUrl, restart, stop}`:
 * `restart({downMs, caches})` kills the running process with SIGKILL, keeps the port closed
 * for `downMs`, then starts a fresh process (an empty store, plus `caches`) on the same port,
 * resolving to `{killedAt, spawnedAt, listeningAt}` in `performance.now()` time.
 */
export async function startRestartableServer({ args = [] } = {}) {
  let current = await spawnServer(0, args);
  const { port, url } = current;
  return {
    port,
    url,
    adminUrl: url,
    async restart({ downMs = 300, caches = [] } = {}) {
      current.child.kill('SIGKILL');
      if (!(await exited(current.child, EXIT_TIMEOUT_MS))) throw new Error('edgecache-server survived SIGKILL');
      const killedAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      const spawnedAt = performance.now();
      current = await spawnServer(port, [...args, ...caches.flatMap((name) => ['--cache', name])]);
      return { killedAt, spawnedAt, listeningAt: performance.now() };
    },
    async stop() {
      const { child } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await exited(child, EXIT_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await exited(child, EXIT_TIMEOUT_MS);
      }
    },
  };
}
