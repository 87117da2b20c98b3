//! 한국어. 직역하지 않고, 한국 개발자가 쓰는 말로 쓴다: 스레드, 워커, 공유 메모리, 이벤트 루프,
//! 마이크로태스크처럼 굳어진 용어는 그대로 쓰고, API와 헤더 이름(SharedArrayBuffer,
//! Cross-Origin-Opener-Policy, setTimeout)은 영어로 둔다. 문장은 합니다체, 버튼과 표 제목은 짧은
//! 명사형.
//!
//! Experiments' own words (title, question, parameters) are in [`EXPERIMENTS`], one entry per
//! experiment in `interleave_experiments::CATALOG`; a native test checks that they match.

use interleave_experiments::{event_loop, go_scheduler, race, speedup, task_queues};

use super::{
    EventLoopMessages, ExperimentText, GoSchedulerMessages, Messages, ParamText, RaceMessages, SpeedupMessages,
    TaskQueuesMessages, Translated,
};

pub const KO: Messages = Messages {
    document_title: "Interleave — 브라우저 속 동시성 실험실",
    language: "언어",
    tagline: "브라우저에서 돌려 보는 동시성 실험실",
    nav_experiments: "실험 목록",
    nav_diagnostics: "진단",
    footer: "Interleave — 모든 실행은 이 기기에서 일어나며, 어디로도 데이터를 보내지 않습니다.",

    status_label: "이 브라우저가 페이지에 허용하는 것",
    tier: |n, name| format!("티어 {n} — {name}"),
    tier_threads: "스레드",
    tier_workers: "워커, 공유 메모리 없음",
    tier_replay: "재생",
    fact_isolated: "cross-origin isolated: ",
    fact_shared_memory: "SharedArrayBuffer: ",
    fact_cores: "하드웨어 스레드: ",
    fact_engine: "엔진: ",
    yes: "예",
    no: "아니요",
    still_works: "여기서도 되는 것: ",
    open_in_new_tab: "새 탭에서 열기 ↗",
    engine_stopped: "엔진이 멈췄습니다: ",
    details: "자세히",
    restart_engine: "엔진 재시작",
    works_threads: "전부 됩니다. 실제 스레드가 메모리를 공유하므로 실험이 이 기기에서 병렬로 돌아갑니다.",
    works_workers: "페이지와 설명, 그리고 워커끼리 메시지를 주고받는 실험.",
    works_replay: "읽기, 그리고 다른 곳에서 기록한 결과 보기.",
    missing_workers: "이 페이지가 cross-origin isolated 상태가 아니어서 공유 메모리(SharedArrayBuffer)가 꺼져 \
                      있습니다. 그래서 메모리를 공유하는 스레드가 필요한 실험은 여기서 돌릴 수 없습니다.",
    missing_replay: "이 브라우저는 Web Worker를 지원하지 않아서 여기서는 아무것도 실행할 수 없습니다.",
    fix_workers_embedded: "이 페이지는 격리되지 않은 다른 페이지 안에 임베드되어 있고, iframe은 자기 헤더만으로 \
                           격리될 수 없습니다. 새 탭에서 여세요.",
    fix_workers_served: "서버가 Cross-Origin-Opener-Policy: same-origin과 Cross-Origin-Embedder-Policy: \
                         require-corp 헤더를 보내야 합니다. README의 명령으로 띄우거나, 그렇게 서빙되는 곳에서 \
                         여세요.",
    fix_replay: "최신 데스크톱이나 모바일 브라우저에서 여세요.",

    engine_ready_short: |n| format!("준비됨, 스레드 {n}개"),
    engine_off_short: "사용 불가",
    engine_not_started: "필요한 실험을 열면 시작",
    engine_unavailable: "사용 불가: 이 페이지에는 공유 메모리가 없습니다",
    engine_starting: "시작하는 중…",
    engine_ready: |n, version| format!("준비됨: 스레드 {n}개 (엔진 {version})"),
    engine_failed: |why| format!("시작 실패: {why}"),
    engine_crashed: |why| format!("크래시: {why}"),

    catalog_title: "실험 목록",
    catalog_intro: "실험마다 동시성에 관한 질문 하나에 답합니다. 시뮬레이션이 아니라 이 기기에서 실제로 돌려서요. \
                    하나 골라서 값을 바꿔 보고 실행을 누르세요.",
    needs_shared_memory_off: "공유 메모리 필요 — 여기서는 쓸 수 없음",
    needs_shared_memory_on: "공유 메모리 위의 실제 스레드",
    from_the_essay: "원문: ",

    not_found_title: "페이지가 없습니다",
    not_found_text: "이 주소는 Interleave의 어떤 페이지도 가리키지 않습니다. ",
    see_every_experiment: "전체 실험 보기",
    build_loading: "이 실험을 불러오는 중…",
    build_missing: "이 Interleave 배포본에는 이 실험의 페이지가 없습니다 (배포가 잘못됨). 새로고침하거나 실험 목록을 열어 보세요.",
    unknown_experiment_title: "없는 실험",
    unknown_experiment: |id| format!("“{id}”라는 실험은 없습니다. "),

    diagnostics_title: "진단",
    diag_tier: "티어",
    diag_shared_array_buffer: "SharedArrayBuffer 정의됨",
    diag_workers: "Web Worker",
    diag_embedded: "다른 페이지에 임베드됨",
    diag_engine: "엔진",
    crash_title: "엔진 크래시 테스트",
    crash_text: "엔진의 풀 스레드 하나에서 panic을 일으킵니다. 페이지는 panic 메시지를 보여 주고 재시작을 \
                 제안해야 하며, 나머지 부분은 계속 동작해야 합니다.",
    crash_button: "엔진에서 panic 일으키기",

    param_unknown: |key| format!("알 수 없는 파라미터 \"{key}\""),
    param_not_a_number: |label, text| format!("{label}: “{text}”는 숫자가 아닙니다"),
    param_not_an_integer: |label, value| format!("{label}: {value}는 정수가 아닙니다"),
    param_out_of_range: |label, min, max, value| format!("{label} 값은 {min}에서 {max} 사이여야 합니다 (입력: {value})"),
    param_not_an_option: |label, options, value| format!("{label} 값은 {options} 중 하나여야 합니다 (입력: {value})"),
    progress: |done, total, unit| format!("{done} / {total}{unit}"),
    progress_label: "진행률",
    data_table: "표로 보기",

    run_failed: |why| format!("실행이 실패했습니다: {why}"),
    stopped_notice: "중지했습니다. 이번 실행은 기록되지 않았습니다. 다음 실행을 할 수 있습니다.",
    stop: "중지",
    stopping: "중지하는 중…",
    clear_results: "결과 지우기",
    results: "결과",
    parameters: "파라미터",
    real_run: "실제 실행",
    why: "왜 그럴까",
    try_next: "더 해 볼 것",

    share_label: "이 실험 공유하기",
    share_link: "링크 공유",
    share_link_title: "지금 설정 그대로 이 실험을 여는 링크를 복사합니다",
    share_results: "결과와 함께 공유",
    share_results_title: "결과 요약까지 담은 링크를 복사합니다. 링크를 연 사람은 직접 실행하기 전에 이 결과를 먼저 봅니다",
    embed: "임베드",
    embed_title: "문서 페이지에 넣을 iframe 코드를 만듭니다",
    open_in_interleave: "Interleave에서 열기 ↗",
    the_link: "링크",
    the_link_with_results: "결과를 담은 링크",
    copied: |what| format!("✓ {what}를 클립보드에 복사했습니다."),
    copy_by_hand: |why, what| format!("브라우저가 복사를 막았습니다 ({why}). 아래에서 {what}를 직접 복사하세요:"),
    copy_field: |what| what.to_string(),
    cannot_share_results: |why| format!("결과를 공유할 수 없습니다: {why}."),
    no_results_to_share: "아직 결과가 없습니다. 먼저 실험을 실행하세요",
    embed_html_label: "HTML (스크립트는 선택 사항이며, 프레임 높이를 내용에 맞춰 줍니다)",
    embed_run_it: |title| format!("{title} — Interleave에서 실행하기"),
    embed_markdown_label: "Markdown (iframe 줄은 HTML을 허용하는 렌더러에서, 링크는 어디서나 동작합니다)",
    link_notices_title: "이 링크의 설정 중 일부는 쓰지 않고 기본값으로 대신했습니다:",
    notice_too_long: |len, max| format!("링크가 너무 깁니다 ({len}자, 최대 {max}자). 링크의 설정은 모두 무시했습니다."),
    notice_twice: |key| format!("링크에 “{key}”가 두 번 나옵니다. 첫 번째 값을 썼습니다."),
    notice_bad_param: |error, default| format!("링크에서 무시함: {error}. {default}을(를) 씁니다."),
    notice_bad_view: |value, key, allowed, default| {
        format!("링크에서 무시함: “{value}”는 “{key}”에 쓸 수 있는 값({allowed})이 아닙니다. {default}을(를) 씁니다.")
    },
    notice_bad_text: |key, len, max| format!("링크에서 무시함: “{key}” 값이 손상됐거나 너무 깁니다 ({len}자, 최대 {max}자)."),
    notice_newer: |version, current| {
        format!(
            "더 새로운 Interleave에서 만든 링크입니다 (링크 버전 {version}). 버전 {current}으로 읽었기 때문에 일부 설정이 \
             빠졌을 수 있습니다."
        )
    },
    notice_bad_version: |text, current| format!("링크에서 무시함: “{text}”는 링크 버전이 아닙니다. 버전 {current}으로 읽었습니다."),
    notice_bad_lang: |text| format!("링크에서 무시함: “{text}”라는 언어는 없습니다."),
    notice_not_simulated: |key| format!("링크에서 무시함: “{key}” (이 실험에는 시뮬레이션 모드가 없습니다)."),
    notice_bad_mode: |text| format!("링크에서 무시함: “{text}”라는 모드는 없습니다 (real 또는 sim)."),
    notice_bad_seed: |text| format!("링크에서 무시함: 시드 “{text}”는 정수가 아닙니다."),
    notice_results_too_long: |len, max| format!("링크에서 무시함: 기록된 결과가 너무 깁니다 ({len}자, 최대 {max}자)."),
    notice_results_damaged: "링크에서 무시함: 기록된 결과가 손상되었습니다.",
    notice_unknown_key: |key| format!("링크에서 무시함: 알 수 없는 설정 “{key}”."),
    dismiss: "닫기",
    replay_badge: "재생",
    replay_source: |browser, engine, tier| format!("{browser} · 엔진 {engine} · 티어 {tier}"),
    replay_before: " 이 결과는 여기서 측정한 것이 아니라 다른 브라우저에서 기록한 것입니다: ",
    replay_after: ". 이 기기에서 측정하려면 실험을 실행하세요.",
    replay_ignored: |why| format!("링크에 담긴 결과는 무시했습니다: {why}."),

    download_group: "다운로드",
    download: "다운로드:",
    export_failed: |why| format!("내보내기 실패: {why}."),
    export_csv_title: "결과 표를 CSV로",
    export_svg_title: "차트를 SVG로",
    export_png_title: "차트를 PNG로",
    export_canvas_title: "그림을 PNG로",
    export_chart_png: "차트 PNG",
    export_picture_png: "그림 PNG",
    export_trace: "트레이스 (JSON)",
    export_trace_title: "Chrome Trace Event JSON 형식의 트레이스: Perfetto(ui.perfetto.dev)나 chrome://tracing에서 \
                         열 수 있습니다",

    speedup: SPEEDUP,
    event_loop: EVENT_LOOP,
    task_queues: TASK_QUEUES,
    go_scheduler: GO_SCHEDULER,
    race: RACE,
};

