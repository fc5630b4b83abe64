// The Worker the workerd run deploys: `GET /?url=SERVER` runs the smoke scenario inside the
// request and answers its report as JSON.
import * as edgecache from 'edgecache';
import { runSmoke } from '../scenario/smoke.mjs';

export default {
  async fetch(request) {
    const url = new URL(request.url).searchParams.get('url');
    return Response.json(await runSmoke(edgecache, { url, label: 'workerd' }));
  },
};
