// Miniflare options for running the Worker locally against an edgecache-server (what
// `wrangler dev` would do): the bundled Worker, the .wasm as a compiled module, the bindings.
export function miniflareOptions({ dir, scriptPath, port, cacheName = 'edge' }) {
  return {
    modules: true,
    scriptPath,
    modulesRoot: dir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-06-01',
    bindings: { CACHE_NAME: cacheName, EDGECACHE_HOST: '127.0.0.1', EDGECACHE_PORT: String(port) },
  };
}
