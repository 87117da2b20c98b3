//! English. Experiments' titles, questions and parameter words are in their specs
//! (`interleave-experiments`); everything else the page says is here.

use super::{EventLoopMessages, GoSchedulerMessages, Messages, RaceMessages, SpeedupMessages, TaskQueuesMessages};

pub const EN: Messages = Messages {
    document_title: "Interleave — a concurrency laboratory",
    language: "Language",
    tagline: "a concurrency laboratory in your browser",
    nav_experiments: "Experiments",
    nav_diagnostics: "Diagnostics",
    footer: "Interleave — every run happens on your machine; nothing is sent anywhere.",

    status_label: "What this browser gives the page",
    tier: |n, name| format!("Tier {n} — {name}"),
    tier_threads: "threads",
    tier_workers: "workers, no shared memory",
    tier_replay: "replay",
    fact_isolated: "cross-origin isolated: ",
    fact_shared_memory: "SharedArrayBuffer: ",
    fact_cores: "hardware threads: ",
    fact_engine: "engine: ",
    yes: "yes",
    no: "no",
    still_works: "Still works here: ",
    open_in_new_tab: "Open in a new tab ↗",
    engine_stopped: "The engine stopped: ",
    details: "details",
    restart_engine: "Restart engine",
    works_threads: "Everything: real threads share memory, so the experiments run in parallel on this machine.",
    works_workers: "The page, explanations and anything that passes messages between workers.",
    works_replay: "Reading, and results recorded elsewhere.",
    missing_workers: "Shared memory (SharedArrayBuffer) is switched off because this page is not cross-origin \
                      isolated, so experiments that need threads sharing memory cannot run here.",
    missing_replay: "This browser does not offer Web Workers, so nothing can run here.",
    fix_workers_embedded: "This page is embedded in another page that is not isolated, and an iframe cannot be \
                           isolated through its own headers. Open it in a new tab.",
    fix_workers_served: "The server must send Cross-Origin-Opener-Policy: same-origin and \
                         Cross-Origin-Embedder-Policy: require-corp. Serve it with the README's command, or open \
                         it where it is served that way.",
    fix_replay: "Open the page in a current desktop or mobile browser.",

    engine_ready_short: |n| format!("ready, {n} threads"),
    engine_off_short: "not available",
    engine_not_started: "starts when an experiment needs it",
    engine_unavailable: "unavailable: this page has no shared memory",
    engine_starting: "starting…",
    engine_ready: |n, version| format!("ready: {n} threads (engine {version})"),
    engine_failed: |why| format!("failed to start: {why}"),
    engine_crashed: |why| format!("crashed: {why}"),

    catalog_title: "Experiments",
    catalog_intro: "Each experiment answers one question about concurrency by running it, for real, on this \
                    machine. Pick one, move the knobs, press Run.",
    needs_shared_memory_off: "needs shared memory — not available here",
    needs_shared_memory_on: "real threads over shared memory",
    from_the_essay: "From the essay: ",

    not_found_title: "Nothing here",
    not_found_text: "This address does not name a page of Interleave. ",
    see_every_experiment: "See every experiment",
    build_loading: "Loading this experiment…",
    build_missing: "This experiment's page is missing from this copy of Interleave (a broken deployment). Reload, or open the catalog.",
    unknown_experiment_title: "Unknown experiment",
    unknown_experiment: |id| format!("There is no experiment called “{id}”. "),

    diagnostics_title: "Diagnostics",
    diag_tier: "Tier",
    diag_shared_array_buffer: "SharedArrayBuffer defined",
    diag_workers: "Web Workers",
    diag_embedded: "Embedded in another page",
    diag_engine: "Engine",
    crash_title: "Engine crash test",
    crash_text: "Panics inside one of the engine's pool threads. The page should report the panic message and \
                 offer a restart; the rest of the page keeps working.",
    crash_button: "Panic inside the engine",

    param_unknown: |key| format!("unknown parameter \"{key}\""),
    param_not_a_number: |label, text| format!("{label}: “{text}” is not a number"),
    param_not_an_integer: |label, value| format!("{label}: {value} is not a whole number"),
    param_out_of_range: |label, min, max, value| format!("{label} must be between {min} and {max} (got {value})"),
    param_not_an_option: |label, options, value| format!("{label} must be one of {options} (got {value})"),
    progress: |done, total, unit| format!("{done} / {total} {unit}"),
    progress_label: "Progress",
    data_table: "Data as a table",

    run_failed: |why| format!("The run failed: {why}"),
    stopped_notice: "Stopped. Nothing was recorded for that run; ready for the next.",
    stop: "Stop",
    stopping: "Stopping…",
    clear_results: "Clear results",
    results: "Results",
    parameters: "Parameters",
    real_run: "Real run",
    why: "Why",
    try_next: "Try next",

    share_label: "Share this experiment",
    share_link: "Share link",
    share_link_title: "Copy a link that opens this experiment with these settings",
    share_results: "Share with results",
    share_results_title: "Copy a link that also carries a summary of your results, shown to readers before they \
                          run anything",
    embed: "Embed",
    embed_title: "Get an iframe snippet for a documentation page",
    open_in_interleave: "Open in Interleave ↗",
    the_link: "link",
    the_link_with_results: "link with results",
    copied: |what| format!("✓ Copied the {what} to the clipboard."),
    copy_by_hand: |why, what| format!("This browser did not let the page copy ({why}). Copy the {what} from here:"),
    copy_field: |what| format!("The {what}"),
    cannot_share_results: |why| format!("Cannot share results: {why}."),
    no_results_to_share: "there are no results yet: run the experiment first",
    embed_html_label: "HTML (the script is optional: it resizes the frame to fit)",
    embed_run_it: |title| format!("{title} — run it in Interleave"),
    embed_markdown_label: "Markdown (the iframe line works where the renderer allows HTML; the link everywhere)",
    link_notices_title: "Some of this link's settings were not used; defaults stand in for them:",
    notice_too_long: |len, max| format!("The link is too long ({len} characters, at most {max}); its settings were ignored."),
    notice_twice: |key| format!("“{key}” appears twice in the link; the first value was used."),
    notice_bad_param: |error, default| format!("Ignored from the link: {error}; using {default}."),
    notice_bad_view: |value, key, allowed, default| {
        format!("Ignored from the link: “{value}” is not a value of “{key}” ({allowed}); using {default}.")
    },
    notice_bad_text: |key, len, max| {
        format!("Ignored from the link: “{key}” is damaged or too long ({len} characters, at most {max}).")
    },
    notice_newer: |version, current| {
        format!(
            "This link was made by a newer Interleave (link version {version}); it was read as version {current}, so \
             some of its settings may be missing."
        )
    },
    notice_bad_version: |text, current| {
        format!("Ignored from the link: “{text}” is not a link version; it was read as version {current}.")
    },
    notice_bad_lang: |text| format!("Ignored from the link: no language “{text}”."),
    notice_not_simulated: |key| format!("Ignored from the link: “{key}” (this experiment has no simulated form)."),
    notice_bad_mode: |text| format!("Ignored from the link: no mode “{text}” (real or sim)."),
    notice_bad_seed: |text| format!("Ignored from the link: seed “{text}” is not a whole number."),
    notice_results_too_long: |len, max| {
        format!("Ignored from the link: its recorded results are too long ({len} characters, at most {max}).")
    },
    notice_results_damaged: "Ignored from the link: its recorded results are damaged.",
    notice_unknown_key: |key| format!("Ignored from the link: unknown setting “{key}”."),
    dismiss: "Dismiss",
    replay_badge: "Replay",
    replay_source: |browser, engine, tier| format!("{browser} · engine {engine} · tier {tier}"),
    replay_before: " These results were recorded in another browser, not measured here: ",
    replay_after: ". Run the experiment to measure this machine.",
    replay_ignored: |why| format!("The link's results were ignored: {why}."),

    download_group: "Download",
    download: "Download:",
    export_failed: |why| format!("Export failed: {why}."),
    export_csv_title: "The results table as CSV",
    export_svg_title: "The chart as SVG",
    export_png_title: "The chart as PNG",
    export_canvas_title: "The picture as PNG",
    export_chart_png: "Chart PNG",
    export_picture_png: "Picture PNG",
    export_trace: "Trace (JSON)",
    export_trace_title: "The trace as Chrome Trace Event JSON: open it in Perfetto (ui.perfetto.dev) or \
                         chrome://tracing",

    speedup: SPEEDUP,
    event_loop: EVENT_LOOP,
    task_queues: TASK_QUEUES,
    go_scheduler: GO_SCHEDULER,
    race: RACE,
};

