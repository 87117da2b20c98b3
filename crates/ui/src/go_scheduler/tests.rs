//! The timeline's geometry against simulator runs. Properties run over seeded random viewports
//! (a fixed generator, so a failure names the viewport and repeats).

use super::hit::{self, Hit, Row, Rows};
use super::lod::{self, MERGE_BELOW_PX};
use super::palette::{self, COLOURS, g_colour};
use super::timeline::{CounterId, LaneId, MarkClass, QueueLens, SliceEnd, SliceKind, Timeline};
use super::viewport::{Bounds, MIN_SPAN_NS, NavKey, Viewport};
use interleave_scheduler::sim::SimConfig;
use interleave_scheduler::sim::snapshot::Snapshot;
use interleave_scheduler::sim::step::Sim;
use interleave_scheduler::trace::{Event, EventKind, Trace};
use interleave_scheduler::{WaitGroup, blocking_sleep, chan, go, sleep, work, yield_now};
use std::time::Duration;

/// Workers that ping-pong, spawn bursts past a ring's 256 slots (overflow to the global queue),
/// yield, sleep and block in syscalls (hand-offs): every kind of slice, marker and queue traffic.
async fn workload(workers: u64, rounds: u64) {
    let wg = WaitGroup::new();
    for w in 0..workers {
        wg.add(1);
        let wg = wg.clone();
        go(async move {
            let (tx, rx) = chan::<u64>(0);
            let (btx, brx) = chan::<u64>(0);
            let echo = go(async move {
                while let Some(v) = rx.recv().await {
                    btx.send(v + 1).await;
                }
            });
            for i in 0..rounds {
                tx.send(i).await;
                assert_eq!(brx.recv().await, Some(i + 1));
                if i == 1 && w == 0 {
                    for _ in 0..300 {
                        go(async { work(Duration::from_nanos(200)) });
                    }
                }
                if i % 3 == w % 3 {
                    go(async move { work(Duration::from_nanos(300 + 50 * w)) });
                }
                if i % 5 == 0 {
                    yield_now().await;
                }
                if i % 7 == 3 {
                    blocking_sleep(Duration::from_micros(30 + w)).await;
                }
                if i % 11 == 0 {
                    sleep(Duration::from_micros(3 + w)).await;
                }
                work(Duration::from_nanos(100 * (i % 4)));
            }
            tx.close();
            echo.await;
            wg.done();
        });
    }
    wg.wait().await;
}

fn sim_run(procs: usize, seed: u64, workers: u64, rounds: u64) -> (Vec<Event>, Trace) {
    let mut sim = Sim::new(SimConfig { procs, seed, ..SimConfig::default() }, workload(workers, rounds));
    sim.run_to_end();
    let log = sim.events().to_vec();
    let trace = sim.trace().expect("the run ended").clone();
    (log, trace)
}

fn runs() -> Vec<(Vec<Event>, Trace)> {
    vec![sim_run(4, 1, 6, 40), sim_run(2, 7, 4, 30), sim_run(8, 3, 12, 20), sim_run(1, 5, 3, 20)]
}

/// A fixed 64-bit generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Random viewports over the trace: any zoom from all of it down to a few ns per pixel
/// (log-uniform), any position, widths from a phone's to a wide screen's, some fractional.
fn viewports(tl: &Timeline, n: usize, seed: u64) -> Vec<Viewport> {
    let bounds = Bounds::new(tl.start, tl.end);
    let mut r = Rng(seed);
    (0..n)
        .map(|_| {
            let width = [1.0, 37.5, 320.0, 1280.0, 2560.0][(r.next() % 5) as usize];
            let span = bounds.span() * (MIN_SPAN_NS / bounds.span()).powf(r.unit());
            let t0 = bounds.start + r.unit() * (bounds.span() - span);
            Viewport { t0, t1: t0 + span, width }.clamped(bounds)
        })
        .collect()
}

