// The Go-scheduler simulation worker (crates/go-sim-worker) in a page that is NOT cross-origin
// isolated (tier 2): it starts, runs a program and posts the whole run back as a transferred
// ArrayBuffer byte-identical to the native simulator's (go_sim_wire example); a large run reports
// progress first and terminating it stops it; a program that does not parse gives its line and
// column; bad requests get an error message, never a hang, and a panic an error message; no
// console errors but the panic's trap. The page's side
// (crates/ui/src/go_scheduler/sim_worker.rs) speaks the same protocol.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { open, ROOT } from '../support/browser.mjs';

let s;
before(async () => {
  s = await open({ isolation: false });
  // Any same-origin page will do: the worker is driven from the test, as the page will.
  await s.page.goto(s.url);
});
after(async () => { await s?.close(); });

/** Starts a worker, posts `req` once it is ready, and collects messages until the first that is
 *  not progress (or `stopAfterProgress` progress messages, then terminates it). */
function exchange(page, req, { stopAfterProgress = 0 } = {}) {
  return page.evaluate(([req, stopAfterProgress]) => new Promise((resolve) => {
    const w = new Worker('./interleave-go-sim-worker_loader.js');
    const log = [];
    const end = (last) => { w.terminate(); resolve({ progress: log, last }); };
    w.onerror = (e) => end({ onerror: e.message });
    w.onmessage = (e) => {
      const d = e.data;
      if (d.kind === 'ready') return w.postMessage(req);
      if (d.kind === 'progress') {
        log.push([d.events, d.virtualNs]);
        if (stopAfterProgress && log.length >= stopAfterProgress) end({ kind: 'stopped' });
        return;
      }
      if (d.kind === 'done') return end({ kind: 'done', isBuffer: d.run instanceof ArrayBuffer, bytes: [...new Uint8Array(d.run)] });
      end(d);
    };
  }), [req, stopAfterProgress]);
}

const PROGRAM = `ch := chan(0)
var wg WaitGroup
for i in 0..8 {
    wg.add(1)
    go {
        work(200)
        ch <- i
        wg.done()
    }
}
go { for i in 0..8 { v := <-ch; sleep(10 * v) } }
wg.wait()
`;

// Above 2^53, so a JS number could not carry it: the seed travels as a decimal string.
const SEED = '9007199254740995';

const many = (n) => `var wg WaitGroup\nwg.add(${n})\nfor i in 0..${n} {\n    go {\n        work(1)\n        wg.done()\n    }\n}\nwg.wait()\n`;

test('a run comes back as a transferred buffer, byte-identical to the native simulator', async () => {
  const { last } = await exchange(s.page, { v: 1, source: PROGRAM, n: 16, procs: 3, seed: SEED });
  assert.equal(last.kind, 'done');
  assert.equal(last.isBuffer, true);
  const native = execFileSync('cargo',
    ['run', '-q', '-p', 'interleave-experiments', '--example', 'go_sim_wire', '--', '3', SEED],
    { cwd: ROOT, input: PROGRAM });
  assert.equal(last.bytes.length, native.length);
  assert.deepEqual(Buffer.from(last.bytes), native);
});

test('a large run reports progress, and terminating the worker stops it', async () => {
  const { progress, last } = await exchange(s.page, { v: 1, source: many(300000), n: 16, procs: 8, seed: '1' },
    { stopAfterProgress: 2 });
  assert.equal(last.kind, 'stopped');
  assert.equal(progress.length, 2);
  assert.ok(progress[0][0] > 0 && progress[1][0] > progress[0][0], JSON.stringify(progress));
  assert.ok(progress[1][1] >= progress[0][1], JSON.stringify(progress));
  // A new worker runs as if nothing happened.
  const again = await exchange(s.page, { v: 1, source: 'work(1)', n: 16, procs: 1, seed: '0' });
  assert.equal(again.last.kind, 'done');
});

test('a program that does not parse says where', async () => {
  const { last } = await exchange(s.page, { v: 1, source: 'work(10\n', n: 16, procs: 4, seed: '1' });
  assert.deepEqual(last, { kind: 'error', message: "expected ')' after work's argument, found the end of the line", line: 1, column: 8 });
});

test('bad requests are answered with an error, never a hang', async () => {
  const bad = [
    { v: 2, source: 'work(1)', n: 16, procs: 4, seed: '1' },
    { v: 1, source: 'work(1)', n: 16, procs: 0, seed: '1' },
    { v: 1, source: 'work(1)', n: 16, procs: 65, seed: '1' },
    { v: 1, source: 'work(1)', n: 16, procs: 4, seed: '-1' },
    { v: 1, source: 'work(1)', n: 16, procs: 4, seed: 7 },
    { v: 1, source: 'x'.repeat(20000), n: 16, procs: 4, seed: '1' },
    { v: 1, source: 'work(N)', n: 0, procs: 4, seed: '1' },
    { v: 1, source: 'work(N)', n: 1000001, procs: 4, seed: '1' },
    { v: 1, source: 'work(N)', procs: 4, seed: '1' },
    42,
    null,
  ];
  for (const req of bad) {
    const { last } = await exchange(s.page, req);
    assert.equal(last.kind, 'error', JSON.stringify(req));
    assert.equal(typeof last.message, 'string');
    assert.equal(last.line, undefined, JSON.stringify(req));
  }
});

test('a panic becomes an error message before the trap', async () => {
  const { last } = await exchange(s.page, { crash: true });
  assert.equal(last.kind, 'error');
  assert.match(last.message, /^panic: deliberate panic in the simulation worker/);
});

test('the only console error is the trap the panic provoked', () => {
  // With panic=abort a wasm panic ends in an `unreachable` trap in the worker.
  const unexpected = s.errors.filter((e) => !/^[^:]+: (Uncaught )?(RuntimeError: )?unreachable$/.test(e));
  assert.deepEqual(unexpected, []);
});
