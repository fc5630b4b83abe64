// The page's start: reads where the server is (/config.json, written by the page's server),
// loads the package, checks the server can be reached (over TLS, that the browser accepted
// its self-signed certificate), then wires the playground and the benchmark.
import { describeSettings, edgecacheClient, pageCredentials, presetConfiguration } from './clients.mjs';
import { setUpBenchmark } from './bench-panel.mjs';
import { setUpPlayground } from './playground.mjs';

const $ = (id) => document.getElementById(id);
const HEALTH_TIMEOUT_MS = 5000;

function setConnection(state, text) {
  const line = $('connection');
  line.dataset.state = state;
  line.textContent = text;
}

/** `?server=URL` overrides the server the page was started with (e.g. one on another port). */
async function loadConfig() {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = await response.json();
  const override = new URLSearchParams(location.search).get('server');
  if (override) {
    config.cacheUrl = override.replace(/\/+$/, '');
    config.tls = config.cacheUrl.startsWith('https:');
  }
  return config;
}

/**
 * Whether the server answers /health. An opaque (no-cors) request is enough: it fails only
 * when the connection does, which over TLS is what an unaccepted certificate looks like.
 */
async function reachable(cacheUrl) {
  try {
    await fetch(`${cacheUrl}/health`, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

/** Over TLS, shows how to accept the certificate and resolves once the server is reachable. */
async function waitUntilReachable(config) {
  if (await reachable(config.cacheUrl)) return;
  if (!config.tls) {
    setConnection('error', `Cannot reach edgecache-server at ${config.cacheUrl}: is scripts/www still running?`);
  } else {
    setConnection('error', `The browser refused the server's certificate (${config.cacheUrl}): see below.`);
  }
  const help = $('tls-help');
  $('tls-help-link').href = `${config.cacheUrl}/health`;
  $('tls-help-link').textContent = `${config.cacheUrl}/health`;
  help.hidden = !config.tls;
  await new Promise((resolve) => {
    const retry = async () => {
      if (await reachable(config.cacheUrl)) {
        help.hidden = true;
        $('tls-retry').removeEventListener('click', retry);
        window.removeEventListener('focus', retry);
        resolve();
      } else {
        $('tls-help-title').focus();
      }
    };
    $('tls-retry').addEventListener('click', retry);
    // Coming back from the certificate tab is the usual way to finish; check then too.
    window.addEventListener('focus', retry);
  });
}

async function start() {
  const config = await loadConfig();
  let edgecache;
  try {
    edgecache = await import('edgecache');
  } catch (error) {
    setConnection('error', `Could not load the edgecache package from /pkg/ (${error.message}): run scripts/build-pkg.`);
    return;
  }
  await waitUntilReachable(config);
  setConnection('ok', `Connected to edgecache-server at ${config.cacheUrl}${config.tls ? ' (TLS: HTTP/2 where the browser negotiates it)' : ' (plain HTTP/1.1)'}.`);

  const presetSelect = $('preset');
  let client = null;
  const showPreset = () => {
    client = null; // rebuilt on the next call, with the new preset
    try {
      $('preset-settings').textContent = describeSettings(presetConfiguration(edgecache, presetSelect.value).getSettings());
    } catch (error) {
      $('preset-settings').textContent = error.message;
    }
  };
  presetSelect.addEventListener('change', showPreset);
  showPreset();
  const credentials = await pageCredentials(edgecache, config.cacheUrl);
  const getClient = () => (client ??= edgecacheClient(edgecache, { credentialProvider: credentials.provider, preset: presetSelect.value }));

  setUpPlayground(getClient);
  setUpBenchmark({ edgecache, config, credentials, preset: () => presetSelect.value });
  document.body.dataset.ready = 'true';
}

start().catch((error) => setConnection('error', `The page could not start: ${error.message}`));
