//! The explanation under the task-queues experiment.

use yew::prelude::*;

use crate::i18n::use_messages;

#[function_component(Why)]
pub fn why() -> Html {
    let m = use_messages();
    html! {
        <section class="why" aria-labelledby="tq-why-title">
            <h2 id="tq-why-title">{m.why}</h2>
            <p><strong>{"One thread, several queues. "}</strong>{"The main thread's event loop repeats: take \
                one task (a timer that is due, a message, an input event…), run it to the end, then run \
                "}<em>{"every"}</em>{" microtask — including microtasks queued by microtasks — and, when a \
                frame is due, do the rendering step, which first runs the "}<code>{"requestAnimationFrame"}</code>
                {" callbacks. The log above is what this browser actually did, and the badge says whether \
                it kept every rule the specifications fix."}</p>
            <p><strong>{"Microtasks: "}</strong><code>{"Promise.then"}</code>{", "}<code>{"queueMicrotask"}</code>
                {" and the continuation after "}<code>{"await"}</code>{". They run as soon as the call stack is \
                empty, before any other task and before rendering, in the order they were queued. So an \
                "}<code>{"async"}</code>{" function runs synchronously up to its first "}<code>{"await"}</code>
                {", and its continuation interleaves with "}<code>{"then"}</code>{" callbacks queued around \
                it. A chain of microtasks that never ends starves everything else: no timer, no input, no frame."}</p>
            <p><strong>{"Tasks: "}</strong><code>{"setTimeout"}</code>{", "}<code>{"setInterval"}</code>{", \
                "}<code>{"MessageChannel"}</code>{" messages, events. The specifications fix less here than people \
                think: timers set earlier with a timeout no longer run first, but whether a due timer or a \
                pending message goes first is the browser's choice (task sources may be prioritised), and \
                a 0 ms timer is not immediate — nested timers are clamped to 4 ms."}</p>
            <p><strong>{"Rendering: "}</strong>{"the browser renders when a frame is due (about every 16.7 ms \
                at 60 Hz), not after every task; "}<code>{"requestAnimationFrame"}</code>{" callbacks run right \
                before it, and one requested inside another waits for the next frame."}</p>
            <h3>{m.try_next}</h3>
            <ul>
                <li>{"Step through “await against then” and watch the continuation and the then callbacks \
                      take turns in the microtask queue."}</li>
                <li>{"Set the microtask chain to 20: the 0 ms timer still waits for every link."}</li>
                <li>{"Give the timers a 20 ms delay in “setInterval and animation frames”: frames now come between ticks."}</li>
            </ul>
            <p class="seed" lang="ko">{"From the essay: 브라우저 런타임에서의 동시성 (concurrency in the browser \
                runtime), and event-loop 모델 (the event-loop model)."}</p>
        </section>
    }
}
