//! English. Experiments' titles, questions and parameter words are in their specs
//! (`interleave-experiments`); everything else the page says is here.

use super::{Messages, SpeedupMessages};

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
    engine_not_started: "not started",
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
    embed_markdown_label: "Markdown (the iframe line works where the renderer allows HTML; the link everywhere)",
    link_notices_title: "Some of this link's settings were not used; defaults stand in for them:",
    dismiss: "Dismiss",
    replay_badge: "Replay",
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
    export_trace: "Trace (JSON)",
    export_trace_title: "The trace as Chrome Trace Event JSON: open it in Perfetto (ui.perfetto.dev) or \
                         chrome://tracing",

    speedup: SPEEDUP,
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
    then_more: |n| format!(" then {n} more"),
    canvas_label: "The Mandelbrot image, drawn row by row as threads finish rows",
    canvas_caption: "Rows appear as the threads finish them; serial rows come first.",
    chart_label: "Measured speedup against threads, with Amdahl's prediction",
    axis_threads: "threads",
    point: |t, s| format!("{t} threads: {s}×"),
    legend_measured: "measured",
    legend_amdahl: |s| format!("Amdahl, s = {s}"),
    legend_ideal: "ideal (k×)",
    checksums_agree: "✓ same image for every thread count",
    checksums_differ: "✗ images differ",
    no_runs: "No runs yet. Run on 1 thread first: it is the baseline every speedup is measured against.",
    col_mode: "mode",
    col_threads: "threads",
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
                   something the threads do not pay: every finished row travels back to the page as a message (its \
                   pixels are transferred, not copied, but each message is still a task on the page's busy thread); \
                   there is no shared queue of rows, so each worker is dealt its rows up front and one that falls \
                   behind cannot be helped by the others; and every run starts its workers and their WebAssembly \
                   afresh (shown in the table, not timed). Shared memory would let the workers take rows from one \
                   atomic counter as they finish, write them where the page can read them with no message per row, \
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
