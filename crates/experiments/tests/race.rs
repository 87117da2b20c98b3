//! The Race experiment's model: step mode, its explanations, the search, replays and the
//! simulated run.

use interleave_experiments::race::{
    Effect, LostUpdate, MAX_SCHEDULE_LEN, MAX_SEARCH_STATES, Machine, Op, Race, ReplayError, Schedule,
    ScheduleError, Search, Simulation, StepError, Variant, find_losing, search, simulate,
};
use proptest::prelude::*;

fn race(threads: u32, increments: u32, variant: Variant) -> Race {
    Race::new(threads, increments, variant).unwrap()
}

fn replay(r: Race, text: &str) -> Machine {
    Machine::replay(r, &Schedule::decode(text).unwrap()).unwrap()
}

/// Every complete schedule of `r` (depth-first over the machine), with at most `max_spins`
/// spins in total so that spinlock schedules are finitely many.
fn every_schedule(r: Race, max_spins: usize) -> Vec<Machine> {
    fn go(m: &mut Machine, max_spins: usize, out: &mut Vec<Machine>) {
        if m.is_finished() {
            out.push(m.clone());
            return;
        }
        let runnable = m.runnable();
        assert!(!runnable.is_empty(), "stuck: {:?}", m.schedule());
        for t in runnable {
            let e = m.step(t).unwrap();
            if m.spins() <= max_spins {
                go(m, max_spins, out);
            }
            assert_eq!(m.undo(), Some(e));
        }
    }
    let mut out = Vec::new();
    go(&mut Machine::new(r).unwrap(), max_spins, &mut out);
    out
}

#[test]
fn the_classic_interleaving_of_two_increments_loses_one() {
    let r = race(2, 1, Variant::Plain);
    // L0 L1 A0 A1 S0 S1
    let m = replay(r, "010101");
    let ops: Vec<(usize, Op)> = m.events().iter().map(|e| (e.thread, e.op)).collect();
    use Op::*;
    assert_eq!(ops, [(0, Load), (1, Load), (0, Add), (1, Add), (0, Store), (1, Store)]);
    assert_eq!(m.events()[5].effect, Effect::Stored { value: 1, was: 1 });
    assert_eq!((m.final_count(), m.expected(), m.lost()), (Some(1), 2, 1));
    let lost = LostUpdate { victim_store: 4, overwritten_by: 5, load_at: 1 };
    assert_eq!(m.lost_updates().collect::<Vec<_>>(), [lost]);
    assert_eq!(m.events()[5].lost, Some(lost));
    assert!(m.events()[..5].iter().all(|e| e.lost.is_none()));
    // One after the other, nothing is lost.
    let m = replay(r, "000111");
    assert_eq!((m.final_count(), m.lost(), m.lost_updates().count()), (Some(2), 0, 0));
}

#[test]
fn find_losing_returns_a_shortest_explained_schedule() {
    let found = find_losing(race(2, 1, Variant::Plain)).expect("plain loses");
    assert_eq!((found.schedule.len(), found.prefix, found.final_count), (6, 6, 1));
    assert_eq!(found.lost.len(), 1);
    let m = Machine::replay(race(2, 1, Variant::Plain), &found.schedule).unwrap();
    assert_eq!((m.final_count(), m.lost_updates().collect::<Vec<_>>()), (Some(1), found.lost.clone()));
    let l = found.lost[0];
    assert!(l.load_at < l.victim_store && l.victim_store < l.overwritten_by);
    assert_ne!(m.events()[l.load_at].thread, m.events()[l.victim_store].thread);
    assert_eq!(m.events()[l.load_at].thread, m.events()[l.overwritten_by].thread);

    // Bigger races: the first loss still takes six steps, and the rest runs one thread at a time.
    for (n, k) in [(3, 2), (8, 4)] {
        let r = race(n, k, Variant::Plain);
        let found = find_losing(r).expect("plain loses");
        assert_eq!(found.prefix, 6);
        assert_eq!(found.schedule.len() as u32, 3 * r.expected());
        assert_eq!((found.final_count, found.lost.len()), (r.expected() - 1, 1));
    }
}

