//! Quote videos as sales ask for them: "Generar video" on a quote, the jobs
//! list, retrying a failed job, and signed links to the files. The render
//! itself is the worker's (`worker::runner`).
use std::time::Duration;

use blob::{BlobKey, Blobs};
use domain::{DEFAULT_BRAND_COLOR, VideoJob};
use store::{Db, Requested, User, VideoJobRecord, VideoOrder};

use crate::QuotesError;

/// How many renders an organisation may ask for per hour, and how long a
/// download link works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoPolicy {
    pub renders_per_hour: i64,
    pub link_ttl: Duration,
    /// `VIDEO_RENDER_ON_ISSUE`: sending a quote also asks for its video.
    pub render_on_issue: bool,
}

impl Default for VideoPolicy {
    fn default() -> Self {
        VideoPolicy { renders_per_hour: 20, link_ttl: Duration::from_secs(3600), render_on_issue: false }
    }
}

/// The videos service; cheap to clone.
#[derive(Clone)]
pub struct Videos {
    db: Db,
    blobs: Blobs,
    policy: VideoPolicy,
}

impl Videos {
    pub fn new(db: Db, blobs: Blobs, policy: VideoPolicy) -> Videos {
        Videos { db, blobs, policy }
    }

    /// What the video of a quote needs beside the quote: its public page
    /// (`{origin}/p/{token}` is added by the store from the quote) and the
    /// organisation's colour and logo.
    pub async fn order(&self, actor: &User, origin: &str, token: &str) -> Result<VideoOrder, QuotesError> {
        let org = self.db.org(&actor.organization_id).await?;
        Ok(VideoOrder {
            quote_url: format!("{}/p/{token}", origin.trim_end_matches('/')),
            brand_color: org.brand_color.unwrap_or_else(|| DEFAULT_BRAND_COLOR.to_owned()),
            logo_key: org.logo_jpeg_key,
        })
    }

    /// Sends the quote; with `VIDEO_RENDER_ON_ISSUE` on, its video is asked
    /// for in the same transaction (not counted against the hourly limit:
    /// sending is not a render button).
    pub async fn send_quote(&self, quotes: &crate::Quotes, actor: &User, quote_id: &str, origin: &str) -> Result<domain::QuoteView, QuotesError> {
        let order = if self.policy.render_on_issue {
            let quote = self.db.quote(&actor.organization_id, quote_id).await?;
            Some(self.order(actor, origin, &quote.token).await?)
        } else {
            None
        };
        quotes.send(actor, quote_id, order.as_ref()).await
    }

    /// "Generar video": a job for the quote's current version, or the one
    /// already queued or running for it (`created` false). Over the hourly
    /// limit: `RateLimited`.
    pub async fn request(&self, actor: &User, quote_id: &str, origin: &str) -> Result<(VideoJob, bool), QuotesError> {
        let quote = self.db.quote(&actor.organization_id, quote_id).await?;
        let order = self.order(actor, origin, &quote.token).await?;
        self.check_rate(actor).await?;
        let (record, requested) = self.db.request_quote_video(&actor.organization_id, quote_id, actor, &order).await?;
        Ok((self.with_links(record).await, requested == Requested::Created))
    }

    /// A new job for a failed one (kept as it was).
    pub async fn retry(&self, actor: &User, job_id: &str) -> Result<(VideoJob, bool), QuotesError> {
        self.check_rate(actor).await?;
        let (record, requested) = self.db.retry_video_job(&actor.organization_id, job_id, actor).await?;
        Ok((self.with_links(record).await, requested == Requested::Created))
    }

    pub async fn get(&self, actor: &User, job_id: &str) -> Result<VideoJob, QuotesError> {
        let record = self.db.video_job(&actor.organization_id, job_id).await?;
        Ok(self.with_links(record).await)
    }

    /// Newest first; one quote's when `quote_id` is given; only finished
    /// videos whose files are still there when `videos_only`.
    pub async fn list(&self, actor: &User, quote_id: Option<&str>, videos_only: bool) -> Result<Vec<VideoJob>, QuotesError> {
        let records = self.db.video_jobs(&actor.organization_id, quote_id, videos_only, 100).await?;
        let mut jobs = Vec::with_capacity(records.len());
        for record in records {
            jobs.push(self.with_links(record).await);
        }
        Ok(jobs)
    }

    /// A signed, expiring link to the job's video, if it has one.
    pub async fn download_url(&self, actor: &User, job_id: &str) -> Result<String, QuotesError> {
        self.get(actor, job_id).await?.video_url.ok_or(QuotesError::NotFound)
    }

    async fn check_rate(&self, actor: &User) -> Result<(), QuotesError> {
        let hour_ago = store::now_ms() - 3_600_000;
        let asked = self.db.video_jobs_requested_since(&actor.organization_id, hour_ago).await?;
        if asked >= self.policy.renders_per_hour {
            return Err(QuotesError::RateLimited { limit: self.policy.renders_per_hour, retry_after_s: 3600 });
        }
        Ok(())
    }

    async fn with_links(&self, record: VideoJobRecord) -> VideoJob {
        let mut job = record.job;
        if record.outputs_deleted {
            return job;
        }
        job.video_url = self.link(record.output_key.as_deref()).await;
        job.thumbnail_url = self.link(record.thumbnail_key.as_deref()).await;
        job
    }

    async fn link(&self, key: Option<&str>) -> Option<String> {
        let key = BlobKey::new(key?).ok()?;
        match self.blobs.download_url(&key, self.policy.link_ttl, blob::now_unix()).await {
            Ok(url) => Some(url),
            Err(e) => {
                tracing::warn!(key = key.as_str(), error = %e, "cannot sign a video link");
                None
            }
        }
    }
}
