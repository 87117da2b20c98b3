use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use interleave_protocol::{Envelope, Event, Job, JobId, Request};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use super::EngineStatus;

/// How long the engine may take to load its module and start its pool before we call it failed.
const START_TIMEOUT_MS: u32 = 20_000;

/// How long a job waits for the page's next paint before it is sent anyway (a hidden tab runs no
/// animation frames).
const PAINT_FALLBACK_MS: u32 = 200;

/// Receives the events of one job.
pub type JobListener = Callback<Event>;

/// A cheap, clonable handle to the engine worker.
#[derive(Clone)]
pub struct EngineHandle(Rc<Inner>);

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Inner {
    threads: u32,
    on_status: Callback<EngineStatus>,
    status: RefCell<EngineStatus>,
    live: RefCell<Option<Live>>,
    listener: RefCell<Option<(JobId, JobListener)>>,
    next_id: Cell<u32>,
    /// Requests held back until the page has painted (see [`EngineHandle::run`]); `None` when
    /// requests go straight to the worker.
    outbox: RefCell<Option<Vec<Request>>>,
}

/// The running worker and the closures that must live as long as it does.
struct Live {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    _start_timeout: Timeout,
}

impl EngineHandle {
    /// A handle with no worker yet, in `status` (`NotStarted`, or `Unavailable` where the browser
    /// cannot run it); `on_status` hears every later change.
    pub fn new(threads: u32, status: EngineStatus, on_status: Callback<EngineStatus>) -> Self {
        EngineHandle(Rc::new(Inner {
            threads,
            on_status,
            status: RefCell::new(status),
            live: RefCell::new(None),
            listener: RefCell::new(None),
            next_id: Cell::new(1),
            outbox: RefCell::new(None),
        }))
    }

    pub fn status(&self) -> EngineStatus {
        self.0.status.borrow().clone()
    }

    /// Starts the worker if nothing has started it yet. Pages that run engine jobs call it when
    /// they open, so a visitor who only reads the catalog never downloads the engine (the
    /// first-load budget in README's benchmarks). An engine that is unavailable, failed or
    /// crashed is left as it is: those have their own notices and Restart.
    pub fn ensure_started(&self) {
        if matches!(self.status(), EngineStatus::NotStarted) {
            self.start();
        }
    }

    /// Starts the worker (terminating any previous one).
    pub fn start(&self) {
        self.terminate();
        self.0.set_status(EngineStatus::Starting);
        match self.spawn() {
            Ok(live) => *self.0.live.borrow_mut() = Some(live),
            Err(e) => self.0.set_status(EngineStatus::Failed(e)),
        }
    }

    /// Terminates the worker and starts a new one; any running job is reported stopped.
    pub fn restart(&self) {
        if let Some((id, listener)) = self.0.listener.borrow_mut().take() {
            listener.emit(Event::Stopped { id });
        }
        self.start();
    }

    /// Starts a job; its events go to `listener` until it ends.
    ///
    /// The job is sent to the worker only after the page has painted the frame that the click
    /// started (two animation frames later, or after [`PAINT_FALLBACK_MS`] in a hidden tab): that
    /// redraw runs on the main thread, and on a two-core machine it would otherwise share the
    /// cores with the first milliseconds of the measured run (it cost the two-thread speedup about
    /// 10 %). A `stop` that arrives meanwhile is held and sent after the run, in order.
    pub fn run(&self, job: Job, listener: JobListener) -> Result<JobId, String> {
        if !self.status().is_ready() {
            return Err(format!("the engine is {}", self.status()));
        }
        if self.0.listener.borrow().is_some() {
            return Err("another job is still running".into());
        }
        if self.0.live.borrow().is_none() {
            return Err("the engine is not running".into());
        }
        let id = JobId(self.0.next_id.get());
        self.0.next_id.set(id.0 + 1);
        *self.0.listener.borrow_mut() = Some((id, listener));
        self.0.outbox.borrow_mut().get_or_insert_with(Vec::new).push(Request::Run { id, job });
        after_next_paint(Rc::downgrade(&self.0));
        Ok(id)
    }

    /// Asks a job to stop; its listener hears `Stopped` (or `Finished`, if it won the race).
    pub fn stop(&self, id: JobId) {
        if let Some(held) = self.0.outbox.borrow_mut().as_mut() {
            held.push(Request::Stop { id });
            return;
        }
        let _ = self.0.post(Request::Stop { id });
    }

    /// Stops whatever job is running; a page that is going away calls it, so its job does not
    /// hold the engine for the next page.
    pub fn stop_current(&self) {
        let id = self.0.listener.borrow().as_ref().map(|(id, _)| *id);
        if let Some(id) = id {
            self.stop(id);
        }
    }

    fn terminate(&self) {
        *self.0.outbox.borrow_mut() = None;
        if let Some(live) = self.0.live.borrow_mut().take() {
            live.worker.terminate();
        }
    }

