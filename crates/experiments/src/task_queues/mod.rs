//! Task queues: small scenarios that mix synchronous code, promise callbacks, `queueMicrotask`,
//! `await`, timers, `MessageChannel` messages and animation frames. The page runs each for real
//! and records the order things happened in; nothing here knows that order in advance.
//!
//! - A scenario is data ([`Op`]), built from a [`Preset`] and the parameters; [`to_js`] prints
//!   it as the JavaScript it stands for.
//! - [`trace`] turns the recorded events of a run into the steps of the diagram (call stack,
//!   microtask queue, task queue, rendering step) that the page steps through.
//! - [`model`] derives, from the scenario alone, what the HTML and ECMAScript specifications
//!   guarantee about the order, and checks a recorded log against it. Where the specifications
//!   leave the order to the browser (a timer against a message, a task against the next frame),
//!   the model demands nothing.

pub mod model;
pub mod trace;

use serde::{Deserialize, Serialize};

use crate::params::{ParamKind, ParamSpec};
use crate::spec::{ExperimentId, ExperimentSpec, Needs, SeedSection, ViewKey};
use crate::typed_params;

pub const ID: ExperimentId = ExperimentId::new("task-queues");

pub const DELAY: ParamSpec = ParamSpec {
    key: "delay",
    label: "Timer delay",
    unit: "ms",
    help: "The delay given to setTimeout and setInterval in the scenarios.",
    kind: ParamKind::Int { min: 0, max: 100, default: 0, step: 1 },
};
pub const CHAIN: ParamSpec = ParamSpec {
    key: "chain",
    label: "Microtask chain",
    unit: "links",
    help: "How many promise callbacks queue one another in the scenarios that chain them.",
    kind: ParamKind::Int { min: 1, max: 20, default: 3, step: 1 },
};

/// View key of share links: the scenario, by [`Preset::id`] (in [`Preset::ALL`] order).
pub const SCENARIO: ViewKey = ViewKey {
    key: "scenario",
    values: &["classic", "await-vs-then", "microtasks-in-tasks", "microtask-chain", "interval-and-frames"],
};

pub const SPEC: ExperimentSpec = ExperimentSpec {
    id: ID,
    title: "Task queues",
    question: "In what order does the browser run sync code, microtasks, timers, messages and frames?",
    seed: SeedSection { heading: "브라우저 런타임에서의 동시성", english: "Concurrency in the browser runtime" },
    params: TaskQueueParams::SPECS,
    needs: Needs::Nothing,
    engine_job: false,
    simulated: false,
    view_keys: &[SCENARIO],
    text_keys: &[],
    renamed: &[],
};

typed_params! {
    /// The validated parameters.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct TaskQueueParams {
        pub delay: u32 = DELAY,
        pub chain: u32 = CHAIN,
    }
}

/// One statement of a scenario. A callback's `body` runs when the callback does; inside an
/// `async` body, the statements after an [`Op::Await`] run in the continuation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Op {
    /// `log(text)`: a line of the recorded log. Texts are unique within a scenario.
    Log { text: String },
    /// `Promise.resolve().then(() => { body })`
    Then { label: String, body: Vec<Op> },
    /// `queueMicrotask(() => { body })`
    Microtask { label: String, body: Vec<Op> },
    /// `await undefined` — the rest of the enclosing async body continues in a microtask.
    Await { label: String },
    /// Calls `async function label() { body }` without awaiting it: the body runs at once up to
    /// its first `await`; the caller goes on from there.
    Async { label: String, body: Vec<Op> },
    /// `setTimeout(() => { body }, ms)`
    Timeout { label: String, ms: u32, body: Vec<Op> },
    /// `setInterval(() => { body }, ms)`, cleared after `times` ticks; log texts get " #k".
    Interval { label: String, ms: u32, times: u32, body: Vec<Op> },
    /// `port2.postMessage(null)` on a new `MessageChannel`, `body` in `port1.onmessage`.
    Message { label: String, body: Vec<Op> },
    /// `requestAnimationFrame(() => { body })`
    Frame { label: String, body: Vec<Op> },
}

/// Where a callback waits before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Queue {
    /// The scenario's own synchronous code, run as one task.
    Script,
    Microtask,
    Timer,
    Message,
    /// `requestAnimationFrame` callbacks, run in the next rendering step.
    Frame,
}

impl Queue {
    pub fn name(self) -> &'static str {
        match self {
            Queue::Script => "script",
            Queue::Microtask => "microtask",
            Queue::Timer => "timer task",
            Queue::Message => "message task",
            Queue::Frame => "animation frame",
        }
    }
}