#[test]
fn every_run_is_one_slice_on_its_p_and_m_lanes_and_slices_never_overlap() {
    for (_, trace) in runs() {
        let tl = Timeline::build(&trace);
        assert_eq!(tl.anomalies, 0);
        for lane in &tl.lanes {
            for w in lane.slices.windows(2) {
                assert!(w[0].end <= w[1].start, "{:?}: {:?} overlaps {:?}", lane.id, w[0], w[1]);
            }
            for s in &lane.slices {
                assert!(s.start <= s.end);
                match lane.id {
                    LaneId::P(p) => assert_eq!((s.p, s.kind), (p, SliceKind::Run)),
                    LaneId::M(m) => assert_eq!(s.m, m),
                }
            }
        }
        // Each GoStart, and the first event after it that stops its P, make one slice.
        let evs = &trace.events;
        let mut starts = 0;
        for (i, e) in evs.iter().enumerate() {
            let EventKind::GoStart { g, p, .. } = e.kind else { continue };
            starts += 1;
            let (end, by) = evs[i + 1..]
                .iter()
                .find_map(|x| match x.kind {
                    EventKind::GoEnd { p: q, .. } if q == p => Some((x.ts, SliceEnd::GoEnd)),
                    EventKind::GoStop { p: q, .. } if q == p => Some((x.ts, SliceEnd::GoStop)),
                    EventKind::GoBlock { p: q, reason, .. } if q == p => Some((x.ts, SliceEnd::GoBlock(reason))),
                    EventKind::GoSyscallBegin { p: q, .. } if q == p => Some((x.ts, SliceEnd::GoSyscallBegin)),
                    EventKind::ProcStop { p: q } if q == p => Some((x.ts, SliceEnd::ProcStop)),
                    _ => None,
                })
                .unwrap_or((trace.events.last().unwrap().ts, SliceEnd::TraceEnd));
            for id in [LaneId::P(p), LaneId::M(e.m)] {
                let lane = tl.lane(id).unwrap();
                let found = lane.slices.iter().filter(|s| s.kind == SliceKind::Run && s.start == e.ts && s.g == g);
                let found: Vec<_> = found.collect();
                assert_eq!(found.len(), 1, "GoStart G{g} P{p} at {} on {id:?}", e.ts);
                assert_eq!((found[0].end, found[0].ended_by, found[0].p, found[0].m), (end, by, p, e.m));
            }
        }
        let run_slices = |lane: LaneId| tl.lane(lane).unwrap().slices.iter().filter(|s| s.kind == SliceKind::Run).count();
        let on_ps: usize = (0..tl.procs).map(|p| run_slices(LaneId::P(p))).sum();
        let on_ms: usize = tl.lanes.iter().filter(|l| matches!(l.id, LaneId::M(_))).map(|l| run_slices(l.id)).sum();
        assert_eq!((on_ps, on_ms), (starts, starts));
        let syscalls = evs.iter().filter(|e| matches!(e.kind, EventKind::GoSyscallBegin { .. })).count();
        assert!(syscalls > 0, "the workload makes syscalls");
        assert_eq!(tl.slice_count(), 2 * starts + syscalls);
    }
}

#[test]
fn markers_are_on_their_lanes() {
    let (_, trace) = sim_run(2, 7, 4, 30);
    let tl = Timeline::build(&trace);
    let count = |f: fn(&EventKind) -> bool| trace.events.iter().filter(|e| f(&e.kind)).count();
    let on = |class: MarkClass, p_lanes: bool| -> usize {
        tl.lanes.iter().filter(|l| matches!(l.id, LaneId::P(_)) == p_lanes).map(|l| l.marks(class).len()).sum()
    };
    assert_eq!(on(MarkClass::Steal, true), count(|k| matches!(k, EventKind::ProcSteal { .. })));
    assert_eq!(on(MarkClass::Handoff, true), count(|k| matches!(k, EventKind::Handoff { .. })));
    assert_eq!(on(MarkClass::SyscallBegin, false), count(|k| matches!(k, EventKind::GoSyscallBegin { .. })));
    assert_eq!(on(MarkClass::SyscallEnd, false), count(|k| matches!(k, EventKind::GoSyscallEnd { .. })));
    assert_eq!(on(MarkClass::Park, false), count(|k| matches!(k, EventKind::MPark)));
    assert_eq!(on(MarkClass::Unpark, false), count(|k| matches!(k, EventKind::MUnpark { .. })));
    assert_eq!(on(MarkClass::Spawn, false), count(|k| matches!(k, EventKind::MSpawn { .. })));
    assert!(on(MarkClass::Steal, true) > 0 && on(MarkClass::Handoff, true) > 0, "the workload steals and hands off");
    for lane in &tl.lanes {
        for class in MarkClass::ALL {
            let ms = lane.marks(class);
            assert!(ms.windows(2).all(|w| w[0].ts <= w[1].ts));
            assert!(ms.iter().all(|m| m.kind.class() == class));
        }
    }
}

