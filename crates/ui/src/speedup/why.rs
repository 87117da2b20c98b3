//! The explanation under the experiment.

use yew::prelude::*;

use crate::i18n::use_messages;

#[function_component(Why)]
pub fn why() -> Html {
    let m = use_messages();
    html! {
        <section class="why" aria-labelledby="why-title">
            <h2 id="why-title">{m.why}</h2>
            <p><strong>{"Concurrency"}</strong>{" is about structure: a program is split into parts that \
                can make progress independently, and one core can interleave them (the operating \
                system switches between them many times a second — time-sharing). "}
               <strong>{"Parallelism"}</strong>{" is about execution: parts literally run at the same \
                instant on different cores. Keeping one core busy is the scheduler's business and a \
                matter of concurrency; using several cores is parallelism."}</p>
            <p>{"This experiment is parallel for real: the engine runs in Web Workers that share one \
                WebAssembly memory, and rayon spreads the image's rows over as many of them as you \
                choose. Every run computes the same image, so the checksum is the same whatever the \
                thread count — if it were not, the threads would be interfering with each other."}</p>
            <p data-testid="why-messages"><strong>{"Without shared memory"}</strong>{" (pages that are not \
                cross-origin isolated: most embeds, Firefox and Safari frames), the image still runs in \
                parallel on plain workers that pass messages. That costs something the threads do not pay: \
                every finished row travels back to the page as a message (its pixels are transferred, \
                not copied, but each message is still a task on the page's busy thread); there is no \
                shared queue of rows, so each worker is dealt its rows up front and one that falls \
                behind cannot be helped by the others; and every run starts its workers and their \
                WebAssembly afresh (shown in the table, not timed). Shared memory would let the \
                workers take rows from one atomic counter as they finish, write them where the page \
                can read them with no message per row, and stay alive between runs as a pool."}</p>
            <p><strong>{"Amdahl's law"}</strong>{": if a share "}<var>{"s"}</var>{" of the work must run on \
                one thread, "}<var>{"k"}</var>{" threads can at best give a speedup of "}
               <code>{"1 / (s + (1 − s) / k)"}</code>{". With s = 0.1, no number of threads beats 10×. \
                The serial-fraction knob makes that part real: those rows are computed by one thread \
                before the others start."}</p>
            <p><strong>{"Measuring disturbs what is measured."}</strong>{" Drawing rows while the job runs \
                takes CPU time on the page's thread and the engine's, on the same cores the workers \
                use. With as many workers as cores, that time comes out of the parallel run. Turn \
                “Draw rows while running” off and the rows are drawn after the run is timed."}</p>
            <h3>{m.try_next}</h3>
            <ul>
                <li>{"Run 1, then 2 threads, with no serial part: on a 2-core machine the speedup \
                      should come close to 2×."}</li>
                <li>{"Set the serial fraction to 0.5 and sweep: the measured points follow the Amdahl \
                      curve, not the ideal line."}</li>
                <li>{"Sweep with and without live drawing: the 1-thread time barely changes, the \
                      2-thread time does — the drawing needs a core too."}</li>
                <li>{"Ask for more threads than cores (if your machine allows): the extra threads only \
                      take turns — that is concurrency without parallelism."}</li>
            </ul>
            <p class="seed" lang="ko">{"From the essay: 동시성과 병렬성 (concurrency and parallelism); \
                컴퓨터의 발전과 동시성 — multi-core."}</p>
        </section>
    }
}
