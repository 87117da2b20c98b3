//! The keys: every string the page shows, one field each. `en.rs` and `ko.rs` give each a value.
//! A field of function type is a string with slots; its parameter names say what fills them.

/// Declares a catalog struct and the list of its keys (for the test that every key is used).
macro_rules! catalog {
    ($(#[$doc:meta])* $name:ident { $($(#[$m:meta])* $key:ident: $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            $($(#[$m])* pub $key: $ty,)*
        }

        impl $name {
            /// Every key, for the test that each is read somewhere.
            #[cfg(test)]
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];
        }
    };
}

catalog! {
    /// The whole page's strings, with each experiment page's own in a struct of its own.
    Messages {
        /// The document's `<title>`.
        document_title: &'static str,
        /// The switcher's label.
        language: &'static str,
        tagline: &'static str,
        nav_experiments: &'static str,
        nav_diagnostics: &'static str,
        footer: &'static str,

        // The status strip.
        status_label: &'static str,
        tier: fn(number: u8, name: &str) -> String,
        tier_threads: &'static str,
        tier_workers: &'static str,
        tier_replay: &'static str,
        fact_isolated: &'static str,
        fact_shared_memory: &'static str,
        fact_cores: &'static str,
        fact_engine: &'static str,
        yes: &'static str,
        no: &'static str,
        still_works: &'static str,
        open_in_new_tab: &'static str,
        engine_stopped: &'static str,
        details: &'static str,
        restart_engine: &'static str,
        works_threads: &'static str,
        works_workers: &'static str,
        works_replay: &'static str,
        missing_workers: &'static str,
        missing_replay: &'static str,
        fix_workers_embedded: &'static str,
        fix_workers_served: &'static str,
        fix_replay: &'static str,

        // The engine's state, in the strip and on the diagnostics page.
        engine_ready_short: fn(threads: u32) -> String,
        engine_off_short: &'static str,
        engine_not_started: &'static str,
        engine_unavailable: &'static str,
        engine_starting: &'static str,
        engine_ready: fn(threads: u32, version: &str) -> String,
        engine_failed: fn(why: &str) -> String,
        engine_crashed: fn(why: &str) -> String,

        // The catalog page.
        catalog_title: &'static str,
        catalog_intro: &'static str,
        needs_shared_memory_off: &'static str,
        needs_shared_memory_on: &'static str,
        from_the_essay: &'static str,

        // Routes that name nothing.
        not_found_title: &'static str,
        not_found_text: &'static str,
        see_every_experiment: &'static str,
        unknown_experiment_title: &'static str,
        unknown_experiment: fn(id: &str) -> String,

        // The diagnostics page.
        diagnostics_title: &'static str,
        diag_tier: &'static str,
        diag_shared_array_buffer: &'static str,
        diag_workers: &'static str,
        diag_embedded: &'static str,
        diag_engine: &'static str,
        crash_title: &'static str,
        crash_text: &'static str,
        crash_button: &'static str,

        // Parameter controls and their refusals (values as the fields accept them).
        param_unknown: fn(key: &str) -> String,
        param_not_a_number: fn(label: &str, text: &str) -> String,
        param_not_an_integer: fn(label: &str, value: &str) -> String,
        param_out_of_range: fn(label: &str, min: &str, max: &str, value: &str) -> String,
        param_not_an_option: fn(label: &str, options: &str, value: &str) -> String,
        progress: fn(done: &str, total: &str, unit: &str) -> String,
        /// The progress bar's name.
        progress_label: &'static str,
        /// The fold under a chart with its numbers as a table.
        data_table: &'static str,

        // Runs, shared by every experiment page.
        stopped_notice: &'static str,
        run_failed: fn(why: &str) -> String,
        stop: &'static str,
        stopping: &'static str,
        clear_results: &'static str,
        results: &'static str,
        parameters: &'static str,
        real_run: &'static str,
        why: &'static str,
        try_next: &'static str,

        // Share links, replays, embeds.
        share_label: &'static str,
        share_link: &'static str,
        share_link_title: &'static str,
        share_results: &'static str,
        share_results_title: &'static str,
        embed: &'static str,
        embed_title: &'static str,
        open_in_interleave: &'static str,
        the_link: &'static str,
        the_link_with_results: &'static str,
        copied: fn(what: &str) -> String,
        copy_by_hand: fn(why: &str, what: &str) -> String,
        copy_field: fn(what: &str) -> String,
        cannot_share_results: fn(why: &str) -> String,
        no_results_to_share: &'static str,
        embed_html_label: &'static str,
        /// The Markdown snippet's link text.
        embed_run_it: fn(title: &str) -> String,
        embed_markdown_label: &'static str,
        link_notices_title: &'static str,
        notice_too_long: fn(len: &str, max: &str) -> String,
        notice_twice: fn(key: &str) -> String,
        notice_bad_param: fn(error: &str, default: &str) -> String,
        notice_bad_view: fn(value: &str, key: &str, allowed: &str, default: &str) -> String,
        notice_newer: fn(version: u32, current: u32) -> String,
        notice_bad_version: fn(text: &str, current: u32) -> String,
        notice_bad_lang: fn(text: &str) -> String,
        notice_not_simulated: fn(key: &str) -> String,
        notice_bad_mode: fn(text: &str) -> String,
        notice_bad_seed: fn(text: &str) -> String,
        notice_results_too_long: fn(len: &str, max: &str) -> String,
        notice_results_damaged: &'static str,
        notice_unknown_key: fn(key: &str) -> String,
        dismiss: &'static str,
        replay_badge: &'static str,
        replay_before: &'static str,
        replay_source: fn(browser: &str, engine: &str, tier: &str) -> String,
        replay_after: &'static str,
        replay_ignored: fn(why: &str) -> String,

        // Downloads.
        download_group: &'static str,
        download: &'static str,
        export_failed: fn(why: &str) -> String,
        export_csv_title: &'static str,
        export_svg_title: &'static str,
        export_png_title: &'static str,
        export_canvas_title: &'static str,
        /// The two PNG buttons' labels, told apart when a page has a chart and a picture.
        export_chart_png: &'static str,
        export_picture_png: &'static str,
        export_trace: &'static str,
        export_trace_title: &'static str,

        /// The parallel-speedup page.
        speedup: SpeedupMessages,
        /// The event-loop page.
        event_loop: EventLoopMessages,
        /// The task-queues page.
        task_queues: TaskQueuesMessages,
    }
}