fn lens_of(s: &Snapshot) -> (Vec<i64>, i64) {
    let locals = s.procs.iter().map(|p| p.ring.len() as i64 + i64::from(p.runnext.is_some())).collect();
    (locals, s.global.len() as i64)
}

#[test]
fn queue_fold_equals_the_snapshot_fold_after_every_event() {
    for (log, trace) in runs() {
        let procs = trace.procs as usize;
        let mut lens = QueueLens::new(procs);
        let mut snap = Snapshot::new(procs);
        let mut overflowed = false;
        for (k, e) in log.iter().enumerate() {
            lens.apply(&e.kind);
            snap.apply(e);
            let (locals, global) = lens_of(&snap);
            let mine: Vec<i64> = (0..procs).map(|p| lens.local(p)).collect();
            assert_eq!((mine, lens.global), (locals, global), "after event {k}: {e:?}");
            assert_eq!(lens.runnable(), lens_of(&snap).0.iter().sum::<i64>() + global);
            overflowed |= matches!(e.kind, EventKind::RunqOverflow { .. });
            // What the scheduler itself measured when it started a G.
            if let EventKind::GoStart { p, local_len, global_len, .. } = e.kind {
                assert_eq!((lens.local(p as usize), lens.global), (i64::from(local_len), i64::from(global_len)), "event {k}");
            }
        }
        assert_eq!((lens.anomalies, snap.anomalies), (0, 0));
        assert!(overflowed || procs > 4, "the burst overflows a ring");
    }
}

#[test]
fn counters_never_go_negative_and_equal_the_snapshot_where_the_orders_agree() {
    for (log, trace) in runs() {
        let tl = Timeline::build(&trace);
        for c in &tl.counters {
            assert!(c.points.iter().all(|p| p.1 >= 0), "{:?} goes negative", c.id);
            assert!(c.points.windows(2).all(|w| w[0].0 < w[1].0), "{:?}: one point per time", c.id);
        }
        let runnable = tl.counter(CounterId::Runnable).unwrap();
        let global = tl.counter(CounterId::Global).unwrap();
        assert!(global.points.iter().any(|p| p.1 > 0), "the global queue is used");
        // The trace is the step log merged by time. Where every event before `k` in the log is
        // earlier than every event from `k` on, the trace up to that time holds the same events,
        // so the timeline's counters there equal the snapshot of the log's first `k` events.
        let mut suffix_min = vec![u64::MAX; log.len() + 1];
        for k in (0..log.len()).rev() {
            suffix_min[k] = suffix_min[k + 1].min(log[k].ts);
        }
        let mut snap = Snapshot::new(trace.procs as usize);
        let (mut prefix_max, mut checked) = (0u64, 0);
        for k in 1..=log.len() {
            snap.apply(&log[k - 1]);
            prefix_max = prefix_max.max(log[k - 1].ts);
            if prefix_max >= suffix_min[k] || k % 3 != 0 && k != log.len() {
                continue;
            }
            let t = prefix_max as f64;
            let (locals, g) = lens_of(&snap);
            for (p, want) in locals.iter().enumerate() {
                assert_eq!(tl.counter(CounterId::Local(p as u32)).unwrap().at(t), *want, "P{p} local after event {k}");
            }
            assert_eq!(global.at(t), g, "global after event {k}");
            assert_eq!(runnable.at(t), locals.iter().sum::<i64>() + g, "runnable after event {k}");
            checked += 1;
        }
        assert!(checked > log.len() / 20, "{checked} sampled steps of {}", log.len());
    }
}

