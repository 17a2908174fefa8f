//! Mail waiting to be sent. Written in the transaction of the change that
//! causes it; a sender (a later issue) delivers it and sets `sent_at`.
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mail {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

pub(crate) async fn enqueue_mail(
    conn: &mut AnyConnection,
    org: &OrgId,
    kind: &str,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (id, organization_id, kind, recipient, subject, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(org.as_str())
    .bind(kind)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

impl Db {
    /// The organisation's mail, newest first.
    pub async fn outbox(&self, org: &OrgId) -> Result<Vec<Mail>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, recipient, subject, body, created_at, sent_at FROM outbox
             WHERE organization_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(org.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Mail {
                    id: row.try_get("id")?,
                    kind: row.try_get("kind")?,
                    recipient: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                    created_at: row.try_get("created_at")?,
                    sent_at: row.try_get("sent_at")?,
                })
            })
            .collect()
    }
}
