//! 360° frame-extraction jobs: rows of the render queue with entity
//! `VEHICLE` and template `frames-360`, so they get the same lease,
//! heartbeat, retry and rescue as quote videos (`job_queue.rs`). Their
//! frames (`video360_frames`) are written with the job's success, in one
//! transaction that names the lease. Every attempt at a provider is kept in
//! `provider_usage`.
use std::str::FromStr;

use domain::{FRAMES_360_TEMPLATE, Frames360Input, JobStatus};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::audit::AuditEvent;
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::job_queue::Lease;
use crate::org::{OrgId, parse};
use crate::user::User;
use crate::vehicle::fetch_vehicle;
use crate::video_job::{DEFAULT_MAX_ATTEMPTS, notify_workers, record_event};

/// The entity of a 360° job.
pub const ENTITY_VEHICLE: &str = "VEHICLE";

impl AuditEvent<'_> {
    /// Someone uploaded (or linked) a 360° video (subject: the vehicle; detail: job id).
    pub const VIDEO360_REQUESTED: &'static str = "video360.requested";
    /// Someone cancelled a 360° job.
    pub const VIDEO360_CANCELLED: &'static str = "video360.cancelled";
}

/// A 360° job as stored (links are added by the service).
#[derive(Debug, Clone, PartialEq)]
pub struct FramesJobRecord {
    pub id: String,
    pub vehicle_id: String,
    pub vehicle_label: String,
    pub status: JobStatus,
    pub progress: u8,
    pub attempts: i64,
    pub max_attempts: i64,
    pub error: Option<String>,
    pub input: Frames360Input,
    pub provider: Option<String>,
    pub cost_usd: Decimal,
    pub processing_ms: Option<i64>,
    pub frames: Vec<FrameRecord>,
    pub created_by: String,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub updated_at: i64,
}

/// One stored frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameRecord {
    pub index: u32,
    pub count: u32,
    pub image_key: String,
    pub thumbnail_key: String,
    pub width: u32,
    pub height: u32,
    pub file_size_bytes: i64,
}

/// How a successful extraction ends.
#[derive(Debug, Clone, PartialEq)]
pub struct FramesOutput {
    pub frames: Vec<FrameRecord>,
    pub provider: String,
    pub cost_usd: Decimal,
    pub processing_ms: i64,
}

/// One attempt at a provider.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderUsage {
    pub organization_id: String,
    pub job_id: String,
    pub provider: String,
    pub cost_usd: Decimal,
    pub duration_ms: i64,
    pub success: bool,
    pub error: Option<String>,
    pub at_ms: i64,
}

const FRAMES_JOB_COLUMNS: &str = "id, entity_id, entity_label, status, progress, attempts, max_attempts, error_message, \
    input_snapshot, provider, cost_usd, processing_ms, created_by, created_at, started_at, finished_at, updated_at";