#[test]
fn lod_draws_at_most_two_spans_per_column_and_covers_exactly_the_busy_time() {
    for (_, trace) in runs() {
        let tl = Timeline::build(&trace);
        let mut merged_seen = false;
        for vp in viewports(&tl, 300, 11) {
            let cols = vp.width.ceil() as usize + 1;
            let npp = vp.ns_per_px();
            for lane in &tl.lanes {
                let spans = lod::spans(lane, &vp);
                assert!(spans.len() <= 2 * cols, "{:?} {vp:?}: {} spans for {cols} columns", lane.id, spans.len());
                // The spans take the visible slices in order, each exactly once.
                let first = lane.first_ending_after(vp.t0);
                let end = lane.slices.partition_point(|s| (s.start as f64) < vp.t1);
                let mut next = first;
                let mut busy = 0.0;
                for p in &spans {
                    assert_eq!(p.first, next, "{vp:?}");
                    next += p.count;
                    busy += p.busy_ns;
                    assert!(p.x0 <= p.x1 && p.x0 >= 0.0 && p.x1 <= vp.width + 1e-9);
                    let members = &lane.slices[p.first..p.first + p.count];
                    if p.is_merged() {
                        merged_seen = true;
                        // Merged slices are each narrower than a pixel, start within one pixel
                        // column, and so leave no gap of a pixel or more inside the span.
                        for s in members {
                            let w = ((s.end as f64).min(vp.t1) - (s.start as f64).max(vp.t0)) / npp;
                            assert!(w < MERGE_BELOW_PX, "{vp:?}: a {w} px slice merged");
                        }
                        for w in members.windows(2) {
                            assert!(((w[1].start - w[0].end) as f64) < npp, "{vp:?}: a gap of a pixel merged");
                        }
                        let longest = members.iter().map(|s| s.duration()).max().unwrap();
                        let dominant = members.iter().find(|s| s.duration() == longest).unwrap().g;
                        assert_eq!(p.g, dominant);
                    } else {
                        assert_eq!(p.g, members[0].g);
                    }
                }
                assert_eq!(next, end, "{vp:?}: every visible slice drawn");
                let want: f64 = lane.slices[first..end]
                    .iter()
                    .map(|s| ((s.end as f64).min(vp.t1) - (s.start as f64).max(vp.t0)).max(0.0))
                    .sum();
                assert!((busy - want).abs() <= 1e-6 * want.max(1.0), "{vp:?}: busy {busy} drawn, {want} in the slices");
                // Markers: one glyph per kind and column at most, every visible marker counted.
                let marks = lod::lane(lane, &vp).marks;
                for class in MarkClass::ALL {
                    let of: Vec<_> = marks.iter().filter(|m| m.class == class).collect();
                    assert!(of.len() <= cols);
                    let ms = lane.marks(class);
                    let visible = ms.iter().filter(|m| (m.ts as f64) >= vp.t0 && (m.ts as f64) < vp.t1).count();
                    assert_eq!(of.iter().map(|m| m.count).sum::<usize>(), visible);
                }
            }
            for c in &tl.counters {
                let steps = lod::counter(c, &vp);
                assert!(steps.len() <= 2 * cols + 1, "{:?}: {} steps", c.id, steps.len());
                for s in &steps {
                    // The step's max is the counter's max over its pixels.
                    let (a, b) = (vp.t_of(s.x0), vp.t_of(s.x1));
                    let inside = c.points.iter().filter(|p| (p.0 as f64) >= a && (p.0 as f64) < b).map(|p| p.1);
                    let want = inside.chain([c.at(a - 1e-9)]).max().unwrap();
                    assert!(s.max == want || (s.x1 - s.x0) < 1.0 + 1e-6, "{:?} {vp:?} {s:?}: max {want}", c.id);
                }
            }
        }
        assert!(merged_seen, "some viewport merges");
    }
}

#[test]
fn lod_of_the_whole_trace_is_bounded_by_the_width_not_the_slices() {
    let (_, trace) = sim_run(4, 1, 8, 300);
    let tl = Timeline::build(&trace);
    let vp = Viewport::full(Bounds::new(tl.start, tl.end), 50.0);
    for lane in &tl.lanes {
        assert!(lod::spans(lane, &vp).len() <= 2 * 51);
    }
    let busiest = tl.lanes.iter().map(|l| l.slices.len()).max().unwrap();
    assert!(busiest > 1_000, "{busiest} slices");
}