const SPEEDUP: SpeedupMessages = SpeedupMessages {
    badge_engine: "실제 실행 · 공유 메모리",
    mode_engine: |pool| format!(" WebAssembly 메모리 하나를 공유하는 Web Worker 최대 {pool}개 위에서 rayon이 돌아갑니다."),
    badge_messages: "실제 실행 · 메시지 패싱",
    mode_messages: |pool| {
        format!(
            " 공유 메모리 없는 일반 Web Worker 최대 {pool}개: 워커마다 맡은 행을 계산해서 이 페이지로 보내고, 페이지가 \
             그려 가며 이미지를 검증합니다."
        )
    },
    run_with: "실행 방식",
    via_engine: "메모리를 공유하는 스레드",
    via_messages: "메시지를 주고받는 워커",
    via_engine_note: " (엔진)",
    via_engine_note_off: " — 공유 메모리가 필요한데, 여기서는 꺼져 있음",
    via_messages_note: " (공유 메모리 없음)",
    thread: "스레드",
    threads: "스레드",
    worker: "워커",
    workers: "워커",
    draw_rows: " 실행 중에 행 그리기",
    draw_rows_title: "그리기도 스레드가 쓰는 바로 그 코어에서 CPU 시간을 씁니다. 가장 깨끗한 측정값을 원하면 끄세요",
    run_on: |n, unit| format!("{unit} {n}개로 실행"),
    sweep: |pool| format!("1–{pool}개 스윕"),
    sweep_title: "스레드 1개, 2개, …로 차례로 실행합니다",
    rows: "행",
    running_on: |n, unit| format!("{unit} {n}개로 실행 중…"),
    finished: |n, unit, ms| format!("{unit} {n}개로 실행을 마쳤습니다: {ms} ms."),
    finished_speedup: |s| format!(" 스레드 1개 대비 {s}배 빨라졌습니다."),
    then_more: |n| format!(" 이어서 {n}개 더"),
    canvas_label: "스레드가 행을 끝낼 때마다 한 행씩 그려지는 망델브로 이미지",
    canvas_caption: "스레드가 끝낸 행부터 나타납니다. 직렬 구간의 행이 먼저 그려집니다.",
    chart_label: "스레드 수에 따른 측정 속도 향상과 암달의 법칙 예측",
    chart_measured: |points| format!("측정값: {points}."),
    chart_not_measured: "아직 측정한 값이 없습니다.",
    chart_prediction: |s, max, a| format!("암달의 법칙(s = {s})으로는 스레드 {max}개에서 {a}배로 예측되고, 이상적으로 늘어난다면 {max}배입니다."),
    axis_threads: "스레드",
    point: |t, s| format!("스레드 {t}개: {s}배"),
    legend_measured: "측정값",
    legend_amdahl: |s| format!("암달, s = {s}"),
    legend_ideal: "이상적 (k배)",
    checksums_agree: "✓ 스레드 수와 상관없이 같은 이미지",
    checksums_differ: "✗ 이미지가 다름",
    no_runs: "아직 실행 기록이 없습니다. 먼저 스레드 1개로 실행하세요. 모든 속도 향상은 이 값을 기준으로 잽니다.",
    col_mode: "방식",
    col_threads: "스레드·워커 수",
    col_size: "크기",
    col_serial: "직렬 s",
    col_time: "시간 (ms)",
    col_serial_phase: "직렬 구간 (ms)",
    col_speedup: "속도 향상",
    col_efficiency: "효율",
    col_amdahl: "암달",
    col_checksum: "체크섬",
    cell_engine: "공유 메모리",
    cell_messages: "메시지",
    cell_size: |size, iterations| format!("{size}×{size}, 반복 {iterations}"),
    startup: |ms| format!("워커 시작에 {ms} ms 걸림 (측정 시간에는 미포함)"),
    notice_engine_off: "여기서는 메모리를 공유하는 스레드를 쓸 수 없습니다. 이 페이지에 공유 메모리가 없기 때문입니다 \
                        (이유는 위 상태 줄에 있습니다). 대신 같은 이미지를 메시지를 주고받는 워커로 계산합니다. 공유 \
                        메모리가 있으면 무엇이 달라지는지는 아래 “왜 그럴까”에 있습니다.",
    notice_starting: "엔진을 시작하는 중입니다 (WebAssembly 로딩, 워커 생성)…",
    notice_not_running: |why| format!("엔진이 돌고 있지 않습니다: {why} 위의 “엔진 재시작”을 누르세요."),
    why: &[
        "**동시성**은 구조의 문제입니다. 프로그램을 각자 따로 진행할 수 있는 부분으로 나누고, 코어 하나가 이들을 번갈아 \
         실행할 수 있습니다 (OS가 1초에도 수없이 전환합니다 — 시분할). **병렬성**은 실행의 문제입니다. 여러 부분이 \
         서로 다른 코어에서 말 그대로 같은 순간에 돌아갑니다. 코어 하나를 놀지 않게 하는 건 스케줄러의 일이고 \
         동시성의 영역이며, 여러 코어를 쓰는 것이 병렬성입니다.",
        "이 실험은 진짜로 병렬입니다. 엔진은 WebAssembly 메모리 하나를 공유하는 Web Worker들에서 돌고, rayon이 \
         이미지의 행을 고른 수만큼의 워커에 나눠 줍니다. 모든 실행이 같은 이미지를 계산하므로 스레드 수가 몇이든 \
         체크섬은 같아야 합니다. 다르다면 스레드끼리 서로 간섭하고 있다는 뜻입니다.",
    ],
    why_messages: "**공유 메모리가 없으면** (cross-origin isolated가 아닌 페이지: 대부분의 임베드, Firefox와 Safari의 \
                   프레임) 이미지는 메시지를 주고받는 일반 워커에서 여전히 병렬로 계산됩니다. 대신 스레드라면 안 \
                   내도 될 비용이 있습니다. 끝난 행은 몇 개씩 묶여 메시지로 페이지에 돌아옵니다 (픽셀은 복사가 \
                   아니라 transfer되지만, 메시지 하나하나가 바쁜 메인 스레드의 태스크입니다). 행을 나눠 가질 공유 큐가 \
                   없으니 워커마다 맡을 행을 미리 정해 두고, 뒤처진 워커를 다른 워커가 도와줄 수 없습니다. 그리고 \
                   실행할 때마다 워커와 그 WebAssembly를 새로 띄웁니다 (표에 보이지만 측정 시간에는 넣지 않습니다). \
                   공유 메모리가 있으면 워커들이 끝나는 대로 원자적 카운터 하나에서 다음 행을 가져가고, 메시지를 \
                   보내지 않고도 페이지가 읽을 수 있는 곳에 결과를 쓰고, 실행 사이에도 풀로 살아 있을 수 \
                   있습니다.",
    why_more: &[
        "**암달의 법칙**: 작업 중 s만큼은 반드시 스레드 하나에서 돌아야 한다면, 스레드 k개로 얻을 수 있는 속도 \
         향상은 많아야 `1 / (s + (1 − s) / k)`입니다. s = 0.1이면 스레드를 아무리 늘려도 10배를 넘지 못합니다. \
         직렬 비율 값이 바로 그 부분을 실제로 만듭니다. 그 행들은 다른 스레드가 시작하기 전에 스레드 하나가 \
         계산합니다.",
        "**측정하는 행위가 측정 대상을 건드립니다.** 실행 중에 행을 그리면 페이지 스레드와 엔진 스레드가 CPU 시간을 \
         쓰는데, 그 코어가 바로 워커들이 쓰는 코어입니다. 워커 수가 코어 수와 같으면 그 시간만큼 병렬 실행이 \
         손해를 봅니다. “실행 중에 행 그리기”를 끄면 측정이 끝난 뒤에 행을 그립니다.",
    ],
    try_next: &[
        "직렬 구간 없이 스레드 1개, 그다음 2개로 실행해 보세요. 2코어 기기라면 속도 향상이 2배에 가까워야 합니다.",
        "직렬 비율을 0.5로 두고 스윕해 보세요. 측정점이 이상적인 직선이 아니라 암달 곡선을 따라갑니다.",
        "실행 중 그리기를 켜고 한 번, 끄고 한 번 스윕해 보세요. 스레드 1개 시간은 거의 그대로인데 2개 시간은 \
         달라집니다. 그리기에도 코어가 필요하니까요.",
        "(기기가 허용한다면) 코어보다 많은 스레드를 요청해 보세요. 남는 스레드는 번갈아 돌 뿐입니다. 병렬성 없는 \
         동시성이 바로 이것입니다.",
    ],
    why_seed: "원문: 동시성과 병렬성; 컴퓨터의 발전과 동시성 — 멀티 코어의 시대.",
};

