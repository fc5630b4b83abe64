// The page's entry for the raw limit: no SDK, the pre-encoded gRPC-web requests of
// lib/raw.mjs sent with the page's own `fetch` (the analog of h2load for the browser).
import { fetchSend, rawOps } from '../lib/raw.mjs';
import { start } from './page.mjs';

start(({ url, valueSize }) => rawOps(fetchSend(url), valueSize));
