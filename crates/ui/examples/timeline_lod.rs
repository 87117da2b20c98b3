//! Benchmark of the Go-scheduler timeline's geometry on a simulated run of at least 1,000,000
//! events (many Gs on 8 Ps): how long building the timeline takes, and one frame's draw list
//! (every lane and counter) and hit test for the whole trace and for zoomed-in viewports. Prints
//! figures; it is not a test and never fails on a number.
//!
//!     cargo run --release -p interleave-ui --example timeline_lod [-- --events N --width PX]

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::{blocking_sleep, chan, go, work, yield_now};
use interleave_ui::go_scheduler::hit::{self, Row, Rows};
use interleave_ui::go_scheduler::lod;
use interleave_ui::go_scheduler::timeline::{MarkClass, Timeline};
use interleave_ui::go_scheduler::viewport::{Bounds, Viewport};
use std::time::{Duration, Instant};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The root spawns `gs` Gs (so the other Ps steal them): each works in short bursts and yields
/// between them; every 8th ping-pongs with a partner over a channel, every 64th makes a
/// blocking syscall (hand-offs).
async fn workload(gs: u64) {
    let mut handles = Vec::new();
    for i in 0..gs {
        handles.push(go(async move {
            for r in 0..4u64 {
                work(Duration::from_nanos(200 + 150 * ((i + r) % 7)));
                yield_now().await;
            }
            if i % 8 == 0 {
                let (tx, rx) = chan::<u64>(0);
                let echo = go(async move { rx.recv().await });
                tx.send(i).await;
                echo.await;
            }
            if i % 64 == 0 {
                blocking_sleep(Duration::from_micros(20)).await;
            }
        }));
        if i % 256 == 255 {
            yield_now().await;
        }
    }
    for h in handles {
        h.await;
    }
}

fn run(gs: u64) -> (interleave_scheduler::trace::Trace, Duration) {
    let t0 = Instant::now();
    let cfg = SimConfig { procs: 8, seed: 1, max_steps: u64::MAX, ..SimConfig::default() };
    let report = sim::run(cfg, workload(gs));
    (report.trace, t0.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let want = arg("--events", 1_000_000) as usize;
    let width = arg("--width", 1920) as f64;
    // Calibrate on a small run, then run once at the size that gives `want` events.
    let (small, _) = run(2_000);
    let mut gs = (2_000 * want / small.events.len().max(1)) as u64 + 100;
    let (trace, sim_time) = loop {
        let (t, el) = run(gs);
        if t.events.len() >= want {
            break (t, el);
        }
        gs = gs * want as u64 / t.events.len().max(1) as u64 + 1_000;
    };
    println!(
        "trace: {} events, {gs} Gs on {} Ps, {:.2} ms virtual; simulated in {:.0} ms",
        trace.events.len(),
        trace.procs,
        (trace.events.last().map_or(0, |e| e.ts) - trace.events.first().map_or(0, |e| e.ts)) as f64 / 1e6,
        ms(sim_time)
    );

    let mut builds = Vec::new();
    let mut tl = None;
    for _ in 0..3 {
        let t0 = Instant::now();
        let built = Timeline::build(&trace);
        builds.push(t0.elapsed());
        tl = Some(built);
    }
    let tl = tl.expect("built three times");
    builds.sort();
    let marks: usize = tl.lanes.iter().map(|l| MarkClass::ALL.iter().map(|&c| l.marks(c).len()).sum::<usize>()).sum();
    let points: usize = tl.counters.iter().map(|c| c.points.len()).sum();
    println!(
        "build: median {:.1} ms (best {:.1}) → {} lanes, {} slices, {marks} markers, {} counters with {points} points",
        ms(builds[1]),
        ms(builds[0]),
        tl.lanes.len(),
        tl.slice_count(),
        tl.counters.len()
    );

    let bounds = Bounds::new(tl.start, tl.end);
    let rows = Rows::of(&tl, 24.0, 32.0, 2.0);
    let mut r: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rand = move || {
        r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (r >> 11) as f64 / (1u64 << 53) as f64
    };
    for (name, zoom) in [("whole trace", 1.0), ("zoom 1/100", 100.0), ("zoom 1/10,000", 10_000.0)] {
        let frames = if zoom == 1.0 { 20 } else { 200 };
        let mut times = Vec::new();
        let mut hits = Vec::new();
        let (mut lane_times, mut counter_times) = (Vec::new(), Vec::new());
        let (mut prims, mut max_lane, mut merged) = (0usize, 0usize, 0usize);
        for _ in 0..frames {
            let span = bounds.span() / zoom;
            let t0 = bounds.start + rand() * (bounds.span() - span);
            let vp = Viewport { t0, t1: t0 + span, width }.clamped(bounds);
            let t = Instant::now();
            let frame = lod::frame(&tl, &vp);
            times.push(t.elapsed());
            // The same frame's two halves, timed apart.
            let t = Instant::now();
            std::hint::black_box(tl.lanes.iter().map(|l| lod::lane(l, &vp)).collect::<Vec<_>>());
            lane_times.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(tl.counters.iter().map(|c| lod::counter(c, &vp)).collect::<Vec<_>>());
            counter_times.push(t.elapsed());
            std::hint::black_box(&frame);
            prims = frame.lanes.iter().map(|l| l.spans.len() + l.marks.len()).sum::<usize>()
                + frame.counters.iter().map(Vec::len).sum::<usize>();
            max_lane = max_lane.max(frame.lanes.iter().map(|l| l.spans.len()).max().unwrap_or(0));
            merged = frame.lanes.iter().flat_map(|l| &l.spans).filter(|s| s.is_merged()).map(|s| s.count).sum();
            let (x, lane) = (rand() * width, (rand() * tl.lanes.len() as f64) as usize);
            let y = rows.top(Row::Lane(lane)) + rows.lane_h * 0.7;
            let t = Instant::now();
            std::hint::black_box(hit::hit(&tl, &vp, &rows, x, y));
            hits.push(t.elapsed());
        }
        times.sort();
        hits.sort();
        lane_times.sort();
        counter_times.sort();
        println!(
            "{name:>14} ({frames} frames, {width} px): frame median {:.3} ms, worst {:.3} ms \
             (lanes {:.3} ms, counters {:.3} ms); {prims} primitives (at most {max_lane} spans in a lane; {merged} slices merged); hit median {:.1} µs",
            ms(times[times.len() / 2]),
            ms(*times.last().expect("frames")),
            ms(lane_times[lane_times.len() / 2]),
            ms(counter_times[counter_times.len() / 2]),
            hits[hits.len() / 2].as_secs_f64() * 1e6,
        );
    }
}