const EVENT_LOOP: EventLoopMessages = EventLoopMessages {
    mode: " 이 페이지의 메인 스레드에서, 그리고 엔진의 Web Worker에서",
    controls_label: "파라미터와 변형",
    unit_time: |ms, units, seconds| {
        format!("이 기기에서 한 단위는 ≈ {ms} ms 걸립니다 (여기서 측정). 따라서 {units}단위는 메인 스레드에서 ≈ {seconds}초입니다.")
    },
    unit_time_failed: "이 브라우저에서는 한 단위의 시간을 잴 수 없었습니다.",
    unit_time_measuring: "이 기기에서 한 단위의 시간을 재는 중…",
    run_one: "변형 하나씩 실행",
    run_all: |n| format!("{n}개 모두 실행"),
    stop_title: "지금 청크가 끝나면 멈춥니다",
    stop_blocking_title: "블로킹 작업은 멈출 수 없습니다. 이 클릭도 작업이 끝날 때까지 태스크 큐에서 기다립니다.",
    units: "단위",
    collecting: "끝났습니다. 마지막 프레임과 키 입력을 모으는 중…",
    then_more: |n| format!(" 이어서 {n}개 더."),
    running_blocking: "메인 스레드를 블로킹하는 중: 작업이 끝날 때까지 이 페이지는 아무것도 갱신할 수 없습니다. 타이핑이나 \
                       스크롤을 해 보세요.",
    running_worker: "워커에서 실행 중: 메인 스레드는 비어 있습니다.",
    running_chunked: |variant| format!("청크로 나눠 실행 중 ({variant})."),
    finished: |v, ms, block| format!("{v} 실행 완료: {ms} ms 걸렸고, 메인 스레드가 가장 길게 막힌 시간은 {block} ms입니다."),
    variant_blocking: "블로킹",
    variant_timeout: "청크 + setTimeout(0)",
    variant_message_channel: "청크 + MessageChannel",
    variant_scheduler_yield: "청크 + scheduler.yield()",
    variant_worker: "워커",
    describe_blocking: "작업 전체를 메인 스레드에서 한 번에",
    describe_timeout: "청크로 나누고, 청크 사이에 setTimeout(0)으로 양보",
    describe_message_channel: "청크로 나누고, MessageChannel 메시지로 양보",
    describe_scheduler_yield: "청크로 나누고, await scheduler.yield()로 양보",
    describe_worker: "작업은 엔진의 워커에서. 메인 스레드는 진행 상황만 전달받음",
    no_scheduler_yield: "이 브라우저에는 scheduler.yield()가 없습니다 (Chromium 129 이상에 있습니다).",
    worker_off: "여기서는 엔진 워커를 쓸 수 없습니다. 이 페이지에 공유 메모리가 없기 때문입니다 (이유는 위 상태 줄에 \
                 있습니다).",
    worker_state: |state| format!("엔진 워커 상태: {state}."),
    meter_label: "버벅임 측정기",
    meter_title: "버벅임(jank) 측정기",
    live: "실시간",
    strip_label: "최근 6초: 막대는 프레임 간격, 선은 하트비트 타이머의 지연, 음영은 long task, 아래쪽 띠는 실행 구간",
    legend_frame: "프레임 간격",
    strip_summary: |v, frame, dropped, block| format!("마지막 실행({v}): 가장 긴 프레임 간격 {frame} ms, 놓친 프레임 {dropped}개, \
        메인 스레드가 가장 길게 막힌 시간 {block} ms. 실행별 수치는 모두 결과 표에 있습니다."),
    strip_idle: "아직 실행하지 않았습니다. 지금 스트립은 쉬고 있는 페이지를 보여 주며, 프레임마다 짧은 막대가 하나씩 생깁니다.",
    still: "시스템에서 동작 줄이기를 켜 두어서 움직이는 공 두 개는 숨기고, 스트립은 1초에 한 번만 다시 그립니다. \
        측정기는 여전히 모든 프레임의 시간을 잽니다.",
    legend_missed: "놓친 프레임",
    legend_lag: |ms| format!("타이머 지연 ({ms} ms마다)"),
    legend_long_task: "long task ≥ 50 ms",
    legend_long_task_unsupported: "long task (이 브라우저는 보고하지 않음)",
    ball_main: "메인 스레드가 매 프레임 움직이는 공",
    ball_compositor: "CSS 애니메이션 (컴포지터가 움직임)",
    type_here: "작업이 도는 동안 여기에 타이핑해 보세요:",
    typing_placeholder: "키를 누른 순간부터 페이지가 그 입력을 받기까지의 지연을 잽니다.",
    checksums_agree: "✓ 모든 변형이 같은 체크섬을 계산함",
    checksums_differ: "✗ 체크섬이 다름",
    no_runs: "아직 실행 기록이 없습니다. “모두 실행”이나 변형 하나를 누르고, 도는 동안 입력란에 타이핑해 보세요.",
    col_variant: "변형",
    col_job: "작업",
    col_total: "전체 (ms)",
    col_vs_blocking: "블로킹 대비",
    col_vs_blocking_title: "같은 작업을 블로킹으로 돌렸을 때와 비교",
    col_block: "메인 스레드 최장 블록 (ms)",
    col_block_title: "메인 스레드가 쉬지 않고 바빴던 가장 긴 시간",
    col_frame: "최장 프레임 (ms)",
    col_frame_title: "두 애니메이션 프레임 사이의 가장 긴 간격",
    col_dropped: "드롭된 프레임",
    col_input: "최악 입력 지연 (ms)",
    col_input_title: "키나 마우스를 누른 순간부터 페이지가 받기까지, 가장 오래 걸린 경우",
    col_lag: "타이머 지연 (ms)",
    col_lag_title: "10 ms 하트비트 타이머가 가장 늦게 돈 정도",
    col_long_tasks: "long task 수",
    col_yields: "양보 횟수",
    cell_job: |units| format!("{units}단위"),
    cell_job_chunked: |units, chunk| format!("{units}단위, 청크 {chunk}"),
    witness: |what| format!("근거: {what}"),
    witness_own_work: "작업의 가장 긴 동기 구간",
    witness_long_task: "long task 항목",
    inputs: |n| format!("실행 중 입력 이벤트 {n}개"),
    no_input: "입력 없음",
    not_reported: "해당 없음",
    footnote_before_j: "최장 블록은 두 하한값 중 큰 쪽입니다 — ",
    footnote_after_j: " 작업 자신의 가장 긴 동기 구간, ",
    footnote_after_l: |frame_ms| {
        format!(
            " 브라우저가 보고한 long task 항목. 타이머 지연은 블록이 아닙니다. 다른 태스크가 먼저 처리되기만 해도 \
             타이머는 기다립니다. 드롭된 프레임은 디스플레이가 기대했지만 (여기서는 {frame_ms} ms마다 하나) 페이지가 \
             만들지 못한 프레임 수입니다."
        )
    },
    why: &[
        "**이벤트 루프 모델.** 페이지의 JavaScript와 WebAssembly는 메인 스레드라는 스레드 하나에서 돕니다. 메인 스레드는 \
         한 번에 한 가지 일만 합니다. 큐에서 태스크 하나(클릭, 타이머, 메시지)를 꺼내 끝까지 실행하고, 그 태스크가 \
         넣은 마이크로태스크를 실행하고, 가끔 — 60 Hz 화면이라면 약 16.7 ms마다 — 렌더링을 갱신합니다. 태스크를 \
         중간에 끊는 것은 없습니다. 그래서 블로킹 작업이 도는 동안에는 프레임도 안 그려지고, 타이머도 안 돌고, 키 \
         입력도 처리되지 않습니다. 모두 큐에서 기다리고, 측정기에는 나중에 넓은 막대 하나, 수백 ms 늦은 하트비트, \
         그만큼 늦게 도착한 키 입력으로 나타납니다.",
        "**이벤트 루프를 블로킹하지 마라.** Node.js가 서버에 하는 조언도 같습니다. 스레드 하나가 모든 커넥션을 처리하니, \
         요청 핸들러 하나가 1초 동안 계산하면 다른 모든 클라이언트가 1초를 기다립니다. 이벤트 루프는 스레드 하나에서 \
         여러 일을 진행시키는 값싼 동시성이지만, 모든 태스크가 짧을 때에만 그렇습니다.",
        "**청크로 나누면 처리량을 내주고 지연 시간을 얻습니다.** 작업을 청크로 자르고 그 사이에 양보(yield)하면 최장 \
         블록이 청크 하나 정도로 줄어듭니다. 청크 사이사이에 입력과 렌더링이 끼어들 수 있으니까요. 양보할 때마다 비용이 \
         들고, 그 크기는 양보하는 방법에 따라 다릅니다. `setTimeout(0)`은 타이머가 5단계 이상 중첩되면 최소 4 ms로 \
         늘어나서 (HTML 표준에 그렇게 정해져 있습니다) 작은 청크는 대부분의 시간을 기다리는 데 씁니다. \
         `MessageChannel` 메시지에는 그런 하한이 없습니다. `scheduler.yield()`도 하한이 없고, 그 continuation은 같은 \
         우선순위의 다른 태스크보다 먼저 실행되므로 작업은 자기 순서를 지키면서도 입력은 끼어들 수 있습니다. 청크가 \
         작을수록 페이지는 부드럽고 전체 시간은 길어집니다.",
        "**양보한다고 공평한 것은 아닙니다.** 어느 청크도 오래 블로킹하지 않는데도, headless Chromium에서 측정해 보니 \
         scheduler.yield() 변형은 실행 내내 10 ms 하트비트 타이머를 굶기고 프레임은 대략 100 ms마다 하나만 \
         통과시켰습니다. continuation이 타이머보다 먼저 처리되고, 렌더링은 브라우저의 기아 방지 장치가 개입할 때에만 \
         끼어들기 때문입니다. 그래서 표는 “최장 블록”(태스크 하나가 오래 도는 것)과 “타이머 지연”, “드롭된 \
         프레임”(다른 일이 차례를 기다리는 것)을 따로 보여 줍니다. 여러분의 브라우저는 어떤지 확인해 보세요.",
        "**워커는 동시성을 넘어 병렬성입니다.** 워커 변형은 같은 코드를 다른 스레드에서 돌리고, OS는 그 스레드를 다른 \
         코어에 올립니다. 메인 스레드는 진행 메시지 몇 개만 받으므로 최장 블록은 몇 ms에 머물고, 전체 시간도 블로킹과 \
         거의 같습니다. 잃는 것이 없습니다. 워커는 자기만의 스택, 힙, 메시지 큐 — 즉 자기만의 이벤트 루프 — 를 갖고, \
         페이지와는 메시지로만 (티어 1에서는 공유 메모리로도) 이야기합니다.",
        "**두 개의 공.** 위쪽 공은 메인 스레드가 애니메이션 프레임마다 움직이므로 블록 중에는 멈췄다가 끝나면 \
         튑니다. 아래쪽 공은 `transform`을 바꾸는 CSS 애니메이션이라 브라우저의 컴포지터가 알아서 돌릴 수 있어서, \
         메인 스레드가 막혀 있어도 계속 움직입니다. 브라우저는 이런 식으로 버벅임을 일부 가려 주지만, 여러분 코드의 \
         버벅임까지 가려 주지는 않습니다.",
    ],
    try_next: &[
        "블로킹 변형을 실행하고 도는 동안 타이핑해 보세요. 글자는 끝나고 나서야 나타나고, “최악 입력 지연”이 얼마나 \
         기다렸는지 알려 줍니다.",
        "청크 크기를 1로 두고 setTimeout(0)과 MessageChannel을 비교해 보세요. 일은 같은데 전체 시간은 크게 다릅니다.",
        "청크 크기를 100으로 두면 청크 변형도 다시 프레임을 놓칩니다. 이제 청크 하나하나가 long task이기 때문입니다.",
        "워커의 전체 시간을 블로킹과 비교해 보세요. 페이지는 공짜로 부드러워집니다.",
    ],
    why_seed: "원문: event-loop 모델 (node.js의 “don't block the event loop” 포함); 브라우저 런타임에서의 동시성 — \
               자기만의 스택, 힙, 메시지 큐를 갖는 web worker.",
};

