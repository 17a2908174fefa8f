//! The server function of the dashboard home (`/app`): the checklist, the
//! figures and the activity from `quotes::Quotes::dashboard` (which applies
//! the role rule), plus the public quote link and its QR code. Every
//! signed-in user (admin or sales) may call it.
use domain::{DashboardSummary, QrPath};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, quotes, require_session, visitor};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardPage {
    pub summary: DashboardSummary,
    pub is_admin: bool,
    /// The absolute address of the organisation's public wizard, `/q/{slug}`.
    pub public_url: String,
    /// That address as a QR code (`None` only if it were too long for one).
    pub qr: Option<QrPath>,
}

#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<DashboardPage, AppError> {
    let session = require_session()?;
    // Every context lookup before the first await.
    let public_url = format!("{}/q/{}", visitor().origin.trim_end_matches('/'), session.org.slug);
    let summary = quotes()?.dashboard(&session.user).await.map_err(fail)?;
    let qr = quotes::share_qr(&public_url);
    Ok(DashboardPage { summary, is_admin: session.user.role.is_admin(), public_url, qr })
}
