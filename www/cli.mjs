// The playground's command line (run by scripts/www, which builds what it needs first):
// starts edgecache-server and the page's static server on loopback, prints the URL, and stops
// both on Ctrl-C.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startStack } from './stack.mjs';

const HELP = `Usage: scripts/www [--port N] [--server-port N] [--tls] [--open]

Serves the edgecache playground and live benchmark on http://127.0.0.1, with an
edgecache-server beside it. Ctrl-C stops both.

  --port N         port of the page (default 8000; 0 picks a free one)
  --server-port N  port of edgecache-server (default 0: a free one)
  --tls            serve the cache over HTTPS (self-signed certificate, HTTP/2 via ALPN);
                   the page then asks you to accept the certificate once
  --open           open the page in the desktop's browser (xdg-open)
  --rebuild        rebuild pkg/ even when it looks up to date (handled by scripts/www)
  -h, --help       this text`;

function portOption(value, name) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: '8000' },
      'server-port': { type: 'string', default: '0' },
      tls: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
  options.port = portOption(options.port, '--port');
  options['server-port'] = portOption(options['server-port'], '--server-port');
} catch (error) {
  console.error(`www: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (options.help) {
  console.log(HELP);
  process.exit(0);
}

let stack;
try {
  stack = await startStack({ tls: options.tls, port: options.port, serverPort: options['server-port'] });
} catch (error) {
  console.error(`www: ${error.message}`);
  process.exit(1);
}

console.log(`www: edgecache-server on ${stack.cacheUrl}`);
if (!stack.sdkWeb) console.log('www: @gomomento/sdk-web is not bundled; the benchmark runs edgecache only');
if (stack.tls) {
  console.log('www: TLS uses a self-signed certificate. Before using the page, open');
  console.log(`     ${stack.cacheUrl}/health`);
  console.log('     in the same browser and accept the warning (Chromium: "Advanced", then "Proceed");');
  console.log(`     or trust ${stack.certPath} in the browser's certificate settings.`);
}
console.log(`www: playground ready at ${stack.pageUrl}  (Ctrl-C to stop)`);

if (options.open) {
  const opener = spawn('xdg-open', [stack.pageUrl], { stdio: 'ignore', detached: true });
  opener.on('error', () => console.log('www: could not run xdg-open; open the URL yourself'));
  opener.unref();
}

let stopping = false;
async function shutdown(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  console.log(`\nwww: ${reason}, stopping`);
  await stack.stop();
  console.log('www: stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => shutdown('interrupted', 0));
process.on('SIGTERM', () => shutdown('terminated', 0));
stack.serverExited.then(({ code, signal }) => shutdown(`edgecache-server exited (${signal ?? `code ${code}`})`, 1));
