//! The engine in a real browser: a dedicated worker of headless Chromium, with shared memory and a
//! rayon pool of Web Workers (see scripts/test-wasm.sh for how it is built and run).
#![cfg(target_arch = "wasm32")]

use interleave_engine::jobs::speedup::{MandelbrotJob, Poller};
use interleave_engine::runner::{Drive, Outcome, PoolJob};
use interleave_experiments::speedup::SpeedupParams;
use interleave_experiments::speedup::mandelbrot::reference_checksum;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn now() -> f64 {
    js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
}

/// One turn of this worker's event loop, so the pool's threads and timers get to run.
async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>();
        global.set_timeout_with_callback(&resolve).expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("a timer never fails");
}

#[wasm_bindgen_test]
async fn a_job_runs_on_two_pool_threads_and_reproduces_the_reference_image() {
    JsFuture::from(interleave_engine::init_thread_pool(2)).await.expect("thread pool starts");
    assert_eq!(rayon::current_num_threads(), 2);
    // Every pool thread answers: two distinct Web Workers share this memory.
    let mut who = rayon::broadcast(|ctx| ctx.index());
    who.sort();
    assert_eq!(who, vec![0, 1]);

    let params = SpeedupParams { size: 128, iterations: 128, serial_fraction: 0.25, threads: 2 };
    let job = MandelbrotJob::new(params);
    let mut poller = Poller::new(job.clone(), true);
    let driver = job.clone();
    rayon::spawn(move || {
        driver.drive(now);
    });
    // This thread never blocks: it polls between turns of its event loop, as the engine does.
    let mut rows = 0;
    let outcome = loop {
        let poll = poller.poll();
        rows += poll.rows.iter().map(|b| b.y_end - b.y_start).sum::<u32>();
        if let Some(outcome) = poll.outcome {
            break outcome;
        }
        next_turn().await;
    };
    assert_eq!(rows, params.size);
    match outcome {
        Outcome::Finished(r) => assert_eq!(r.checksum, reference_checksum(&params.image())),
        Outcome::Stopped => panic!("nobody stopped this job"),
    }
}
