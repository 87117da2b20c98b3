// Registers the service worker (sw.js beside this script: isolation on hosts without headers, the
// app offline) and reloads the page at most once so that it becomes cross-origin isolated.
// A classic script loaded early by index.html; everything relative, so it works under a subpath.
//
// When to reload — only when a reload will isolate the page:
// 1. Already isolated (the host sends the headers, or the worker already controls the page):
//    register for offline use, nothing else.
// 2. Controlled by the worker and still not isolated: the host stated its own policy, or this
//    browser cannot isolate this document (an iframe where Document-Isolation-Policy is not
//    supported). A reload would change nothing: stay in tier 2, which the page explains.
// 3. The host sends isolation headers of its own (a HEAD request tells): the worker leaves them
//    alone, so a reload would change nothing either.
// 4. Otherwise (first visit to a host without headers, or a reload that bypassed the worker):
//    wait until the worker is active, then reload once. A sessionStorage mark, set before the
//    reload and cleared only by an isolated page, forbids a second one: a tab can never loop.
// Not registered where it cannot work: no service workers (some private windows) or not a
// secure context (plain http other than localhost / 127.0.0.1).
(() => {
  const sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;
  // The address as the person opened it, before the app rewrites it: the page keeps its state in
  // the address bar, and a tier-2 page writes tier-2 choices there (such as running the speedup on
  // message-passing workers) which the isolated page must not inherit.
  const opened = location.href;
  const MARK = 'interleave:isolation-reload';
  const script = new URL('sw.js', document.currentScript.src);
  const registered = sw.register(script).catch((e) => {
    // The page works without it (tier 2, online only): not an error of the app.
    console.warn(`Interleave: no service worker (${e.message}); the page stays as the host serves it.`);
    return null;
  });

  // The browser also checks for a new build after navigations, but Chromium defers that check
  // while the worker is busy serving the page's requests; asking at once means a new deployment
  // becomes the offline copy while this page is open. Offline the check fails, and that is fine.
  if (sw.controller) registered.then((r) => r?.update()).catch(() => {});

  let storage;
  try { storage = window.sessionStorage; } catch { return; } // no storage, no loop guard: never reload
  if (window.crossOriginIsolated) { storage.removeItem(MARK); return; }
  if (sw.controller || storage.getItem(MARK)) return;

  const POLICY = ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'document-isolation-policy'];
  const hostPolicy = fetch(location.href, { method: 'HEAD', cache: 'no-store' })
    .then((r) => POLICY.some((h) => r.headers.has(h)), () => false);

  (async () => {
    if (await hostPolicy || !(await registered)) return;
    await sw.ready; // an active worker: the reload's navigation goes through it
    storage.setItem(MARK, '1');
    history.replaceState(history.state, '', opened);
    location.reload();
  })();
})();