impl Db {
    /// Queues a 360° extraction for a vehicle of the organisation, with the
    /// id the caller chose (its upload is already stored under that id).
    /// Unknown vehicle: `NotFound`.
    pub async fn create_frames_job(
        &self,
        org: &OrgId,
        actor: &User,
        job_id: &str,
        input: &Frames360Input,
    ) -> Result<FramesJobRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let vehicle = fetch_vehicle(&mut tx, org, &input.vehicle_id).await?;
        let snapshot = serde_json::to_string(input).map_err(|e| StoreError::Corrupt(format!("360° snapshot: {e}")))?;
        let now = now_ms();
        let label = vehicle.label();
        sqlx::query(
            "INSERT INTO video_render_jobs (id, organization_id, entity_type, entity_id, entity_version, entity_label, template,
                 status, input_snapshot, max_attempts, run_at, created_by, created_at, updated_at, cost_usd)
             VALUES ($1, $2, $3, $4, 1, $5, $6, 'queued', $7, $8, $9, $10, $9, $9, '0')",
        )
        .bind(job_id)
        .bind(org.as_str())
        .bind(ENTITY_VEHICLE)
        .bind(&vehicle.id)
        .bind(&label)
        .bind(FRAMES_360_TEMPLATE)
        .bind(&snapshot)
        .bind(DEFAULT_MAX_ATTEMPTS)
        .bind(now)
        .bind(&actor.id)
        .execute(&mut *tx)
        .await?;
        let detail = format!("job={job_id} frames={} format={}", input.frame_count, input.format);
        record_event(&mut tx, org, Some(actor), AuditEvent::VIDEO360_REQUESTED, &label, detail).await?;
        notify_workers(&mut tx).await?;
        let record = fetch_frames_job(&mut tx, org, job_id).await?;
        tx.commit().await?;
        tracing::info!(job_id, org = %org, vehicle = %vehicle.id, "video-jobs> CREATE id={job_id} template={FRAMES_360_TEMPLATE}");
        self.wake_job_workers();
        Ok(record)
    }

    /// One 360° job of the organisation, with its frames.
    pub async fn frames_job(&self, org: &OrgId, id: &str) -> Result<FramesJobRecord, StoreError> {
        let mut conn = self.pool().acquire().await?;
        fetch_frames_job(&mut conn, org, id).await
    }

    /// The organisation's 360° jobs, newest first (one vehicle's when given).
    pub async fn frames_jobs(&self, org: &OrgId, vehicle_id: Option<&str>, limit: i64) -> Result<Vec<FramesJobRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {FRAMES_JOB_COLUMNS} FROM video_render_jobs
             WHERE organization_id = $1 AND entity_type = $2 AND ($3 = '' OR entity_id = $3)
             ORDER BY created_at DESC, id DESC LIMIT $4"
        ))
        .bind(org.as_str())
        .bind(ENTITY_VEHICLE)
        .bind(vehicle_id.unwrap_or_default())
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        let mut jobs = rows.iter().map(frames_job_from_row).collect::<Result<Vec<_>, _>>()?;
        for job in jobs.iter_mut().filter(|j| j.status == JobStatus::Succeeded) {
            job.frames = self.frames_of(org, &job.id).await?;
        }
        Ok(jobs)
    }

    /// The newest succeeded 360° job of a vehicle (its spin), if any.
    pub async fn latest_vehicle_spin(&self, org: &OrgId, vehicle_id: &str) -> Result<Option<FramesJobRecord>, StoreError> {
        let id: Option<String> = sqlx::query_scalar(
            "SELECT id FROM video_render_jobs
             WHERE organization_id = $1 AND entity_type = $2 AND entity_id = $3 AND status = 'succeeded'
             ORDER BY finished_at DESC, id DESC LIMIT 1",
        )
        .bind(org.as_str())
        .bind(ENTITY_VEHICLE)
        .bind(vehicle_id)
        .fetch_optional(self.pool())
        .await?;
        match id {
            Some(id) => Ok(Some(self.frames_job(org, &id).await?)),
            None => Ok(None),
        }
    }

    /// Cancels a queued or running job of the organisation (either kind).
    /// A worker running it loses its lease at its next heartbeat and drops
    /// its work. Ended jobs: `WrongState`.
    pub async fn cancel_video_job(&self, org: &OrgId, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT status, entity_label FROM video_render_jobs WHERE organization_id = $1 AND id = $2")
            .bind(org.as_str())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let status = parse(&row, "status", JobStatus::from_str)?;
        if !status.is_active() {
            return Err(StoreError::WrongState { status: status.as_str() });
        }
        let label: String = row.try_get("entity_label")?;
        let now = now_ms();
        sqlx::query(
            "UPDATE video_render_jobs
             SET status = 'cancelled', finished_at = $1, updated_at = $1, lease_token = NULL, lease_expires_at = NULL,
                 unique_key = NULL, error_message = 'cancelled'
             WHERE organization_id = $2 AND id = $3 AND status IN ('queued', 'running')",
        )
        .bind(now)
        .bind(org.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        record_event(&mut tx, org, Some(actor), AuditEvent::VIDEO360_CANCELLED, &label, format!("job={id} was={status}")).await?;
        tx.commit().await?;
        tracing::info!(job_id = id, org = %org, "video-jobs> CANCEL id={id} old={status}");
        Ok(())
    }

    /// Records a fetched source on the job (URL jobs), naming the lease.
    /// `false`: the lease was lost.
    pub async fn set_frames_source(&self, lease: &Lease, input: &Frames360Input) -> Result<bool, StoreError> {
        let snapshot = serde_json::to_string(input).map_err(|e| StoreError::Corrupt(format!("360° snapshot: {e}")))?;
        let updated = sqlx::query(
            "UPDATE video_render_jobs SET input_snapshot = $1, updated_at = $2
             WHERE id = $3 AND lease_token = $4 AND status = 'running'",
        )
        .bind(snapshot)
        .bind(now_ms())
        .bind(&lease.job_id)
        .bind(&lease.token)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(updated == 1)
    }

    /// Records the winning attempt's frames and marks the job succeeded, in
    /// one transaction. `false`: the lease was lost; the caller deletes the
    /// files it stored.
    pub async fn complete_frames_job(&self, lease: &Lease, output: &FramesOutput) -> Result<bool, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let thumbnail = output.frames.first().map(|f| f.thumbnail_key.clone());
        let bytes: i64 = output.frames.iter().map(|f| f.file_size_bytes).sum();
        let updated = sqlx::query(
            "UPDATE video_render_jobs
             SET status = 'succeeded', thumbnail_key = $1, output_bytes = $2, progress = 100, provider = $3, cost_usd = $4,
                 processing_ms = $5, error_message = NULL, error_reason = NULL, finished_at = $6, updated_at = $6,
                 lease_token = NULL, lease_expires_at = NULL, unique_key = NULL
             WHERE id = $7 AND lease_token = $8 AND status = 'running'",
        )
        .bind(thumbnail)
        .bind(bytes)
        .bind(&output.provider)
        .bind(output.cost_usd.to_string())
        .bind(output.processing_ms)
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
        sqlx::query("DELETE FROM video360_frames WHERE job_id = $1").bind(&lease.job_id).execute(&mut *tx).await?;
        for frame in &output.frames {
            sqlx::query(
                "INSERT INTO video360_frames (job_id, organization_id, frame_index, frame_count, image_key, thumbnail_key,
                     width, height, file_size_bytes)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&lease.job_id)
            .bind(lease.org.as_str())
            .bind(i64::from(frame.index))
            .bind(i64::from(frame.count))
            .bind(&frame.image_key)
            .bind(&frame.thumbnail_key)
            .bind(i64::from(frame.width))
            .bind(i64::from(frame.height))
            .bind(frame.file_size_bytes)
            .execute(&mut *tx)
            .await?;
        }
        let detail = format!("job={} attempt={} provider={} frames={}", lease.job_id, lease.attempt, output.provider, output.frames.len());
        record_event(&mut tx, &lease.org, None, AuditEvent::VIDEO_RENDER_SUCCEEDED, &lease.label, detail).await?;
        tx.commit().await?;
        tracing::info!(job_id = %lease.job_id, org = %lease.org, attempt = lease.attempt, provider = %output.provider,
            processing_ms = output.processing_ms, "video-jobs> SUCCEED id={}", lease.job_id);
        Ok(true)
    }

    /// Keeps one provider attempt.
    pub async fn record_provider_usage(&self, usage: &ProviderUsage) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO provider_usage (id, organization_id, job_id, provider, cost_usd, duration_ms, success, error_message, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&usage.organization_id)
        .bind(&usage.job_id)
        .bind(&usage.provider)
        .bind(usage.cost_usd.to_string())
        .bind(usage.duration_ms)
        .bind(i64::from(usage.success))
        .bind(usage.error.as_deref())
        .bind(usage.at_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Attempts at `provider` since `since_ms`, all organisations (a
    /// provider's daily limit is the account's, not a tenant's).
    pub async fn provider_usage_since(&self, provider: &str, since_ms: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM provider_usage WHERE provider = $1 AND created_at >= $2")
            .bind(provider)
            .bind(since_ms)
            .fetch_one(self.pool())
            .await?)
    }

    /// One job's usage records, oldest first (for tests and support). Two
    /// calls can start in the same millisecond (a provider that fails at
    /// once, then the next one): the one that ended first came first.
    pub async fn provider_usage_of_job(&self, org: &OrgId, job_id: &str) -> Result<Vec<ProviderUsage>, StoreError> {
        let rows = sqlx::query(
            "SELECT organization_id, job_id, provider, cost_usd, duration_ms, success, error_message, created_at
             FROM provider_usage WHERE organization_id = $1 AND job_id = $2
             ORDER BY created_at, created_at + duration_ms, id",
        )
        .bind(org.as_str())
        .bind(job_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let success: i64 = row.try_get("success")?;
                Ok(ProviderUsage {
                    organization_id: row.try_get("organization_id")?,
                    job_id: row.try_get("job_id")?,
                    provider: row.try_get("provider")?,
                    cost_usd: parse(row, "cost_usd", Decimal::from_str)?,
                    duration_ms: row.try_get("duration_ms")?,
                    success: success != 0,
                    error: row.try_get("error_message")?,
                    at_ms: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    async fn frames_of(&self, org: &OrgId, job_id: &str) -> Result<Vec<FrameRecord>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        fetch_frames(&mut conn, org, job_id).await
    }
}

async fn fetch_frames_job(conn: &mut sqlx::AnyConnection, org: &OrgId, id: &str) -> Result<FramesJobRecord, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {FRAMES_JOB_COLUMNS} FROM video_render_jobs WHERE organization_id = $1 AND id = $2 AND entity_type = $3"
    ))
    .bind(org.as_str())
    .bind(id)
    .bind(ENTITY_VEHICLE)
    .fetch_one(&mut *conn)
    .await?;
    let mut job = frames_job_from_row(&row)?;
    job.frames = fetch_frames(conn, org, id).await?;
    Ok(job)
}

