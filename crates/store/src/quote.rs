//! Quotes: one transaction writes the customer, the property with its rooms
//! and openings, the quote and its version with the lines and the prices
//! they used. Versions are never changed once the customer may have seen
//! them; the public page finds a quote by its token.
use std::str::FromStr;

use domain::{CheckedVehicle, QuoteDocument, QuoteStatus, QuoteSummary, QuoteView, Vertical, VersionSummary};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::customer::{ContactFrom, upsert_customer};
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};
use crate::user::User;
use crate::vehicle::{fetch_vehicle, insert_vehicle};
use crate::video_job::{Requested, VideoOrder, enqueue_quote_video};

/// Which product and which price row a line of the document used.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSource {
    pub product_id: String,
    pub price_id: String,
}

/// A quote to write: its document (number and version are set here), how
/// it came in, and its first state.
#[derive(Debug, Clone)]
pub struct NewQuote {
    pub document: QuoteDocument,
    /// `lines[i]` is where `document.breakdown.lines[i]` came from.
    pub sources: Vec<LineSource>,
    pub status: QuoteStatus,
    pub token: String,
    /// Set when the quote starts pending (sent).
    pub valid_until: Option<String>,
    /// `wizard`, `staff` or `api`.
    pub source: &'static str,
    /// The calendar year of its number.
    pub year: i32,
    /// An automotive quote's vehicle to save with it (for the quote's
    /// customer). `None`: the document's vehicle is a saved one, or there
    /// is none.
    pub new_vehicle: Option<CheckedVehicle>,
}

/// A new version of an existing quote's content.
#[derive(Debug, Clone)]
pub struct Revision {
    pub document: QuoteDocument,
    pub sources: Vec<LineSource>,
    /// The version the editor started from (optimistic concurrency).
    pub expected_version: i64,
    /// When the quote was already sent, it is re-issued valid until this day.
    pub valid_until: String,
    /// An automotive revision's vehicle described anew: saved for the
    /// quote's customer (or found by VIN or plate), as at creation.
    pub new_vehicle: Option<CheckedVehicle>,
}

/// Filters of the quotes list; empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteFilter {
    pub status: Option<QuoteStatus>,
    pub vertical: Option<Vertical>,
    pub customer_id: Option<String>,
    /// Matches the number, the customer's name or phone (case-insensitive).
    pub q: String,
    /// Created on or after this day (`YYYY-MM-DD`, UTC).
    pub from: Option<String>,
    /// Created on or before this day.
    pub to: Option<String>,
    pub limit: i64,
}

/// A customer's or sales person's answer to a pending quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Confirm,
    Reject,
}

const SUMMARY_COLUMNS: &str = "q.id, q.number, q.status, q.vertical, q.customer_id, c.name AS customer_name, \
    q.current_version, q.total, q.currency, q.valid_until, q.created_at, q.updated_at";

const VIEW_COLUMNS: &str = "q.id, q.organization_id, q.status, q.token, q.valid_until, q.created_at, q.updated_at, \
    q.decided_at, q.decision_reason, q.customer_id, q.current_version";

