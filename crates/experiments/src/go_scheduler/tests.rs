//! Native tests: the language's errors and bounds, the presets' pictures in the simulator,
//! deadlocks and run errors, determinism, native runs, links and parameters.

use super::interp::{End, Run, run_native, run_sim};
use super::link::{LinkError, MAX_ENCODED, decode, encode};
use super::presets::{PRESETS, Preset, find};
use super::program::{Program, StmtKind, limits, parse, parse_with, uses_n};
use super::*;
use crate::TypedParams;

fn err(src: &str) -> String {
    parse(src).expect_err("the program should be refused").to_string()
}

fn preset(id: &str) -> (&'static Preset, Program) {
    let p = find(id).expect("preset exists");
    (p, parse_with(p.source, p.n.into()).unwrap_or_else(|e| panic!("{id}: {e}")))
}

fn sim(id: &str) -> (Program, Run) {
    let (p, prog) = preset(id);
    let run = run_sim(&prog, p.procs as usize, 1);
    assert_eq!(run.end, End::Finished, "{id}");
    (prog, run)
}

fn chan<'a>(run: &'a Run, name: &str) -> &'a interp::ChanStats {
    run.channels.iter().find(|c| c.name == name).expect("channel exists")
}

// ---- the language ----

#[test]
fn the_doc_example_and_every_preset_parse() {
    let src = "ch := chan(0)\nvar wg WaitGroup\nfor i in 0..4 {\n    wg.add(1)\n    go {\n        work(200)\n        ch <- i\n        wg.done()\n    }\n}\ngo { for i in 0..4 { <-ch } }\nwg.wait()\n";
    let p = parse(src).unwrap();
    assert_eq!(p.go_bodies.len(), 2);
    assert_eq!(p.goroutines, 1 + 4 + 1);
    // The go body captures ch, wg and this iteration's i.
    assert_eq!(p.go_bodies[0].captures.len(), 3);
    let go = &p.stmts[p.go_bodies[0].stmt as usize];
    assert_eq!((go.what, go.span.line, go.span.column, go.span.end_line, go.span.end_column), ("go", 5, 5, 9, 6));
    for pr in PRESETS {
        let prog = parse_with(pr.source, pr.n.into()).unwrap_or_else(|e| panic!("{}: {e}", pr.id));
        assert!(prog.stmts.iter().all(|s| s.span.line >= 1 && !s.what.is_empty()), "{}", pr.id);
    }
    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    assert_eq!(ids, ["uniform", "unbalanced", "syscalls", "pipeline", "fan-out-fan-in", "sleepers", "never-yield", "yield-point"]);
}

#[test]
fn select_default_receive_bindings_and_expressions_parse() {
    let p = parse("a := chan(1); b := chan(0)\nselect {\ncase v := <-a: work(v * 2 + -1)\ncase b <- (3 - 1) * 2:\ndefault: yield()\n}").unwrap();
    let StmtKind::Select { cases, default } = &p.body.0[2].kind else { panic!("not a select") };
    assert_eq!((cases.len(), default.is_some()), (2, true));
}

#[test]
fn errors_point_at_line_and_column() {
    assert_eq!(err("work(10\n"), "1:8: expected ')' after work's argument, found the end of the line");
    assert_eq!(err("\n  x <- 1"), "2:3: unknown name 'x'; declare it first, e.g. x := chan(0)");
    assert_eq!(err("var wg WaitGroup\nwg <- 1"), "2:1: 'wg' is a WaitGroup, not a channel");
    assert_eq!(err("ch := chan(0)\nwork(ch)"), "2:6: 'ch' is a channel, not a number");
    assert_eq!(err("go work(1)"), "1:4: expected '{' after go: a goroutine is a block, as in go { work(100) }");
    assert_eq!(err("ch := chan(0)\nch := chan(1)"), "2:1: 'ch' is already declared in this block (line 1)");
    assert_eq!(err("work(1) @"), "1:9: unexpected character '@'");
    assert_eq!(err("}"), "1:1: '}' without a block to close");
    assert_eq!(err("go {\n work(1)\n"), "3:1: missing '}': a block is still open at the end of the program");
    assert_eq!(err("select {\n}"), "2:1: a select needs at least one case (one without cases would block forever)");
    assert_eq!(err("for i in 4..2 { }"), "1:10: the range 4..2 runs backwards");
    assert_eq!(err("work(1) work(2)"), "1:9: expected a new line or ';' after the statement, found 'work'");
    assert_eq!(err("case <-a: yield()"), "1:1: 'case' belongs inside a select { ... }");
    assert_eq!(err("go := chan(0)"), "1:4: expected '{' after go: a goroutine is a block, as in go { work(100) }");
    assert_eq!(err("x := chan(0)\nx.wait()"), "2:1: 'x' is a channel, not a WaitGroup");
    assert_eq!(err("var wg WaitGroup\nwg.close()"), "2:4: expected add, done or wait after 'wg.', found 'close'");
    // A loop variable is a number, and only inside its loop.
    assert_eq!(err("for i in 0..2 { }\nwork(i)"), "2:6: unknown name 'i'");
}

