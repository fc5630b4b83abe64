// Bun (npm `bun`): the scenario in a real Bun process ("bun" condition).
import { BIN, parseReport, run, runRuntime } from './common.mjs';

await runRuntime('bun', async (server) => {
  const { stdout } = await run(`${BIN}bun`, ['run/in-runtime.mjs', server.url, 'bun']);
  return parseReport(stdout);
});
