// Shared by the per-runtime runners: start a server, run the smoke scenario inside one
// runtime, print each step and the closing `N passed, N failed` line, exit non-zero on failure.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../harness/server.mjs';
import { summary } from '../scenario/smoke.mjs';

export const TESTS_JS = fileURLToPath(new URL('../', import.meta.url));
export const BIN = `${TESTS_JS}node_modules/.bin/`;
/** Deno's binary, from its platform package (see package.json). */
export const DENO = `${TESTS_JS}node_modules/@deno/linux-x64-glibc/deno`;

/** Bounds a promise. */
export function within(ms, promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs a command to completion (bounded), returning its stdout; stderr passes through. */
export function run(command, args, { timeoutMs = 120_000, env = {}, cwd = TESTS_JS } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

/**
 * Starts a server (`tls` optional), hands it to `inRuntime(server)`, which resolves to the
 * scenario's report, and prints the outcome. Sets the exit code.
 */
export async function runRuntime(label, inRuntime, { tls = false, timeoutMs = 180_000 } = {}) {
  const server = await startServer({ tls });
  let report;
  try {
    report = await within(timeoutMs, inRuntime(server), `${label} smoke scenario`);
  } catch (e) {
    report = { passed: [], failed: [{ step: 'run', message: e.stack ?? String(e) }], skipped: [] };
  } finally {
    await server.stop();
  }
  for (const step of report.passed) console.log(`PASS ${label} ${step}`);
  for (const step of report.skipped) console.log(`SKIP ${label} ${step}`);
  for (const { step, message } of report.failed) console.log(`FAIL ${label} ${step}: ${message}`);
  if (report.figures) console.log(`FIGURES ${label} ${JSON.stringify(report.figures)}`);
  console.log(summary(label, report));
  if (report.failed.length > 0 || report.passed.length === 0) process.exitCode = 1;
  return report;
}

/** A report printed as one `REPORT {json}` line by a script running inside another runtime. */
export function parseReport(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`no REPORT line in the runtime's output:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('REPORT '.length));
}