#[test]
fn every_bound_is_a_located_error() {
    assert_eq!(err("for i in 0..1000001 { }"), "1:10: a loop runs at most 1,000,000 times");
    // 999,999 goroutines and main: exactly the bound.
    assert!(parse("for i in 0..999999 { go { } }").is_ok());
    assert_eq!(
        err("for i in 0..1000 {\n  for j in 0..1000 {\n    go { }\n  }\n}"),
        "3:5: the program would start more than 1,000,000 goroutines (loops multiply the go statements in them)"
    );
    assert_eq!(
        err("for i in 0..1000000 {\n  for j in 0..5 { yield() }\n}"),
        "2:19: the program would run more than 4,000,000 statements in all (loops multiply the statements in them)"
    );
    let deep = format!("{}{}", "go {\n".repeat(17), "}\n".repeat(17));
    assert!(err(&deep).contains("nested too deeply (at most 16 levels"), "{}", err(&deep));
    let parens = format!("work({}1{})", "(".repeat(20), ")".repeat(20));
    assert!(err(&parens).starts_with("1:"), "{}", err(&parens));
    assert!(err(&"yield()\n".repeat(3000)).starts_with("1:1: the program is too long"));
    assert_eq!(err("c := chan(10001)"), "1:11: a channel's buffer holds at most 10000 values");
    assert_eq!(err("work(1000000000001)"), "1:6: the number is too large (at most 1000000000000)");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_parses_or_is_refused_with_a_location(src in "[ -~\n\t{}()<:=.\u{e9}\u{3b1}]{0,200}") {
        if let Err(e) = parse(&src) {
            proptest::prop_assert!(e.line >= 1 && e.column >= 1 && !e.message.is_empty());
        }
    }

    #[test]
    fn mutated_presets_parse_or_are_refused(
        which in 0..PRESETS.len(),
        edits in proptest::collection::vec((0usize..2000, 0u8..3, "[ -~\n]{1,6}"), 1..6),
    ) {
        let mut src: Vec<char> = PRESETS[which].source.chars().collect();
        for (at, op, text) in edits {
            let at = at % (src.len() + 1);
            match op {
                0 => { src.splice(at..at, text.chars()); }
                1 => { let end = (at + text.len()).min(src.len()); src.drain(at..end); }
                _ => { let end = (at + text.len()).min(src.len()); src.splice(at..end, text.chars()); }
            }
        }
        let src: String = src.into_iter().collect();
        if let Err(e) = parse_with(&src, PRESETS[which].n.into()) {
            proptest::prop_assert!(e.line >= 1 && e.column >= 1);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Mutated presets that still parse run to an end in the simulator: finished, failed
    /// with a located error, or deadlocked — never a panic, never a hang.
    #[test]
    fn mutated_presets_that_parse_run_to_an_end(
        which in 0..PRESETS.len(),
        at in 0usize..2000,
        text in "(yield\\(\\)|<-[a-z]+|work\\(1\\)|sleep\\(-1\\)|wg.done\\(\\)|x := chan\\(0\\)|go \\{ x <- 1 \\}|[0-9])\n",
        procs in 1usize..5,
        seed in 0u64..1000,
    ) {
        let mut src = PRESETS[which].source.to_string();
        let mut at = at % (src.len() + 1);
        while !src.is_char_boundary(at) { at -= 1; }
        src.insert_str(at, &text);
        // Small programs only: a run with a million queued Gs is a test of its own.
        if let Ok(prog) = parse_with(&src, PRESETS[which].n.into()).map(|p| (p.goroutines <= 2_000 && p.statements <= 50_000).then_some(p)) && let Some(prog) = prog {
            let run = run_sim(&prog, procs, seed);
            if let End::Failed(e) = &run.end {
                proptest::prop_assert!(e.line >= 1, "{e}");
            }
            let ended = run.marks.iter().filter(|m| m.stmt.is_none()).count() as u64;
            proptest::prop_assert_eq!(ended + run.left_gs, run.gs.len() as u64);
        }
    }
}

// ---- the presets' pictures (simulator) ----

#[test]
fn every_preset_finishes_and_every_g_ends() {
    for p in PRESETS {
        let (prog, run) = sim(p.id);
        assert_eq!(run.left_gs, 0, "{}", p.id);
        assert_eq!(run.gs.len() as u64, prog.goroutines, "{}: every go statement ran", p.id);
        let ended = run.marks.iter().filter(|m| m.stmt.is_none()).count();
        assert_eq!(ended, run.gs.len(), "{}", p.id);
        let s = run.trace.summary();
        // Program Gs plus the runtime's root and watchdog.
        assert_eq!(s.gs_created, prog.goroutines + 2, "{}", p.id);
        assert!(run.end_ns > 0 && run.end_ns <= s.duration_ns + run.trace.events[0].ts, "{}", p.id);
    }
}

#[test]
fn uniform_keeps_every_p_busy() {
    let (_, run) = sim("uniform");
    let s = run.trace.summary();
    assert!(s.procs.iter().all(|p| p.busy_ns >= 1_000_000), "{:?}", s.procs);
}

#[test]
fn unbalanced_is_evened_out_by_stealing() {
    let (_, run) = sim("unbalanced");
    let s = run.trace.summary();
    assert!(s.steals > 0, "{s:?}");
    assert!(s.procs.iter().filter(|p| p.gs_run > 0).count() == 4, "{:?}", s.procs);
}

#[test]
fn syscalls_hand_off_ps_and_grow_ms() {
    let (_, run) = sim("syscalls");
    let p = find("syscalls").unwrap();
    let s = run.trace.summary();
    assert!(s.handoffs > 0, "{s:?}");
    assert!(s.m_spawned > u64::from(p.procs), "Ms {} for {} Ps", s.m_spawned, p.procs);
    assert_eq!(s.syscalls, 8);
}

#[test]
fn pipeline_delivers_every_value_in_order() {
    let (_, run) = sim("pipeline");
    assert_eq!(chan(&run, "out").values, [1, 4, 9, 16, 25, 36, 49, 64]);
    assert_eq!(chan(&run, "nums").received, 8);
}

#[test]
fn fan_in_collects_every_result() {
    let (_, run) = sim("fan-out-fan-in");
    let r = chan(&run, "results");
    let mut got = r.values.clone();
    got.sort_unstable();
    assert_eq!(got, (0..16).collect::<Vec<i64>>());
    assert_eq!(chan(&run, "jobs").sent, 16);
    assert!(run.trace.summary().procs.iter().all(|p| p.gs_run > 0));
}

#[test]
fn sleepers_wake_in_deadline_order() {
    let (_, run) = sim("sleepers");
    assert_eq!(chan(&run, "woke").values, [5, 4, 3, 2, 1, 0]);
}

/// (the first mark of the G started by go body `k`, that G's end mark)
fn g_span(prog: &Program, run: &Run, k: usize) -> (u64, u64) {
    let go = prog.go_bodies[k].stmt;
    let g = run.gs.iter().find(|s| s.go_stmt == Some(go)).expect("the G ran").g;
    let first = run.marks.iter().find(|m| m.g == g).expect("a mark").ts;
    let end = run.marks.iter().find(|m| m.g == g && m.stmt.is_none()).expect("an end").ts;
    (first, end)
}

#[test]
fn a_g_that_never_yields_keeps_its_p_and_a_yield_point_lets_the_other_run() {
    let (_, prog) = preset("never-yield");
    let run = run_sim(&prog, 1, 1);
    let (ticker, spinner) = (g_span(&prog, &run, 0), g_span(&prog, &run, 1));
    assert!(ticker.0 >= spinner.1, "the ticker started at {} before the spinner ended at {}", ticker.0, spinner.1);
    assert!(spinner.1 - spinner.0 >= 2_000_000);

    let (_, prog) = preset("yield-point");
    let run = run_sim(&prog, 1, 1);
    let (ticker, spinner) = (g_span(&prog, &run, 0), g_span(&prog, &run, 1));
    assert!(ticker.1 < spinner.1, "with a yield point the ticker ends ({}) before the spinner ({})", ticker.1, spinner.1);
    assert!(run.trace.summary().yields >= 20);

    // With two Ps the never-yielding spinner no longer holds up the ticker.
    let (_, prog) = preset("never-yield");
    let run = run_sim(&prog, 2, 1);
    let (ticker, spinner) = (g_span(&prog, &run, 0), g_span(&prog, &run, 1));
    assert!(ticker.1 < spinner.1);
}

// ---- highlighting, ends, errors, determinism ----

#[test]
fn marks_say_which_statement_each_g_is_at() {
    let prog = parse("c := chan(0)\ngo {\n  sleep(100)\n  c <- 1\n}\n<-c\nwork(50)").unwrap();
    let run = run_sim(&prog, 2, 3);
    assert_eq!(run.end, End::Finished);
    let main = run.gs.iter().find(|s| s.go_stmt.is_none()).unwrap().g;
    assert_eq!(main, 3, "the root is G1 and the watchdog G2 (the module doc says so)");
    let child = run.gs.iter().find(|s| s.go_stmt == Some(1)).unwrap().g;
    let stmt_of = |g, what: &str| run.marks.iter().find(|m| m.g == g && m.stmt.is_some_and(|s| prog.stmts[s as usize].what == what)).unwrap().ts;
    // While the child sleeps, main is at `<-c` and the child at `sleep`.
    let t = stmt_of(child, "sleep") + 50_000;
    assert_eq!(run.stmt_at(main, t).map(|s| prog.stmts[s as usize].what), Some("recv"));
    assert_eq!(run.stmt_at(child, t).map(|s| prog.stmts[s as usize].span.line), Some(3));
    // After the end, no statement; before the start, none either.
    assert_eq!(run.stmt_at(child, u64::MAX), None);
    assert_eq!(run.stmt_at(child, 0), None);
    assert!(stmt_of(main, "work") >= stmt_of(child, "send"));
}

#[test]
fn a_deadlock_ends_the_run_and_says_where_each_g_waits() {
    let prog = parse("a := chan(0)\nb := chan(0)\ngo {\n  <-a\n  b <- 1\n}\n<-b\na <- 1").unwrap();
    for procs in [1, 3] {
        let run = run_sim(&prog, procs, 7);
        assert_eq!(run.end, End::Deadlock);
        assert_eq!(run.left_gs, 2);
        let mut at: Vec<u32> = run.blocked.iter().map(|&(_, s)| prog.stmts[s as usize].span.line).collect();
        at.sort_unstable();
        assert_eq!(at, [4, 7]);
    }
    let run = run_sim(&parse("var wg WaitGroup\nwg.add(1)\nwg.wait()").unwrap(), 2, 1);
    assert_eq!(run.end, End::Deadlock);
    // Main returning abandons the others, as in Go.
    let run = run_sim(&parse("c := chan(0)\ngo { <-c }\nwork(10)").unwrap(), 2, 1);
    assert_eq!((run.end, run.left_gs), (End::Finished, 1));
}

#[test]
fn run_errors_are_located_and_end_the_run() {
    let fail = |src: &str| match run_sim(&parse(src).unwrap(), 2, 1).end {
        End::Failed(e) => e.to_string(),
        other => panic!("{src}: {other:?}"),
    };
    assert_eq!(fail("work(1)\n  sleep(-5)"), "2:3: sleep(-5): the duration must be between 0 and 1000000 µs");
    assert_eq!(fail("var wg WaitGroup\ngo { wg.done() }\nsleep(100)"), "2:6: the WaitGroup's counter would go below zero (0 -1)");
    assert_eq!(fail("go {\n  work(1000000000000 * 1000000000000)\n}\nsleep(10)"), "2:3: arithmetic overflow");
    // Asked for at once by many goroutines, so the run fails at its start.
    assert!(fail("var wg WaitGroup\nfor i in 0..601 {\n  wg.add(1)\n  go { sleep(1000000); wg.done() }\n}\nwg.wait()").contains("more than 600 s"));
}

#[test]
fn the_same_seed_gives_the_same_run() {
    for p in PRESETS {
        let prog = parse_with(p.source, p.n.into()).unwrap();
        let (a, b) = (run_sim(&prog, 3, 42), run_sim(&prog, 3, 42));
        assert_eq!(a.trace.fingerprint(), b.trace.fingerprint(), "{}", p.id);
        assert_eq!((a.marks, a.channels), (b.marks, b.channels), "{}", p.id);
    }
}

#[test]
fn goroutines_capture_their_iteration_and_select_takes_ready_cases() {
    let prog = parse("c := chan(0)\nfor i in 0..5 { go { c <- i * 10 } }\nfor i in 0..5 { <-c }\nd := chan(1)\nselect {\ncase <-d: work(1)\ndefault: d <- 7\n}\nselect {\ncase v := <-d: c2 := chan(1); c2 <- v\ncase d <- 1: yield()\n}").unwrap();
    let run = run_sim(&prog, 2, 5);
    assert_eq!(run.end, End::Finished);
    let mut got = chan(&run, "c").values.clone();
    got.sort_unstable();
    assert_eq!(got, [0, 10, 20, 30, 40]);
    // The second select found d full: only its receive case was ready.
    assert_eq!(chan(&run, "c2").sent, 1);
    assert_eq!(chan(&run, "d").values, [7]);
}

#[test]
fn a_large_program_runs_within_its_bounds() {
    let prog = parse("var wg WaitGroup\nfor i in 0..20000 {\n  wg.add(1)\n  go { work(1); wg.done() }\n}\nwg.wait()").unwrap();
    let run = run_sim(&prog, 8, 1);
    assert_eq!((run.end, run.gs.len()), (End::Finished, 20_001));
}

// ---- natively ----

#[test]
fn presets_run_natively() {
    for id in ["pipeline", "fan-out-fan-in", "sleepers", "unbalanced"] {
        let (p, prog) = preset(id);
        let run = run_native(&prog, p.procs as usize);
        assert_eq!(run.end, End::Finished, "{id}");
        // No `left_gs == 0` here: when main returns, Gs that have not yet run their last
        // statement are abandoned, as in Go, and on real threads that depends on timing (CI saw
        // the pipeline's generator still runnable after its last send). The simulated tests pin it.
        assert_eq!(run.gs.len() as u64, prog.goroutines, "{id}");
    }
    let (_, run) = (0, run_native(&preset("pipeline").1, 2));
    assert_eq!(chan(&run, "out").values, [1, 4, 9, 16, 25, 36, 49, 64]);
    let run = run_native(&parse("c := chan(0)\ngo { c <- 1; c <- 2 }\n<-c").unwrap(), 2);
    assert_eq!(run.end, End::Finished);
    let run = run_native(&parse("c := chan(0)\n<-c").unwrap(), 2);
    assert_eq!(run.end, End::Deadlock);
}

// ---- links and parameters ----

#[test]
fn programs_travel_in_links() {
    for p in PRESETS {
        let text = encode(p.source).unwrap();
        assert!(text.len() < 600, "{}: {}", p.id, text.len());
        assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&text).unwrap(), p.source);
    }
    assert!(matches!(decode("***"), Err(LinkError::Damaged("not base64"))));
    assert!(matches!(decode("AAAA"), Err(LinkError::Damaged(_))));
    assert!(matches!(decode(&"A".repeat(MAX_ENCODED + 1)), Err(LinkError::TooLongForLink { .. })));
    assert!(matches!(encode(&"x".repeat(limits::MAX_SOURCE_BYTES + 1)), Err(LinkError::TooLong { .. })));
    // Text that does not compress does not fit.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: String = (0..limits::MAX_SOURCE_BYTES)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'!' + (x % 90) as u8)
        })
        .collect();
    assert!(matches!(encode(&noise), Err(LinkError::TooLongForLink { .. })));
    // A bomb: a small link that would inflate past the longest program.
    use base64::Engine as _;
    let bomb = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; 1 << 20], 9));
    assert!(bomb.len() <= MAX_ENCODED);
    assert!(matches!(decode(&bomb), Err(LinkError::Damaged(_))));
    assert!(LinkError::TooLongForLink { chars: 5000 }.to_string().contains("at most 4000"));
}