catalog! {
    /// The task-queues page's own strings.
    TaskQueuesMessages {
        mode: &'static str,
        scenario: &'static str,
        preset_classic: &'static str,
        preset_await_vs_then: &'static str,
        preset_microtasks_in_tasks: &'static str,
        preset_microtask_chain: &'static str,
        preset_interval_and_frames: &'static str,
        run: &'static str,
        running: &'static str,
        code_caption: &'static str,
        measured: fn(scenario: &str) -> String,
        spec_ok: &'static str,
        spec_bad: fn(why: &str) -> String,
        log_title: &'static str,
        line_title: &'static str,
        queue_script: &'static str,
        queue_microtask: &'static str,
        queue_timer: &'static str,
        queue_message: &'static str,
        queue_frame: &'static str,
        diagram_label: &'static str,
        first_step: &'static str,
        step_back: &'static str,
        step_forward: &'static str,
        last_step: &'static str,
        step_count: fn(at: usize, of: usize) -> String,
        lane_stack: &'static str,
        lane_microtasks: &'static str,
        lane_tasks: &'static str,
        lane_frames: &'static str,
        empty: &'static str,
        keys_hint: &'static str,
        cut_short: &'static str,
        no_run: &'static str,
        scheduled_script: fn(label: &str) -> String,
        scheduled_microtask: fn(label: &str) -> String,
        scheduled_timer: fn(label: &str) -> String,
        scheduled_message: fn(label: &str) -> String,
        scheduled_frame: fn(label: &str) -> String,
        started_script: fn(label: &str) -> String,
        started_checkpoint: fn(label: &str) -> String,
        started_microtask: fn(label: &str) -> String,
        started_timer: fn(label: &str) -> String,
        started_message: fn(label: &str) -> String,
        started_frame: fn(label: &str) -> String,
        returned_empty: fn(label: &str) -> String,
        returned_busy: fn(label: &str) -> String,
        logged: fn(label: &str) -> String,
        why: &'static [&'static str],
        try_next: &'static [&'static str],
        why_seed: &'static str,
    }
}

