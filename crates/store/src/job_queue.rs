//! The worker's side of the render queue: claim with a lease, heartbeat,
//! finish or fail naming the lease, rescue expired leases, release on
//! shutdown, clean up old outputs. Workers serve every organisation, so
//! these functions take a [`Lease`] (which carries the job's organisation)
//! instead of an `OrgId` from a session.
//!
//! Every write back says `WHERE id = … AND lease_token = …`: when it
//! changes no row the lease was lost (the reaper gave the job to another
//! attempt), and the caller must drop its result.
use domain::{FRAMES_360_TEMPLATE, Frames360Input, QuoteVideoInput};
use sqlx::{AnyConnection, Row};

use crate::clock::now_ms;
use crate::db::{Backend, Db};
use crate::error::StoreError;
use crate::org::OrgId;
use crate::audit::AuditEvent;
use crate::video_job::record_event;

/// A claimed attempt: the job, its snapshot and the token every write back names.
#[derive(Debug, Clone)]
pub struct Lease {
    pub job_id: String,
    pub org: OrgId,
    pub token: String,
    /// This attempt's number, from 1.
    pub attempt: i64,
    pub max_attempts: i64,
    /// The quote number or the vehicle, for logs.
    pub label: String,
    pub input: JobInput,
    /// When the job was asked for and when this attempt became due (ms).
    pub created_at: i64,
    pub run_at: i64,
    pub started_at: i64,
}

/// What a claimed job is to do, by its template.
#[derive(Debug, Clone, PartialEq)]
pub enum JobInput {
    /// `quote-summary`: render the quote's video.
    QuoteSummary(Box<QuoteVideoInput>),
    /// `frames-360`: extract a vehicle video's frames.
    Frames360(Frames360Input),
}

impl JobInput {
    fn parse(template: &str, snapshot: &str) -> Result<JobInput, String> {
        if template == FRAMES_360_TEMPLATE {
            serde_json::from_str(snapshot).map(JobInput::Frames360).map_err(|e| e.to_string())
        } else {
            serde_json::from_str(snapshot).map(|input| JobInput::QuoteSummary(Box::new(input))).map_err(|e| e.to_string())
        }
    }
}

/// Where a finished render's files went.
#[derive(Debug, Clone, PartialEq)]
pub struct JobOutput {
    pub video_key: String,
    pub thumbnail_key: String,
    pub video_bytes: i64,
    pub duration_ms: i64,
}

/// What became of an attempt that did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Queued again, due at `run_at` (ms).
    Retry { run_at: i64 },
    /// Attempts spent: `failed` for good.
    Failed,
    /// The lease was lost: someone else owns the job now; nothing written.
    LeaseLost,
}

/// A job the reaper put right.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescued {
    pub job_id: String,
    pub org: OrgId,
    pub attempts: i64,
    pub outcome: AfterFailure,
}

/// Succeeded jobs whose files are past their time to live.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpiredOutputs {
    pub job_id: String,
    pub org: OrgId,
    pub keys: Vec<String>,
}

/// How the queue retries: the delay before attempt n+1 is
/// `backoff_base_ms × 2^(n-1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub backoff_base_ms: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { backoff_base_ms: 10_000 }
    }
}

impl RetryPolicy {
    /// When the next attempt is due after `attempts` failed ones.
    pub fn next_run_at(self, now: i64, attempts: i64) -> i64 {
        let doublings = u32::try_from((attempts - 1).clamp(0, 16)).unwrap_or(0);
        now.saturating_add(self.backoff_base_ms.saturating_mul(1_i64 << doublings))
    }
}

