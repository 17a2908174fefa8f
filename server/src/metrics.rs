//! `GET /metrics`: Prometheus text of the render queue (every organisation,
//! every worker). Open on the embedded default (a loopback address); with
//! `METRICS_TOKEN` set it asks for `Authorization: Bearer <token>`; without
//! a token on any other address it is 404.
use std::fmt::Write;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use store::{Histogram, JobStats};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.config.metrics_token.is_none() && !state.config.listens_on_loopback() {
        // Every organisation's job counts: only for this machine, or with the token.
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    if let Some(token) = state.config.metrics_token.as_ref() {
        let given = crate::api::bearer_token(&headers).unwrap_or_default();
        if !constant_time_eq(given.as_bytes(), token.0.as_bytes()) {
            return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "metrics need the METRICS_TOKEN\n").into_response();
        }
    }
    match state.db.video_job_stats().await {
        Ok(stats) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], render(&stats)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics: reading the jobs table failed");
            (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable\n").into_response()
        }
    }
}

/// The Prometheus text exposition of `stats`.
pub fn render(stats: &JobStats) -> String {
    let mut out = String::new();
    out.push_str("# HELP video_render_jobs_total Render jobs by their current status.\n# TYPE video_render_jobs_total gauge\n");
    for (status, n) in &stats.by_status {
        let _ = writeln!(out, "video_render_jobs_total{{status=\"{status}\"}} {n}");
    }
    let queued = stats.by_status.iter().find(|(s, _)| *s == "queued").map_or(0, |(_, n)| *n);
    out.push_str("# HELP video_render_queue_depth Jobs waiting for a worker.\n# TYPE video_render_queue_depth gauge\n");
    let _ = writeln!(out, "video_render_queue_depth {queued}");
    out.push_str("# HELP video_render_failures_total Jobs failed for good, by the reason of their last attempt.\n# TYPE video_render_failures_total counter\n");
    for (reason, n) in &stats.failures_by_reason {
        let _ = writeln!(out, "video_render_failures_total{{reason=\"{}\"}} {n}", escape(reason));
    }
    histogram(&mut out, "video_render_duration_seconds", "Time a successful render took (its last attempt).", &stats.render_seconds);
    histogram(&mut out, "video_render_queue_wait_seconds", "Time from asking for a video to its render starting.", &stats.wait_seconds);
    out
}

fn histogram(out: &mut String, name: &str, help: &str, h: &Histogram) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
    for (bound, n) in h.bounds.iter().zip(&h.buckets) {
        let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {n}");
    }
    let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {}", h.count);
    let _ = writeln!(out, "{name}_sum {}", h.sum_seconds);
    let _ = writeln!(out, "{name}_count {}", h.count);
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_has_every_family_with_cumulative_buckets() {
        let stats = JobStats {
            by_status: vec![("queued", 2), ("running", 1), ("succeeded", 5), ("failed", 1), ("cancelled", 0)],
            failures_by_reason: vec![("timeout".into(), 1)],
            render_seconds: Histogram { bounds: &[1.0, 10.0], buckets: vec![1, 4], count: 5, sum_seconds: 21.5 },
            wait_seconds: Histogram { bounds: &[0.1], buckets: vec![6], count: 7, sum_seconds: 0.9 },
        };
        let text = render(&stats);
        for line in [
            "video_render_jobs_total{status=\"queued\"} 2",
            "video_render_queue_depth 2",
            "video_render_failures_total{reason=\"timeout\"} 1",
            "video_render_duration_seconds_bucket{le=\"10\"} 4",
            "video_render_duration_seconds_bucket{le=\"+Inf\"} 5",
            "video_render_duration_seconds_sum 21.5",
            "video_render_queue_wait_seconds_count 7",
            "# TYPE video_render_duration_seconds histogram",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line:?} in\n{text}");
        }
    }
}
