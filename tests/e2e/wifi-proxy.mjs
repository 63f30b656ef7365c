/**
 * The hall's Wi-Fi between a test's Chromium and the office server, as an HTTP forward proxy on
 * loopback: every request goes through it, and `drop(request)` decides which ones the "Wi-Fi"
 * loses. A lost request's connection is closed with no answer, so the page sees a network
 * failure, not an HTTP error.
 *
 * Why not Playwright's `route()`: in Chromium a page under a service worker sends its requests
 * through the worker, and route() then sometimes sees none of them (a request neither paused nor
 * reported), so a test that waits for the cut waits forever. A proxy is below all of that: it
 * sees what the browser puts on the wire, whoever made the request.
 */
import { createServer, request as httpRequest } from 'node:http';

/**
 * Starts the proxy. `drop(req)` gets the request (method, URL path) and returns true to lose it.
 * Returns { args, requests(test), close() }: `args` are Chromium's switches to use it (loopback
 * included, which Chromium otherwise never proxies).
 */
export async function startWifiProxy({ drop = () => false } = {}) {
  const seen = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url);
    const entry = { method: req.method, path: url.pathname + url.search, dropped: false };
    if (drop(entry)) {
      entry.dropped = true;
      seen.push(entry);
      req.resume();
      req.socket.destroy();
      return;
    }
    seen.push(entry);
    const upstream = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: entry.path, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    args: [`--proxy-server=http://127.0.0.1:${port}`, '--proxy-bypass-list=<-loopback>'],
    /** The requests that went through to the server, or were lost, matching `test`. */
    requests: (test = () => true) => seen.filter(test),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