impl Db {
    /// Claims the oldest due queued job for `worker_id` with a lease of
    /// `lease_ms`; `None` when nothing is due. PostgreSQL: `FOR UPDATE SKIP
    /// LOCKED`, so concurrent workers never wait on each other's row;
    /// SQLite: one writer at a time (`BEGIN IMMEDIATE`).
    pub async fn claim_video_job(&self, worker_id: &str, lease_ms: i64) -> Result<Option<Lease>, StoreError> {
        let skip_locked = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let now = now_ms();
        let token = uuid::Uuid::new_v4().simple().to_string();
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // A claim lost in a database crash leaves the job queued (or, if
            // the row was written, running until its lease expires): both are
            // safe, so the claim need not wait for its WAL flush. Completions
            // stay fully durable.
            sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
        }
        let row = sqlx::query(&format!(
            "UPDATE video_render_jobs
             SET status = 'running', lease_token = $1, lease_expires_at = $2, heartbeat_at = $3, started_at = $3,
                 attempts = attempts + 1, worker_id = $4, progress = 0, updated_at = $3
             WHERE status = 'queued' AND id = (
                 SELECT id FROM video_render_jobs WHERE status = 'queued' AND run_at <= $3
                 ORDER BY run_at, created_at, id LIMIT 1 {skip_locked})
             RETURNING id, organization_id, attempts, max_attempts, entity_label, template, input_snapshot, created_at, run_at"
        ))
        .bind(&token)
        .bind(now + lease_ms)
        .bind(now)
        .bind(worker_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(None);
        };
        let job_id: String = row.try_get("id")?;
        let org = OrgId::from_row(&row, "organization_id")?;
        let attempt: i64 = row.try_get("attempts")?;
        let label: String = row.try_get("entity_label")?;
        let template: String = row.try_get("template")?;
        let snapshot: String = row.try_get("input_snapshot")?;
        let input = JobInput::parse(&template, &snapshot)
            .map_err(|e| StoreError::Corrupt(format!("video_render_jobs.input_snapshot of {job_id}: {e}")))?;
        record_event(&mut *tx, &org, None, AuditEvent::VIDEO_RENDER_STARTED, &label, format!("job={job_id} attempt={attempt} worker={worker_id}"))
            .await?;
        tx.commit().await?;
        tracing::info!(job_id = %job_id, org = %org, attempt, worker = worker_id, "video-jobs> START id={job_id} attempt={attempt}");
        Ok(Some(Lease {
            job_id,
            org,
            token,
            attempt,
            max_attempts: row.try_get("max_attempts")?,
            label,
            input,
            created_at: row.try_get("created_at")?,
            run_at: row.try_get("run_at")?,
            started_at: now,
        }))
    }

    /// Extends the lease and records progress (0–100). `false`: the lease
    /// was lost; stop and drop the work.
    pub async fn heartbeat_video_job(&self, lease: &Lease, progress: u8, lease_ms: i64) -> Result<bool, StoreError> {
        let now = now_ms();
        let updated = sqlx::query(
            "UPDATE video_render_jobs SET heartbeat_at = $1, lease_expires_at = $2, progress = $3, updated_at = $1
             WHERE id = $4 AND lease_token = $5 AND status = 'running'",
        )
        .bind(now)
        .bind(now + lease_ms)
        .bind(i64::from(progress.min(100)))
        .bind(&lease.job_id)
        .bind(&lease.token)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(updated == 1)
    }

    /// Records the winning attempt's files. `false`: the lease was lost, the
    /// job belongs to another attempt, and these files must be deleted.
    pub async fn complete_video_job(&self, lease: &Lease, output: &JobOutput) -> Result<bool, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE video_render_jobs
             SET status = 'succeeded', output_key = $1, thumbnail_key = $2, output_bytes = $3, duration_ms = $4,
                 progress = 100, error_message = NULL, error_reason = NULL, finished_at = $5, updated_at = $5,
                 lease_token = NULL, lease_expires_at = NULL, unique_key = NULL
             WHERE id = $6 AND lease_token = $7 AND status = 'running'",
        )
        .bind(&output.video_key)
        .bind(&output.thumbnail_key)
        .bind(output.video_bytes)
        .bind(output.duration_ms)
        .bind(now)
        .bind(&lease.job_id)
        .bind(&lease.token)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let detail = format!("job={} attempt={} duration_ms={}", lease.job_id, lease.attempt, output.duration_ms);
        record_event(&mut *tx, &lease.org, None, AuditEvent::VIDEO_RENDER_SUCCEEDED, &lease.label, detail).await?;
        tx.commit().await?;
        tracing::info!(job_id = %lease.job_id, org = %lease.org, attempt = lease.attempt, render_ms = now - lease.started_at,
            "video-jobs> SUCCEED id={}", lease.job_id);
        Ok(true)
    }

    /// The attempt failed (`reason`: a short word for metrics, e.g.
    /// `render`, `timeout`, `storage`): queued again with backoff, or
    /// `failed` once its attempts are spent.
    pub async fn fail_video_job(&self, lease: &Lease, reason: &str, error: &str, policy: RetryPolicy) -> Result<AfterFailure, StoreError> {
        self.end_failed_attempt(lease, reason, error, Some(policy)).await
    }

    /// The attempt failed in a way no retry can fix (the input cannot be
    /// drawn): `failed` at once.
    pub async fn give_up_video_job(&self, lease: &Lease, reason: &str, error: &str) -> Result<AfterFailure, StoreError> {
        self.end_failed_attempt(lease, reason, error, None).await
    }

    async fn end_failed_attempt(&self, lease: &Lease, reason: &str, error: &str, retry: Option<RetryPolicy>) -> Result<AfterFailure, StoreError> {
        let mut tx = self.begin_write().await?;
        let outcome = fail_attempt(&mut tx, &lease.job_id, &lease.org, Some(&lease.token), reason, error, retry).await?;
        tx.commit().await?;
        if let AfterFailure::Retry { .. } = outcome {
            self.wake_job_workers();
        }
        Ok(outcome)
    }

    /// Gives the job back without counting the attempt (a worker shutting
    /// down). `false`: the lease was already lost.
    pub async fn release_video_job(&self, lease: &Lease) -> Result<bool, StoreError> {
        let now = now_ms();
        let updated = sqlx::query(
            "UPDATE video_render_jobs
             SET status = 'queued', attempts = attempts - 1, run_at = $1, progress = 0, updated_at = $1,
                 lease_token = NULL, lease_expires_at = NULL, worker_id = NULL
             WHERE id = $2 AND lease_token = $3 AND status = 'running'",
        )
        .bind(now)
        .bind(&lease.job_id)
        .bind(&lease.token)
        .execute(self.pool())
        .await?
        .rows_affected();
        if updated == 1 {
            tracing::info!(job_id = %lease.job_id, "video-jobs> RELEASE id={} (worker shutting down)", lease.job_id);
            self.wake_job_workers();
        }
        Ok(updated == 1)
    }

    /// Puts right every `running` job whose lease expired (its worker died
    /// or hung): queued again with backoff, or `failed` when its attempts
    /// are spent. Safe to run from every worker at once.
    pub async fn rescue_expired_video_jobs(&self, policy: RetryPolicy) -> Result<Vec<Rescued>, StoreError> {
        let now = now_ms();
        let stale = sqlx::query(
            "SELECT id, organization_id, lease_token, attempts FROM video_render_jobs
             WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < $1)
             ORDER BY lease_expires_at LIMIT 100",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?;
        let mut rescued = Vec::new();
        for row in stale {
            let job_id: String = row.try_get("id")?;
            let org = OrgId::from_row(&row, "organization_id")?;
            let token: Option<String> = row.try_get("lease_token")?;
            let attempts: i64 = row.try_get("attempts")?;
            let mut tx = self.begin_write().await?;
            let outcome = fail_attempt(
                &mut tx,
                &job_id,
                &org,
                token.as_deref(),
                "lease_expired",
                "the worker stopped answering (lease expired)",
                Some(policy),
            )
            .await?;
            tx.commit().await?;
            let new = match outcome {
                AfterFailure::Retry { .. } => "queued",
                AfterFailure::Failed => "failed",
                AfterFailure::LeaseLost => continue,
            };
            tracing::warn!(job_id = %job_id, org = %org, attempts, "video-jobs> RECONCILE id={job_id} old=running new={new}");
            rescued.push(Rescued { job_id, org, attempts, outcome });
        }
        if rescued.iter().any(|r| matches!(r.outcome, AfterFailure::Retry { .. })) {
            self.wake_job_workers();
        }
        Ok(rescued)
    }

    /// Succeeded quote videos finished before `before_ms` whose files are
    /// still there (at most `limit`). A vehicle's 360° frames are kept: they
    /// are its spin for as long as it exists.
    pub async fn video_outputs_expired(&self, before_ms: i64, limit: i64) -> Result<Vec<ExpiredOutputs>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, organization_id, output_key, thumbnail_key FROM video_render_jobs
             WHERE status = 'succeeded' AND outputs_deleted_at IS NULL AND finished_at < $1 AND entity_type = 'QUOTE'
             ORDER BY finished_at LIMIT $2",
        )
        .bind(before_ms)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let keys: Vec<String> = [row.try_get::<Option<String>, _>("output_key")?, row.try_get("thumbnail_key")?]
                    .into_iter()
                    .flatten()
                    .collect();
                Ok(ExpiredOutputs { job_id: row.try_get("id")?, org: OrgId::from_row(row, "organization_id")?, keys })
            })
            .collect()
    }

    /// The job's files were deleted; it stays on record without links.
    pub async fn mark_video_outputs_deleted(&self, job_id: &str) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query("UPDATE video_render_jobs SET outputs_deleted_at = $1, updated_at = $1 WHERE id = $2 AND outputs_deleted_at IS NULL")
            .bind(now)
            .bind(job_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The output keys recorded for the job (to tell a winning attempt's
    /// files from orphans of lost ones).
    pub async fn video_job_keys(&self, job_id: &str) -> Result<Vec<String>, StoreError> {
        let row = sqlx::query("SELECT output_key, thumbnail_key FROM video_render_jobs WHERE id = $1")
            .bind(job_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(row) => [row.try_get::<Option<String>, _>("output_key")?, row.try_get("thumbnail_key")?]
                .into_iter()
                .flatten()
                .collect(),
            None => Vec::new(),
        })
    }
}

