//! Render jobs as an organisation sees them: asking for a quote's video
//! (in the same transaction as the change that asks), reading jobs, and
//! retrying a failed one. The worker's side of the queue is in
//! `job_queue.rs`.
use std::str::FromStr;

use domain::{JobStatus, QUOTE_SUMMARY_TEMPLATE, QuoteStatus, QuoteVideoInput, VideoJob};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};
use crate::quote::quote_view;
use crate::user::User;

/// The kind of thing a job renders; only quotes today.
pub const ENTITY_QUOTE: &str = "QUOTE";

/// Attempts a job gets before it is `failed` (a killed worker's attempt counts).
pub const DEFAULT_MAX_ATTEMPTS: i64 = 3;

/// What the caller adds to the quote to make a video of it.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoOrder {
    /// The public quote page the video's QR code points to.
    pub quote_url: String,
    /// `#rrggbb`.
    pub brand_color: String,
    /// The organisation's logo (its JPEG rendition's storage key), if any.
    pub logo_key: Option<String>,
}

/// A job and where its files are, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoJobRecord {
    /// What the pages and the API show (the links are added by the server).
    pub job: VideoJob,
    pub output_key: Option<String>,
    pub thumbnail_key: Option<String>,
    pub output_bytes: Option<i64>,
    /// The outputs were deleted after their time to live.
    pub outputs_deleted: bool,
}

/// Whether [`Db::request_quote_video`] made a new job or found one for
/// that quote version: queued or running, or finished with its video still
/// kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Created,
    AlreadyActive,
    AlreadyDone,
}

pub(crate) const JOB_COLUMNS: &str = "id, entity_type, entity_id, entity_version, entity_label, template, status, \
    output_key, thumbnail_key, output_bytes, duration_ms, progress, attempts, max_attempts, error_message, created_by, \
    created_at, started_at, finished_at, updated_at, outputs_deleted_at";

impl AuditEvent<'_> {
    /// Sales asked for a quote's video (subject: the quote number; detail: job id).
    pub const VIDEO_RENDER_REQUESTED: &'static str = "video_render.requested";
    /// A worker started an attempt (detail: job id, attempt).
    pub const VIDEO_RENDER_STARTED: &'static str = "video_render.started";
    /// The video is ready (detail: job id, duration).
    pub const VIDEO_RENDER_SUCCEEDED: &'static str = "video_render.succeeded";
    /// The job failed for good (detail: job id, error).
    pub const VIDEO_RENDER_FAILED: &'static str = "video_render.failed";
}

impl Db {
    /// Asks for the video of the quote's current version. A quote must have
    /// been sent (a draft has no public page for the QR code): `WrongState`.
    /// While a job for that version is queued or running, or one finished
    /// and its video is still kept, returns it instead of rendering again.
    pub async fn request_quote_video(
        &self,
        org: &OrgId,
        quote_id: &str,
        actor: &User,
        order: &VideoOrder,
    ) -> Result<(VideoJobRecord, Requested), StoreError> {
        let mut tx = self.begin_write().await?;
        let (record, requested) = enqueue_quote_video(&mut *tx, org, quote_id, actor, order).await?;
        tx.commit().await?;
        if requested == Requested::Created {
            self.wake_job_workers();
        }
        Ok((record, requested))
    }

