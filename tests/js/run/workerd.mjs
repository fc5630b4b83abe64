// Cloudflare's workerd (through miniflare): the scenario inside a Worker's fetch handler. The
// Worker is bundled as wrangler does (conditions workerd, worker, browser), so `edgecache`
// resolves to its "workerd" entry and the .wasm is imported as a compiled module.
import { rmSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { bundle } from './bundle.mjs';
import { runRuntime, within } from './common.mjs';

await runRuntime('workerd', async (server) => {
  const { dir, file } = await bundle('run/workerd-worker.mjs', { conditions: ['workerd', 'worker', 'browser'] });
  const mf = new Miniflare({
    modules: true,
    scriptPath: file,
    modulesRoot: dir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-06-01',
  });
  try {
    const res = await within(150_000, mf.dispatchFetch(`http://worker.local/?url=${encodeURIComponent(server.url)}`), 'the Worker');
    if (!res.ok) throw new Error(`the Worker answered ${res.status}: ${await res.text()}`);
    return await res.json();
  } finally {
    await mf.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