proptest::proptest! {
    #[test]
    fn any_link_text_decodes_or_is_refused(text in "[A-Za-z0-9_\\-]{0,300}", bytes in proptest::collection::vec(0u8..=255, 0..300)) {
        let _ = decode(&text);
        use base64::Engine as _;
        let _ = decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bytes, 1)));
    }
}

#[test]
fn parameters_have_sound_bounds_and_keys() {
    let p = GoSchedulerParams::default();
    assert_eq!(p.gomaxprocs, 4);
    assert_eq!(PRESETS.iter().map(|p| p.id).collect::<Vec<_>>(), presets::IDS);
    let mut v = p.to_values();
    v.insert(GOMAXPROCS.key.into(), crate::ParamValue::Int(65));
    let (q, errors) = GoSchedulerParams::from_values(&v);
    assert_eq!((q.gomaxprocs, errors[0].to_string()), (4, "GOMAXPROCS must be between 1 and 64 (got 65)".to_string()));
    let mut keys: Vec<&str> = SPEC.params.iter().map(|s| s.key).collect();
    keys.extend([PRESET.key, PROGRAM.key]);
    keys.extend(crate::share::keys::ALL);
    let n = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), n);
    assert!(SPEC.simulated && crate::CATALOG.iter().any(|s| s.id == ID));
}

