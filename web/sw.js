// Interleave's service worker: cross-origin isolation on hosts that cannot set headers, and the
// app offline after the first visit. Registered by sw-register.js, which also decides the one
// reload; scripts/build.sh stamps BUILD and PRECACHE below into dist/sw.js.
//
// 1. Isolation. SharedArrayBuffer (tier 1) needs the document served with
//    `Cross-Origin-Opener-Policy: same-origin` + `Cross-Origin-Embedder-Policy: require-corp`, or
//    `Document-Isolation-Policy: isolate-and-require-corp` (Chromium 137+, also inside a
//    non-isolated embedding page). GitHub Pages sends none of them. A service worker may answer
//    its pages' requests with responses of its own, so it re-serves every same-origin response
//    with those headers (and `Cross-Origin-Resource-Policy: cross-origin`, so an embedding page
//    that requires CORP can load us). Once the page is controlled, which takes one reload on the
//    first visit, it is isolated. This is the coi-serviceworker technique
//    (https://github.com/gzuidhof/coi-serviceworker). require-corp rather than credentialless:
//    the app loads nothing from another origin, and require-corp is what every isolating browser
//    supports.
//    A response that carries any isolation header of its own is passed through untouched: a host
//    that sets headers (isolating, or declining with `unsafe-none`) has decided, and the worker
//    does not overrule it.
// 2. Offline. Installing precaches the whole build (PRECACHE: every file of dist/ but this one)
//    in a cache named after the build, all or nothing, so the cache always holds exactly one
//    build. Requests go to the network first (revalidating, so a host's max-age — GitHub Pages
//    sends 600 s — never serves a file of an older build) and fall back to this cache only when
//    the network fails. Network first is what makes both promises hold: online, a reload always
//    loads the newest deployed build (the page and the unhashed engine files it pairs with, from
//    one place); offline, the cache has a complete build to show. Cache first would serve the
//    previous build until a second reload, mixed with whatever a new index.html asks for. Runtime
//    responses are not added to the cache, so it never mixes builds.
// 3. Updates. The browser checks sw.js on every navigation; a new build changes BUILD, so the new
//    worker installs (precaching the new build), skips waiting, deletes the caches of older
//    builds and claims its pages. The reload that fetched the new index.html already shows the
//    new build; from then on the offline copy is the new build too.
//
// Who runs what: the browser calls these handlers on the worker's own thread; the pages never call
// into it.

/** The build this worker caches: a content hash of dist/, stamped by scripts/build.sh ('dev' in
 *  an unstamped copy, which then isolates but caches nothing). */
const BUILD = 'dev';
/** Every file of the build, relative to this script, stamped by scripts/build.sh. */
const PRECACHE = [];

const SCOPE = new URL(self.registration.scope);
// Caches are per origin, and one origin may host several sites (user.github.io/a/, …/b/): the
// scope keeps ours apart from theirs.
const PREFIX = `interleave:${SCOPE.pathname}:`;
const CACHE = PREFIX + BUILD;

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};
/** Headers by which a host states its own isolation policy. */
const HOST_POLICY = ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'document-isolation-policy'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // addAll is all or nothing: a build that cannot be cached whole never activates, and the
    // previous worker keeps serving its own complete build. 'no-cache' revalidates each file, so
    // a host's HTTP caching cannot slip a file of an older build in.
    await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, self.location.href), { cache: 'no-cache' })));
    // The host may have been redeployed between fetching this script and fetching the files:
    // then the files are another build's, and this worker must not claim them as its own.
    const index = PRECACHE.includes('index.html') && await cache.match(new URL('index.html', self.location.href));
    if (index && !(await index.text()).includes(`data-build="${BUILD}"`)) {
      await caches.delete(CACHE);
      throw new Error(`sw: the host no longer serves build ${BUILD}`);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // The app loads nothing from other origins; those requests, and anything but GET, go to the
  // browser as they are.
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chromium DevTools asks for 'only-if-cached' outside same-origin mode, which fetch() refuses
  // (https://crbug.com/823392).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request));
});

/** Network first, this build's cache when the network fails; isolated either way. */
async function respond(request) {
  let response;
  try {
    // A navigation request cannot be re-created with its mode; with an init, fetch() turns it
    // into a same-origin request, which is what we want.
    response = await fetch(request, { cache: 'no-cache' });
  } catch (offline) {
    response = await fromCache(request);
    if (!response) throw offline;
  }
  return isolate(response);
}

/** The cached copy of `request` in this build: worker scripts carry a query (`?threads=2`), and
 *  a navigation to the scope itself is the cached index.html. */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const found = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
  if (found || request.mode !== 'navigate' || new URL(request.url).pathname !== SCOPE.pathname) return found;
  return cache.match(new URL('index.html', SCOPE), { ignoreVary: true });
}

/** `response` with the isolation headers, unless its host stated a policy of its own. */
function isolate(response) {
  // Opaque and redirect responses have no readable headers and cannot be re-created.
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  if (HOST_POLICY.some((h) => response.headers.has(h))) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  const body = [204, 205, 304].includes(response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