const TASK_QUEUES: TaskQueuesMessages = TaskQueuesMessages {
    mode: " 시나리오는 이 페이지에서 실제로 돌고, 로그는 이 브라우저가 한 그대로입니다",
    scenario: "시나리오",
    preset_classic: "동기 코드, 마이크로태스크, 태스크, 프레임",
    preset_await_vs_then: "await 대 then",
    preset_microtasks_in_tasks: "태스크 안의 마이크로태스크",
    preset_microtask_chain: "마이크로태스크 체인이 타이머를 붙잡는다",
    preset_interval_and_frames: "setInterval과 애니메이션 프레임",
    run: "실행",
    running: "실행 중…",
    code_caption: "시나리오를 JavaScript로 쓴 것입니다. 페이지는 정확히 이 호출들(진짜 setTimeout, MessageChannel, \
                   requestAnimationFrame, 프로미스와 await)을 실행하면서, 각 콜백이 예약되고 시작하고 반환되는 순간을 \
                   기록합니다.",
    measured: |scenario| format!("측정 결과: {scenario}"),
    spec_ok: "✓ HTML과 ECMAScript 명세가 정한 순서 규칙을 모두 지킴",
    spec_bad: |why| format!("✗ {why}"),
    log_title: "실행된 순서대로의 로그",
    line_title: "이 줄 시점의 다이어그램 보기",
    queue_script: "스크립트",
    queue_microtask: "마이크로태스크",
    queue_timer: "타이머 태스크",
    queue_message: "메시지 태스크",
    queue_frame: "애니메이션 프레임",
    diagram_label: "선택한 단계의 이벤트 루프. 화살표 키로 한 단계씩, Home과 End로 처음과 끝으로 이동",
    first_step: "첫 단계",
    step_back: "한 단계 뒤로",
    step_forward: "한 단계 앞으로",
    last_step: "마지막 단계",
    step_count: |at, of| format!("{of}단계 중 {at}단계"),
    lane_stack: "콜 스택",
    lane_microtasks: "마이크로태스크 큐",
    lane_tasks: "태스크 큐 (타이머, 메시지)",
    lane_frames: "렌더링 단계: 애니메이션 프레임 콜백",
    empty: "비어 있음",
    keys_hint: "키: ← → 한 단계씩, Home / End 처음과 끝. 로그 줄을 누르면 그 시점으로 갑니다.",
    cut_short: "5초가 지나 실행을 중단했습니다. 숨겨진 탭에서는 애니메이션 프레임이 오지 않습니다. 탭을 보이게 한 채로 \
                다시 실행하세요.",
    no_run: "시나리오를 고르고 실행을 누르세요. 아래 로그는 그 실행에서 기록한 것입니다.",
    scheduled_script: |l| format!("시나리오가 태스크로 큐에 들어갑니다: {l}"),
    scheduled_microtask: |l| format!("“{l}”이(가) 마이크로태스크 큐에 들어갑니다"),
    scheduled_timer: |l| format!("“{l}”의 타이머가 설정됩니다. 시간이 되면 타이머 태스크 큐에 들어갑니다"),
    scheduled_message: |l| format!("메시지가 전송됩니다. “{l}”이(가) 메시지 태스크 큐에 들어갑니다"),
    scheduled_frame: |l| format!("“{l}”이(가) 다음 렌더링 단계를 기다립니다"),
    started_script: |l| format!("이벤트 루프가 시나리오의 태스크를 꺼냅니다: “{l}”"),
    started_checkpoint: |l| format!("스택이 비었으니 마이크로태스크 체크포인트가 돕니다: “{l}”"),
    started_microtask: |l| format!("마이크로태스크 실행: “{l}”"),
    started_timer: |l| format!("이벤트 루프가 타이머 태스크를 꺼냅니다: “{l}”"),
    started_message: |l| format!("이벤트 루프가 메시지 태스크를 꺼냅니다: “{l}”"),
    started_frame: |l| format!("렌더링 단계: 애니메이션 프레임 콜백 실행: “{l}”"),
    returned_empty: |l| format!("“{l}” 반환. 스택이 비었습니다"),
    returned_busy: |l| format!("“{l}” 반환. 스택에 아직 남아 있습니다"),
    logged: |l| format!("log(“{l}”)"),
    why: &[
        "**스레드는 하나, 큐는 여러 개.** 메인 스레드의 이벤트 루프는 같은 일을 반복합니다. 태스크 하나(시간이 된 타이머, \
         메시지, 입력 이벤트…)를 꺼내 끝까지 실행하고, 그다음 마이크로태스크를 — 마이크로태스크가 넣은 \
         마이크로태스크까지 — 전부 실행하고, 프레임을 그릴 때가 되면 렌더링 단계를 밟는데, 그 첫 순서가 \
         `requestAnimationFrame` 콜백입니다. 위의 로그는 이 브라우저가 실제로 한 일이고, 배지는 명세가 정한 규칙을 \
         모두 지켰는지 알려 줍니다.",
        "**마이크로태스크:** `Promise.then`, `queueMicrotask`, 그리고 `await` 뒤의 continuation. 콜 스택이 비는 즉시, \
         다른 어떤 태스크나 렌더링보다 먼저, 큐에 들어온 순서대로 실행됩니다. 그래서 `async` 함수는 첫 `await`까지는 \
         동기적으로 돌고, 그 continuation은 주변에서 큐에 들어간 `then` 콜백들과 번갈아 실행됩니다. 끝나지 않는 \
         마이크로태스크 체인은 다른 모든 것을 굶깁니다. 타이머도, 입력도, 프레임도 오지 않습니다.",
        "**태스크:** `setTimeout`, `setInterval`, `MessageChannel` 메시지, 이벤트. 여기서 명세가 정한 것은 생각보다 \
         적습니다. 먼저 설정했고 지연이 더 길지 않은 타이머가 먼저 돈다는 것은 정해져 있지만, 시간이 된 타이머와 대기 중인 메시지 중 무엇이 \
         먼저인지는 브라우저 마음입니다 (태스크 소스마다 우선순위를 둘 수 있습니다). 그리고 0 ms 타이머도 즉시 돌지 \
         않습니다. 중첩된 타이머는 4 ms로 늘어납니다.",
        "**렌더링:** 브라우저는 태스크마다가 아니라 프레임을 그릴 때가 되면(60 Hz에서 약 16.7 ms마다) 렌더링합니다. \
         `requestAnimationFrame` 콜백은 그 직전에 돌고, 콜백 안에서 다시 요청한 콜백은 다음 프레임을 기다립니다.",
    ],
    try_next: &[
        "“await 대 then”을 한 단계씩 넘겨 보세요. continuation과 then 콜백이 마이크로태스크 큐에서 번갈아 차례를 \
         갖는 것이 보입니다.",
        "마이크로태스크 체인을 20으로 두세요. 0 ms 타이머도 체인이 전부 끝날 때까지 기다립니다.",
        "“setInterval과 애니메이션 프레임”에서 타이머 지연을 20 ms로 주세요. 이제 틱 사이사이에 프레임이 끼어듭니다.",
    ],
    why_seed: "원문: 브라우저 런타임에서의 동시성; event-loop 모델.",
};