catalog! {
    /// The event-loop page's own strings.
    EventLoopMessages {
        mode: &'static str,
        controls_label: &'static str,
        unit_time: fn(unit_ms: &str, units: &str, seconds: &str) -> String,
        unit_time_failed: &'static str,
        unit_time_measuring: &'static str,
        run_one: &'static str,
        run_all: fn(n: usize) -> String,
        stop_title: &'static str,
        stop_blocking_title: &'static str,
        units: &'static str,
        collecting: &'static str,
        then_more: fn(n: usize) -> String,
        running_blocking: &'static str,
        running_worker: &'static str,
        running_chunked: fn(variant: &str) -> String,
        /// Announced when a run ends.
        finished: fn(variant: &str, ms: &str, block: &str) -> String,
        variant_blocking: &'static str,
        variant_timeout: &'static str,
        variant_message_channel: &'static str,
        variant_scheduler_yield: &'static str,
        variant_worker: &'static str,
        describe_blocking: &'static str,
        describe_timeout: &'static str,
        describe_message_channel: &'static str,
        describe_scheduler_yield: &'static str,
        describe_worker: &'static str,
        no_scheduler_yield: &'static str,
        worker_off: &'static str,
        worker_state: fn(state: &str) -> String,
        meter_label: &'static str,
        meter_title: &'static str,
        live: &'static str,
        strip_label: &'static str,
        /// The strip's summary for screen readers: the last run, or none yet.
        strip_summary: fn(variant: &str, frame: &str, dropped: &str, block: &str) -> String,
        strip_idle: &'static str,
        /// Said instead of the moving balls when the system asks for reduced motion.
        still: &'static str,
        legend_frame: &'static str,
        legend_missed: &'static str,
        legend_lag: fn(every_ms: &str) -> String,
        legend_long_task: &'static str,
        legend_long_task_unsupported: &'static str,
        ball_main: &'static str,
        ball_compositor: &'static str,
        type_here: &'static str,
        typing_placeholder: &'static str,
        checksums_agree: &'static str,
        checksums_differ: &'static str,
        no_runs: &'static str,
        col_variant: &'static str,
        col_job: &'static str,
        col_total: &'static str,
        col_vs_blocking: &'static str,
        col_vs_blocking_title: &'static str,
        col_block: &'static str,
        col_block_title: &'static str,
        col_frame: &'static str,
        col_frame_title: &'static str,
        col_dropped: &'static str,
        col_input: &'static str,
        col_input_title: &'static str,
        col_lag: &'static str,
        col_lag_title: &'static str,
        col_long_tasks: &'static str,
        col_yields: &'static str,
        cell_job: fn(units: &str) -> String,
        cell_job_chunked: fn(units: &str, chunk: &str) -> String,
        witness: fn(what: &str) -> String,
        witness_own_work: &'static str,
        witness_long_task: &'static str,
        inputs: fn(n: &str) -> String,
        no_input: &'static str,
        not_reported: &'static str,
        footnote_before_j: &'static str,
        footnote_after_j: &'static str,
        footnote_after_l: fn(frame_ms: &str) -> String,
        why: &'static [&'static str],
        try_next: &'static [&'static str],
        why_seed: &'static str,
    }
}

catalog! {
    /// The parallel-speedup page's own strings.
    SpeedupMessages {
        badge_engine: &'static str,
        mode_engine: fn(pool: u32) -> String,
        badge_messages: &'static str,
        mode_messages: fn(pool: u32) -> String,
        run_with: &'static str,
        via_engine: &'static str,
        via_messages: &'static str,
        via_engine_note: &'static str,
        via_engine_note_off: &'static str,
        via_messages_note: &'static str,
        thread: &'static str,
        threads: &'static str,
        worker: &'static str,
        workers: &'static str,
        draw_rows: &'static str,
        draw_rows_title: &'static str,
        run_on: fn(n: u32, unit: &str) -> String,
        sweep: fn(pool: u32) -> String,
        sweep_title: &'static str,
        rows: &'static str,
        running_on: fn(n: u32, unit: &str) -> String,
        /// Announced when a run ends (then `finished_speedup` if there is a 1-thread baseline).
        finished: fn(n: u32, unit: &str, ms: &str) -> String,
        finished_speedup: fn(speedup: &str) -> String,
        then_more: fn(n: usize) -> String,
        canvas_label: &'static str,
        canvas_caption: &'static str,
        chart_label: &'static str,
        /// The chart's text alternative after `chart_label`: what was measured, what Amdahl predicts.
        chart_measured: fn(points: &str) -> String,
        chart_not_measured: &'static str,
        chart_prediction: fn(s: &str, max: u32, amdahl: &str) -> String,
        axis_threads: &'static str,
        point: fn(threads: u32, speedup: &str) -> String,
        legend_measured: &'static str,
        legend_amdahl: fn(s: &str) -> String,
        legend_ideal: &'static str,
        checksums_agree: &'static str,
        checksums_differ: &'static str,
        no_runs: &'static str,
        col_mode: &'static str,
        col_threads: &'static str,
        col_size: &'static str,
        col_serial: &'static str,
        col_time: &'static str,
        col_serial_phase: &'static str,
        col_speedup: &'static str,
        col_efficiency: &'static str,
        col_amdahl: &'static str,
        col_checksum: &'static str,
        cell_engine: &'static str,
        cell_messages: &'static str,
        cell_size: fn(size: &str, iterations: &str) -> String,
        startup: fn(ms: &str) -> String,
        notice_engine_off: &'static str,
        notice_starting: &'static str,
        notice_not_running: fn(why: &str) -> String,
        /// "Why", one paragraph each (marks: `**strong**`, `` `code` ``).
        why: &'static [&'static str],
        /// The paragraph on running without shared memory.
        why_messages: &'static str,
        /// After it: Amdahl's law, and measuring.
        why_more: &'static [&'static str],
        try_next: &'static [&'static str],
        why_seed: &'static str,
    }
}