impl Db {
    /// Writes a new quote whole, in one transaction; returns its id.
    pub async fn create_quote(&self, org: &OrgId, actor: Option<&User>, new: NewQuote) -> Result<QuoteView, StoreError> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        // A quote from the wizard never edits the customer on file with the
        // same phone (anyone can type a phone); staff bring it up to date.
        let from = if new.source == "wizard" { ContactFrom::Anonymous } else { ContactFrom::Staff };
        let customer_id = upsert_customer(&mut tx, org, &new.document.contact, now, from).await?;
        let property_id = insert_property(&mut tx, org, &customer_id, &new.document, now).await?;
        let number = next_number(&mut tx, org, new.year).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let mut document = new.document;
        let vehicle_id = link_vehicle(&mut tx, org, &customer_id, &mut document, new.new_vehicle.as_ref()).await?;
        document.number = number.clone();
        document.version = 1;
        let issued_at = (new.status != QuoteStatus::Draft).then_some(now);
        sqlx::query(
            "INSERT INTO quotes (id, organization_id, number, customer_id, property_id, vertical, language, status, token,
                current_version, extreme_weather, contact_time, total, currency, valid_until, issued_at, source, created_by,
                created_at, updated_at, vehicle_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)",
        )
        .bind(&id)
        .bind(org.as_str())
        .bind(&number)
        .bind(&customer_id)
        .bind(&property_id)
        .bind(document.vertical.as_str())
        .bind(&document.language)
        .bind(new.status.as_str())
        .bind(&new.token)
        .bind(document.input.extreme_weather)
        .bind(document.contact.contact_time.as_str())
        .bind(document.breakdown.total.to_string())
        .bind(document.currency.code())
        .bind(&new.valid_until)
        .bind(issued_at)
        .bind(new.source)
        .bind(actor.map(|u| u.id.as_str()))
        .bind(now)
        .bind(vehicle_id.as_deref())
        .execute(&mut *tx)
        .await?;
        insert_version(&mut tx, org, &id, &document, &new.sources, actor, now).await?;
        let event = match actor {
            Some(user) => AuditEvent::by(user, "quote.created"),
            None => AuditEvent::anonymous(org, "quote.created"),
        };
        record(&mut tx, &event.subject(&number).detail(format!("source={} total={}", new.source, document.breakdown.total))).await?;
        let view = quote_view(&mut tx, org, &id).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// One quote with its latest version and the list of versions.
    pub async fn quote(&self, org: &OrgId, id: &str) -> Result<QuoteView, StoreError> {
        let mut conn = self.pool().acquire().await?;
        quote_view(&mut conn, org, id).await
    }

    /// The public page's door: the quote whose token this is, and its organisation.
    pub async fn quote_by_token(&self, token: &str) -> Result<(OrgId, QuoteView), StoreError> {
        let mut conn = self.pool().acquire().await?;
        let row = sqlx::query("SELECT organization_id, id FROM quotes WHERE token = $1")
            .bind(token)
            .fetch_one(&mut *conn)
            .await?;
        let org = OrgId::from_row(&row, "organization_id")?;
        let id: String = row.try_get("id")?;
        let view = quote_view(&mut conn, &org, &id).await?;
        Ok((org, view))
    }

    /// A quote's document as it was at `version`.
    pub async fn quote_version(&self, org: &OrgId, id: &str, version: i64) -> Result<QuoteDocument, StoreError> {
        let text: String = sqlx::query_scalar(
            "SELECT document FROM quote_versions WHERE organization_id = $1 AND quote_id = $2 AND version = $3",
        )
        .bind(org.as_str())
        .bind(id)
        .bind(version)
        .fetch_one(self.pool())
        .await?;
        parse_document(&text)
    }

    /// The organisation's quotes matching `filter`, newest first, at most `filter.limit` (200 when 0, 1000 at most).
    pub async fn quotes(&self, org: &OrgId, filter: &QuoteFilter) -> Result<Vec<QuoteSummary>, StoreError> {
        let (conditions, binds) = filter_conditions(org, filter);
        let limit = if filter.limit <= 0 { 200 } else { filter.limit.min(1000) };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM quotes q JOIN customers c ON c.id = q.customer_id AND c.organization_id = q.organization_id
             WHERE {conditions} ORDER BY q.created_at DESC, q.number DESC LIMIT {limit}"
        );
        let mut query = sqlx::query(&sql);
        for value in &binds {
            query = query.bind(value);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// The count and the sum of totals of each status over every quote of
    /// the organisation matching `filter` (its `limit` ignored): counted by
    /// the database, summed here in exact decimals (SQL never adds money).
    pub async fn quote_totals_by_status(&self, org: &OrgId, filter: &QuoteFilter) -> Result<Vec<(QuoteStatus, i64, Decimal)>, StoreError> {
        let (conditions, binds) = filter_conditions(org, filter);
        let sql = format!(
            "SELECT q.status, q.total, COUNT(*) AS n
             FROM quotes q JOIN customers c ON c.id = q.customer_id AND c.organization_id = q.organization_id
             WHERE {conditions} GROUP BY q.status, q.total"
        );
        let mut query = sqlx::query(&sql);
        for value in &binds {
            query = query.bind(value);
        }
        let mut totals: Vec<(QuoteStatus, i64, Decimal)> = Vec::new();
        for row in query.fetch_all(self.pool()).await? {
            let status = parse(&row, "status", QuoteStatus::from_str)?;
            let total = parse(&row, "total", Decimal::from_str_exact)?;
            let n: i64 = row.try_get("n")?;
            match totals.iter_mut().find(|(s, _, _)| *s == status) {
                Some((_, count, sum)) => {
                    *count += n;
                    *sum += total * Decimal::from(n);
                }
                None => totals.push((status, n, total * Decimal::from(n))),
            }
        }
        Ok(totals)
    }

    /// Replaces the content of a quote. A draft keeps its version (nobody
    /// saw it); a sent quote gets a new version, is pending again and valid
    /// until `valid_until`. A confirmed quote never changes.
    pub async fn revise_quote(&self, org: &OrgId, id: &str, actor: &User, revision: Revision) -> Result<QuoteView, StoreError> {
        let mut tx = self.begin_write().await?;
        let QuoteState { status, number, current_version: current, property_id, .. } = state_of(&mut tx, org, id).await?;
        if current != revision.expected_version {
            return Err(StoreError::VersionConflict { current });
        }
        if !status.is_editable() {
            return Err(StoreError::WrongState { status: status.as_str() });
        }
        let now = now_ms();
        let customer_id = upsert_customer(&mut tx, org, &revision.document.contact, now, ContactFrom::Staff).await?;
        replace_property(&mut tx, org, &property_id, &customer_id, &revision.document, now).await?;
        let mut document = revision.document;
        let vehicle_id = link_vehicle(&mut tx, org, &customer_id, &mut document, revision.new_vehicle.as_ref()).await?;
        document.number = number.clone();
        let (version, new_status, valid_until) = if status.was_sent() {
            (current + 1, QuoteStatus::Pending, Some(revision.valid_until))
        } else {
            for sql in [
                "DELETE FROM quote_lines WHERE organization_id = $1 AND quote_id = $2 AND version = $3",
                "DELETE FROM quote_versions WHERE organization_id = $1 AND quote_id = $2 AND version = $3",
            ] {
                sqlx::query(sql).bind(org.as_str()).bind(id).bind(current).execute(&mut *tx).await?;
            }
            (current, QuoteStatus::Draft, None)
        };
        document.version = version;
        insert_version(&mut tx, org, id, &document, &revision.sources, Some(actor), now).await?;
        sqlx::query(
            "UPDATE quotes SET customer_id = $1, vertical = $2, language = $3, status = $4, current_version = $5,
                extreme_weather = $6, contact_time = $7, total = $8, currency = $9,
                valid_until = COALESCE($10, valid_until), issued_at = CASE WHEN $11 THEN $12 ELSE issued_at END,
                decided_at = NULL, decision_reason = NULL, updated_at = $12, vehicle_id = $15
             WHERE organization_id = $13 AND id = $14",
        )
        .bind(&customer_id)
        .bind(document.vertical.as_str())
        .bind(&document.language)
        .bind(new_status.as_str())
        .bind(version)
        .bind(document.input.extreme_weather)
        .bind(document.contact.contact_time.as_str())
        .bind(document.breakdown.total.to_string())
        .bind(document.currency.code())
        .bind(&valid_until)
        .bind(valid_until.is_some())
        .bind(now)
        .bind(org.as_str())
        .bind(id)
        .bind(vehicle_id.as_deref())
        .execute(&mut *tx)
        .await?;
        record(&mut tx, &AuditEvent::by(actor, "quote.revised").subject(&number).detail(format!("version={version} total={}", document.breakdown.total)))
            .await?;
        let view = quote_view(&mut tx, org, id).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Sends a draft (or re-sends a pending or expired quote): pending, valid
    /// until `valid_until`. Confirmed and rejected quotes are answered.
    ///
    /// With `video`, the quote's video is asked for in the same transaction
    /// (the `VIDEO_RENDER_ON_ISSUE` setting).
    pub async fn send_quote(
        &self,
        org: &OrgId,
        id: &str,
        actor: &User,
        valid_until: &str,
        video: Option<&VideoOrder>,
    ) -> Result<QuoteView, StoreError> {
        let mut tx = self.begin_write().await?;
        let QuoteState { status, number, .. } = state_of(&mut tx, org, id).await?;
        if matches!(status, QuoteStatus::Confirmed | QuoteStatus::Rejected) {
            return Err(StoreError::WrongState { status: status.as_str() });
        }
        let now = now_ms();
        sqlx::query(
            "UPDATE quotes SET status = 'pending', valid_until = $1, issued_at = COALESCE(issued_at, $2), updated_at = $2
             WHERE organization_id = $3 AND id = $4",
        )
        .bind(valid_until)
        .bind(now)
        .bind(org.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        record(&mut tx, &AuditEvent::by(actor, "quote.sent").subject(&number).detail(format!("valid_until={valid_until}"))).await?;
        let video_requested = match video {
            Some(order) => enqueue_quote_video(&mut tx, org, id, actor, order).await?.1 == Requested::Created,
            None => false,
        };
        let view = quote_view(&mut tx, org, id).await?;
        tx.commit().await?;
        if video_requested {
            self.wake_job_workers();
        }
        Ok(view)
    }

    /// Deletes a draft (nobody outside saw it) with its versions, lines,
    /// property, rooms and openings, in one transaction; the customer stays.
    /// A sent quote is on record: `WrongState`.
    pub async fn delete_quote(&self, org: &OrgId, id: &str, actor: &User) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let QuoteState { status, number, property_id, .. } = state_of(&mut tx, org, id).await?;
        if status != QuoteStatus::Draft {
            return Err(StoreError::WrongState { status: status.as_str() });
        }
        for sql in [
            "DELETE FROM quote_lines WHERE organization_id = $1 AND quote_id = $2",
            "DELETE FROM quote_versions WHERE organization_id = $1 AND quote_id = $2",
            "DELETE FROM quotes WHERE organization_id = $1 AND id = $2",
        ] {
            sqlx::query(sql).bind(org.as_str()).bind(id).execute(&mut *tx).await?;
        }
        for sql in [
            "DELETE FROM openings WHERE organization_id = $1
               AND room_id IN (SELECT id FROM rooms WHERE organization_id = $1 AND property_id = $2)",
            "DELETE FROM rooms WHERE organization_id = $1 AND property_id = $2",
            "DELETE FROM properties WHERE organization_id = $1 AND id = $2",
        ] {
            sqlx::query(sql).bind(org.as_str()).bind(&property_id).execute(&mut *tx).await?;
        }
        record(&mut tx, &AuditEvent::by(actor, "quote.deleted").subject(&number)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms or rejects a pending quote still valid on `today`, by the
    /// customer (`actor` None) or a sales person on their behalf. The
    /// customer answers the version they saw: `seen_version` must be current.
    pub async fn decide_quote(
        &self,
        org: &OrgId,
        id: &str,
        actor: Option<&User>,
        decision: Decision,
        reason: Option<&str>,
        seen_version: Option<i64>,
        today: &str,
    ) -> Result<QuoteView, StoreError> {
        let mut tx = self.begin_write().await?;
        let QuoteState { status, number, valid_until, current_version: current, .. } = state_of(&mut tx, org, id).await?;
        if seen_version.is_some_and(|v| v != current) {
            return Err(StoreError::VersionConflict { current });
        }
        let lapsed = valid_until.as_deref().is_some_and(|until| until < today);
        if !status.awaits_customer() || lapsed {
            let status = if lapsed && status == QuoteStatus::Pending { QuoteStatus::Expired } else { status };
            return Err(StoreError::WrongState { status: status.as_str() });
        }
        let (new_status, action) = match decision {
            Decision::Confirm => (QuoteStatus::Confirmed, "quote.confirmed"),
            Decision::Reject => (QuoteStatus::Rejected, "quote.rejected"),
        };
        let now = now_ms();
        sqlx::query(
            "UPDATE quotes SET status = $1, decided_at = $2, decision_reason = $3, updated_at = $2
             WHERE organization_id = $4 AND id = $5",
        )
        .bind(new_status.as_str())
        .bind(now)
        .bind(reason.filter(|r| !r.is_empty()))
        .bind(org.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let event = match actor {
            Some(user) => AuditEvent::by(user, action),
            None => AuditEvent::anonymous(org, action).detail("by the customer"),
        };
        record(&mut tx, &event.subject(&number)).await?;
        let view = quote_view(&mut tx, org, id).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Marks every pending quote whose last valid day is before `today` as
    /// expired, in every organisation (the scheduled job); returns how many.
    pub async fn expire_quotes(&self, today: &str) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(
            "UPDATE quotes SET status = 'expired', updated_at = $1
             WHERE status = 'pending' AND valid_until IS NOT NULL AND valid_until < $2
             RETURNING organization_id, number",
        )
        .bind(now_ms())
        .bind(today)
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let org = OrgId::from_row(row, "organization_id")?;
            let number: String = row.try_get("number")?;
            record(&mut tx, &AuditEvent::anonymous(&org, "quote.expired").subject(&number)).await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }
}

/// The WHERE conditions of a quotes filter (the quote `q` joined to its
/// customer `c`) with their bound values, `$1` being the organisation.
fn filter_conditions(org: &OrgId, filter: &QuoteFilter) -> (String, Vec<String>) {
    let mut sql = "q.organization_id = $1".to_owned();
    let mut binds: Vec<String> = vec![org.as_str().to_owned()];
    let mut push = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(status) = filter.status {
        push(&mut sql, " AND q.status = ?", status.as_str().to_owned());
    }
    if let Some(vertical) = filter.vertical {
        push(&mut sql, " AND q.vertical = ?", vertical.as_str().to_owned());
    }
    if let Some(customer) = &filter.customer_id {
        push(&mut sql, " AND q.customer_id = ?", customer.clone());
    }
    if !filter.q.trim().is_empty() {
        let pattern = crate::search::like_pattern(&filter.q);
        push(
            &mut sql,
            " AND (LOWER(q.number) LIKE ? ESCAPE '\\' OR LOWER(c.name) LIKE ? ESCAPE '\\' OR c.phone LIKE ? ESCAPE '\\')",
            pattern,
        );
    }
    let day_ms = |day: &str| domain::unix_ms_of_day(day);
    if let Some(from) = filter.from.as_deref().and_then(day_ms) {
        push(&mut sql, " AND q.created_at >= CAST(? AS BIGINT)", from.to_string());
    }
    if let Some(to) = filter.to.as_deref().and_then(day_ms) {
        push(&mut sql, " AND q.created_at < CAST(? AS BIGINT)", (to + 86_400_000).to_string());
    }
    (sql, binds)
}

/// What the lifecycle operations check of a quote before changing it.
struct QuoteState {
    status: QuoteStatus,
    number: String,
    current_version: i64,
    property_id: String,
    valid_until: Option<String>,
}

/// The quote's state, read inside the write transaction that acts on it.
async fn state_of(tx: &mut Transaction<'static, Any>, org: &OrgId, id: &str) -> Result<QuoteState, StoreError> {
    let row = sqlx::query(
        "SELECT status, number, current_version, property_id, valid_until FROM quotes WHERE organization_id = $1 AND id = $2",
    )
    .bind(org.as_str())
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(QuoteState {
        status: parse(&row, "status", QuoteStatus::from_str)?,
        number: row.try_get("number")?,
        current_version: row.try_get("current_version")?,
        property_id: row.try_get("property_id")?,
        valid_until: row.try_get("valid_until")?,
    })
}

/// The next number of the organisation's year, counted in the same transaction.
async fn next_number(tx: &mut Transaction<'static, Any>, org: &OrgId, year: i32) -> Result<String, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO quote_counters (organization_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (organization_id, year) DO UPDATE SET last_number = quote_counters.last_number + 1
         RETURNING last_number",
    )
    .bind(org.as_str())
    .bind(year)
    .fetch_one(&mut **tx)
    .await?;
    Ok(domain::quote_number(year, n))
}

async fn insert_property(
    tx: &mut Transaction<'static, Any>,
    org: &OrgId,
    customer_id: &str,
    document: &QuoteDocument,
    now: i64,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO properties (id, organization_id, customer_id, address, commune, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(org.as_str())
    .bind(customer_id)
    .bind(&document.contact.address)
    .bind(&document.contact.commune)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    insert_rooms(tx, org, &id, document).await?;
    Ok(id)
}

/// The property's address and rooms become the document's.
async fn replace_property(
    tx: &mut Transaction<'static, Any>,
    org: &OrgId,
    property_id: &str,
    customer_id: &str,
    document: &QuoteDocument,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE properties SET customer_id = $1, address = $2, commune = $3, updated_at = $4 WHERE organization_id = $5 AND id = $6",
    )
    .bind(customer_id)
    .bind(&document.contact.address)
    .bind(&document.contact.commune)
    .bind(now)
    .bind(org.as_str())
    .bind(property_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM rooms WHERE organization_id = $1 AND property_id = $2")
        .bind(org.as_str())
        .bind(property_id)
        .execute(&mut **tx)
        .await?;
    insert_rooms(tx, org, property_id, document).await
}

async fn insert_rooms(tx: &mut Transaction<'static, Any>, org: &OrgId, property_id: &str, document: &QuoteDocument) -> Result<(), StoreError> {
    for (i, room) in document.input.rooms.iter().enumerate() {
        let room_id = uuid::Uuid::new_v4().to_string();
        sqlx::query("INSERT INTO rooms (id, organization_id, property_id, position, name, floor) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&room_id)
            .bind(org.as_str())
            .bind(property_id)
            .bind(i as i32)
            .bind(&room.name)
            .bind(room.floor)
            .execute(&mut **tx)
            .await?;
        for (j, o) in room.openings.iter().enumerate() {
            sqlx::query(
                "INSERT INTO openings (id, organization_id, room_id, position, kind, width_m, height_m, quantity, sku, curved_glass, difficult_access)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(org.as_str())
            .bind(&room_id)
            .bind(j as i32)
            .bind(o.kind.as_str())
            .bind(o.width_m.to_string())
            .bind(o.height_m.to_string())
            .bind(o.quantity as i32)
            .bind(&o.sku)
            .bind(o.curved_glass)
            .bind(o.difficult_access)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn insert_version(
    tx: &mut Transaction<'static, Any>,
    org: &OrgId,
    quote_id: &str,
    document: &QuoteDocument,
    sources: &[LineSource],
    actor: Option<&User>,
    now: i64,
) -> Result<(), StoreError> {
    if sources.len() != document.breakdown.lines.len() {
        return Err(StoreError::Corrupt(format!(
            "{} line sources for {} lines",
            sources.len(),
            document.breakdown.lines.len()
        )));
    }
    let json = serde_json::to_string(document).map_err(|e| StoreError::Corrupt(format!("quote document: {e}")))?;
    let b = &document.breakdown;
    sqlx::query(
        "INSERT INTO quote_versions (id, organization_id, quote_id, version, document, subtotal, discount, tax, total, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(org.as_str())
    .bind(quote_id)
    .bind(document.version)
    .bind(json)
    .bind(b.subtotal.to_string())
    .bind(b.discount.to_string())
    .bind(b.tax.to_string())
    .bind(b.total.to_string())
    .bind(actor.map(|u| u.id.as_str()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for (position, (line, source)) in b.lines.iter().zip(sources).enumerate() {
        let film = document.film(&line.sku);
        sqlx::query(
            "INSERT INTO quote_lines (id, organization_id, quote_id, version, position, room_name, kind, product_id, price_id, sku,
                material_price, installation_price, qty, total)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.as_str())
        .bind(quote_id)
        .bind(document.version)
        .bind(position as i32)
        .bind(&line.room)
        .bind(line.kind.as_str())
        .bind(&source.product_id)
        .bind(&source.price_id)
        .bind(&line.sku)
        .bind(film.map(|f| f.material_price.to_string()).unwrap_or_default())
        .bind(film.map(|f| f.installation_price.to_string()).unwrap_or_default())
        .bind(line.qty.to_string())
        .bind(line.total.to_string())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn quote_view(conn: &mut sqlx::AnyConnection, org: &OrgId, id: &str) -> Result<QuoteView, StoreError> {
    let row = sqlx::query(&format!("SELECT {VIEW_COLUMNS} FROM quotes q WHERE q.organization_id = $1 AND q.id = $2"))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let current: i64 = row.try_get("current_version")?;
    let versions = sqlx::query(
        "SELECT version, created_at, total, document FROM quote_versions WHERE organization_id = $1 AND quote_id = $2 ORDER BY version",
    )
    .bind(org.as_str())
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut document = None;
    let mut summaries = Vec::with_capacity(versions.len());
    for v in &versions {
        let version: i64 = v.try_get("version")?;
        summaries.push(VersionSummary {
            version,
            created_at: v.try_get("created_at")?,
            total: parse(v, "total", Decimal::from_str_exact)?,
        });
        if version == current {
            let text: String = v.try_get("document")?;
            document = Some(parse_document(&text)?);
        }
    }
    let document = document.ok_or_else(|| StoreError::Corrupt(format!("quote {id} has no version {current}")))?;
    Ok(QuoteView {
        id: row.try_get("id")?,
        status: parse(&row, "status", QuoteStatus::from_str)?,
        token: row.try_get("token")?,
        valid_until: row.try_get("valid_until")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        decided_at: row.try_get("decided_at")?,
        rejection_reason: row.try_get("decision_reason")?,
        customer_id: row.try_get("customer_id")?,
        document,
        versions: summaries,
    })
}

fn parse_document(text: &str) -> Result<QuoteDocument, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("quote document: {e}")))
}

fn summary_from_row(row: &AnyRow) -> Result<QuoteSummary, StoreError> {
    Ok(QuoteSummary {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        status: parse(row, "status", QuoteStatus::from_str)?,
        vertical: parse(row, "vertical", Vertical::from_str)?,
        customer_id: row.try_get("customer_id")?,
        customer_name: row.try_get("customer_name")?,
        version: row.try_get("current_version")?,
        total: parse(row, "total", Decimal::from_str_exact)?,
        currency: parse(row, "currency", domain::Currency::from_str)?,
        valid_until: row.try_get("valid_until")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// The vehicle of an automotive document, in the quote's transaction: a
/// new one saved for the quote's customer (its id written into the
/// document), or a saved one checked to be the organisation's
/// (`UnknownReference { field: "vehicle_id" }` otherwise). `None` for other quotes.
async fn link_vehicle(
    conn: &mut AnyConnection,
    org: &OrgId,
    customer_id: &str,
    document: &mut QuoteDocument,
    new_vehicle: Option<&CheckedVehicle>,
) -> Result<Option<String>, StoreError> {
    let Some(details) = document.automotive.as_mut() else { return Ok(None) };
    if let Some(vehicle) = new_vehicle {
        let owned = CheckedVehicle { customer_id: Some(customer_id.to_owned()), ..vehicle.clone() };
        let id = insert_vehicle(conn, org, &owned).await?;
        details.vehicle.id = Some(id.clone());
        return Ok(Some(id));
    }
    let Some(id) = details.vehicle.id.clone() else { return Ok(None) };
    match fetch_vehicle(conn, org, &id).await {
        Ok(_) => Ok(Some(id)),
        Err(StoreError::NotFound) => Err(StoreError::UnknownReference { field: "vehicle_id" }),
        Err(e) => Err(e),
    }
}