/// Each experiment's title, question, essay section and parameters, in Korean.
pub const EXPERIMENTS: &[Translated] = &[
    Translated {
        id: speedup::ID,
        text: ExperimentText {
            title: "병렬 속도 향상",
            question: "CPU 바운드 작업은 스레드를 늘리면 얼마나 빨라지고, 무엇이 그 한계를 만들까?",
            seed: "동시성과 병렬성",
            params: &[
                ParamText { key: speedup::SIZE.key, label: "이미지 크기", unit: "px", help: "이미지의 가로·세로 크기. 클수록 오래 걸리지만 측정값이 안정적입니다." },
                ParamText { key: speedup::ITERATIONS.key, label: "반복 횟수", unit: "픽셀당", help: "픽셀마다 최대 몇 번 반복할지. 많을수록 행마다 일이 많아집니다." },
                ParamText { key: speedup::SERIAL_FRACTION.key, label: "직렬 비율", unit: "", help: "병렬 구간 전에 스레드 하나가 계산하는 행의 비율 (암달의 법칙의 s)." },
                ParamText { key: speedup::THREADS.key, label: "스레드 수", unit: "", help: "병렬 구간을 나눠 맡을 워커 수 (최대 이 기기의 하드웨어 스레드 수)." },
            ],
        },
    },
    Translated {
        id: event_loop::ID,
        text: ExperimentText {
            title: "이벤트 루프",
            question: "바쁜 루프는 왜 페이지를 멈추게 하고, yield와 워커는 무엇을 바꿀까?",
            seed: "event-loop 모델",
            params: &[
                ParamText { key: event_loop::UNITS.key, label: "작업 크기", unit: "단위", help: "작업을 이루는 같은 크기의 단위 수. 한 단위는 정해진 양의 산술 연산이라 걸리는 시간은 기기마다 다릅니다. 페이지가 여기서 한 단위를 재고, 작업 전체에 걸릴 시간을 아래에 보여 줍니다. 기본값이면 노트북에서 페이지가 1~2초 멈춥니다." },
                ParamText { key: event_loop::CHUNK.key, label: "청크 크기", unit: "청크당 단위", help: "청크로 나누는 변형에서, 이벤트 루프에 양보하기 전에 몇 단위를 실행할지. 작을수록 페이지는 부드럽고 전체 시간은 깁니다." },
            ],
        },
    },
    Translated {
        id: task_queues::ID,
        text: ExperimentText {
            title: "태스크 큐",
            question: "브라우저는 동기 코드, 마이크로태스크, 타이머, 메시지, 프레임을 어떤 순서로 실행할까?",
            seed: "브라우저 런타임에서의 동시성",
            params: &[
                ParamText { key: task_queues::DELAY.key, label: "타이머 지연", unit: "ms", help: "시나리오에서 setTimeout과 setInterval에 주는 지연 시간." },
                ParamText { key: task_queues::CHAIN.key, label: "마이크로태스크 체인", unit: "개", help: "체인을 만드는 시나리오에서 프로미스 콜백이 서로를 몇 번 이어서 큐에 넣을지." },
            ],
        },
    },
    Translated {
        id: go_scheduler::ID,
        text: ExperimentText {
            title: "Go 스케줄러 (G/M/P)",
            question: "Go 스케줄러는 고루틴을 스레드에 어떻게 나눠 줄까? 런큐, 훔치기(stealing), 블로킹 콜에서의 P \
                       핸드오프, 그리고 양보하지 않는 고루틴이 하는 일.",
            seed: "golang의 goroutine",
            params: &[
                ParamText { key: go_scheduler::GOMAXPROCS.key, label: "GOMAXPROCS (P 개수)", unit: "개", help: "스케줄러가 가진 P(논리 프로세서)의 수. 동시에 실행되는 고루틴은 최대 이만큼이고, 시스템 콜에 묶인 M(스레드)이 있으면 M은 P보다 많아질 수 있습니다." },
                ParamText { key: go_scheduler::GOROUTINES.key, label: "N (고루틴 수)", unit: "", help: "프로그램 안의 숫자 N. 프리셋은 고루틴을 N개 안팎으로 시작합니다 (파이프라인은 값 N개를 흘려보냄). 최대 1,000,000이고, 크게 잡으면 시뮬레이션에 시간이 걸립니다." },
            ],
        },
    },
    Translated {
        id: race::ID,
        text: ExperimentText {
            title: "경쟁 상태 (Race)",
            question: "여러 스레드가 보호 없이 카운터 하나를 증가시키면 무슨 일이 생기고, 원자적 연산, 뮤텍스, 스핀락은 \
                       무엇을 바꿀까?",
            seed: "공유 자원 문제",
            params: &[
                ParamText { key: race::THREADS.key, label: "스레드 수", unit: "", help: "공유 카운터를 증가시키는 스레드 수." },
                ParamText { key: race::INCREMENTS.key, label: "증가 횟수", unit: "스레드당", help: "한 번 실행할 때 스레드마다 카운터에 1을 더하는 횟수. 업데이트가 사라지려면 스레드가 겹쳐야 하므로, 많을수록 더 많이 사라집니다." },
                ParamText { key: race::STEP_INCREMENTS.key, label: "스텝 모드의 증가 횟수", unit: "스레드당", help: "직접 한 단계씩 실행할 때 스레드마다 카운터에 1을 더하는 횟수." },
            ],
        },
    },
];