#[test]
fn of_the_twenty_interleavings_of_two_plain_increments_eighteen_lose() {
    let all = every_schedule(race(2, 1, Variant::Plain), 0);
    assert_eq!(all.len(), 20);
    let losing: Vec<&Machine> = all.iter().filter(|m| m.final_count() == Some(1)).collect();
    assert_eq!(losing.len(), 18);
    assert!(losing.iter().all(|m| m.lost_updates().count() == 1 && m.lost() == 1));
    assert!(all.iter().all(|m| m.final_count() == Some(1) || m.final_count() == Some(2)));
}

/// Exhaustive over every schedule of these sizes (spinlock: every schedule with at most two
/// spins; the state-space proof in `state.rs` covers the rest).
#[test]
fn atomic_mutex_and_spinlock_never_lose() {
    for (n, k) in [(2, 2), (3, 1)] {
        for (variant, schedules) in [(Variant::Atomic, 6), (Variant::Mutex, 0), (Variant::SpinLock, 0)] {
            let r = race(n, k, variant);
            let all = every_schedule(r, 2);
            if schedules > 0 {
                assert_eq!(all.len(), schedules, "{variant:?} {n}×{k}");
            }
            assert!(all.len() > 1, "{variant:?}");
            for m in &all {
                assert_eq!(m.final_count(), Some(r.expected()), "{variant:?}: {}", m.schedule());
                assert_eq!(m.lost_updates().count(), 0);
            }
            assert!(matches!(search(r, MAX_SEARCH_STATES), Ok(Search::NeverLoses { .. })), "{variant:?}");
            assert_eq!(find_losing(r), None);
        }
    }
    assert!(matches!(search(race(2, 2, Variant::Plain), 2), Ok(Search::GaveUp { states: 2 })));
}

#[test]
fn a_thread_waiting_for_a_held_mutex_is_parked_and_cannot_step() {
    let mut m = Machine::new(race(2, 1, Variant::Mutex)).unwrap();
    assert_eq!(m.step(0).unwrap().effect, Effect::Acquired);
    assert_eq!(m.step(1).unwrap().effect, Effect::Parked);
    assert_eq!(m.step(1), Err(StepError::Parked { thread: 1 }));
    assert_eq!(m.runnable(), [0]);
    let t1 = m.thread(1).unwrap();
    assert!(t1.parked && !t1.runnable && t1.next == Some(Op::Lock));
    assert!(m.thread(0).unwrap().holds_lock);
    for op in [Op::Load, Op::Add, Op::Store] {
        assert_eq!(m.step(0).unwrap().op, op);
        assert_eq!(m.step(1), Err(StepError::Parked { thread: 1 }));
    }
    assert_eq!(m.step(0).unwrap().effect, Effect::Released { woke: Some(1) });
    assert_eq!(m.runnable(), [1]);
    assert_eq!(m.step(1).unwrap().effect, Effect::Acquired);
    assert_eq!(m.parks(), 1);
}

#[test]
fn spinning_spends_steps_and_they_are_counted() {
    let mut m = Machine::new(race(2, 1, Variant::SpinLock)).unwrap();
    assert_eq!(m.step(0).unwrap().effect, Effect::Acquired);
    for _ in 0..3 {
        let e = m.step(1).unwrap();
        assert_eq!((e.op, e.effect), (Op::TryLock, Effect::Spun));
        assert!(m.can_step(1), "a spinning thread stays runnable");
    }
    assert_eq!(m.spins(), 3);
    while let Some(&t) = m.runnable().first() {
        m.step(t).unwrap();
    }
    assert_eq!((m.final_count(), m.spins(), m.schedule().len()), (Some(2), 3, 13));
}