const SPEEDUP: SpeedupMessages = SpeedupMessages {
    badge_engine: "Real run · shared memory",
    mode_engine: |pool| format!(" rayon on up to {pool} Web Worker{} sharing one WebAssembly memory.", if pool == 1 { "" } else { "s" }),
    badge_messages: "Real run · message passing",
    mode_messages: |pool| {
        format!(
            " Up to {pool} plain Web Worker{} with no shared memory: each computes its own rows and posts them back to \
             this page, which paints them and checks the image.",
            if pool == 1 { "" } else { "s" }
        )
    },
    run_with: "Run with",
    via_engine: "threads sharing memory",
    via_messages: "workers passing messages",
    via_engine_note: " (the engine)",
    via_engine_note_off: " — needs shared memory, off here",
    via_messages_note: " (no shared memory)",
    thread: "thread",
    threads: "threads",
    worker: "worker",
    workers: "workers",
    draw_rows: " Draw rows while running",
    draw_rows_title: "Drawing takes CPU time on the same cores the threads use; turn it off for the cleanest timings",
    run_on: |n, unit| format!("Run on {n} {unit}"),
    sweep: |pool| format!("Sweep 1–{pool}"),
    sweep_title: "Run with 1, 2, … threads one after another",
    rows: "rows",
    running_on: |n, unit| format!("Running on {n} {unit}…"),
    finished: |n, unit, ms| format!("Finished on {n} {unit} in {ms} ms."),
    finished_speedup: |s| format!(" Speedup over 1 thread: {s}×."),
    then_more: |n| format!(" then {n} more"),
    canvas_label: "The Mandelbrot image, drawn row by row as threads finish rows",
    canvas_caption: "Rows appear as the threads finish them; serial rows come first.",
    chart_label: "Measured speedup against threads, with Amdahl's prediction",
    chart_measured: |points| format!("Measured: {points}."),
    chart_not_measured: "Nothing measured yet.",
    chart_prediction: |s, max, a| format!("Amdahl's law with s = {s} predicts {a}× on {max} threads; ideal scaling would give {max}×."),
    axis_threads: "threads",
    point: |t, s| format!("{t} threads: {s}×"),
    legend_measured: "measured",
    legend_amdahl: |s| format!("Amdahl, s = {s}"),
    legend_ideal: "ideal (k×)",
    checksums_agree: "✓ same image for every thread count",
    checksums_differ: "✗ images differ",
    no_runs: "No runs yet. Run on 1 thread first: it is the baseline every speedup is measured against.",
    col_mode: "mode",
    col_threads: "threads or workers",
    col_size: "size",
    col_serial: "serial s",
    col_time: "time (ms)",
    col_serial_phase: "serial phase (ms)",
    col_speedup: "speedup",
    col_efficiency: "efficiency",
    col_amdahl: "Amdahl",
    col_checksum: "checksum",
    cell_engine: "shared memory",
    cell_messages: "messages",
    cell_size: |size, iterations| format!("{size}×{size}, {iterations} it."),
    startup: |ms| format!("the workers took {ms} ms to start (not timed)"),
    notice_engine_off: "Threads sharing memory are off here: this page does not have shared memory (the strip above \
                        says why). The same image runs on workers passing messages instead; “Why” below says what \
                        shared memory would add.",
    notice_starting: "Starting the engine (loading WebAssembly, spawning workers)…",
    notice_not_running: |why| format!("The engine is not running: {why} Use “Restart engine” above."),
    why: &[
        "**Concurrency** is about structure: a program is split into parts that can make progress independently, and \
         one core can interleave them (the operating system switches between them many times a second — \
         time-sharing). **Parallelism** is about execution: parts literally run at the same instant on different \
         cores. Keeping one core busy is the scheduler's business and a matter of concurrency; using several cores \
         is parallelism.",
        "This experiment is parallel for real: the engine runs in Web Workers that share one WebAssembly memory, and \
         rayon spreads the image's rows over as many of them as you choose. Every run computes the same image, so \
         the checksum is the same whatever the thread count — if it were not, the threads would be interfering with \
         each other.",
    ],
    why_messages: "**Without shared memory** (pages that are not cross-origin isolated: most embeds, Firefox and \
                   Safari frames), the image still runs in parallel on plain workers that pass messages. That costs \
                   something the threads do not pay: finished rows travel back to the page as messages, a few rows \
                   each (their pixels are transferred, not copied, but every message is still a task on the page's \
                   busy thread); \
                   there is no shared queue of rows, so each worker is dealt its rows up front and one that falls \
                   behind cannot be helped by the others; and every run starts its workers and their WebAssembly \
                   afresh (shown in the table, not timed). Shared memory would let the workers take rows from one \
                   atomic counter as they finish, write them where the page can read them without any message, \
                   and stay alive between runs as a pool.",
    why_more: &[
        "**Amdahl's law**: if a share s of the work must run on one thread, k threads can at best give a speedup of \
         `1 / (s + (1 − s) / k)`. With s = 0.1, no number of threads beats 10×. The serial-fraction knob makes that \
         part real: those rows are computed by one thread before the others start.",
        "**Measuring disturbs what is measured.** Drawing rows while the job runs takes CPU time on the page's thread \
         and the engine's, on the same cores the workers use. With as many workers as cores, that time comes out of \
         the parallel run. Turn “Draw rows while running” off and the rows are drawn after the run is timed.",
    ],
    try_next: &[
        "Run 1, then 2 threads, with no serial part: on a 2-core machine the speedup should come close to 2×.",
        "Set the serial fraction to 0.5 and sweep: the measured points follow the Amdahl curve, not the ideal line.",
        "Sweep with and without live drawing: the 1-thread time barely changes, the 2-thread time does — the drawing \
         needs a core too.",
        "Ask for more threads than cores (if your machine allows): the extra threads only take turns — that is \
         concurrency without parallelism.",
    ],
    why_seed: "From the essay: 동시성과 병렬성 (concurrency and parallelism); 컴퓨터의 발전과 동시성 — multi-core.",
};

