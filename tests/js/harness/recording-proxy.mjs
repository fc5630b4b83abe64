// A proxy in front of an edgecache-server that records the headers of every request it
// forwards, so a test can see what the package puts on the wire. It listens on 127.0.0.1 and
// speaks what the package's Node transport in use does: HTTP/2 without TLS (node:http2, the
// default) or HTTP/1.1 (EDGECACHE_NODE_TRANSPORT=fetch). It forwards over one HTTP/2 session
// to the server; gRPC-web carries its trailers in the body, so nothing else needs relaying.
import { createServer as createHttp1Server } from 'node:http';
import { connect, createServer as createHttp2Server } from 'node:http2';
// Headers of one hop only, which HTTP/2 forbids forwarding.
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'host']);

/**
 * Starts the proxy, speaking HTTP/2 or (`http2: false`) HTTP/1.1. Resolves to
 * `{port, requests, stop}`; `requests` holds `{path, headers}` of each request.
 */
export async function startRecordingProxy(upstreamUrl, { http2 = true } = {}) {
  const upstream = connect(upstreamUrl);
  upstream.on('error', () => {});
  const requests = [];

  const forward = (req, res) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !name.startsWith(':') && !HOP.has(name)),
    );
    requests.push({ path: req.url, headers });
    const out = upstream.request({ ...headers, ':method': req.method, ':path': req.url });
    req.pipe(out);
    out.on('response', (answer) => {
      const status = answer[':status'];
      const reply = Object.fromEntries(
        Object.entries(answer).filter(([name]) => !name.startsWith(':') && !HOP.has(name)),
      );
      res.writeHead(status, reply);
      out.pipe(res);
    });
    out.on('error', () => res.destroy());
  };
  const server = http2 ? createHttp2Server(forward) : createHttp1Server(forward);
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    requests,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        upstream.close();
        server.close(() => resolve());
      }),
  };
}