#[test]
fn n_is_the_pages_number_wherever_a_number_may_stand() {
    let src = "var wg WaitGroup\nfor i in 0..N {\n  wg.add(1)\n  go { work(N); wg.done() }\n}\nwg.wait()";
    assert!(uses_n(src) && !uses_n("work(1) // N in a comment"));
    let p = parse_with(src, 1_000).unwrap();
    assert_eq!(p.goroutines, 1_001);
    // Without a value, N is an undeclared name; with one, it is not a name to declare.
    assert!(parse(src).unwrap_err().to_string().contains('N'), "{}", parse(src).unwrap_err());
    assert!(parse_with("N := chan(0)", 3).is_err());
    // The bounds see the number.
    assert!(parse_with("for i in 0..N { go { } }", 2_000_000).is_err());
    for p in PRESETS {
        let prog = parse_with(p.source, p.n.into()).unwrap();
        if uses_n(p.source) {
            let more = parse_with(p.source, i64::from(p.n) * 10).unwrap();
            assert!(more.statements > prog.statements, "{}: N changes the work", p.id);
            if p.id != "pipeline" {
                assert!(prog.goroutines > u64::from(p.n), "{}: N goroutines and main", p.id);
                assert!(more.goroutines > prog.goroutines, "{}: N sets how many goroutines start", p.id);
            }
        }
    }
}