const EVENT_LOOP: EventLoopMessages = EventLoopMessages {
    mode: " on this page's main thread, and in the engine's Web Worker",
    controls_label: "Parameters and variants",
    unit_time: |ms, units, seconds| {
        format!("One unit takes ≈ {ms} ms on this machine (measured here), so {units} units ≈ {seconds} s on the main thread.")
    },
    unit_time_failed: "This browser could not time a unit here.",
    unit_time_measuring: "Measuring one unit on this machine…",
    run_one: "Run one variant",
    run_all: |n| format!("Run all {n}"),
    stop_title: "Stop after the current chunk",
    stop_blocking_title: "A blocking job cannot be stopped: this click would wait in the task queue until it ends.",
    units: "units",
    collecting: "Done; collecting the last frames and key presses…",
    then_more: |n| format!(" Then {n} more."),
    running_blocking: "Blocking the main thread: nothing on this page can update until the job ends. Try typing or \
                       scrolling.",
    running_worker: "Running in the worker: the main thread stays free.",
    running_chunked: |variant| format!("Running in chunks ({variant})."),
    finished: |v, ms, block| format!("{v} finished in {ms} ms; the main thread's longest block was {block} ms."),
    variant_blocking: "Blocking",
    variant_timeout: "Chunks + setTimeout(0)",
    variant_message_channel: "Chunks + MessageChannel",
    variant_scheduler_yield: "Chunks + scheduler.yield()",
    variant_worker: "Worker",
    describe_blocking: "The whole job in one go on the main thread",
    describe_timeout: "Chunks, yielding with setTimeout(0) between them",
    describe_message_channel: "Chunks, yielding with a MessageChannel message",
    describe_scheduler_yield: "Chunks, yielding with await scheduler.yield()",
    describe_worker: "The job in the engine's worker; the main thread only hears progress",
    no_scheduler_yield: "This browser has no scheduler.yield() (Chromium 129+ has it).",
    worker_off: "The engine worker is off here: this page has no shared memory (the strip above says why).",
    worker_state: |state| format!("The engine worker is {state}."),
    meter_label: "Jank meter",
    meter_title: "Jank meter",
    live: "live",
    strip_label: "The last six seconds: frame gaps as bars, the heartbeat's lag as a line, long tasks shaded, runs \
                  along the bottom",
    legend_frame: "frame gap",
    strip_summary: |v, frame, dropped, block| format!("Last run, {v}: the longest frame gap was {frame} ms, {dropped} frames \
        were missed, and the main thread's longest block was {block} ms. Every run's numbers are in the results table."),
    strip_idle: "Nothing has run yet: the strip shows the idle page, about one short bar per frame.",
    still: "Your system asks for reduced motion, so the two moving balls are hidden and the strip redraws once a \
        second. The meter still times every frame.",
    legend_missed: "missed frames",
    legend_lag: |ms| format!("timer lag (every {ms} ms)"),
    legend_long_task: "long task ≥ 50 ms",
    legend_long_task_unsupported: "long tasks (not reported by this browser)",
    ball_main: "moved by the main thread, every frame",
    ball_compositor: "a CSS animation (the compositor moves it)",
    type_here: "Type here while a job runs:",
    typing_placeholder: "Keys you press are timed: the delay between pressing and the page seeing it.",
    checksums_agree: "✓ every variant computed the same checksum",
    checksums_differ: "✗ checksums differ",
    no_runs: "No runs yet. Press “Run all”, or one variant; type in the box while it runs.",
    col_variant: "variant",
    col_job: "job",
    col_total: "total (ms)",
    col_vs_blocking: "vs blocking",
    col_vs_blocking_title: "Compared with the blocking run of the same job",
    col_block: "longest main-thread block (ms)",
    col_block_title: "The longest the main thread was busy without a break",
    col_frame: "longest frame (ms)",
    col_frame_title: "The longest gap between two animation frames",
    col_dropped: "frames dropped",
    col_input: "worst input delay (ms)",
    col_input_title: "From pressing a key or the mouse to the page seeing it, at worst",
    col_lag: "timer lag (ms)",
    col_lag_title: "How late the 10 ms heartbeat timer ran, at worst",
    col_long_tasks: "long tasks",
    col_yields: "yields",
    cell_job: |units| format!("{units} units"),
    cell_job_chunked: |units, chunk| format!("{units} units, chunk {chunk}"),
    witness: |what| format!("witness: {what}"),
    witness_own_work: "the job's longest slice",
    witness_long_task: "a long-task entry",
    inputs: |n| format!("{n} input events during the run"),
    no_input: "no input",
    not_reported: "n/a",
    footnote_before_j: "Longest block: the larger of two lower bounds — ",
    footnote_after_j: " the job's own longest synchronous slice, ",
    footnote_after_l: |frame_ms| {
        format!(
            " a long-task entry from the browser. Timer lag is not a block: a timer also waits when other tasks are \
             simply served first. Frames dropped count the frames the display expected (one every {frame_ms} ms here) \
             that the page did not produce."
        )
    },
    why: &[
        "**The event-loop model.** A page's JavaScript and WebAssembly run on one thread, the main thread, which does \
         one thing at a time: it takes a task from a queue (a click, a timer, a message), runs it to the end, runs the \
         microtasks it queued, and now and then — about every 16.7 ms on a 60 Hz screen — updates the rendering. \
         Nothing interrupts a task. So while the blocking job runs, no frame is painted, no timer fires and no key \
         press is handled: they wait in their queues, and the meter shows it afterwards as one wide bar, a heartbeat \
         hundreds of milliseconds late and keys that took as long to arrive.",
        "**Don't block the event loop.** Node.js gives a server the same advice: one thread serves every connection, \
         so a request handler that computes for a second makes every other client wait that second. The event loop is \
         cheap concurrency — many things in progress on one thread — only as long as every task is short.",
        "**Chunking trades throughput for latency.** Cut the job into chunks and yield between them, and the longest \
         block shrinks to about one chunk: input and rendering get a turn between chunks. Each yield costs something, \
         and how much depends on how you yield. `setTimeout(0)` is clamped to at least 4 ms once timers nest five deep \
         (the HTML standard says so), so small chunks spend most of their time waiting. A `MessageChannel` message has \
         no clamp. `scheduler.yield()` also has none, and its continuation goes ahead of other tasks of the same \
         priority, so the job keeps its place while input still gets in. Smaller chunks: a smoother page and a longer \
         total.",
        "**Yielding is not the same as being fair.** No chunk blocks for long, yet in headless Chromium we measured the \
         scheduler.yield() variant starving the 10 ms heartbeat timer for the whole run and letting a frame through \
         only about every 100 ms: its continuations are served ahead of timers, and rendering gets in only when the \
         browser's starvation guard steps in. That is why the table keeps “longest block” (one task running long) apart \
         from “timer lag” and “frames dropped” (other work waiting its turn). See what your browser does.",
        "**A worker is parallelism, not just concurrency.** The worker variant runs the same code on another thread, \
         which the operating system puts on another core. The main thread only receives a few progress messages, so its \
         longest block stays a few milliseconds, and the total stays about the blocking total: nothing is given up. A \
         worker has its own stack, heap and message queue — its own event loop — and talks to the page only by \
         messages (or, in tier 1, shared memory).",
        "**The two balls.** The top ball is moved by the main thread in every animation frame, so it stops during a \
         block and jumps afterwards. The bottom one is a CSS animation of `transform`, which the browser's compositor \
         can run on its own: it keeps moving even while the main thread is stuck. Browsers hide some jank this way, but \
         not your code's.",
    ],
    try_next: &[
        "Run the blocking variant and type while it runs: the letters appear only at the end, and “worst input delay” \
         says how long they waited.",
        "Set the chunk size to 1 and compare setTimeout(0) with MessageChannel: same work, very different totals.",
        "Set the chunk size to 100: the chunked variants drop frames again — each chunk is now a long task.",
        "Compare the worker's total with the blocking total: the page stays smooth for free.",
    ],
    why_seed: "From the essay: event-loop 모델 (the event-loop model), including node.js's “don't block the event \
               loop”; 브라우저 런타임에서의 동시성 (concurrency in the browser runtime) — web workers with their own \
               stack, heap and message queue.",
};