const GO_SCHEDULER: GoSchedulerMessages = GoSchedulerMessages {
    badge_sim: "시뮬레이션",
    mode_sim: " Interleave의 G/M/P 스케줄러를 결정적 시뮬레이터에서 돌립니다. 시간은 가상 시간이고, 모든 선택은 시드가 \
               정하며, 실행은 Web Worker에서 합니다. 같은 스케줄러 코드가 네이티브에서는 OS 스레드 위에서 돌고, Web \
               Worker 위의 실제 실행은 아직 페이지에 없습니다.",
    controls: "실행 설정",
    workload: "워크로드",
    preset_uniform: "균일한 CPU 바운드",
    preset_unbalanced: "불균형: 고루틴 하나가 나머지를 모두 생성",
    preset_syscalls: "블로킹 시스템 콜: 핸드오프",
    preset_pipeline: "채널 파이프라인",
    preset_fan_out_fan_in: "팬아웃, 팬인",
    preset_sleepers: "sleep과 타이머",
    preset_never_yield: "양보하지 않는 고루틴",
    preset_yield_point: "같은 코드에 양보 지점 추가",
    n_unused: "이 프로그램은 N을 쓰지 않으므로 N을 바꿔도 달라지는 것이 없습니다.",
    seed: "시드",
    seed_help: "시뮬레이터의 모든 선택(놀고 있는 M이 어느 P에서 훔칠지 등)은 시드가 정합니다. 프로그램, GOMAXPROCS, \
                시드가 같으면 타임라인도 항상 같습니다. 시드를 바꾸면 다른 인터리빙이 나옵니다.",
    seed_bad: "시드는 0부터 18446744073709551615까지의 정수여야 합니다.",
    next_seed: "다음 시드",
    run: "실행",
    running: "시뮬레이션 중…",
    starting: "시뮬레이터 시작 중…",
    progress: |events, time| format!("스케줄러 이벤트 {events}개, 가상 시간 {time}"),
    program: "프로그램 (작은 Go: go, chan, select, work, sleep, syscall, yield, WaitGroup)",
    revert: "프리셋으로 되돌리기",
    program_ok: |gs| format!("준비됨: 고루틴 최대 {gs}개."),
    parse_error: |line, column, message| format!("{line}행 {column}열: {message}"),
    link_program_damaged: "링크의 프로그램이 손상됐거나 너무 길어 읽을 수 없습니다. 대신 프리셋을 보여 줍니다.",
    too_long_to_share: "이 프로그램은 링크에 담기에 너무 깁니다. 공유 링크에는 프리셋이 대신 들어갑니다.",
    no_run: "실행을 누르면 스케줄러가 일하는 모습을 볼 수 있습니다.",
    results_title: |procs, seed| format!("시뮬레이션 결과 — GOMAXPROCS {procs}, 시드 {seed}"),
    end_finished: "main 반환",
    end_deadlock: "데드락",
    end_failed: "실행 오류",
    left_behind: |n| format!("main이 반환될 때 고루틴 {n}개가 아직 남아 있었습니다. Go와 마찬가지로 기다리지 않고 버려졌습니다."),
    deadlock_explained: "모든 고루틴이 블록됐고 깨워 줄 수 있는 것이 남아 있지 않았습니다 (Go의 “all goroutines are \
                         asleep — deadlock!”). 각 고루틴이 기다리는 곳:",
    blocked_at: |g, line, column| format!("G{g}: {line}행 {column}열"),
    run_error: |line, column, message| format!("프로그램이 {line}행 {column}열에서 실패했습니다: {message}"),
    announce_done: |how, duration, steals| format!("실행 끝: {how}, 가상 시간 {duration}, 훔치기 {steals}번."),
    stat_duration: "가상 시간",
    stat_goroutines: "생성된 고루틴",
    stat_steals: "훔치기",
    stat_handoffs: "P 핸드오프",
    stat_ms: "M (스레드)",
    stat_syscalls: "시스템 콜",
    stat_yields: "양보",
    stat_global_max: "글로벌 큐 최대 길이",
    timeline_label: |procs, duration, gs, steals, handoffs| format!(
        "실행 타임라인: P 레인 {procs}개와 M마다 레인 하나, 전체 {duration}. 생성된 고루틴 {gs}개, 훔치기 {steals}번, \
         핸드오프 {handoffs}번. P별 수치는 아래 표에, 스크럽한 시점의 상태는 타임라인 아래에 있습니다."
    ),
    timeline_keys: "휠이나 핀치, 또는 W / S: 확대·축소. 드래그, 또는 A / D: 이동. 클릭, 탭, ← / → (Shift: 크게), \
                    Home / End: 스크럽. 0: 전체 보기. Esc: 지우기.",
    counter_runnable: "실행 대기",
    counter_global: "글로벌 큐",
    counter_local: "큐",
    legend: "마커",
    legend_slices: "막대: P(와 그 M)에서 실행 중인 고루틴. M 레인의 테두리만 있는 막대: 시스템 콜에 묶인 M. 고루틴마다 \
                    색이 고정돼 있습니다.",
    mark_steal: "훔치기",
    mark_handoff: "P 핸드오프",
    mark_syscall_begin: "시스템 콜 시작",
    mark_syscall_end: "시스템 콜 반환",
    mark_spawn: "M 시작",
    mark_park: "M 파킹",
    mark_unpark: "M 깨어남",
    slice_run: "실행 중",
    slice_syscall: "시스템 콜 중",
    ended_end: "종료",
    ended_yield: "양보",
    ended_block: "블록",
    ended_syscall: "시스템 콜 진입",
    ended_proc_stop: "P 정지",
    ended_syscall_return: "시스템 콜 반환",
    ended_trace_end: "실행 끝",
    hover_slice: |what, g, p, m, at, duration, how| format!("G{g} {what} (P{p}, M{m}): {at}부터 {duration} 동안, 이어서 {how}."),
    hover_merged: |count, at, span, busy, dominant| format!(
        "{at}부터 {span} 사이의 짧은 실행 {count}개 (바쁜 시간 {busy}), 대부분 G{dominant}. 확대하면 구분됩니다."
    ),
    hover_marks: |what, at, count| format!("{what} — {at} (한 픽셀 안에 {count}개)"),
    hover_steal: |victim, n, runnext| if runnext {
        format!("P{victim}의 runnext 고루틴을 훔침")
    } else {
        format!("P{victim}에서 고루틴 {n}개를 훔침")
    },
    hover_handoff: |from| format!("시스템 콜에 묶인 M{from}에게서 P를 떼어 다른 M에게 넘김"),
    hover_syscall_begin: |g| format!("G{g}가 블로킹 시스템 콜에 들어감"),
    hover_syscall_end: |g, kept_p| if kept_p {
        format!("G{g}의 시스템 콜 반환, M이 P를 그대로 가지고 있었음")
    } else {
        format!("G{g}의 시스템 콜 반환, P는 이미 다른 M에게 넘어간 뒤")
    },
    hover_spawn: |p| format!("P{p}를 돌릴 M 시작"),
    hover_unpark: |p| format!("M이 깨어나 P{p}를 받음"),
    queues_title: "이 순간의 런큐",
    queue_holds: |n| format!("고루틴 {n}개, 다음에 실행될 것부터"),
    queue_more: |n| format!("+{n}개 더"),
    queue_empty: "비어 있음",
    local_queue: "로컬 큐",
    runs_g: |g| format!("G{g} 실행"),
    p_status_idle: "유휴",
    p_status_handed: "M에게 넘겨짐",
    p_status_running: "실행 중",
    p_status_syscall: "시스템 콜에 남겨짐",
    ms_title: "M (스레드)",
    m_idle: "고루틴 사이",
    m_spinning: "스피닝: 일을 찾는 중",
    m_running: "실행 중",
    m_parked: "파킹됨",
    m_syscall: "시스템 콜에 묶임",
    step_back_event: "◀ 이전 이벤트",
    step_forward_event: "다음 이벤트 ▶",
    play: "재생",
    pause: "일시 정지",
    speed: "속도",
    speed_slow: "전체를 30초에",
    speed_normal: "전체를 10초에",
    speed_fast: "전체를 3초에",
    scrub_hint: "타임라인을 클릭하거나 탭하면(또는 포커스한 뒤 ← / →) 그 순간 각 P가 무엇을 돌리는지, 고루틴이 각각 어느 \
                 문장에 있는지 보여 줍니다.",
    at_time: |time| format!("{time} 시점"),
    p_runs: |p, g| format!("P{p}: G{g} 실행"),
    p_idle: |p| format!("P{p}: 유휴"),
    queues_at: |runnable, global| format!("실행 대기 {runnable}개, 글로벌 큐 {global}개"),
    program_changed: "이 실행 뒤에 프로그램을 고쳤습니다. 아래 표시는 실행된 프로그램 기준입니다.",
    table_caption: "전체 실행 동안의 P별 수치",
    col_busy: "바쁜 비율",
    col_gs_run: "고루틴 실행 횟수",
    col_steals: "훔치기",
    col_stolen: "훔쳐 온 고루틴",
    col_handoffs: "핸드오프",
    col_max_local: "로컬 큐 최대 길이",
    anomalies: |n| format!("타임라인이 트레이스의 불일치 {n}건을 보정했습니다. 이 프로그램을 제보해 주세요."),
    why: &[
        "Go는 많은 고루틴(**G**)을 적은 수의 OS 스레드(**M**, machine) 위에 **P**(processor)를 통해 다중화합니다. M은 P를 \
         쥐고 있어야 Go 코드를 실행할 수 있고, P는 `GOMAXPROCS`개 있습니다 (Go 1.5부터 기본값은 CPU 수). P마다 최대 256개짜리 \
         로컬 런큐와 `runnext` 슬롯이 있고, 넘치는 것은 **글로벌 큐**로 갑니다. `go`로 만든 고루틴은 만든 쪽 P의 \
         `runnext`에 들어가기 때문에, 생산자와 그가 깨운 소비자는 한 P에 머무는 경향이 있습니다.",
        "할 일이 떨어진 P는 글로벌 큐를 보고, 그다음 무작위로 고른 다른 P의 큐에서 **절반을 훔쳐** 옵니다. 불균형 프리셋에서 \
         P 하나가 가득 차고 나머지가 거기서 가져가는 모습을 볼 수 있습니다.",
        "채널, `WaitGroup`, `sleep`에서 블록된 고루틴은 그냥 파킹됩니다. M은 다음 고루틴을 집어 들고, 스레드는 블록되지 \
         않습니다. **블로킹 시스템 콜**은 다릅니다. M 자체가 커널에 묶이므로 P를 다른 M에게 **핸드오프**하고(놀고 있는 M이 \
         없으면 새로 시작), 고루틴들은 계속 실행됩니다. 그래서 Go 프로그램은 P보다 M이 많을 수 있습니다. 시스템 콜 \
         프리셋에서 늘어나는 M 레인을 보세요. (원문의 그림은 이 부분이 반대로 되어 있습니다. 블록된 고루틴은 자기 M과 함께 \
         남고, 옮겨 가는 것은 P입니다.)",
        "여기의 고루틴은 스택 없는 future라서 채널 연산, `sleep`, `syscall`, `yield()`, 또는 끝에서만 전환됩니다. Go 1.14 \
         이전과 같습니다. 양보하지 않는 고루틴 프리셋이 그 대가를 보여 줍니다. 빡빡한 루프를 도는 고루틴이 P를 놓지 않고, \
         그 뒤에 줄 선 고루틴은 모두 기다립니다. Go 1.14부터 런타임은 **비동기 선점**도 합니다 (sysmon이 약 10 ms 넘게 돈 \
         고루틴에 시그널을 보냄). 이 시뮬레이터는 그것을 모델링하지 않으며, 양보 지점 프리셋은 루프 안의 양보 하나가 무엇을 \
         바꾸는지 보여 줍니다.",
    ],
    differences_title: "이 스케줄러가 Go와 다른 점",
    differences: &[
        "**선점이 없습니다.** 고루틴은 블록되거나 양보할 때만 P를 내놓습니다. Go는 10 ms 넘게 돈 고루틴도 선점합니다 (Go 1.14부터 \
         비동기로). 양보하지 않는 고루틴 프리셋이 그 차이를 보여 줍니다.",
        "**needspinning이 없습니다** (Go 1.21). 모든 P가 바쁠 때 새 일은 그 P나, 파킹하려던 M이 찾아낼 때까지 P의 큐에서 \
         기다립니다.",
        "**retake는 시스템 콜 시간으로 잽니다** (시작 후 20 µs). Go처럼 sysmon 틱 두 번을 보지 않으므로 핸드오프가 Go보다 조금 \
         이르고 규칙적입니다.",
        "**M이 바닥나도 죽지 않습니다** (Go는 10,000개를 넘으면 종료). 일은 M이 빌 때까지 기다리고, 거절된 M은 트레이스에 \
         남습니다.",
    ],
    language_title: "프로그램 언어",
    language: "프로그램은 작은 Go입니다. `ch := chan(0)` (버퍼 없음, `chan(4)`는 버퍼 있음), `ch <- v`, `v := <-ch`, \
               `select { case … }`, `go { … }`, `var wg WaitGroup`과 `wg.add(n)`, `wg.done()`, `wg.wait()`, \
               `for i in 0..n { … }`, 그리고 `work(µs)` (양보 지점 없는 CPU 작업), `sleep(µs)`, `syscall(µs)` (블로킹 콜), \
               `yield()`. 오류는 행과 열을 가리키고, 모든 크기는 실행 전에 제한을 검사합니다.",
    try_next: &[
        "불균형, GOMAXPROCS 4: **훔치기** 마커와, 생성하는 고루틴이 있는 P의 큐가 비워지는 모습을 찾아보세요.",
        "블로킹 시스템 콜: M 레인과 **핸드오프** 마커를 세어 보고, GOMAXPROCS를 1로 바꿔 보세요.",
        "양보하지 않음 대 양보 지점, GOMAXPROCS 1: 다른 고루틴은 P를 얼마나 기다릴까요?",
        "시드를 바꿔 보세요. 훔치기와 큐 길이는 달라져도 프로그램의 결과는 같습니다.",
        "`wg.done()` 하나를 지우고 실행하면 시뮬레이터가 데드락과 각 고루틴이 기다리는 곳을 알려 줍니다.",
    ],
    why_seed: "원문: golang의 goroutine — 고루틴은 무엇인가, 왜 저렴한가, 쓰레드 모델(M:N), go runtime의 고루틴 스케쥴링 \
               (G, M, P와 런큐).",
};