    fn spawn(&self) -> Result<Live, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let url = format!("./engine-worker.js?threads={}", self.0.threads);
        let worker = Worker::new_with_options(&url, &options).map_err(|e| describe(&e))?;

        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(inner) = weak.upgrade() {
                inner.receive(e.data());
            }
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            if let Some(inner) = weak.upgrade() {
                let what = if e.message().is_empty() { "the worker script failed to load".into() } else { e.message() };
                inner.fail(what);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        let weak = Rc::downgrade(&self.0);
        let start_timeout = Timeout::new(START_TIMEOUT_MS, move || {
            if let Some(inner) = weak.upgrade()
                && *inner.status.borrow() == EngineStatus::Starting
            {
                inner.fail(format!("the engine did not start within {} s", START_TIMEOUT_MS / 1000));
            }
        });
        Ok(Live { worker, _on_message: on_message, _on_error: on_error, _start_timeout: start_timeout })
    }
}

impl Inner {
    fn post(&self, request: Request) -> Result<(), String> {
        let live = self.live.borrow();
        let live = live.as_ref().ok_or("the engine is not running")?;
        let value = serde_wasm_bindgen::to_value(&Envelope::new(request)).map_err(|e| e.to_string())?;
        live.worker.post_message(&value).map_err(|e| format!("{e:?}"))
    }


    /// Sends the requests held back by [`EngineHandle::run`]; a request that cannot be sent fails
    /// its job. Runs once per hold: the paint and the fallback timer race, the first one sends.
    fn flush(&self) {
        let Some(held) = self.outbox.borrow_mut().take() else { return };
        for request in held {
            let id = match &request {
                Request::Run { id, .. } | Request::Stop { id } => *id,
            };
            if let Err(why) = self.post(request) {
                self.deliver(id, Event::Failed { id, message: format!("could not send the job to the engine: {why}") }, true);
            }
        }
    }

    fn set_status(&self, status: EngineStatus) {
        *self.status.borrow_mut() = status.clone();
        self.on_status.emit(status);
    }

    fn fail(&self, why: String) {
        // A panic's own report (Event::Crashed) says more than the trap it causes; keep it.
        if matches!(*self.status.borrow(), EngineStatus::Crashed(_)) {
            return;
        }
        let crashed = self.status.borrow().is_ready();
        self.end_job_on_failure(&why);
        self.set_status(if crashed { EngineStatus::Crashed(why) } else { EngineStatus::Failed(why) });
    }

    fn end_job_on_failure(&self, why: &str) {
        if let Some((id, listener)) = self.listener.borrow_mut().take() {
            listener.emit(Event::Failed { id, message: format!("the engine stopped: {why}") });
        }
    }

    fn receive(&self, data: JsValue) {
        let event = match serde_wasm_bindgen::from_value::<Envelope<Event>>(data)
            .map_err(|e| format!("unreadable message from the engine: {e}"))
            .and_then(|env| env.open().map_err(|e| e.to_string()))
        {
            Ok(event) => event,
            Err(why) => return self.fail(why),
        };
        match event {
            Event::Ready { threads, engine_version } => {
                self.set_status(EngineStatus::Ready { threads, version: engine_version })
            }
            Event::StartFailed { reason } => self.set_status(EngineStatus::Failed(reason)),
            Event::Crashed { message } => {
                self.end_job_on_failure(&format!("a panic: {message}"));
                // Replaces a bare trap message the error event may have delivered first.
                self.set_status(EngineStatus::Crashed(message));
            }
            Event::Progress { id, .. } => self.deliver(id, event, false),
            Event::Finished { id, .. } | Event::Stopped { id } | Event::Failed { id, .. } => {
                self.deliver(id, event, true)
            }
        }
    }

    fn deliver(&self, id: JobId, event: Event, last: bool) {
        let listener = {
            let mut slot = self.listener.borrow_mut();
            match slot.as_ref() {
                Some((current, l)) if *current == id => {
                    let l = l.clone();
                    if last {
                        *slot = None;
                    }
                    Some(l)
                }
                _ => None,
            }
        };
        if let Some(l) = listener {
            l.emit(event);
        }
    }
}

/// Calls [`Inner::flush`] once the page has painted its next frame: the first animation-frame
/// callback runs before that paint, the second after it. A timer stands in when no frames come.
fn after_next_paint(inner: std::rc::Weak<Inner>) {
    let flush = {
        let inner = inner.clone();
        move || {
            if let Some(inner) = inner.upgrade() {
                inner.flush();
            }
        }
    };
    Timeout::new(PAINT_FALLBACK_MS, flush.clone()).forget();
    let Some(window) = web_sys::window() else { return flush() };
    let second = Closure::once_into_js(flush);
    let first = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(second.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(first.unchecked_ref());
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{e:?}"))
}
