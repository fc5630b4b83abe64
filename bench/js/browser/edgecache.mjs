// The page's entry for edgecache: `edgecache` stays external, mapped by the page's import map
// to the package's browser entry (which fetches and compiles its .wasm).
import * as sdk from 'edgecache';
import { sdkOps, start } from './page.mjs';

start(sdkOps('edgecache', sdk), { capped: true });
