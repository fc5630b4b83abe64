// The edge function the edge-runtime run deploys: a fetch listener, as Vercel Edge Functions
// are written, that runs the smoke scenario and answers its report as JSON.
import * as edgecache from 'edgecache';
import { runSmoke } from '../scenario/smoke.mjs';

addEventListener('fetch', (event) => {
  const url = new URL(event.request.url).searchParams.get('url');
  event.respondWith(
    runSmoke(edgecache, { url, label: 'edge-runtime' }).then(
      (report) => new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } }),
    ),
  );
});
