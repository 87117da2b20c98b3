//! The native host: one OS thread per M, a sysmon thread, an `Instant`
//! clock; and [`Runtime`], which runs a root G on it. Go: `mstart`'s loop is
//! the thread body, `sysmon` the sysmon thread.

use crate::g::JoinHandle;
use crate::host::{Host, Report};
use crate::park::{Parker, ThreadParker};
use crate::sched::{Config, MHandle, Sched, Step};
use crate::sync::{Arc, Mutex, lock};
use crate::trace::MId;
use std::future::Future;
use std::time::{Duration, Instant};

/// Native host: one OS thread per M, a sysmon thread, `Instant` clock.
pub struct NativeHost {
    start: Instant,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl NativeHost {
    pub fn new() -> Self {
        NativeHost { start: Instant::now(), threads: Mutex::new(Vec::new()) }
    }

    fn join_all(&self) {
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

    fn spawn_m(&self, mut m: MHandle) {
        let start = self.start;
        let t = std::thread::Builder::new()
            .name(format!("interleave-M{}", m.id()))
            .spawn(move || {
                loop {
                    match m.step() {
                        Step::Ran | Step::Syscall(_) => {}
                        Step::Park(deadline) => {
                            let timeout = deadline.map(|d| {
                                let now = start.elapsed().as_nanos() as u64;
                                Duration::from_nanos(d.saturating_sub(now).max(1))
                            });
                            m.parker().park(timeout);
                        }
                        Step::Exit => return,
                    }
                }
            })
            .expect("NativeHost::spawn_m: cannot create an OS thread");
        lock(&self.threads).push(t);
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
        let sched = Sched::new(self.cfg.clone(), host.clone());
        let root = sched.spawn(f);
        sched.start();
        let sysmon = {
            let sched = sched.clone();
            std::thread::Builder::new()
                .name("interleave-sysmon".into())
                .spawn(move || sysmon_loop(&sched))
                .expect("Runtime::run: cannot create the sysmon thread")
        };
        // A panicking root (its panic resumes here) still shuts down, joins
        // every M and destroys every G before the panic goes on.
        let output = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| wait_blocking(root)));
        sched.shutdown();
        let _ = sysmon.join();
        host.join_all();
        let trace = sched.finish();
        let live_gs = sched.live_gs();
        match output {
            Ok(output) => Report { output, trace, live_gs },
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Go: `sysmon`: wakes every 20 µs, backing off to 10 ms while nothing
/// happens, but never sleeping past the next timer; retakes Ps from Ms
/// blocked in syscalls and starts an M for overdue timers.
fn sysmon_loop(sched: &Arc<Sched>) {
    let mut delay = 20u64;
    let mut idle = 0u32;
    while !sched.is_shutdown() {
        let mut nap = delay;
        if let Some(t) = sched.next_timer() {
            let until = t.saturating_sub(sched.host.now()) / 1_000;
            nap = nap.min(until.max(20));
        }
        std::thread::sleep(Duration::from_micros(nap));
        if sched.sysmon() > 0 {
            idle = 0;
            delay = 20;
        } else {
            idle += 1;
            if idle > 50 {
                delay = (delay * 2).min(10_000);
            }
        }
    }
}

/// Block the calling OS thread (not an M) until the G finishes.
fn wait_blocking<T: Send + 'static>(mut h: JoinHandle<T>) -> T {
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
        if let Poll::Ready(v) = std::pin::Pin::new(&mut h).poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}
