//! Figures of the render queue for `/metrics`, across every organisation
//! and every worker (read from the jobs table, so workers on other machines
//! count too).
use sqlx::Row;

use crate::db::Db;
use crate::error::StoreError;

/// Upper bounds (seconds) of the render-duration histogram.
pub const RENDER_SECONDS_BUCKETS: &[f64] = &[1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0];
/// Upper bounds (seconds) of the queue-wait histogram (asked → started).
pub const WAIT_SECONDS_BUCKETS: &[f64] = &[0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// A cumulative histogram: `buckets[i]` counts observations ≤ bounds[i].
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub bounds: &'static [f64],
    pub buckets: Vec<i64>,
    pub count: i64,
    pub sum_seconds: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobStats {
    /// Jobs by status (every status listed, zero included).
    pub by_status: Vec<(&'static str, i64)>,
    /// Failed jobs by the reason of their last attempt (`render`, `timeout`, `lease_expired`, `storage`).
    pub failures_by_reason: Vec<(String, i64)>,
    /// How long succeeded renders took (their last attempt, start to finish).
    pub render_seconds: Histogram,
    /// How long jobs waited from being asked for to their (last) start.
    pub wait_seconds: Histogram,
}

impl Db {
    pub async fn video_job_stats(&self) -> Result<JobStats, StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM video_render_jobs GROUP BY status").fetch_all(self.pool()).await?;
        let mut by_status: Vec<(&'static str, i64)> = domain::JobStatus::ALL.iter().map(|s| (s.as_str(), 0)).collect();
        for row in rows {
            let status: String = row.try_get("status")?;
            let n: i64 = row.try_get("n")?;
            if let Some(entry) = by_status.iter_mut().find(|(s, _)| *s == status) {
                entry.1 = n;
            }
        }
        let failures_by_reason = sqlx::query(
            "SELECT COALESCE(error_reason, 'unknown') AS reason, COUNT(*) AS n FROM video_render_jobs
             WHERE status = 'failed' GROUP BY COALESCE(error_reason, 'unknown') ORDER BY 1",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| Ok((row.try_get("reason")?, row.try_get("n")?)))
        .collect::<Result<Vec<(String, i64)>, StoreError>>()?;
        let render_seconds = self
            .histogram("finished_at - started_at", "status = 'succeeded' AND started_at IS NOT NULL", RENDER_SECONDS_BUCKETS)
            .await?;
        let wait_seconds = self.histogram("started_at - created_at", "started_at IS NOT NULL", WAIT_SECONDS_BUCKETS).await?;
        Ok(JobStats { by_status, failures_by_reason, render_seconds, wait_seconds })
    }

    /// One pass over the table: a `SUM(CASE …)` per bucket of `ms_expr`.
    async fn histogram(&self, ms_expr: &str, filter: &str, bounds: &'static [f64]) -> Result<Histogram, StoreError> {
        let buckets: Vec<String> = bounds
            .iter()
            .enumerate()
            .map(|(i, b)| format!("CAST(COALESCE(SUM(CASE WHEN {ms_expr} <= {} THEN 1 ELSE 0 END), 0) AS BIGINT) AS b{i}", (b * 1000.0).round() as i64))
            .collect();
        let sql = format!(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM({ms_expr}), 0) AS BIGINT) AS total_ms, {} FROM video_render_jobs WHERE {filter}",
            buckets.join(", ")
        );
        let row = sqlx::query(&sql).fetch_one(self.pool()).await?;
        let count: i64 = row.try_get("n")?;
        let total_ms: i64 = row.try_get("total_ms")?;
        let buckets = (0..bounds.len()).map(|i| row.try_get::<i64, _>(format!("b{i}").as_str())).collect::<Result<Vec<_>, _>>()?;
        Ok(Histogram { bounds, buckets, count, sum_seconds: total_ms as f64 / 1000.0 })
    }
}
