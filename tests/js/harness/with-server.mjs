// Runs a command with an edgecache-server up: `EDGECACHE_TEST_PORT` names its port.
//   node harness/with-server.mjs -- cargo test ...
import { spawn } from 'node:child_process';
import { startServer } from './server.mjs';

const args = process.argv.slice(process.argv.indexOf('--') + 1);
const server = await startServer();
const child = spawn(args[0], args.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, EDGECACHE_TEST_PORT: String(server.port) },
});
const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await server.stop();
process.exitCode = code;