/// The preset scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Sync code, then microtasks (then, queueMicrotask, await), then tasks and a frame.
    Classic,
    /// An async function's awaits interleaved with a promise chain.
    AwaitVsThen,
    /// Microtasks queued inside tasks run before the next task.
    MicrotasksInTasks,
    /// A chain of microtasks holds back a timer however long it is.
    MicrotaskChain,
    /// setInterval ticks and two animation frames, one requested from inside the other.
    IntervalAndFrames,
}

impl Preset {
    pub const ALL: [Preset; 5] =
        [Preset::Classic, Preset::AwaitVsThen, Preset::MicrotasksInTasks, Preset::MicrotaskChain, Preset::IntervalAndFrames];

    pub fn id(self) -> &'static str {
        match self {
            Preset::Classic => "classic",
            Preset::AwaitVsThen => "await-vs-then",
            Preset::MicrotasksInTasks => "microtasks-in-tasks",
            Preset::MicrotaskChain => "microtask-chain",
            Preset::IntervalAndFrames => "interval-and-frames",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Preset::Classic => "Sync, microtasks, tasks, a frame",
            Preset::AwaitVsThen => "await against then",
            Preset::MicrotasksInTasks => "Microtasks inside tasks",
            Preset::MicrotaskChain => "A microtask chain holds back a timer",
            Preset::IntervalAndFrames => "setInterval and animation frames",
        }
    }

    /// The scenario a page opens with.
    pub fn default_preset() -> Preset {
        Preset::Classic
    }

    pub fn parse(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.id() == s)
    }

    /// The scenario's statements, run as one task.
    pub fn scenario(self, p: TaskQueueParams) -> Vec<Op> {
        let ms = p.delay;
        match self {
            Preset::Classic => vec![
                log("script start"),
                timeout("setTimeout callback", ms, vec![log("timeout")]),
                message("onmessage", vec![log("message")]),
                frame("rAF callback", vec![log("animation frame")]),
                then("then callback 1", vec![log("then 1"), then("then callback 2", vec![log("then 2")])]),
                microtask("queueMicrotask callback", vec![log("microtask")]),
                call_async("f()", vec![
                    log("f() starts"),
                    Op::Await { label: "f() after await".into() },
                    log("f() after await"),
                ]),
                log("script end"),
            ],
            Preset::AwaitVsThen => vec![
                log("script start"),
                then("then A", vec![log("then A"), then("then B", vec![log("then B"), then("then C", vec![log("then C")])])]),
                call_async("g()", vec![
                    log("g() starts"),
                    Op::Await { label: "g() after await 1".into() },
                    log("g() after await 1"),
                    Op::Await { label: "g() after await 2".into() },
                    log("g() after await 2"),
                ]),
                log("script end"),
            ],
            Preset::MicrotasksInTasks => vec![
                log("script start"),
                timeout("setTimeout callback 1", ms, vec![log("timeout 1"), then("then in timeout 1", vec![log("then in timeout 1")])]),
                timeout("setTimeout callback 2", ms, vec![log("timeout 2"), microtask("microtask in timeout 2", vec![log("microtask in timeout 2")])]),
                message("onmessage", vec![log("message"), then("then in message", vec![log("then in message")])]),
                log("script end"),
            ],
            Preset::MicrotaskChain => {
                let mut body = vec![log(&format!("link {}", p.chain))];
                for i in (1..p.chain).rev() {
                    body = vec![log(&format!("link {i}")), then(&format!("then link {}", i + 1), body)];
                }
                vec![
                    log("script start"),
                    timeout("setTimeout callback", ms, vec![log("timeout")]),
                    then("then link 1", body),
                    log("script end"),
                ]
            }
            Preset::IntervalAndFrames => vec![
                log("script start"),
                Op::Interval {
                    label: "setInterval callback".into(),
                    ms,
                    times: 3,
                    body: vec![log("interval tick")],
                },
                frame("rAF callback 1", vec![log("frame 1"), frame("rAF callback 2", vec![log("frame 2")])]),
                then("then callback", vec![log("then")]),
                log("script end"),
            ],
        }
    }
}

fn log(text: &str) -> Op {
    Op::Log { text: text.into() }
}
fn then(label: &str, body: Vec<Op>) -> Op {
    Op::Then { label: label.into(), body }
}
fn microtask(label: &str, body: Vec<Op>) -> Op {
    Op::Microtask { label: label.into(), body }
}
fn timeout(label: &str, ms: u32, body: Vec<Op>) -> Op {
    Op::Timeout { label: label.into(), ms, body }
}
fn message(label: &str, body: Vec<Op>) -> Op {
    Op::Message { label: label.into(), body }
}
fn frame(label: &str, body: Vec<Op>) -> Op {
    Op::Frame { label: label.into(), body }
}

