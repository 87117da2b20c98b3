//! The run queues themselves at the scrubbed time, beside the timeline: each P's `runnext` and
//! ring as boxes in each goroutine's colour, the global queue, and what each M is doing — so a
//! person can watch a steal take half a queue and a hand-off move a P. The state is a fold of the
//! run's events up to that time (`interleave_scheduler::sim::snapshot::Snapshot`, the same fold
//! the steppable simulator checks itself against), computed once per time shown.

use std::collections::VecDeque;
use std::rc::Rc;

use interleave_scheduler::sim::snapshot::{MState, PStatus, Snapshot};
use interleave_scheduler::trace::GId;
use yew::prelude::*;

use super::palette::g_colour;
use crate::i18n::{group, use_lang};

/// Boxes drawn per queue; the rest are counted.
const SHOWN: usize = 12;

#[derive(Properties, Clone)]
pub struct Props {
    pub run: Rc<interleave_experiments::go_scheduler::interp::Run>,
    pub at: u64,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.at == o.at
    }
}

/// The scheduler's state after every event at or before `at`.
pub fn snapshot_at(trace: &interleave_scheduler::trace::Trace, at: u64) -> Snapshot {
    let mut s = Snapshot::new(trace.procs as usize);
    for e in trace.events.iter().take_while(|e| e.ts <= at) {
        s.apply(e);
    }
    s
}

#[function_component(RunQueues)]
pub fn run_queues(p: &Props) -> Html {
    let lang = use_lang();
    let m = lang.messages();
    let t = &m.go_scheduler;
    let snap = {
        let run = p.run.clone();
        use_memo((Rc::as_ptr(&p.run) as usize, p.at), move |(_, at)| snapshot_at(&run.trace, *at))
    };
    let queue = |gs: &VecDeque<GId>, label: String, testid: String| {
        let more = gs.len().saturating_sub(SHOWN);
        html! {
            <div class="gs-queue" data-testid={testid} data-len={gs.len().to_string()}>
                <span class="gs-queue-name">{label}</span>
                <ol class="gs-boxes" aria-label={(t.queue_holds)(&group(lang, gs.len() as i64))}>
                    { for gs.iter().take(SHOWN).map(|&g| g_box(g)) }
                    if more > 0 { <li class="gs-more">{(t.queue_more)(&group(lang, more as i64))}</li> }
                    if gs.is_empty() { <li class="gs-empty">{t.queue_empty}</li> }
                </ol>
            </div>
        }
    };
    html! {
        <section class="gs-queues" aria-labelledby="gs-queues-title" data-testid="run-queues">
            <h3 id="gs-queues-title">{t.queues_title}</h3>
            <div class="gs-procs">
                { for snap.procs.iter().map(|pv| {
                    let status = match pv.status {
                        PStatus::Idle => t.p_status_idle,
                        PStatus::Handed => t.p_status_handed,
                        PStatus::Running => t.p_status_running,
                        PStatus::Syscall => t.p_status_syscall,
                    };
                    let runnext: VecDeque<GId> = pv.runnext.into_iter().collect();
                    html! {
                        <div class="gs-proc" data-testid={format!("p-{}", pv.id)}>
                            <p class="gs-proc-head">
                                <strong>{format!("P{}", pv.id)}</strong>{" "}{status}
                                if let Some(m) = pv.m { {format!(" · M{m}")} }
                                if let Some(g) = pv.g { {" · "}{(t.runs_g)(g)} }
                            </p>
                            { queue(&runnext, "runnext".into(), format!("runnext-{}", pv.id)) }
                            { queue(&pv.ring, t.local_queue.into(), format!("ring-{}", pv.id)) }
                        </div>
                    }
                }) }
            </div>
            { queue(&snap.global, t.counter_global.into(), "global".into()) }
            <ul class="gs-ms" aria-label={t.ms_title}>
                { for snap.ms.iter().map(|mv| {
                    let state = match mv.state {
                        MState::Idle if mv.spinning => t.m_spinning,
                        MState::Idle => t.m_idle,
                        MState::Running => t.m_running,
                        MState::Parked => t.m_parked,
                        MState::Syscall => t.m_syscall,
                    };
                    html! {
                        <li data-testid={format!("m-{}", mv.id)}>
                            <strong>{format!("M{}", mv.id)}</strong>{" "}{state}
                            if let Some(p) = mv.p { {format!(" · P{p}")} }
                            if let Some(g) = mv.g { {" · "}{(t.runs_g)(g)} }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

fn g_box(g: GId) -> Html {
    let c = g_colour(g);
    html! {
        <li class="gs-g" style={format!("background:{};color:{}", c.hex(), c.ink().hex())}>{format!("G{g}")}</li>
    }
}
