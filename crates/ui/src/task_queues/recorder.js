// Runs a task-queues scenario for real and records what happened, in order.
//
// Why this is JavaScript: `await` must be the language's own await (its continuation is a
// microtask queued by the engine), and wasm-bindgen's futures resume Rust through their own
// queue, which would change the very order we measure. Everything else here is a direct call of
// the browser API the scenario names. The scenario (data built in Rust, interleave_experiments::
// task_queues::Op) is walked by `body`; each callback records `start`, its logs and `end`.
//
// Events: { kind: 'schedule'|'start'|'end'|'log', id, queue, label, t }, t = performance.now().

/** Runs `ops` as one task; resolves with the events once every scheduled callback has run,
 *  or after `limitMs` (a hidden tab runs no animation frames), with `complete: false`. */
export function runScenario(ops, limitMs) {
  return new Promise((resolve) => {
    const events = [];
    let nextId = 1;
    let pending = 0;
    let finished = false;
    const rec = (kind, id, queue, label) => events.push({ kind, id, queue, label, t: performance.now() });
    const done = (complete) => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      resolve({ events, complete });
    };
    const guard = setTimeout(() => done(false), limitMs);
    const schedule = (queue, label) => { const id = nextId++; pending++; rec('schedule', id, queue, label); return id; };
    const settle = () => { if (--pending === 0) setTimeout(() => pending === 0 && done(true), 0); };

    // Runs a callback's body as an async function, so `await` is the real thing.
    async function body(ops, id, queue, label, suffix) {
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i];
        switch (op.kind) {
          case 'log': rec('log', id, queue, op.text + suffix); break;
          case 'then': {
            const cb = schedule('microtask', op.label);
            Promise.resolve().then(() => { run(op.body, cb, 'microtask', op.label, suffix); });
            break;
          }
          case 'microtask': {
            const cb = schedule('microtask', op.label);
            queueMicrotask(() => { run(op.body, cb, 'microtask', op.label, suffix); });
            break;
          }
          case 'await': {
            // The continuation is queued by `await` itself; record it as scheduled first.
            const cont = schedule('microtask', op.label);
            rec('end', id, queue, label);
            settle();
            await undefined;
            rec('start', cont, 'microtask', op.label);
            id = cont; queue = 'microtask'; label = op.label;
            break;
          }
          case 'async': {
            // Calling an async function: its body runs now, up to its first await.
            const cb = nextId++;
            pending++;
            rec('start', cb, queue, op.label);
            body(op.body, cb, queue, op.label, suffix);
            break;
          }
          case 'timeout': {
            const cb = schedule('timer', op.label);
            setTimeout(() => { run(op.body, cb, 'timer', op.label, suffix); }, op.ms);
            break;
          }
          case 'interval': {
            let k = 0;
            let cb = schedule('timer', op.label);
            const handle = setInterval(() => {
              k++;
              const current = cb;
              if (k < op.times) cb = schedule('timer', op.label); else clearInterval(handle);
              run(op.body, current, 'timer', op.label, `${suffix} #${k}`);
            }, op.ms);
            break;
          }
          case 'message': {
            const cb = schedule('message', op.label);
            const ch = new MessageChannel();
            ch.port1.onmessage = () => { ch.port1.close(); run(op.body, cb, 'message', op.label, suffix); };
            ch.port2.postMessage(null);
            break;
          }
          case 'frame': {
            const cb = schedule('frame', op.label);
            requestAnimationFrame(() => { run(op.body, cb, 'frame', op.label, suffix); });
            break;
          }
          default: throw new Error(`unknown scenario statement ${op.kind}`);
        }
      }
      rec('end', id, queue, label);
      settle();
    }

    function run(ops, id, queue, label, suffix) {
      if (finished) return;
      rec('start', id, queue, label);
      body(ops, id, queue, label, suffix);
    }

    const script = schedule('script', 'scenario()');
    setTimeout(() => run(ops, script, 'script', 'scenario()', ''), 0);
  });
}