#[test]
fn refused_steps_say_why_and_change_nothing() {
    let mut m = Machine::new(race(2, 1, Variant::Atomic)).unwrap();
    assert_eq!(m.step(2), Err(StepError::NoSuchThread { thread: 2, threads: 2 }));
    assert_eq!(m.step(usize::MAX), Err(StepError::NoSuchThread { thread: usize::MAX, threads: 2 }));
    m.step(0).unwrap();
    let before = m.clone();
    assert_eq!(m.step(0), Err(StepError::Finished { thread: 0 }));
    assert_eq!(m, before);
    assert_eq!(m.thread(2), None);
    assert_eq!(StepError::Finished { thread: 0 }.to_string(), "thread 0 has finished");
    assert_eq!(
        StepError::NoSuchThread { thread: 2, threads: 2 }.to_string(),
        "there is no thread 2: the threads are 0 to 1"
    );

    // A spinlock can spin until the schedule is full.
    let mut m = Machine::new(race(2, 1, Variant::SpinLock)).unwrap();
    m.step(0).unwrap();
    for _ in 1..MAX_SCHEDULE_LEN {
        m.step(1).unwrap();
    }
    assert_eq!(m.step(1), Err(StepError::TooManySteps { max: MAX_SCHEDULE_LEN }));
    assert_eq!(m.schedule().len(), MAX_SCHEDULE_LEN);
    assert!(Schedule::decode(&m.schedule().encode()).is_ok());

    assert!(Machine::new(race(2, 5, Variant::Plain)).is_err(), "step mode takes at most four increments");
}

/// Thread 1 loads 1 while thread 0 is behind; thread 0 then overwrites everything thread 1 did,
/// and thread 1's last store undoes everything thread 0 did: 2 of 6, fewer than one thread's 3.
#[test]
fn a_stale_store_can_leave_the_count_below_one_threads_increments() {
    let m = replay(race(2, 3, Variant::Plain), concat!("0", "111111", "00", "1", "000000", "11"));
    assert_eq!((m.final_count(), m.lost()), (Some(2), 4));
    assert!(m.lost_updates().count() >= 2);
}

#[test]
fn schedules_are_digits_and_anything_else_is_refused() {
    let m = replay(race(3, 1, Variant::Plain), "012210");
    assert_eq!(m.schedule().encode(), "012210");
    assert_eq!(m.schedule().to_string(), "012210");
    assert_eq!("012210".parse::<Schedule>().unwrap(), m.schedule());
    assert_eq!(Schedule::decode(""), Ok(Schedule::default()));
    assert_eq!(Schedule::decode("018"), Err(ScheduleError::NotAThread { at: 2, found: '8' }));
    assert_eq!(Schedule::decode("0 1"), Err(ScheduleError::NotAThread { at: 1, found: ' ' }));
    assert_eq!(Schedule::decode("0١"), Err(ScheduleError::NotAThread { at: 1, found: '١' }));
    assert!(matches!(Schedule::decode("-1"), Err(ScheduleError::NotAThread { at: 0, .. })));
    let long = "0".repeat(MAX_SCHEDULE_LEN + 1);
    let too_long = ScheduleError::TooLong { len: MAX_SCHEDULE_LEN + 1, max: MAX_SCHEDULE_LEN };
    assert_eq!(Schedule::decode(&long), Err(too_long));
    assert!(Schedule::decode(&long[1..]).is_ok());
    assert_eq!(
        Schedule::decode("01x").unwrap_err().to_string(),
        "step 3 of the schedule is “x”, not a thread 0 to 7"
    );
    // Well-formed but impossible for this race: refused by the replay, with the step.
    let refused = Machine::replay(race(2, 1, Variant::Plain), &Schedule::decode("0105").unwrap());
    assert_eq!(refused, Err(ReplayError::Refused { at: 3, error: StepError::NoSuchThread { thread: 5, threads: 2 } }));
    assert_eq!(
        refused.unwrap_err().to_string(),
        "step 4 of the schedule cannot run: there is no thread 5: the threads are 0 to 1"
    );
    let json = serde_json::to_string(&m.schedule()).unwrap();
    assert_eq!(json, "\"012210\"");
    assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), m.schedule());
    assert!(serde_json::from_str::<Schedule>("\"9\"").is_err());
}