/// Ends an attempt that did not succeed, in the caller's transaction:
/// queued again per `retry` while attempts remain, else `failed`.
/// `token`: the lease it held (`None` for a row that lost it already).
async fn fail_attempt(
    conn: &mut AnyConnection,
    job_id: &str,
    org: &OrgId,
    token: Option<&str>,
    reason: &str,
    error: &str,
    retry: Option<RetryPolicy>,
) -> Result<AfterFailure, StoreError> {
    let now = now_ms();
    let row = sqlx::query(
        "SELECT attempts, max_attempts, entity_label FROM video_render_jobs
         WHERE id = $1 AND status = 'running' AND COALESCE(lease_token, '') = $2",
    )
    .bind(job_id)
    .bind(token.unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(AfterFailure::LeaseLost) };
    let attempts: i64 = row.try_get("attempts")?;
    let max_attempts: i64 = row.try_get("max_attempts")?;
    let label: String = row.try_get("entity_label")?;
    let error: String = error.chars().take(2000).collect();
    let retry = retry.filter(|_| attempts < max_attempts);
    let outcome = if let Some(policy) = retry {
        let run_at = policy.next_run_at(now, attempts);
        sqlx::query(
            "UPDATE video_render_jobs
             SET status = 'queued', run_at = $1, error_message = $2, error_reason = $3, progress = 0, updated_at = $4,
                 lease_token = NULL, lease_expires_at = NULL, worker_id = NULL
             WHERE id = $5",
        )
        .bind(run_at)
        .bind(&error)
        .bind(reason)
        .bind(now)
        .bind(job_id)
        .execute(&mut *conn)
        .await?;
        tracing::warn!(job_id, org = %org, attempts, reason, error = %error,
            "video-jobs> RETRY id={job_id} attempt={attempts} next_in_ms={}", run_at - now);
        AfterFailure::Retry { run_at }
    } else {
        sqlx::query(
            "UPDATE video_render_jobs
             SET status = 'failed', error_message = $1, error_reason = $2, finished_at = $3, updated_at = $3,
                 lease_token = NULL, lease_expires_at = NULL, unique_key = NULL
             WHERE id = $4",
        )
        .bind(&error)
        .bind(reason)
        .bind(now)
        .bind(job_id)
        .execute(&mut *conn)
        .await?;
        record_event(conn, org, None, AuditEvent::VIDEO_RENDER_FAILED, &label, format!("job={job_id} attempts={attempts} error={error}")).await?;
        tracing::error!(job_id, org = %org, attempts, reason, error = %error, "video-jobs> FAIL id={job_id}");
        AfterFailure::Failed
    };
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base() {
        let policy = RetryPolicy { backoff_base_ms: 10_000 };
        assert_eq!(policy.next_run_at(1_000, 1), 11_000);
        assert_eq!(policy.next_run_at(1_000, 2), 21_000);
        assert_eq!(policy.next_run_at(1_000, 3), 41_000);
    }
}
