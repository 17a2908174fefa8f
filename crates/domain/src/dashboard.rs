//! The dashboard home's shapes, shared by the server and the browser: the
//! getting-started checklist, today's figures and the recent activity.
//! `quotes::Quotes::dashboard` fills them from the database; the page only
//! shows them.
use serde::{Deserialize, Serialize};

use crate::QuoteStatus;

/// A step of getting started, in the order the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    /// An active product priced today, and a person changed the catalog or a
    /// price at least once (a `product.*`, `price.*` or `catalog.imported`
    /// audit event with a user as actor): the seeded catalog was reviewed.
    Catalog,
    /// The organisation has a logo or has chosen its brand colour.
    Brand,
    /// The public quote link was used: at least one quote from the wizard.
    ShareLink,
    /// More than one active user, or an invitation still open.
    Team,
    /// The organisation's phone (its WhatsApp) is set.
    Whatsapp,
}

impl SetupStep {
    pub const ALL: [SetupStep; 5] =
        [SetupStep::Catalog, SetupStep::Brand, SetupStep::ShareLink, SetupStep::Team, SetupStep::Whatsapp];

    /// Where the step is done.
    pub fn href(self) -> &'static str {
        match self {
            SetupStep::Catalog => "/app/catalog",
            SetupStep::Brand | SetupStep::Whatsapp => "/app/settings",
            SetupStep::ShareLink => "#share-link",
            SetupStep::Team => "/app/users",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SetupStep::Catalog => "catalog",
            SetupStep::Brand => "brand",
            SetupStep::ShareLink => "share_link",
            SetupStep::Team => "team",
            SetupStep::Whatsapp => "whatsapp",
        }
    }
}

/// One step with whether it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub step: SetupStep,
    pub done: bool,
}

/// Today's figures of the organisation. Days and weeks are UTC (an
/// organisation has no time zone yet); a week starts on Monday.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFigures {
    /// Quotes customers made in the public wizard today.
    pub new_leads_today: i64,
    /// Sent quotes waiting for the customer's answer (status pending).
    pub awaiting_answer: i64,
    /// Quotes confirmed since Monday.
    pub accepted_this_week: i64,
    /// Quote videos finished since Monday.
    pub videos_this_week: i64,
    /// Quote videos queued or rendering now.
    pub videos_in_progress: i64,
    /// Today, `YYYY-MM-DD` (UTC): the quotes list's filter for today's leads.
    pub today: String,
}

/// One line of the recent activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityItem {
    /// An audit event (the feed admins see).
    Event { action: String, actor: Option<String>, subject: Option<String>, at: i64 },
    /// A quote as it stands (the feed sales see): made or answered at `at`.
    Quote { id: String, number: String, customer: String, status: QuoteStatus, from_wizard: bool, at: i64 },
}

/// Everything the dashboard home shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardSummary {
    pub checklist: Vec<ChecklistItem>,
    pub figures: DashboardFigures,
    pub activity: Vec<ActivityItem>,
}

impl DashboardSummary {
    pub fn all_done(&self) -> bool {
        self.checklist.iter().all(|item| item.done)
    }
}

/// A QR code drawn as one SVG path: `d` over a `size`×`size` view box
/// (the quiet zone included), one unit per module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrPath {
    pub size: usize,
    pub d: String,
}

/// The start (Unix ms) of the UTC day and of its week (Monday) holding `now_ms`.
pub fn day_and_week_start(now_ms: i64) -> (i64, i64) {
    const DAY: i64 = 86_400_000;
    let days = now_ms.div_euclid(DAY);
    // 1970-01-01 was a Thursday: Monday is 0.
    let weekday = (days + 3).rem_euclid(7);
    (days * DAY, (days - weekday) * DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_monday_at_midnight_utc() {
        // 2026-12-09 is a Wednesday; 15:30 UTC.
        let wednesday = 1_796_774_400_000 + 15 * 3_600_000 + 1_800_000;
        let (day, week) = day_and_week_start(wednesday);
        assert_eq!(crate::day_of_unix_ms(day), "2026-12-09");
        assert_eq!(day % 86_400_000, 0);
        assert_eq!(crate::day_of_unix_ms(week), "2026-12-07", "that week's Monday");
        assert_eq!(day - week, 2 * 86_400_000);
        // A Monday is its own week's start; a Sunday belongs to the week before.
        let (monday, monday_week) = day_and_week_start(week + 1);
        assert_eq!(monday, monday_week);
        let (_, sunday_week) = day_and_week_start(week - 1);
        assert_eq!(crate::day_of_unix_ms(sunday_week), "2026-11-30");
    }
}