fn call_async(label: &str, body: Vec<Op>) -> Op {
    Op::Async { label: label.into(), body }
}

/// The scenario for a preset.
pub fn build(preset: Preset, p: TaskQueueParams) -> Vec<Op> {
    preset.scenario(p)
}

/// The scenario as the JavaScript it stands for (what the page shows beside the log).
pub fn to_js(ops: &[Op]) -> String {
    let mut out = String::from("async function scenario() {\n");
    write_ops(ops, 1, &mut out);
    out.push_str("}\nsetTimeout(scenario); // the scenario runs as one task\n");
    out
}

fn write_ops(ops: &[Op], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let block = |head: &str, body: &[Op], tail: &str, out: &mut String| {
        out.push_str(&format!("{pad}{head}\n"));
        write_ops(body, depth + 1, out);
        out.push_str(&format!("{pad}{tail}\n"));
    };
    for op in ops {
        match op {
            Op::Log { text } => out.push_str(&format!("{pad}log(\"{text}\");\n")),
            Op::Then { body, .. } => block("Promise.resolve().then(async () => {", body, "});", out),
            Op::Microtask { body, .. } => block("queueMicrotask(async () => {", body, "});", out),
            Op::Await { .. } => out.push_str(&format!("{pad}await undefined;\n")),
            Op::Async { label, body } => {
                let name = label.trim_end_matches("()");
                block(&format!("(async function {name}() {{"), body, "})();", out)
            }
            Op::Timeout { ms, body, .. } => block("setTimeout(async () => {", body, &format!("}}, {ms});"), out),
            Op::Interval { ms, times, body, .. } => {
                block(&format!("let k = 0, id = setInterval(async () => {{ // {times} ticks, log texts get #k"), body,
                    &format!("  if (++k === {times}) clearInterval(id);\n{pad}}}, {ms});"), out)
            }
            Op::Message { body, .. } => {
                out.push_str(&format!("{pad}const ch = new MessageChannel();\n"));
                block("ch.port1.onmessage = async () => {", body, "};", out);
                out.push_str(&format!("{pad}ch.port2.postMessage(null);\n"));
            }
            Op::Frame { body, .. } => block("requestAnimationFrame(async () => {", body, "});", out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logs(ops: &[Op], out: &mut Vec<String>) {
        for op in ops {
            match op {
                Op::Log { text } => out.push(text.clone()),
                Op::Then { body, .. }
                | Op::Microtask { body, .. }
                | Op::Timeout { body, .. }
                | Op::Message { body, .. }
                | Op::Frame { body, .. }
                | Op::Interval { body, .. }
                | Op::Async { body, .. } => logs(body, out),
                Op::Await { .. } => {}
            }
        }
    }

    #[test]
    fn the_scenario_view_key_lists_every_preset_in_order() {
        let ids: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
        assert_eq!(ids, SCENARIO.values);
        assert_eq!(Preset::parse(SCENARIO.values[0]), Some(Preset::default_preset()));
    }

    #[test]
    fn every_preset_has_unique_log_texts_and_no_markers_left() {
        for preset in Preset::ALL {
            let ops = build(preset, TaskQueueParams { delay: 0, chain: 5 });
            let mut texts = Vec::new();
            logs(&ops, &mut texts);
            let mut sorted = texts.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), texts.len(), "{preset:?}: {texts:?}");
            assert_eq!(Preset::parse(preset.id()), Some(preset));
        }
    }

    #[test]
    fn the_classic_scenario_reads_as_its_javascript() {
        let js = to_js(&build(Preset::Classic, TaskQueueParams::default()));
        assert!(js.contains("setTimeout(async () => {\n    log(\"timeout\");\n  }, 0);"), "{js}");
        assert!(js.contains("  (async function f() {\n    log(\"f() starts\");\n    await undefined;\n    log(\"f() after await\");\n  })();\n  log(\"script end\");"), "{js}");
    }

    #[test]
    fn the_chain_preset_follows_its_parameter() {
        let ops = build(Preset::MicrotaskChain, TaskQueueParams { delay: 0, chain: 4 });
        let mut texts = Vec::new();
        logs(&ops, &mut texts);
        assert_eq!(texts, ["script start", "timeout", "link 1", "link 2", "link 3", "link 4", "script end"]);
    }
}