const RACE: RaceMessages = RaceMessages {
    badge_sim: "시뮬레이션",
    mode_sim: " 여기의 스레드는 모델입니다. 다음 명령을 실행할 스레드를 직접 고르거나, 시드로 정한 무작위 스케줄이 \
               고릅니다. 메모리를 공유하는 실제 스레드에서의 실행은 나중에 추가됩니다.",
    controls: "실험 설정",
    variant: "증가 연산을 쓰는 방법",
    variant_plain: "보호 없음: load, add, store",
    variant_atomic: "원자적 fetch_add",
    variant_mutex: "뮤텍스 (파킹)",
    variant_spinlock: "스핀락",
    note_unreadable: |why| format!("링크의 스케줄을 읽을 수 없어서 ({why}) 스텝 모드를 처음부터 시작합니다."),
    note_refused: |why| format!("링크의 스케줄이 이 설정과 맞지 않아서 ({why}) 스텝 모드를 처음부터 시작합니다."),
    step_title: "한 단계씩 실행하기",
    stepper_label: "스텝 모드: 스레드, 공유 카운터, 실행한 단계",
    keys_hint: "이 영역에 포커스가 있을 때 숫자 0–7을 누르면 그 스레드가 한 단계 실행되고, Backspace나 Z를 누르면 마지막 단계를 되돌립니다.",
    counter: "공유 카운터",
    expected: "기댓값",
    lost: "사라진 업데이트",
    thread_title: |thread| format!("스레드 {thread}"),
    holds_lock: "락 보유 중",
    program: "증가 한 번의 프로그램",
    op_load: "r = counter",
    op_add: "r = r + 1",
    op_store: "counter = r",
    op_fetch_add: "counter.fetch_add(1)",
    op_lock: "mutex.lock()",
    op_try_lock: "while !try_lock() {}",
    op_unlock: "unlock()",
    register: "레지스터 r:",
    thread_finished: "끝났습니다.",
    thread_parked: "파킹됨: 뮤텍스가 unlock되기를 기다립니다.",
    thread_progress: |increment, of| format!("{of}번 중 {increment}번째 증가."),
    step_thread: |thread| format!("스레드 {thread} 실행"),
    undo: "되돌리기",
    reset: "처음부터",
    find: "업데이트가 사라지는 인터리빙 찾기",
    ev_loaded: |value| format!("{value}을(를) 읽음"),
    ev_added: |value| format!("1을 더함: r = {value}"),
    ev_stored: |value, was| format!("{value}을(를) 씀 (카운터는 {was}이었음)"),
    ev_fetch_added: |value| format!("fetch_add: 카운터가 이제 {value}"),
    ev_acquired: "락을 잡음",
    ev_parked: "뮤텍스가 잡혀 있어 파킹됨",
    ev_spun: "스핀락이 잡혀 있어 스핀함",
    ev_released: "락을 놓음",
    ev_released_woke: |thread| format!("락을 놓고 스레드 {thread}을(를) 깨움"),
    log_title: "지금까지 실행한 단계",
    log_empty: "아직 실행한 단계가 없습니다. 스레드의 버튼(또는 그 숫자 키)을 누르세요.",
    log_line: |thread, what| format!("스레드 {thread}: {what}"),
    role_stale_load: "오래된 값을 읽음",
    role_overwritten: "사라진 업데이트",
    role_overwriting: "덮어씀",
    lost_title: "업데이트가 사라진 곳",
    lost_explained: |[load, victim_at, store], loader, loaded, victim, victim_stored, stored| {
        format!(
            "{load}, {victim_at}, {store}단계: 스레드 {loader}이(가) {loaded}을(를) 읽고, 스레드 {victim}이(가) \
             {victim_stored}을(를) 쓴 뒤, 스레드 {loader}이(가) {stored}을(를) 썼습니다. 스레드 {victim}의 업데이트가 사라졌습니다."
        )
    },
    final_ok: |count| format!("모든 스레드가 끝났고 카운터는 기댓값대로 {count}입니다. 사라진 업데이트가 없습니다."),
    final_lost: |count, expected, lost| {
        format!("모든 스레드가 끝났지만 카운터는 {expected}이(가) 아니라 {count}입니다. 업데이트 {lost}개가 사라졌습니다.")
    },
    found_losing: |prefix, steps, final_count| {
        format!(
            "찾았습니다. {prefix}단계 만에 업데이트가 하나 사라집니다 (이보다 짧은 스케줄은 없습니다). 이어서 {steps}단계에 \
             끝나고 카운터는 {final_count}입니다. 위에 재생해 두었으니 되돌리기로 한 단계씩 거슬러 볼 수 있습니다."
        )
    },
    found_never: |states| {
        format!("여기서는 업데이트가 사라지는 스케줄이 없습니다. 도달할 수 있는 상태 {states}개를 모두 확인했습니다. 읽기와 쓰기 사이에 아무것도 끼어들 수 없습니다.")
    },
    found_gave_up: |states| {
        format!("처음 {states}개 상태 안에는 업데이트가 사라지는 스케줄이 없고, 탐색은 거기서 멈췄습니다. 스레드나 증가 횟수를 줄이면 모두 확인할 수 있습니다.")
    },
    refused_no_thread: |thread| format!("이 설정에는 스레드 {thread}이(가) 없습니다."),
    refused_finished: |thread| format!("스레드 {thread}은(는) 이미 끝났습니다."),
    refused_parked: |thread| format!("스레드 {thread}은(는) 뮤텍스가 unlock될 때까지 파킹되어 있습니다."),
    refused_too_many: |max| format!("스케줄은 최대 {max}단계입니다."),
    announce_step: |thread, what, counter| format!("스레드 {thread}: {what}. 카운터: {counter}."),
    announce_undone: |step, thread, counter| format!("{step}단계(스레드 {thread})를 되돌렸습니다. 카운터: {counter}."),
    announce_reset: "처음으로 돌아왔습니다. 카운터: 0.",
    sim_title: "많은 증가를 시뮬레이션한 실행",
    sim_help: "스레드마다 위에서 정한 횟수만큼 증가시킵니다. 매 단계마다 실행할 수 있는 스레드 중 하나를 시드가 무작위로 \
               골라 다음 명령을 실행합니다. 실제 스레드보다 훨씬 자주 끼어들기 때문에, 업데이트가 사라진다는 것은 보여 \
               주지만 실제 기기에서 얼마나 사라질지는 보여 주지 않습니다.",
    seed: "시드",
    seed_help: "스레드 수, 증가 횟수, 시드가 같으면 스케줄도 결과도 항상 같습니다.",
    seed_bad: "시드는 0부터 18446744073709551615까지의 정수여야 합니다.",
    next_seed: "다음 시드",
    simulate: "모든 방식 시뮬레이션",
    simulating: "시뮬레이션 중…",
    no_sim: "아직 시뮬레이션한 실행이 없습니다.",
    sim_caption: |threads, increments, seed| format!("스레드 {threads}개 × 증가 {increments}번, 시드 {seed}"),
    col_variant: "방식",
    col_final: "최종 카운터",
    col_spins: "스핀 횟수",
    col_parks: "파킹 횟수",
    why: &[
        "`counter += 1`은 명령 세 개입니다. 카운터를 레지스터로 **load**하고, 1을 **add**하고, 다시 **store**합니다. \
         한 스레드의 load와 store 사이에 다른 스레드가 store하면, 나중 store는 오래된 값으로 계산한 값을 써서 \
         다른 스레드의 업데이트를 지워 버립니다. 이것이 **사라진 업데이트(lost update)**입니다.",
        "**원자적** `fetch_add`는 읽기와 쓰기를 나눌 수 없는 한 단계로 하므로 그 사이에 아무것도 끼어들 수 없습니다. \
         **뮤텍스**나 **스핀락**은 세 명령을 임계 구역으로 만들어 락을 가진 스레드만 실행하게 합니다. 파킹된 스레드는 \
         unlock이 깨울 때까지 실행되지 않고, 스핀하는 스레드는 자기 차례를 계속 써 버립니다.",
        "탐색은 인터리빙을 너비 우선으로 시도하면서 같은 상태에 이르는 것들을 합치므로, 처음 찾은 것이 가장 짧습니다. \
         보호된 방식에서는 도달할 수 있는 상태를 모두 확인하고도 찾지 못합니다.",
    ],
    try_next: &[
        "스레드 0을 한 번(load) 실행하고, 스레드 1을 끝까지 실행한 뒤, 스레드 0을 마저 실행해 보세요. 카운터가 1로 끝납니다.",
        "스핀락으로 바꾸고 스레드 0으로 락을 잡은 뒤 스레드 1을 실행해 보세요. 스핀만 하고 나아가지 못합니다.",
        "스레드 8개로 시뮬레이션해 보세요. 보호 없는 카운터는 기댓값보다 한참 낮게 끝날 수 있습니다.",
    ],
    why_seed: "원문: 공유 자원 문제 — 경쟁 상태, 원자적 연산, 뮤텍스, 스핀락.",
};
