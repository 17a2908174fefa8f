//! Quote-summary videos: what a render job is asked to draw, and a job as
//! the dashboard and the API show it.
use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::quotation::QuoteDocument;

/// The one video template there is today.
pub const QUOTE_SUMMARY_TEMPLATE: &str = "quote-summary";

/// Cotiza's own colour, used when an organisation has not set one.
pub const DEFAULT_BRAND_COLOR: &str = "#0f766e";

/// Everything the renderer needs, frozen when the job is created (the job's
/// input snapshot): a render never reads the database, so a retry draws the
/// same video and a later edit of the quote does not change a queued one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVideoInput {
    /// The quote version to show, whole (organisation card, customer,
    /// rooms, lines, totals, language, currency).
    pub document: QuoteDocument,
    /// Last day the customer can confirm (`YYYY-MM-DD`), once sent.
    pub valid_until: Option<String>,
    /// The public quote page (`https://…/p/{token}`), shown as a QR code.
    pub quote_url: String,
    /// `#rrggbb`.
    pub brand_color: String,
    /// Where the organisation's logo was stored (its JPEG rendition) when
    /// the video was asked for; the brand scene shows it. Older snapshots
    /// have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_key: Option<String>,
}

/// Where a render job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
named_enum!(JobStatus, "job status", [
    Queued => "queued", Running => "running", Succeeded => "succeeded",
    Failed => "failed", Cancelled => "cancelled",
]);

impl JobStatus {
    /// Queued or running: the jobs page keeps polling while any job is.
    pub fn is_active(self) -> bool {
        matches!(self, JobStatus::Queued | JobStatus::Running)
    }
}

/// A render job as the jobs page, the quote page and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoJob {
    pub id: String,
    /// `QUOTE`.
    pub entity_type: String,
    pub entity_id: String,
    /// The quote's number and version the video shows (`COT-2026-000042`, 2).
    pub quote_number: String,
    pub quote_version: i64,
    pub template: String,
    pub status: JobStatus,
    /// 0–100, from the frames encoded.
    pub progress: u8,
    pub attempts: i64,
    pub max_attempts: i64,
    pub error: Option<String>,
    /// Signed, expiring links; set once the job succeeded (and until the
    /// output is deleted after its time to live).
    pub video_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub duration_ms: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub updated_at: i64,
}

/// Parses `#rrggbb` (or `rrggbb`) into its three channels.
pub fn parse_hex_color(value: &str) -> Option<[u8; 3]> {
    let hex = value.trim().strip_prefix('#').unwrap_or(value.trim());
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_statuses_round_trip_and_only_queued_and_running_are_active() {
        for status in JobStatus::ALL {
            assert_eq!(status.as_str().parse::<JobStatus>(), Ok(status));
            assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{}\"", status.as_str()));
        }
        let active: Vec<_> = JobStatus::ALL.into_iter().filter(|s| s.is_active()).collect();
        assert_eq!(active, [JobStatus::Queued, JobStatus::Running]);
    }

    #[test]
    fn brand_colours_parse_only_as_six_hex_digits() {
        assert_eq!(parse_hex_color("#0f766e"), Some([0x0f, 0x76, 0x6e]));
        assert_eq!(parse_hex_color("FFaa00"), Some([255, 170, 0]));
        for bad in ["", "#fff", "#12345g", "#1234567", "red"] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }
}