const TASK_QUEUES: TaskQueuesMessages = TaskQueuesMessages {
    mode: " each scenario runs in this page; the log is what this browser did",
    scenario: "Scenario",
    preset_classic: "Sync, microtasks, tasks, a frame",
    preset_await_vs_then: "await against then",
    preset_microtasks_in_tasks: "Microtasks inside tasks",
    preset_microtask_chain: "A microtask chain holds back a timer",
    preset_interval_and_frames: "setInterval and animation frames",
    run: "Run",
    running: "Running…",
    code_caption: "The scenario as JavaScript. The page runs exactly these calls (the real setTimeout, MessageChannel, \
                   requestAnimationFrame, promises and await), recording each callback as it is scheduled, starts and \
                   returns.",
    measured: |scenario| format!("Measured: {scenario}"),
    spec_ok: "✓ keeps every ordering rule of the HTML and ECMAScript specs",
    spec_bad: |why| format!("✗ {why}"),
    log_title: "Log, in the order it ran",
    line_title: "Show the diagram at this line",
    queue_script: "script",
    queue_microtask: "microtask",
    queue_timer: "timer task",
    queue_message: "message task",
    queue_frame: "animation frame",
    diagram_label: "The event loop at the chosen step; arrow keys step, Home and End jump",
    first_step: "First step",
    step_back: "Step back",
    step_forward: "Step forward",
    last_step: "Last step",
    step_count: |at, of| format!("step {at} of {of}"),
    lane_stack: "Call stack",
    lane_microtasks: "Microtask queue",
    lane_tasks: "Task queues (timers, messages)",
    lane_frames: "Rendering step: animation-frame callbacks",
    empty: "empty",
    keys_hint: "Keys: ← → step, Home / End jump. Click a log line to jump to it.",
    cut_short: "The run was cut short after 5 s: a hidden tab gets no animation frames. Run it again with the tab visible.",
    no_run: "Pick a scenario and press Run: the log below is recorded from the run.",
    scheduled_script: |l| format!("The scenario is queued as a task: {l}"),
    scheduled_microtask: |l| format!("“{l}” joins the microtask queue"),
    scheduled_timer: |l| format!("A timer is set for “{l}”; it joins the timer task queue when due"),
    scheduled_message: |l| format!("A message is posted; “{l}” joins the message task queue"),
    scheduled_frame: |l| format!("“{l}” waits for the next rendering step"),
    started_script: |l| format!("The event loop takes the scenario's task: “{l}”"),
    started_checkpoint: |l| format!("The stack is empty, so the microtask checkpoint runs: “{l}”"),
    started_microtask: |l| format!("A microtask runs: “{l}”"),
    started_timer: |l| format!("The event loop takes a timer task: “{l}”"),
    started_message: |l| format!("The event loop takes a message task: “{l}”"),
    started_frame: |l| format!("Rendering step: an animation-frame callback runs: “{l}”"),
    returned_empty: |l| format!("“{l}” returns; the stack is empty"),
    returned_busy: |l| format!("“{l}” returns; the stack is not empty"),
    logged: |l| format!("log(“{l}”)"),
    why: &[
        "**One thread, several queues.** The main thread's event loop repeats: take one task (a timer that is due, a \
         message, an input event…), run it to the end, then run every microtask — including microtasks queued by \
         microtasks — and, when a frame is due, do the rendering step, which first runs the `requestAnimationFrame` \
         callbacks. The log above is what this browser actually did, and the badge says whether it kept every rule the \
         specifications fix.",
        "**Microtasks:** `Promise.then`, `queueMicrotask` and the continuation after `await`. They run as soon as the \
         call stack is empty, before any other task and before rendering, in the order they were queued. So an `async` \
         function runs synchronously up to its first `await`, and its continuation interleaves with `then` callbacks \
         queued around it. A chain of microtasks that never ends starves everything else: no timer, no input, no frame.",
        "**Tasks:** `setTimeout`, `setInterval`, `MessageChannel` messages, events. The specifications fix less here \
         than people think: timers set earlier with a timeout no longer run first, but whether a due timer or a pending \
         message goes first is the browser's choice (task sources may be prioritised), and a 0 ms timer is not \
         immediate — nested timers are clamped to 4 ms.",
        "**Rendering:** the browser renders when a frame is due (about every 16.7 ms at 60 Hz), not after every task; \
         `requestAnimationFrame` callbacks run right before it, and one requested inside another waits for the next \
         frame.",
    ],
    try_next: &[
        "Step through “await against then” and watch the continuation and the then callbacks take turns in the \
         microtask queue.",
        "Set the microtask chain to 20: the 0 ms timer still waits for every link.",
        "Give the timers a 20 ms delay in “setInterval and animation frames”: frames now come between ticks.",
    ],
    why_seed: "From the essay: 브라우저 런타임에서의 동시성 (concurrency in the browser runtime), and event-loop 모델 \
               (the event-loop model).",
};