    /// A new job with the same snapshot as a `failed` one (which is kept).
    /// Other states: `WrongState`. If the same version already has an active
    /// job, that one is returned.
    pub async fn retry_video_job(&self, org: &OrgId, job_id: &str, actor: &User) -> Result<(VideoJobRecord, Requested), StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT status, entity_type, entity_id, entity_version, entity_label, template, input_snapshot FROM video_render_jobs
             WHERE organization_id = $1 AND id = $2",
        )
        .bind(org.as_str())
        .bind(job_id)
        .fetch_one(&mut *tx)
        .await?;
        let status = parse(&row, "status", JobStatus::from_str)?;
        if status != JobStatus::Failed {
            return Err(StoreError::WrongState { status: status.as_str() });
        }
        let job = NewJob {
            entity_type: row.try_get("entity_type")?,
            entity_id: row.try_get("entity_id")?,
            version: row.try_get("entity_version")?,
            label: row.try_get("entity_label")?,
            template: row.try_get("template")?,
            snapshot: row.try_get("input_snapshot")?,
            retry_of: Some(job_id.to_owned()),
        };
        let (record, requested) = insert_job(&mut *tx, org, actor, job).await?;
        tx.commit().await?;
        if requested == Requested::Created {
            self.wake_job_workers();
        }
        Ok((record, requested))
    }

    /// One job of the organisation.
    pub async fn video_job(&self, org: &OrgId, id: &str) -> Result<VideoJobRecord, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM video_render_jobs WHERE organization_id = $1 AND id = $2 AND entity_type = 'QUOTE'"
        ))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        job_record(&row)
    }

    /// The organisation's jobs, newest first; only those of one quote when
    /// `quote_id` is given; only succeeded ones with their files still
    /// there when `videos_only`.
    pub async fn video_jobs(
        &self,
        org: &OrgId,
        quote_id: Option<&str>,
        videos_only: bool,
        limit: i64,
    ) -> Result<Vec<VideoJobRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM video_render_jobs
             WHERE organization_id = $1 AND entity_type = 'QUOTE' AND ($2 = '' OR entity_id = $2)
               AND ($3 = 0 OR (status = 'succeeded' AND outputs_deleted_at IS NULL))
             ORDER BY created_at DESC, id DESC LIMIT $4"
        ))
        .bind(org.as_str())
        .bind(quote_id.unwrap_or_default())
        .bind(i64::from(videos_only))
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(job_record).collect()
    }

    /// How many jobs the organisation asked for since `since_ms` (the rate limit).
    pub async fn video_jobs_requested_since(&self, org: &OrgId, since_ms: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM video_render_jobs WHERE organization_id = $1 AND entity_type = 'QUOTE' AND created_at >= $2")
            .bind(org.as_str())
            .bind(since_ms)
            .fetch_one(self.pool())
            .await?)
    }
}

/// Enqueues the video of the quote's current version in the caller's
/// transaction (used by the request above and by sending a quote).
pub(crate) async fn enqueue_quote_video(
    conn: &mut AnyConnection,
    org: &OrgId,
    quote_id: &str,
    actor: &User,
    order: &VideoOrder,
) -> Result<(VideoJobRecord, Requested), StoreError> {
    let view = quote_view(conn, org, quote_id).await?;
    if view.status == QuoteStatus::Draft {
        return Err(StoreError::WrongState { status: view.status.as_str() });
    }
    let input = QuoteVideoInput {
        document: view.document,
        valid_until: view.valid_until,
        quote_url: order.quote_url.clone(),
        brand_color: order.brand_color.clone(),
        logo_key: order.logo_key.clone(),
    };
    if let Some(done) = finished_quote_video(conn, org, quote_id, input.document.version).await? {
        tracing::info!(job_id = %done.job.id, org = %org, version = input.document.version, "video-jobs> the version's video is already made");
        return Ok((done, Requested::AlreadyDone));
    }
    let snapshot = serde_json::to_string(&input).map_err(|e| StoreError::Corrupt(format!("video snapshot: {e}")))?;
    let job = NewJob {
        entity_type: ENTITY_QUOTE.to_owned(),
        entity_id: quote_id.to_owned(),
        version: input.document.version,
        label: input.document.number.clone(),
        template: QUOTE_SUMMARY_TEMPLATE.to_owned(),
        snapshot,
        retry_of: None,
    };
    insert_job(conn, org, actor, job).await
}

/// The newest succeeded video of a quote version whose files are still
/// kept (not past their time to live).
async fn finished_quote_video(conn: &mut AnyConnection, org: &OrgId, quote_id: &str, version: i64) -> Result<Option<VideoJobRecord>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {JOB_COLUMNS} FROM video_render_jobs
         WHERE organization_id = $1 AND entity_type = $2 AND entity_id = $3 AND entity_version = $4 AND template = $5
           AND status = 'succeeded' AND outputs_deleted_at IS NULL
         ORDER BY finished_at DESC, id DESC LIMIT 1"
    ))
    .bind(org.as_str())
    .bind(ENTITY_QUOTE)
    .bind(quote_id)
    .bind(version)
    .bind(QUOTE_SUMMARY_TEMPLATE)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(job_record).transpose()
}

struct NewJob {
    entity_type: String,
    entity_id: String,
    version: i64,
    label: String,
    template: String,
    snapshot: String,
    retry_of: Option<String>,
}

