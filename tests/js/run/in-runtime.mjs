// The smoke scenario as a script for Deno and Bun (and Node): imports `edgecache` by its
// package name, as an application would, and prints `REPORT {json}`.
//   deno run --allow-net=127.0.0.1 --allow-read --allow-env run/in-runtime.mjs URL LABEL
//   bun run/in-runtime.mjs URL LABEL
import * as edgecache from 'edgecache';
import { runSmoke } from '../scenario/smoke.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [url, label] = args;
const report = await runSmoke(edgecache, { url, label });
console.log(`REPORT ${JSON.stringify(report)}`);