async fn fetch_frames(conn: &mut sqlx::AnyConnection, org: &OrgId, job_id: &str) -> Result<Vec<FrameRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT frame_index, frame_count, image_key, thumbnail_key, width, height, file_size_bytes FROM video360_frames
         WHERE organization_id = $1 AND job_id = $2 ORDER BY frame_index",
    )
    .bind(org.as_str())
    .bind(job_id)
    .fetch_all(&mut *conn)
    .await?;
    let number = |row: &AnyRow, column: &str| -> Result<u32, StoreError> {
        let value: i64 = row.try_get(column)?;
        u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("video360_frames.{column} = {value}")))
    };
    rows.iter()
        .map(|row| {
            Ok(FrameRecord {
                index: number(row, "frame_index")?,
                count: number(row, "frame_count")?,
                image_key: row.try_get("image_key")?,
                thumbnail_key: row.try_get("thumbnail_key")?,
                width: number(row, "width")?,
                height: number(row, "height")?,
                file_size_bytes: row.try_get("file_size_bytes")?,
            })
        })
        .collect()
}

fn frames_job_from_row(row: &AnyRow) -> Result<FramesJobRecord, StoreError> {
    let id: String = row.try_get("id")?;
    let snapshot: String = row.try_get("input_snapshot")?;
    let input: Frames360Input = serde_json::from_str(&snapshot)
        .map_err(|e| StoreError::Corrupt(format!("video_render_jobs.input_snapshot of {id}: {e}")))?;
    let progress: i64 = row.try_get("progress")?;
    let cost: Option<String> = row.try_get("cost_usd")?;
    let cost_usd = match cost {
        Some(text) => Decimal::from_str(&text).map_err(|e| StoreError::Corrupt(format!("cost_usd = {text:?}: {e}")))?,
        None => Decimal::ZERO,
    };
    Ok(FramesJobRecord {
        id,
        vehicle_id: row.try_get("entity_id")?,
        vehicle_label: row.try_get("entity_label")?,
        status: parse(row, "status", JobStatus::from_str)?,
        progress: u8::try_from(progress.clamp(0, 100)).unwrap_or(0),
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        error: row.try_get("error_message")?,
        input,
        provider: row.try_get("provider")?,
        cost_usd,
        processing_ms: row.try_get("processing_ms")?,
        frames: Vec::new(),
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
