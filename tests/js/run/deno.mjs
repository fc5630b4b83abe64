// Deno (npm `@deno/linux-x64-glibc`): the scenario in a real Deno process, `edgecache` resolved through the
// package's exports map ("deno" condition).
import { DENO, parseReport, run, runRuntime } from './common.mjs';

await runRuntime('deno', async (server) => {
  const { stdout } = await run(
    DENO,
    ['run', '--quiet', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', 'run/in-runtime.mjs', server.url, 'deno'],
    { env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } },
  );
  return parseReport(stdout);
});