#[test]
fn zoom_keeps_the_time_under_the_pointer() {
    let bounds = Bounds::new(1_000, 10_001_000);
    let mut r = Rng(3);
    let mut unclamped = 0;
    for _ in 0..2_000 {
        let width = 100.0 + r.unit() * 2_000.0;
        let span = bounds.span() * (MIN_SPAN_NS / bounds.span()).powf(r.unit());
        let t0 = bounds.start + r.unit() * (bounds.span() - span);
        let vp = Viewport { t0, t1: t0 + span, width }.clamped(bounds);
        let x = r.unit() * width;
        let factor = (r.unit() * 4.0 - 2.0).exp();
        for z in [vp.zoom(factor, x, bounds), vp.wheel((r.unit() - 0.5) * 400.0, x, bounds), vp.pinch(100.0, 100.0 * factor, x, bounds)] {
            assert!(z.t0 >= bounds.start && z.t1 <= bounds.end + 1e-6 && z.span() >= MIN_SPAN_NS - 1e-9, "{z:?}");
            // Unless the window had to be clamped, the time under x stays under x.
            let free = z.t0 > bounds.start && z.t1 < bounds.end && z.span() > MIN_SPAN_NS && z.span() < bounds.span();
            if free {
                unclamped += 1;
                let (before, after) = (vp.t_of(x), z.t_of(x));
                assert!((before - after).abs() <= 1e-6 * bounds.span(), "{vp:?} → {z:?}: {before} → {after}");
            }
        }
        let w = vp.key(NavKey::ZoomIn, Some(x), bounds);
        if w.t0 > bounds.start && w.t1 < bounds.end && w.span() > MIN_SPAN_NS {
            assert!((w.t_of(x) - vp.t_of(x)).abs() <= 1e-6 * bounds.span());
            assert!(w.span() < vp.span());
        }
        assert!(vp.key(NavKey::ZoomOut, None, bounds).span() >= vp.span());
    }
    assert!(unclamped > 1_000);
}

#[test]
fn pan_moves_by_pixels_and_clamps_to_the_trace() {
    let bounds = Bounds::new(0, 1_000_000);
    let vp = Viewport { t0: 400_000.0, t1: 500_000.0, width: 1_000.0 };
    // Dragging right by 10 px shows 10 px (1,000 ns) earlier.
    let p = vp.pan_px(10.0, bounds);
    assert_eq!((p.t0, p.t1), (399_000.0, 499_000.0));
    assert_eq!(vp.key(NavKey::Right, None, bounds).t0, 410_000.0);
    assert_eq!(vp.key(NavKey::Left, None, bounds).t0, 390_000.0);
    // Far past either end: stopped at the end, span kept.
    let left = vp.pan_px(1e9, bounds);
    assert_eq!((left.t0, left.t1), (0.0, 100_000.0));
    let right = vp.pan_px(-1e9, bounds);
    assert_eq!((right.t0, right.t1), (900_000.0, 1_000_000.0));
    // Zooming out past the whole trace shows the whole trace; in past the minimum stops there.
    let all = vp.zoom(1e-9, 500.0, bounds);
    assert_eq!((all.t0, all.t1), (0.0, 1_000_000.0));
    assert!((vp.zoom(1e9, 500.0, bounds).span() - MIN_SPAN_NS).abs() < 1e-9);
    assert_eq!(vp.zoom(f64::NAN, 500.0, bounds), vp);
    assert_eq!(NavKey::from_key("W"), Some(NavKey::ZoomIn));
    assert_eq!(NavKey::from_key("d"), Some(NavKey::Right));
    assert_eq!(NavKey::from_key("x"), None);
}