#[test]
fn the_simulation_loses_plain_updates_and_never_protected_ones() {
    let plain = race(2, 10_000, Variant::Plain);
    let outcomes: Vec<_> = (0..8).map(|seed| simulate(plain, seed)).collect();
    assert!(outcomes.iter().any(|o| o.lost > 0), "{outcomes:?}");
    for o in &outcomes {
        assert!(o.final_count >= 2 && o.final_count <= plain.expected(), "{o:?}");
        assert_eq!(o.lost, o.expected - o.final_count);
        assert_eq!((o.steps, o.spins, o.parks), (3 * 20_000, 0, 0));
    }
    for variant in [Variant::Atomic, Variant::Mutex, Variant::SpinLock] {
        for seed in 0..3 {
            let r = race(4, 2_000, variant);
            let o = simulate(r, seed);
            assert_eq!((o.final_count, o.lost), (8_000, 0), "{variant:?}");
            assert_eq!(o.spins > 0, variant == Variant::SpinLock, "{variant:?}");
            assert_eq!(o.parks > 0, variant == Variant::Mutex, "{variant:?}");
        }
    }
}

#[test]
fn the_simulation_is_deterministic_and_runs_in_slices() {
    let r = race(3, 5_000, Variant::SpinLock);
    let whole = simulate(r, 7);
    assert_eq!(simulate(r, 7), whole);
    assert_ne!(simulate(r, 8), whole);
    let mut sim = Simulation::new(r, 7);
    let mut slices = 0;
    while !sim.advance(1_000) {
        slices += 1;
        assert!(sim.done() < 15_000);
    }
    assert!(slices > 10);
    assert_eq!(sim.outcome(), whole);
    // Golden: pins the generator and the model together.
    let golden = simulate(race(2, 1_000, Variant::Plain), 42);
    assert_eq!((golden.final_count, golden.steps), (GOLDEN_FINAL, 6_000), "{golden:?}");
}

const GOLDEN_FINAL: u32 = 1_129;

fn any_race() -> impl Strategy<Value = Race> {
    (2u32..=8, 1u32..=4, 0usize..4).prop_map(|(n, k, v)| race(n, k, Variant::ALL[v]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Undo walks back through exactly the states the steps went through, to the start; stepping
    /// the same threads again reaches the same machine, as does replaying its schedule.
    #[test]
    fn undo_then_redo_reproduces_every_state(r in any_race(), choices in proptest::collection::vec(0usize..9, 0..160)) {
        let start = Machine::new(r).unwrap();
        let mut m = start.clone();
        let mut seen = vec![m.clone()];
        for t in choices {
            let before = m.clone();
            match m.step(t) {
                Ok(e) => {
                    prop_assert_eq!((e.thread, e.index), (t, seen.len() - 1));
                    seen.push(m.clone());
                }
                Err(_) => prop_assert_eq!(&m, &before),
            }
        }
        let end = m.clone();
        let replayed = Machine::replay(r, &end.schedule());
        prop_assert_eq!(replayed.as_ref(), Ok(&end));
        prop_assert_eq!(end.lost() > 0, end.lost_updates().next().is_some());
        if r.variant() != Variant::Plain {
            prop_assert_eq!(end.lost(), 0);
        }
        let mut undone = Vec::new();
        while let Some(e) = m.undo() {
            seen.pop();
            prop_assert_eq!(&m, seen.last().unwrap());
            undone.push(e.thread);
        }
        prop_assert_eq!(&m, &start);
        prop_assert_eq!(m.undo(), None);
        for &t in undone.iter().rev() {
            m.step(t).unwrap();
        }
        prop_assert_eq!(m, end);
    }

    #[test]
    fn decoding_never_panics_and_what_it_accepts_encodes_back(text in "\\PC{0,40}|[0-9]{0,600}") {
        if let Ok(s) = Schedule::decode(&text) {
            prop_assert_eq!(s.encode(), text);
        }
    }

    #[test]
    fn simulated_counts_stay_within_what_is_possible(n in 2u32..=8, k in 1u32..=300, seed in any::<u64>()) {
        let r = race(n, k, Variant::Plain);
        let o = simulate(r, seed);
        prop_assert!(o.final_count >= k.min(2) && o.final_count <= r.expected(), "{:?}", o);
        prop_assert_eq!(o.lost, r.expected() - o.final_count);
    }
}
