//! The explanation under the event-loop experiment.

use yew::prelude::*;

use crate::i18n::use_messages;

#[function_component(Why)]
pub fn why() -> Html {
    let m = use_messages();
    html! {
        <section class="why" aria-labelledby="el-why-title">
            <h2 id="el-why-title">{m.why}</h2>
            <p><strong>{"The event-loop model. "}</strong>{"A page's JavaScript and WebAssembly run on one \
                thread, the main thread, which does one thing at a time: it takes a task from a queue \
                (a click, a timer, a message), runs it to the end, runs the microtasks it queued, and \
                now and then — about every "}<var>{"16.7 ms"}</var>{" on a 60 Hz screen — updates the \
                rendering. Nothing interrupts a task. So while the blocking job runs, no frame is \
                painted, no timer fires and no key press is handled: they wait in their queues, and \
                the meter shows it afterwards as one wide bar, a heartbeat hundreds of milliseconds \
                late and keys that took as long to arrive."}</p>
            <p><strong>{"Don't block the event loop. "}</strong>{"Node.js gives a server the same advice: one \
                thread serves every connection, so a request handler that computes for a second makes \
                every other client wait that second. The event loop is cheap concurrency — many things \
                in progress on one thread — only as long as every task is short."}</p>
            <p><strong>{"Chunking trades throughput for latency. "}</strong>{"Cut the job into chunks and \
                yield between them, and the longest block shrinks to about one chunk: input and \
                rendering get a turn between chunks. Each yield costs something, and how much depends \
                on how you yield. "}<code>{"setTimeout(0)"}</code>{" is clamped to at least 4 ms once \
                timers nest five deep (the HTML standard says so), so small chunks spend most of their \
                time waiting. A "}<code>{"MessageChannel"}</code>{" message has no clamp. "}
                <code>{"scheduler.yield()"}</code>{" also has none, and its continuation goes ahead of \
                other tasks of the same priority, so the job keeps its place while input still gets in. \
                Smaller chunks: a smoother page and a longer total."}</p>
            <p><strong>{"Yielding is not the same as being fair. "}</strong>{"No chunk blocks for long, yet in \
                headless Chromium we measured the scheduler.yield() variant starving the 10 ms heartbeat \
                timer for the whole run and letting a frame through only about every 100 ms: its \
                continuations are served ahead of timers, and rendering gets in only when the browser's \
                starvation guard steps in. That is why the table keeps “longest block” (one task running \
                long) apart from “timer lag” and “frames dropped” (other work waiting its turn). See what \
                your browser does."}</p>
            <p><strong>{"A worker is parallelism, not just concurrency. "}</strong>{"The worker variant runs \
                the same code on another thread, which the operating system puts on another core. The \
                main thread only receives a few progress messages, so its longest block stays a few \
                milliseconds, and the total stays about the blocking total: nothing is given up. A \
                worker has its own stack, heap and message queue — its own event loop — and talks to \
                the page only by messages (or, in tier 1, shared memory)."}</p>
            <p><strong>{"The two balls. "}</strong>{"The top ball is moved by the main thread in every \
                animation frame, so it stops during a block and jumps afterwards. The bottom one is a CSS \
                animation of "}<code>{"transform"}</code>{", which the browser's compositor can run on \
                its own: it keeps moving even while the main thread is stuck. Browsers hide some jank \
                this way, but not your code's."}</p>
            <h3>{m.try_next}</h3>
            <ul>
                <li>{"Run the blocking variant and type while it runs: the letters appear only at the end, \
                      and “worst input delay” says how long they waited."}</li>
                <li>{"Set the chunk size to 1 and compare setTimeout(0) with MessageChannel: same work, \
                      very different totals."}</li>
                <li>{"Set the chunk size to 100: the chunked variants drop frames again — each chunk is now \
                      a long task."}</li>
                <li>{"Compare the worker's total with the blocking total: the page stays smooth for free."}</li>
            </ul>
            <p class="seed" lang="ko">{"From the essay: event-loop 모델 (the event-loop model), including \
                node.js's “don't block the event loop”; 브라우저 런타임에서의 동시성 (concurrency in the \
                browser runtime) — web workers with their own stack, heap and message queue."}</p>
        </section>
    }
}