// ---- stepped runs with progress ----

#[test]
fn a_run_with_progress_is_the_same_run() {
    for p in PRESETS {
        let prog = parse_with(p.source, p.n.into()).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        for (procs, seed) in [(p.procs as usize, 1), (3, 42)] {
            let want = run_sim(&prog, procs, seed);
            let mut heard = Vec::new();
            let got = interp::run_sim_with_progress(&prog, procs, seed, 5, |pr| {
                heard.push(pr);
                true
            })
            .expect("not stopped");
            assert_eq!(got.trace.fingerprint(), want.trace.fingerprint(), "{} procs {procs} seed {seed}", p.id);
            assert_eq!(got, want, "{} procs {procs} seed {seed}", p.id);
            assert!(!heard.is_empty(), "{}: no progress heard", p.id);
            assert!(heard.windows(2).all(|w| w[0].events <= w[1].events && w[0].virtual_ns <= w[1].virtual_ns), "{}", p.id);
        }
    }
}

#[test]
fn returning_false_stops_a_run() {
    let prog = preset("uniform").1;
    let mut calls = 0;
    let run = interp::run_sim_with_progress(&prog, 4, 1, 2, |_| {
        calls += 1;
        calls < 3
    });
    assert!(run.is_none());
    assert_eq!(calls, 3);
}