#[test]
fn hit_finds_the_span_drawn_at_the_pixel() {
    let (_, trace) = sim_run(4, 1, 6, 40);
    let tl = Timeline::build(&trace);
    let rows = Rows::of(&tl, 20.0, 30.0, 2.0);
    let mut checked = (0, 0);
    for vp in viewports(&tl, 150, 5) {
        let frame = lod::frame(&tl, &vp);
        for (li, draw) in frame.lanes.iter().enumerate() {
            let lane = &tl.lanes[li];
            let y = rows.top(Row::Lane(li)) + rows.lane_h * 0.8;
            for p in &draw.spans {
                let x = ((p.x0 + p.x1.max(p.x0 + hit::MIN_DRAW_PX)) / 2.0).min(vp.width - 1e-6);
                // What is on top at x: the last span drawn there.
                let top = draw.spans.iter().rev().find(|q| x >= q.x0 && x < q.x1.max(q.x0 + hit::MIN_DRAW_PX)).unwrap();
                let got = hit::hit(&tl, &vp, &rows, x, y);
                let want = if top.is_merged() {
                    checked.1 += 1;
                    let last = &lane.slices[top.first + top.count - 1];
                    Hit::Merged {
                        lane: lane.id,
                        start: lane.slices[top.first].start,
                        end: last.end,
                        count: top.count,
                        busy_ns: top.busy_ns,
                        dominant: top.g,
                    }
                } else {
                    checked.0 += 1;
                    Hit::Slice { lane: lane.id, slice: lane.slices[top.first] }
                };
                assert_eq!(got, Some(want), "{vp:?} x {x} lane {:?}", lane.id);
            }
            // Markers in the top band: a glyph is hit at its x.
            let y = rows.top(Row::Lane(li)) + 1.0;
            for m in &draw.marks {
                if m.x >= vp.width {
                    continue;
                }
                match hit::hit(&tl, &vp, &rows, m.x, y) {
                    Some(Hit::Mark { lane: l, marker, count }) => {
                        assert_eq!(l, lane.id);
                        let glyph = draw.marks.iter().find(|g| g.class == marker.kind.class() && lane.marks(g.class)[g.first] == marker).unwrap();
                        assert_eq!((glyph.x, glyph.count), (m.x, count));
                    }
                    other => panic!("{vp:?}: marker at {} hit {other:?}", m.x),
                }
            }
        }
    }
    assert!(checked.0 > 100 && checked.1 > 100, "{checked:?}");
    // Counter rows answer the value at the pointer; gaps and the outside hit nothing.
    let vp = Viewport::full(Bounds::new(tl.start, tl.end), 500.0);
    let t = vp.t_of(250.0);
    let Some(Hit::Counter { id: CounterId::Runnable, value, .. }) = hit::hit(&tl, &vp, &rows, 250.0, 1.0) else { panic!() };
    assert_eq!(value, tl.counter(CounterId::Runnable).unwrap().at(t));
    assert_eq!(hit::hit(&tl, &vp, &rows, 250.0, rows.counter_h + 1.0), None);
    assert_eq!(hit::hit(&tl, &vp, &rows, -1.0, 1.0), None);
    assert_eq!(hit::hit(&tl, &vp, &rows, 250.0, rows.height() + 1.0), None);
}

#[test]
fn palette_is_stable_and_neighbours_differ() {
    let dist = |a: palette::Rgb, b: palette::Rgb| {
        let d = |x: u8, y: u8| (f64::from(x) - f64::from(y)).powi(2);
        (d(a.r, b.r) + d(a.g, b.g) + d(a.b, b.b)).sqrt()
    };
    for g in 1..5_000u64 {
        assert_eq!(g_colour(g), g_colour(g));
        for d in 1..7 {
            assert!(dist(g_colour(g), g_colour(g + d)) > 40.0, "G{g} and G{}", g + d);
        }
        assert_ne!(g_colour(g), g_colour(g + 7));
    }
    let mut all: Vec<_> = (1..=COLOURS).map(g_colour).collect();
    all.sort_by_key(|c| (c.r, c.g, c.b));
    all.dedup();
    assert_eq!(all.len() as u64, COLOURS);
    assert_eq!(g_colour(1 + COLOURS), g_colour(1));
    assert_eq!(g_colour(0), palette::NO_G);
    assert_eq!(palette::OKABE_ITO[0].hex(), "#e69f00");
    assert_eq!(palette::Rgb::new(0xF0, 0xE4, 0x42).ink(), palette::Rgb::new(0, 0, 0));
    assert_eq!(palette::Rgb::new(0x00, 0x72, 0xB2).ink(), palette::Rgb::new(255, 255, 255));
}

#[test]
fn gallop_and_the_range_maximum_agree_with_a_scan() {
    use super::timeline::MaxTree;
    let mut r = Rng(9);
    for n in [0usize, 1, 2, 3, 63, 64, 65, 511, 512, 513, 2_000] {
        let keys: Vec<u64> = (0..n).map(|_| r.next() % 50).collect();
        let tree = MaxTree::build(&keys);
        for _ in 0..200 {
            let (a, b) = ((r.next() % (n as u64 + 1)) as usize, (r.next() % (n as u64 + 1)) as usize);
            let (lo, hi) = (a.min(b), a.max(b));
            let want = (lo..hi).reduce(|m, i| if keys[i] > keys[m] { i } else { m });
            assert_eq!(tree.argmax(&keys, lo, hi), want, "n {n} range {lo}..{hi}");
        }
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        for cut in 0..52 {
            assert_eq!(lod::gallop(&sorted, |&k| k < cut), sorted.partition_point(|&k| k < cut));
        }
    }
}
