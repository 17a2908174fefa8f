//! Customers of an organisation. The wizard finds a returning customer by
//! phone (E.164), so one person's quotes gather under one customer.
use domain::{Contact, CustomerSummary};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;

const SUMMARY: &str = "SELECT c.id, c.name, c.phone, c.email, COUNT(q.id) AS quotes, MAX(q.created_at) AS last_quote_at
     FROM customers c LEFT JOIN quotes q ON q.customer_id = c.id AND q.organization_id = c.organization_id";

impl Db {
    /// The organisation's customers, the most recently quoted first;
    /// `q` matches the name, phone or email (case-insensitive).
    pub async fn customers(&self, org: &OrgId, q: &str) -> Result<Vec<CustomerSummary>, StoreError> {
        let pattern = crate::search::like_pattern(q);
        let rows = sqlx::query(&format!(
            "{SUMMARY}
             WHERE c.organization_id = $1
               AND (LOWER(c.name) LIKE $2 ESCAPE '\\' OR c.phone LIKE $2 ESCAPE '\\' OR LOWER(c.email) LIKE $2 ESCAPE '\\')
             GROUP BY c.id, c.name, c.phone, c.email
             ORDER BY MAX(q.created_at) DESC, c.name
             LIMIT 500"
        ))
        .bind(org.as_str())
        .bind(pattern)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// One customer of the organisation.
    pub async fn customer(&self, org: &OrgId, id: &str) -> Result<CustomerSummary, StoreError> {
        let row = sqlx::query(&format!(
            "{SUMMARY}
             WHERE c.organization_id = $1 AND c.id = $2
             GROUP BY c.id, c.name, c.phone, c.email"
        ))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        summary_from_row(&row)
    }
}

/// The contact a quote of a customer was made with (its current
/// version's snapshot), which may differ from the customer on file: the
/// wizard never edits a customer found by phone.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuoteContact {
    pub quote_id: String,
    pub number: String,
    pub name: String,
    pub email: String,
    pub phone: String,
}

impl Db {
    /// The contact of each of a customer's quotes (newest first, at most 200).
    pub async fn customer_quote_contacts(&self, org: &OrgId, customer_id: &str) -> Result<Vec<QuoteContact>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Snapshot {
            contact: Contact,
        }
        let rows = sqlx::query(
            "SELECT q.id, q.number, v.document FROM quotes q
             JOIN quote_versions v ON v.organization_id = q.organization_id AND v.quote_id = q.id AND v.version = q.current_version
             WHERE q.organization_id = $1 AND q.customer_id = $2
             ORDER BY q.created_at DESC, q.number DESC LIMIT 200",
        )
        .bind(org.as_str())
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let text: String = row.try_get("document")?;
                let snapshot: Snapshot =
                    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("quote document: {e}")))?;
                Ok(QuoteContact {
                    quote_id: row.try_get("id")?,
                    number: row.try_get("number")?,
                    name: snapshot.contact.name,
                    email: snapshot.contact.email,
                    phone: snapshot.contact.phone,
                })
            })
            .collect()
    }
}

fn summary_from_row(row: &AnyRow) -> Result<CustomerSummary, StoreError> {
    Ok(CustomerSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        quotes: row.try_get("quotes")?,
        last_quote_at: row.try_get("last_quote_at")?,
    })
}

/// Who a quote's contact comes from, and so what it may change of the
/// customer on file with the same phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContactFrom {
    /// Staff (a session or an API key): the name is brought up to date, and
    /// the email when one is given.
    Staff,
    /// The anonymous wizard: anyone may type any phone, so an existing
    /// customer is never edited; only empty fields are filled. The quote
    /// keeps the contact as typed in its own document.
    Anonymous,
}

/// The customer with this phone, or a new one. What an existing customer's
/// name and email become depends on `from`.
pub(crate) async fn upsert_customer(
    tx: &mut Transaction<'static, Any>,
    org: &OrgId,
    contact: &Contact,
    now: i64,
    from: ContactFrom,
) -> Result<String, StoreError> {
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT id FROM customers WHERE organization_id = $1 AND phone = $2 ORDER BY created_at LIMIT 1",
    )
    .bind(org.as_str())
    .bind(&contact.phone)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = existing {
        let sql = match from {
            ContactFrom::Staff => {
                "UPDATE customers SET name = $1, email = CASE WHEN $2 = '' THEN email ELSE $2 END, updated_at = $3
                 WHERE organization_id = $4 AND id = $5"
            }
            ContactFrom::Anonymous => {
                "UPDATE customers SET name = CASE WHEN name = '' THEN $1 ELSE name END,
                        email = CASE WHEN email = '' THEN $2 ELSE email END, updated_at = $3
                 WHERE organization_id = $4 AND id = $5 AND (name = '' OR (email = '' AND $2 <> ''))"
            }
        };
        sqlx::query(sql)
            .bind(&contact.name)
            .bind(&contact.email)
            .bind(now)
            .bind(org.as_str())
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO customers (id, organization_id, name, phone, email, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(org.as_str())
    .bind(&contact.name)
    .bind(&contact.phone)
    .bind(&contact.email)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}
