//! The native host: one OS thread per M, a sysmon thread, an `Instant`
//! clock; and [`Runtime`], which runs a root G on it. Go: `mstart`'s loop is
//! the thread body ([`MHandle::run`]), `sysmon` the sysmon thread
//! ([`Sysmon`]). It is a host like any other: [`Runtime::run`] drives
//! [`Hosted`] as a host outside the crate would.

use crate::g::JoinHandle;
use crate::host::{Host, Hosted, Report, SchedHandle, Sysmon};
use crate::park::{Parker, ThreadParker};
use crate::sched::{Config, MHandle};
use crate::sync::{Arc, Mutex, lock};
use crate::trace::MId;
use std::future::Future;
use std::time::{Duration, Instant};

/// Native host: one OS thread per M, `Instant` clock.
pub struct NativeHost {
    start: Instant,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl NativeHost {
    pub fn new() -> Self {
        NativeHost { start: Instant::now(), threads: Mutex::new(Vec::new()) }
    }

    /// Wait for every M thread to end (after the run's shutdown).
    pub fn join_all(&self) {
        loop {
            let t = lock(&self.threads).pop();
            match t {
                Some(t) => {
                    let _ = t.join();
                }
                None => return,
            }
        }
    }
}

impl Default for NativeHost {
    fn default() -> Self {
        Self::new()
    }
}

impl Host for NativeHost {
    fn now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }

    fn spawn_m(&self, m: MHandle) -> Result<(), MHandle> {
        let name = format!("interleave-M{}", m.id());
        // The handle waits in a slot the thread empties, so that a thread
        // the OS refuses gives the handle back.
        let slot = Arc::new(Mutex::new(Some(m)));
        let theirs = slot.clone();
        let spawned = std::thread::Builder::new().name(name).spawn(move || {
            let m = lock(&theirs).take();
            if let Some(m) = m {
                m.run();
            }
        });
        match spawned {
            Ok(t) => {
                lock(&self.threads).push(t);
                Ok(())
            }
            Err(_) => match lock(&slot).take() {
                Some(m) => Err(m),
                None => Ok(()),
            },
        }
    }

    fn new_parker(&self, _m: MId) -> Arc<dyn Parker> {
        Arc::new(ThreadParker::new())
    }

    fn work(&self, ns: u64) {
        let until = self.start.elapsed() + Duration::from_nanos(ns);
        while self.start.elapsed() < until {
            std::hint::spin_loop();
        }
    }
}

/// The native runtime: `block_on` runs a root G to completion on
/// `config.procs` Ps and OS-thread Ms, and returns its result.
pub struct Runtime {
    cfg: Config,
}

impl Runtime {
    pub fn new(cfg: Config) -> Self {
        Runtime { cfg }
    }

    /// Run `f` as the root G (Go: `main.main`) and return its output.
    pub fn block_on<F>(&self, f: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.run(f).output
    }

    /// Like `block_on`, also returning the trace and the live-G count.
    pub fn run<F>(&self, f: F) -> Report<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let host = Arc::new(NativeHost::new());
        let mut run = Hosted::start(self.cfg.clone(), host.clone(), f);
        let sysmon = {
            let h = run.handle().clone();
            std::thread::Builder::new()
                .name("interleave-sysmon".into())
                .spawn(move || sysmon_loop(&h))
                .expect("Runtime::run: cannot create the sysmon thread")
        };
        // A panicking root (its panic resumes here) still shuts down, joins
        // every M and destroys every G before the panic goes on.
        let output = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| wait_blocking(run.root())));
        run.handle().shutdown();
        let _ = sysmon.join();
        host.join_all();
        let done = run.finish();
        match output {
            Ok(output) => Report { output, trace: done.trace, live_gs: done.live_gs },
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Go: `sysmon` on its own OS thread, paced by [`Sysmon`].
pub fn sysmon_loop(h: &SchedHandle) {
    let mut sysmon = Sysmon::new();
    while !h.is_shutdown() {
        let nap = sysmon.tick(h);
        std::thread::sleep(Duration::from_nanos(nap));
    }
}

/// Block the calling OS thread (not an M) until the G finishes.
fn wait_blocking<T: Send + 'static>(h: &mut JoinHandle<T>) -> T {
    use std::task::{Context, Poll, Wake, Waker};
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(std::sync::Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = std::pin::Pin::new(&mut *h).poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}
