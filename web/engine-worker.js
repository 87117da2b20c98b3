// The engine worker: loads the threaded engine (worker/ crate), starts its rayon pool, and passes
// messages between the page and the engine. JS only spawns workers; Rust owns the pool and the
// protocol (crates/protocol). This thread never blocks: jobs run on the pool, and while one runs
// we poll its shared state on a timer, so a Stop is handled at the next turn of the event loop.
import init, { initThreadPool, Engine, panicMessage, maxThreads, protocolVersion } from './engine/interleave_engine.js';

// The protocol version of the two messages this script writes itself (start failure, crash); the
// page refuses any other version. Once the module is loaded it comes from the engine
// (interleave_protocol::PROTOCOL_VERSION); a start that fails before that, even in `init()`, can
// only use this copy, so keep it equal to the crate's.
let protocol = 2;

const asked = Number(new URL(self.location.href).searchParams.get('threads'));

let engine = null;
let dead = false;
let timer = 0;
const early = [];

const post = (event) => self.postMessage(event);

function crash(err) {
  if (dead) return;
  dead = true;
  setPolling(false);
  let message = null;
  try { message = panicMessage(); } catch { /* the instance may be unusable */ }
  post({ v: protocol, msg: { type: 'crashed', message: message ?? String(err?.message ?? err) } });
}

// While the engine wants polling, one timer is pending; the engine says how soon (often while
// rows stream to the page, rarely while a run is timed without drawing).
function setPolling(active) {
  if (timer) { clearTimeout(timer); timer = 0; }
  if (active) timer = setTimeout(tick, engine?.pollEveryMs() ?? 16);
}

function tick() {
  timer = 0;
  try { setPolling(engine.poll()); } catch (err) { crash(err); }
}

function handle(data) {
  if (dead) return;
  try { setPolling(engine.handle(data)); } catch (err) { crash(err); }
}

self.onmessage = (e) => (engine ? handle(e.data) : early.push(e.data));

try {
  await init();
  protocol = protocolVersion();
  // The page asks for the machine's hardware threads; the engine caps the pool
  // (interleave_experiments::MAX_THREADS).
  const threads = Number.isInteger(asked) ? Math.min(maxThreads(), Math.max(1, asked)) : 1;
  await initThreadPool(threads);
  engine = new Engine(threads, post);
  setPolling(true); // the engine warms up, then sends Ready
  early.splice(0).forEach(handle);
} catch (err) {
  post({ v: protocol, msg: { type: 'start-failed', reason: `the engine could not start: ${err?.message ?? err}` } });
}
