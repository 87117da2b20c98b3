// A small static file server for dist/: with cross-origin isolation headers by default (tier 1),
// or without them (`--no-isolation`, tier 2) so tests can check how the page degrades.
// Written here rather than taken from npm because it is ~60 lines and the headers are the point.
//
// The isolation headers are COOP + COEP (isolates a top-level page) and
// Document-Isolation-Policy (isolates the document even inside a non-isolated embedding page, in
// Chromium 137+; `--no-dip` leaves it out), with every response readable cross-origin (CORP), so
// an <iframe allow="cross-origin-isolated"> in someone's documentation gets threads.
//
//   node scripts/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1] [--no-isolation] [--no-dip]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
export const DIP_HEADERS = { 'Document-Isolation-Policy': 'isolate-and-require-corp' };

/** Starts a server; resolves to { server, url } once it listens. Port 0 picks a free port. */
export function serve({ dir = 'dist', port = 8080, host = '127.0.0.1', isolation = true, dip = isolation } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const headers = {
      'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff',
      ...(isolation ? ISOLATION_HEADERS : {}), ...(dip ? DIP_HEADERS : {}),
    };
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const missing = e.code === 'ENOENT' || e.code === 'ENOTDIR' || e instanceof URIError;
      res.writeHead(missing ? 404 : 500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(missing ? 'not found\n' : 'server error\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
  const isolation = !args.includes('--no-isolation');
  const dip = isolation && !args.includes('--no-dip');
  const { url } = await serve({ dir: opt('--dir', 'dist'), port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1'), isolation, dip });
  const how = isolation ? `cross-origin isolated${dip ? ', also when embedded (Document-Isolation-Policy)' : ''}` : 'no isolation headers';
  console.log(`Interleave at ${url} (${how}); Ctrl+C stops.`);
}