const GO_SCHEDULER: GoSchedulerMessages = GoSchedulerMessages {
    badge_sim: "Simulation",
    mode_sim: " Interleave's G/M/P scheduler in its deterministic simulator: virtual time, every choice decided by \
               the seed, run in a Web Worker. The same scheduler code runs natively on OS threads; real runs on \
               Web Workers are not in the page yet.",
    controls: "Run settings",
    workload: "Workload",
    preset_uniform: "Uniform CPU-bound",
    preset_unbalanced: "Unbalanced: one goroutine spawns the rest",
    preset_syscalls: "Blocking syscalls: hand-off",
    preset_pipeline: "Channel pipeline",
    preset_fan_out_fan_in: "Fan-out, fan-in",
    preset_sleepers: "Sleepers and timers",
    preset_never_yield: "A goroutine that never yields",
    preset_yield_point: "The same, with a yield point",
    n_unused: "This program does not use N, so the N control changes nothing.",
    seed: "Seed",
    seed_help: "The simulator's seed decides every choice it makes (which idle M steals from which P, …): the same \
                program, GOMAXPROCS and seed always give the same timeline. Another seed shows another interleaving.",
    seed_bad: "The seed must be a whole number from 0 to 18446744073709551615.",
    next_seed: "Next seed",
    run: "Run",
    running: "Simulating…",
    starting: "Starting the simulator…",
    progress: |events, time| format!("{events} scheduler events, {time} of virtual time"),
    program: "Program (a tiny Go: go, chan, select, work, sleep, syscall, yield, WaitGroup)",
    revert: "Back to the preset",
    program_ok: |gs| format!("Ready: at most {gs} goroutines."),
    parse_error: |line, column, message| format!("Line {line}, column {column}: {message}"),
    link_program_damaged: "The link's program is damaged or too long to read; the preset is shown instead.",
    too_long_to_share: "This program is too long to travel in a link: a shared link carries the preset instead.",
    no_run: "Press Run to see the scheduler at work.",
    results_title: |procs, seed| format!("Simulated run — GOMAXPROCS {procs}, seed {seed}"),
    end_finished: "main returned",
    end_deadlock: "deadlock",
    end_failed: "run error",
    left_behind: |n| format!(
        "main returned while {n} goroutine{} still existed: as in Go, they were abandoned, not waited for.",
        if n == 1 { "" } else { "s" }
    ),
    deadlock_explained: "Every goroutine was blocked with nothing left that could wake one (Go's “all goroutines are \
                         asleep — deadlock!”). Each waits here:",
    blocked_at: |g, line, column| format!("G{g} at line {line}, column {column}"),
    run_error: |line, column, message| format!("The program failed at line {line}, column {column}: {message}"),
    announce_done: |how, duration, steals| format!("Run ended: {how}, {duration} of virtual time, {steals} steals."),
    stat_duration: "Virtual time",
    stat_goroutines: "Goroutines created",
    stat_steals: "Steals",
    stat_handoffs: "P hand-offs",
    stat_ms: "Ms (threads)",
    stat_syscalls: "Syscalls",
    stat_yields: "Yields",
    stat_global_max: "Longest global queue",
    timeline_label: |procs, duration, gs, steals, handoffs| format!(
        "Timeline of the run: {procs} P lanes and one lane per M over {duration}; {gs} goroutines created, {steals} \
         steals, {handoffs} hand-offs. The numbers per P are in the table below; the scrubbed time is described \
         under the timeline."
    ),
    timeline_keys: "Wheel or pinch, or W / S: zoom. Drag, or A / D: pan. Click, tap, ← / → (Shift: bigger steps), \
                    Home / End: scrub. 0: whole run. Esc: clear.",
    counter_runnable: "Runnable",
    counter_global: "Global queue",
    counter_local: "Queue",
    legend: "Markers",
    legend_slices: "Bars: a goroutine running on a P (and on its M); outlined bars on an M lane: the M blocked in a \
                    syscall. Each goroutine keeps its colour.",
    mark_steal: "steal",
    mark_handoff: "P handed off",
    mark_syscall_begin: "syscall begins",
    mark_syscall_end: "syscall returns",
    mark_spawn: "M started",
    mark_park: "M parked",
    mark_unpark: "M woken",
    slice_run: "running",
    slice_syscall: "in a syscall",
    ended_end: "it ended",
    ended_yield: "it yielded",
    ended_block: "it blocked",
    ended_syscall: "it entered a syscall",
    ended_proc_stop: "its P stopped",
    ended_syscall_return: "the syscall returned",
    ended_trace_end: "the run ended",
    hover_slice: |what, g, p, m, at, duration, how| format!("G{g} {what} on P{p}, M{m}: from {at} for {duration}; then {how}."),
    hover_merged: |count, at, span, busy, dominant| format!(
        "{count} short runs from {at} over {span} ({busy} busy), mostly G{dominant}. Zoom in to tell them apart."
    ),
    hover_marks: |what, at, count| format!("{what} — {at} (and {count} of these within a pixel)"),
    hover_steal: |victim, n, runnext| if runnext {
        format!("stole P{victim}'s runnext goroutine")
    } else {
        format!("stole {n} goroutine{} from P{victim}", if n == 1 { "" } else { "s" })
    },
    hover_handoff: |from| format!("P taken from M{from}, blocked in a syscall, and handed to another M"),
    hover_syscall_begin: |g| format!("G{g} enters a blocking syscall"),
    hover_syscall_end: |g, kept_p| if kept_p {
        format!("G{g}'s syscall returned; its M still had its P")
    } else {
        format!("G{g}'s syscall returned; its P had been handed off")
    },
    hover_spawn: |p| format!("M started to run P{p}"),
    hover_unpark: |p| format!("M woken and handed P{p}"),
    queues_title: "Run queues at this moment",
    queue_holds: |n| format!("{n} goroutines, next to run first"),
    queue_more: |n| format!("+{n} more"),
    queue_empty: "empty",
    local_queue: "local queue",
    runs_g: |g| format!("runs G{g}"),
    p_status_idle: "idle",
    p_status_handed: "handed to an M",
    p_status_running: "running",
    p_status_syscall: "left in a syscall",
    ms_title: "Ms (threads)",
    m_idle: "between goroutines",
    m_spinning: "spinning: looking for work",
    m_running: "running",
    m_parked: "parked",
    m_syscall: "blocked in a syscall",
    step_back_event: "◀ Previous event",
    step_forward_event: "Next event ▶",
    play: "Play",
    pause: "Pause",
    speed: "Speed",
    speed_slow: "whole run in 30 s",
    speed_normal: "whole run in 10 s",
    speed_fast: "whole run in 3 s",
    scrub_hint: "Click or tap the timeline (or focus it and use ← / →) to see what every P runs at that moment and \
                 which statement each goroutine is at.",
    at_time: |time| format!("At {time}"),
    p_runs: |p, g| format!("P{p} runs G{g}"),
    p_idle: |p| format!("P{p} idle"),
    queues_at: |runnable, global| format!("{runnable} runnable, {global} in the global queue"),
    program_changed: "The program was edited after this run: the marks below are for the program that ran.",
    table_caption: "Per P over the whole run",
    col_busy: "Busy",
    col_gs_run: "Goroutine runs",
    col_steals: "Steals",
    col_stolen: "Goroutines stolen",
    col_handoffs: "Hand-offs",
    col_max_local: "Longest local queue",
    anomalies: |n| format!("The timeline repaired {n} inconsistencies in the trace; please report this program."),
    why: &[
        "Go multiplexes many goroutines (**G**) onto a few OS threads (**M**, machine) through **P**s (processors): an \
         M must hold a P to run Go code, and there are `GOMAXPROCS` Ps (by default, since Go 1.5, one per CPU). Each P \
         has a local run queue of up to 256 goroutines plus a `runnext` slot; a **global queue** takes the overflow. \
         A goroutine started with `go` goes into its creator's `runnext`, so a producer and the consumer it wakes \
         tend to stay on one P.",
        "A P that runs out of work looks in the global queue, then **steals half** of a random other P's queue: the \
         unbalanced preset shows one P filling up and the others taking from it.",
        "A goroutine that blocks on a channel, a `WaitGroup` or `sleep` just parks: its M picks the next goroutine, \
         no thread blocks. A **blocking syscall** is different: the M itself is stuck in the kernel, so the P is \
         **handed off** to another M (started if none is idle) and goroutines keep running. That is why a Go program \
         can have more Ms than Ps — the syscalls preset shows the extra M lanes. (The seed essay's picture has this \
         the other way round: the blocked goroutine stays with its M; it is the P that moves.)",
        "Goroutines here are stackless futures, so they switch only at a channel operation, `sleep`, `syscall`, \
         `yield()` or the end — like Go before 1.14. The never-yield preset shows the cost: a goroutine in a tight \
         loop keeps its P and everything queued behind it waits. Since Go 1.14 the runtime also **preempts \
         asynchronously** (sysmon signals a goroutine that has run for about 10 ms), which this simulator does not \
         model; the yield-point preset shows what a yield in the loop changes.",
    ],
    differences_title: "Where this scheduler differs from Go's",
    differences: &[
        "**No preemption.** A goroutine gives up its P only when it blocks or yields; Go also preempts one that \
         has run for 10 ms (asynchronously since Go 1.14). The never-yield preset shows what that leaves out.",
        "**No needspinning** (Go 1.21): when every P is busy, new work waits in its P's queue until that P, or \
         an M about to park, finds it.",
        "**Retake measures the syscall** (20 µs since it began) instead of two sysmon ticks in a row: a hand-off \
         comes a little earlier and more regularly than Go's.",
        "**Running out of Ms is not fatal** (Go dies past 10,000): the work waits for a free M, and a refused M \
         shows in the trace.",
    ],
    language_title: "The program language",
    language: "A program is a tiny Go: `ch := chan(0)` (unbuffered; `chan(4)` buffered), `ch <- v`, `v := <-ch`, \
               `select { case … }`, `go { … }`, `var wg WaitGroup` with `wg.add(n)`, `wg.done()`, `wg.wait()`, \
               `for i in 0..n { … }`, and `work(µs)` (CPU without a yield point), `sleep(µs)`, `syscall(µs)` (a \
               blocking call) and `yield()`. Errors point at a line and column; everything is bounded before it runs.",
    try_next: &[
        "Unbalanced, GOMAXPROCS 4: find the **steal** markers and the queue of the spawning goroutine's P draining.",
        "Blocking syscalls: count the M lanes and the **hand-off** markers; then set GOMAXPROCS to 1.",
        "Never yields vs yield point, GOMAXPROCS 1: how long does the other goroutine wait for its P?",
        "Change the seed: steals and queue lengths change, the answer of the program does not.",
        "Delete a `wg.done()` and run: the simulator reports the deadlock and where each goroutine waits.",
    ],
    why_seed: "From the essay: golang의 goroutine (Go's goroutines) — what a goroutine is, why it is cheap, its M:N \
               thread model and the Go runtime's scheduling (G, M, P and the run queues).",
};

