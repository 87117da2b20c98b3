// Waiting for the page without disturbing it, shared by the end-to-end tests and the benchmarks.
//
// Playwright's waitForFunction polls on every animation frame, so a wait makes the page render
// 60 frames a second on the cores being measured. `until` instead re-checks its predicate only
// when the DOM changes (a MutationObserver), which is when the answer can change.

/** Resolves once `predicate(arg)`, evaluated in the page, is truthy; re-evaluated on every DOM
 *  change. `predicate` must be self-contained (it is sent to the page as source text). A page that
 *  navigates meanwhile (the app reloading into another of its builds) is waited for and asked
 *  again. */
export async function until(page, predicate, arg = null, { timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await untilInDocument(page, predicate, arg, Math.max(1, deadline - Date.now()));
    } catch (e) {
      if (!/Execution context was destroyed|navigat/i.test(e.message) || Date.now() >= deadline) throw e;
      await page.waitForLoadState('domcontentloaded');
    }
  }
}

function untilInDocument(page, predicate, arg, timeout) {
  return page.evaluate(([source, arg, timeout]) => new Promise((resolve, reject) => {
    const holds = new Function('arg', `return (${source})(arg);`);
    const check = () => {
      let value;
      try { value = holds(arg); } catch (e) { finish(); return reject(e); }
      if (value) { finish(); resolve(value); }
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => { finish(); reject(new Error(`until: timed out after ${timeout} ms: ${source}`)); },
      timeout);
    const finish = () => { observer.disconnect(); clearTimeout(timer); };
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  }), [predicate.toString(), arg, timeout]);
}

/** Waits until the status strip says the engine is ready: its pool is up and warmed up. */
export const engineReady = (page, { timeout = 30_000 } = {}) => until(page,
  () => document.querySelector('[data-testid=engine-status]')?.textContent.startsWith('ready'), null, { timeout });

/** How many results rows the page shows. */
export const resultCount = (page) => page.locator('[data-testid=result-row]').count();

/** Waits until the page shows more than `n` results rows. */
export const resultRowsAbove = (page, n, { timeout = 60_000 } = {}) => until(page,
  (n) => document.querySelectorAll('[data-testid=result-row]').length > n, n, { timeout });

/** On the parallel-speedup page (engine ready): runs once on `threads` threads with the parameters
 *  already in the form, and returns the new results row's data attributes (size, ms, checksum…). */
export async function runSpeedup(page, threads, { timeout = 60_000 } = {}) {
  const before = await resultCount(page);
  await page.fill('[data-testid=param-threads]', String(threads));
  await page.locator('[data-testid=run]').filter({ hasText: `Run on ${threads} thread` }).click();
  await resultRowsAbove(page, before, { timeout });
  // The newest run is the first row.
  return page.locator('[data-testid=result-row]').first().evaluate((r) => ({ ...r.dataset }));
}
