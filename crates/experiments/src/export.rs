//! Export formats every page shares: CSV for results tables and Chrome Trace Event JSON for
//! traces (Perfetto and `chrome://tracing` open it). Pure text builders, tested natively; the UI
//! only hands the text to the browser as a download.

use serde::Serialize;

/// RFC 4180 CSV: a header line and one line per row, fields quoted when they need it.
pub fn csv<S: AsRef<str>>(headers: &[&str], rows: &[Vec<S>]) -> String {
    let mut out = String::new();
    let mut line = |fields: &mut dyn Iterator<Item = &str>| {
        let quoted: Vec<String> = fields.map(field).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(&mut headers.iter().copied());
    for row in rows {
        line(&mut row.iter().map(AsRef::as_ref));
    }
    out
}

fn field(f: &str) -> String {
    // A leading =, +, - or @ makes spreadsheets run the field as a formula; a quote mark keeps it text.
    let f = if f.starts_with(['=', '+', '@']) || (f.starts_with('-') && f.parse::<f64>().is_err()) {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f }
}

/// One event of a Chrome trace (the Trace Event Format's JSON object form).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceEvent {
    pub name: String,
    pub cat: String,
    /// "X" (complete: `ts` + `dur`), "i" (instant), "M" (metadata: thread names).
    pub ph: &'static str,
    /// Microseconds.
    pub ts: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dur: Option<f64>,
    pub pid: u32,
    pub tid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s: Option<&'static str>,
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub args: serde_json::Value,
}

impl TraceEvent {
    /// A span from `start_ms` to `end_ms` on lane `tid`.
    pub fn span(name: &str, cat: &str, tid: u32, start_ms: f64, end_ms: f64) -> Self {
        TraceEvent {
            name: name.into(),
            cat: cat.into(),
            ph: "X",
            ts: start_ms * 1e3,
            dur: Some(((end_ms - start_ms) * 1e3).max(0.0)),
            pid: 1,
            tid,
            s: None,
            args: serde_json::Value::Null,
        }
    }

    /// A moment on lane `tid`.
    pub fn instant(name: &str, cat: &str, tid: u32, at_ms: f64) -> Self {
        TraceEvent { ph: "i", dur: None, s: Some("t"), ..TraceEvent::span(name, cat, tid, at_ms, at_ms) }
    }

    /// Names lane `tid` in the viewer.
    pub fn lane_name(tid: u32, name: &str) -> Self {
        TraceEvent {
            name: "thread_name".into(),
            cat: "__metadata".into(),
            ph: "M",
            ts: 0.0,
            dur: None,
            pid: 1,
            tid,
            s: None,
            args: serde_json::json!({ "name": name }),
        }
    }
}

/// The JSON file: `{"traceEvents": [...], "displayTimeUnit": "ms"}`.
pub fn chrome_trace(events: &[TraceEvent]) -> String {
    serde_json::json!({ "traceEvents": events, "displayTimeUnit": "ms" }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        let rows = vec![vec!["1", "a,b", "say \"hi\""], vec!["-2.5", "=SUM(A1)", "-x"]];
        let text = csv(&["n", "text", "quote"], &rows);
        assert_eq!(text, "n,text,quote\r\n1,\"a,b\",\"say \"\"hi\"\"\"\r\n-2.5,'=SUM(A1),'-x\r\n");
    }

    #[test]
    fn traces_are_chrome_trace_json() {
        let t = chrome_trace(&[
            TraceEvent::lane_name(2, "microtasks"),
            TraceEvent::span("then", "microtask", 2, 1.0, 1.5),
            TraceEvent::instant("log", "log", 2, 1.2),
        ]);
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        let e = &v["traceEvents"];
        assert_eq!(e[0]["args"]["name"], "microtasks");
        assert_eq!((e[1]["ph"].as_str(), e[1]["ts"].as_f64(), e[1]["dur"].as_f64()), (Some("X"), Some(1000.0), Some(500.0)));
        assert_eq!((e[2]["ph"].as_str(), e[2]["s"].as_str()), (Some("i"), Some("t")));
        assert!(e[2].get("dur").is_none());
    }
}