async fn insert_job(conn: &mut AnyConnection, org: &OrgId, actor: &User, job: NewJob) -> Result<(VideoJobRecord, Requested), StoreError> {
    // One active video per quote version; every 360° upload is a job of its own.
    let unique_key = (job.entity_type == ENTITY_QUOTE)
        .then(|| format!("{}:{}:{}:v{}:{}", org.as_str(), ENTITY_QUOTE, job.entity_id, job.version, job.template));
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO video_render_jobs (id, organization_id, entity_type, entity_id, entity_version, entity_label, template,
             status, input_snapshot, max_attempts, run_at, unique_key, retry_of, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $10, $11, $12, $13, $10, $10)
         ON CONFLICT (unique_key) DO NOTHING",
    )
    .bind(&id)
    .bind(org.as_str())
    .bind(&job.entity_type)
    .bind(&job.entity_id)
    .bind(job.version)
    .bind(&job.label)
    .bind(&job.template)
    .bind(&job.snapshot)
    .bind(DEFAULT_MAX_ATTEMPTS)
    .bind(now)
    .bind(unique_key.as_deref())
    .bind(job.retry_of.as_deref())
    .bind(&actor.id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // Ours, or (the insert did nothing) the active job of the same version.
    let row = sqlx::query(&format!(
        "SELECT {JOB_COLUMNS} FROM video_render_jobs
         WHERE organization_id = $1 AND (id = $2 OR (unique_key IS NOT NULL AND unique_key = $3))"
    ))
    .bind(org.as_str())
    .bind(&id)
    .bind(unique_key.as_deref().unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    let record = job_record(&row)?;
    if inserted == 0 {
        return Ok((record, Requested::AlreadyActive));
    }
    let detail = match &job.retry_of {
        Some(failed) => format!("job={id} version={} retry_of={failed}", job.version),
        None => format!("job={id} version={}", job.version),
    };
    record_event(conn, org, Some(actor), AuditEvent::VIDEO_RENDER_REQUESTED, &job.label, detail).await?;
    notify_workers(conn).await?;
    tracing::info!(job_id = %id, org = %org, entity = %job.label, version = job.version, template = %job.template, "video-jobs> CREATE id={id}");
    Ok((record, Requested::Created))
}

/// PostgreSQL: wakes workers listening on `video_render_jobs` when the
/// transaction commits. SQLite has no NOTIFY; other processes poll.
pub(crate) async fn notify_workers(conn: &mut AnyConnection) -> Result<(), StoreError> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_notify('video_render_jobs', '')").execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) async fn record_event(
    conn: &mut AnyConnection,
    org: &OrgId,
    actor: Option<&User>,
    action: &'static str,
    subject: &str,
    detail: String,
) -> Result<(), StoreError> {
    let event = match actor {
        Some(user) if user.organization_id == *org => AuditEvent::by(user, action),
        _ => AuditEvent::anonymous(org, action),
    };
    record(conn, &event.subject(subject).detail(detail)).await
}

pub(crate) fn job_record(row: &AnyRow) -> Result<VideoJobRecord, StoreError> {
    let progress: i64 = row.try_get("progress")?;
    let outputs_deleted_at: Option<i64> = row.try_get("outputs_deleted_at")?;
    Ok(VideoJobRecord {
        job: VideoJob {
            id: row.try_get("id")?,
            entity_type: row.try_get("entity_type")?,
            entity_id: row.try_get("entity_id")?,
            quote_number: row.try_get("entity_label")?,
            quote_version: row.try_get("entity_version")?,
            template: row.try_get("template")?,
            status: parse(row, "status", JobStatus::from_str)?,
            progress: u8::try_from(progress.clamp(0, 100)).unwrap_or(0),
            attempts: row.try_get("attempts")?,
            max_attempts: row.try_get("max_attempts")?,
            error: row.try_get("error_message")?,
            video_url: None,
            thumbnail_url: None,
            duration_ms: row.try_get("duration_ms")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            started_at: row.try_get("started_at")?,
            finished_at: row.try_get("finished_at")?,
            updated_at: row.try_get("updated_at")?,
        },
        output_key: row.try_get("output_key")?,
        thumbnail_key: row.try_get("thumbnail_key")?,
        output_bytes: row.try_get("output_bytes")?,
        outputs_deleted: outputs_deleted_at.is_some(),
    })
}
