// A small static file server for dist/, in the ways the app is hosted:
//   - isolated (default, tier 1): COOP + COEP isolate a top-level page, Document-Isolation-Policy
//     isolates the document even inside a non-isolated embedding page (Chromium 137+; `--no-dip`
//     leaves it out), and every response is readable cross-origin (CORP), so an
//     <iframe allow="cross-origin-isolated"> in someone's documentation gets threads;
//   - `--no-isolation` (tier 2): the host explicitly declines isolation
//     (`Cross-Origin-Opener-Policy: unsafe-none`, `Cross-Origin-Embedder-Policy: unsafe-none`).
//     The app's service worker (web/sw.js) respects headers a host sends, so the page stays in
//     tier 2: this is how a non-isolated host or embedding page looks to the app;
//   - `--bare`: no isolation headers at all and `Cache-Control: max-age=600`, like GitHub Pages;
//     the service worker then isolates the page after one reload.
// `--base /repo/` serves dist/ under that subpath (as GitHub Pages serves a project site) and
// answers 404 outside it.
// Written here rather than taken from npm because it is ~80 lines and the headers are the point.
//
//   node scripts/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1] [--base /]
//                          [--no-isolation | --bare] [--no-dip]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
export const DIP_HEADERS = { 'Document-Isolation-Policy': 'isolate-and-require-corp' };
/** A host that declines isolation in so many words (tier 2, also under the service worker). */
export const NO_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'unsafe-none',
  'Cross-Origin-Embedder-Policy': 'unsafe-none',
};

/** The headers every response gets in a mode: 'isolated' (with or without DIP), 'none'
 *  (explicit unsafe-none) or 'bare' (nothing about isolation, cached like GitHub Pages). */
function modeHeaders(mode, dip) {
  switch (mode) {
    case 'isolated': return { 'Cache-Control': 'no-cache', ...ISOLATION_HEADERS, ...(dip ? DIP_HEADERS : {}) };
    case 'none': return { 'Cache-Control': 'no-cache', ...NO_ISOLATION_HEADERS };
    case 'bare': return { 'Cache-Control': 'max-age=600' };
    default: throw new Error(`serve: unknown mode ${mode}`);
  }
}

/** Starts a server; resolves to { server, url } once it listens, `url` ending in `base`. Port 0
 *  picks a free port. `mode` is 'isolated', 'none' or 'bare'; the older `isolation: false`
 *  means 'none'. */
export function serve({ dir = 'dist', port = 8080, host = '127.0.0.1', isolation = true, mode = isolation ? 'isolated' : 'none',
  dip = mode === 'isolated', base = '/' } = {}) {
  const root = resolve(dir);
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`serve: base must start and end with "/" (got ${base})`);
  const server = createServer(async (req, res) => {
    const headers = { 'X-Content-Type-Options': 'nosniff', ...modeHeaders(mode, dip) };
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === base.slice(0, -1) && base !== '/') {
        res.writeHead(301, { ...headers, Location: base });
        return res.end();
      }
      if (!path.startsWith(base)) throw Object.assign(new Error('outside base'), { code: 'ENOENT' });
      let file = normalize(join(root, path.slice(base.length)));
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
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}${base}` }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
  const mode = args.includes('--bare') ? 'bare' : args.includes('--no-isolation') ? 'none' : 'isolated';
  const dip = mode === 'isolated' && !args.includes('--no-dip');
  const { url } = await serve({ dir: opt('--dir', 'dist'), port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1'),
    mode, dip, base: opt('--base', '/') });
  const how = {
    isolated: `cross-origin isolated${dip ? ', also when embedded (Document-Isolation-Policy)' : ''}`,
    none: 'isolation declined (COOP/COEP unsafe-none)',
    bare: 'no isolation headers, like GitHub Pages: the service worker isolates the page after one reload',
  }[mode];
  console.log(`Interleave at ${url} (${how}); Ctrl+C stops.`);
}