const RACE: RaceMessages = RaceMessages {
    badge_sim: "Simulation",
    mode_sim: " The threads here are a model: you choose which one runs its next instruction, or a seeded \
               random schedule does. Runs on real threads sharing one memory come later.",
    controls: "Race settings",
    variant: "How the increment is written",
    variant_plain: "Plain: load, add, store",
    variant_atomic: "Atomic fetch_add",
    variant_mutex: "Mutex (parking)",
    variant_spinlock: "Spinlock",
    note_unreadable: |why| format!("The link's schedule could not be read ({why}), so step mode starts from the beginning."),
    note_refused: |why| format!("The link's schedule does not fit this race ({why}), so step mode starts from the beginning."),
    step_title: "Step through it",
    stepper_label: "Step mode: the threads, the shared counter and the steps",
    keys_hint: "With this area focused: a digit 0–7 steps that thread; Backspace or Z undoes the last step.",
    counter: "Shared counter",
    expected: "Expected",
    lost: "Lost updates",
    thread_title: |thread| format!("Thread {thread}"),
    holds_lock: "holds the lock",
    program: "Its program for one increment",
    op_load: "r = counter",
    op_add: "r = r + 1",
    op_store: "counter = r",
    op_fetch_add: "counter.fetch_add(1)",
    op_lock: "mutex.lock()",
    op_try_lock: "while !try_lock() {}",
    op_unlock: "unlock()",
    register: "Register r:",
    thread_finished: "Finished.",
    thread_parked: "Parked: waits for the mutex's unlock.",
    thread_progress: |increment, of| format!("Increment {increment} of {of}."),
    step_thread: |thread| format!("Step thread {thread}"),
    undo: "Undo",
    reset: "Start over",
    find: "Find a losing interleaving",
    ev_loaded: |value| format!("loaded {value}"),
    ev_added: |value| format!("added one: r = {value}"),
    ev_stored: |value, was| format!("stored {value} (the counter was {was})"),
    ev_fetch_added: |value| format!("fetch_add: the counter is now {value}"),
    ev_acquired: "took the lock",
    ev_parked: "found the mutex held and parked",
    ev_spun: "found the spinlock held and spun",
    ev_released: "released the lock",
    ev_released_woke: |thread| format!("released the lock and woke thread {thread}"),
    log_title: "Steps so far",
    log_empty: "No step yet: press a thread's button (or its digit).",
    log_line: |thread, what| format!("Thread {thread} {what}"),
    role_stale_load: "stale load",
    role_overwritten: "update lost",
    role_overwriting: "overwrites it",
    lost_title: "Where an update was lost",
    lost_explained: |[load, victim_at, store], loader, loaded, victim, victim_stored, stored| {
        format!(
            "Steps {load}, {victim_at} and {store}: thread {loader} loaded {loaded}, thread {victim} stored {victim_stored}, \
             thread {loader} stored {stored}: thread {victim}'s update is lost."
        )
    },
    final_ok: |count| format!("Every thread has finished and the counter is {count}, as expected: no update was lost."),
    final_lost: |count, expected, lost| {
        format!("Every thread has finished: the counter is {count}, not {expected}. {lost} update(s) were lost.")
    },
    found_losing: |prefix, steps, final_count| {
        format!(
            "Found: after {prefix} steps an update is already lost (no shorter schedule loses one). The schedule \
             then finishes in {steps} steps with the counter at {final_count}. It is replayed above; undo to walk back through it."
        )
    },
    found_never: |states| {
        format!("No schedule loses an update here: every one of the {states} reachable states was checked. Nothing can come between the read and the write.")
    },
    found_gave_up: |states| {
        format!("No losing schedule among the first {states} states; the search stopped there. Fewer threads or increments let it check them all.")
    },
    refused_no_thread: |thread| format!("There is no thread {thread} in this race."),
    refused_finished: |thread| format!("Thread {thread} has finished."),
    refused_parked: |thread| format!("Thread {thread} is parked until the mutex is unlocked."),
    refused_too_many: |max| format!("A schedule has at most {max} steps."),
    announce_step: |thread, what, counter| format!("Thread {thread} {what}. Counter: {counter}."),
    announce_undone: |step, thread, counter| format!("Undid step {step} (thread {thread}). Counter: {counter}."),
    announce_reset: "Back at the start: counter 0.",
    sim_title: "Simulated run of many increments",
    sim_help: "Every thread makes the increments set above; at every step a random runnable thread (chosen by \
               the seed) runs its next instruction. That interleaves far more often than real threads do, so it \
               shows that updates get lost, not how many a real machine would lose.",
    seed: "Seed",
    seed_help: "The same threads, increments and seed always give the same schedule and the same counts.",
    seed_bad: "The seed is a whole number from 0 to 18446744073709551615.",
    next_seed: "Next seed",
    simulate: "Simulate every variant",
    simulating: "Simulating…",
    no_sim: "No simulated run yet.",
    sim_caption: |threads, increments, seed| format!("{threads} threads × {increments} increments, seed {seed}"),
    col_variant: "Variant",
    col_final: "Final count",
    col_spins: "Spins",
    col_parks: "Parks",
    why: &[
        "`counter += 1` is three instructions: **load** the counter into a register, **add** one, **store** it \
         back. When another thread stores between a thread's load and its store, the second store writes a value \
         computed from an old read and wipes out the other thread's update: a **lost update**.",
        "An **atomic** `fetch_add` reads and writes in one indivisible step, so nothing can come between them. \
         A **mutex** or a **spinlock** makes the three instructions a critical section: only the holder runs \
         them. A parked thread cannot run until the unlock wakes it; a spinning thread keeps using its turns.",
        "The search tries interleavings breadth-first, merging those that reach the same state, so the first loss \
         it finds is the shortest one. For the protected variants it checks every reachable state and finds none.",
    ],
    try_next: &[
        "Step thread 0 once (its load), then run thread 1 to the end, then finish thread 0: the counter ends at 1.",
        "Switch to the spinlock, take the lock with thread 0 and step thread 1: it spins and gets nowhere.",
        "Simulate with 8 threads: the plain counter can end far below the expected value.",
    ],
    why_seed: "From the essay: 공유 자원 문제 (the shared-resource problem) — race conditions, atomics, mutexes and spinlocks.",
};
