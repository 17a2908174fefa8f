//! Sign-up as one transaction: the organisation with how customers reach
//! it, its first admin, its categories and, if asked, the starter catalog.
//! Either all of it is written or nothing (a taken slug or email is a
//! `Conflict` naming the field).
use domain::Currency;

use crate::audit::{AuditEvent, record};
use crate::category::insert_default_categories;
use crate::clock::{now_ms, today};
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{NewOrganization, Organization, insert_org};
use crate::starter_catalog::insert_starter_catalog;
use crate::user::{NewUser, User, insert_user};

/// What sign-up writes besides the organisation's settings and its admin.
#[derive(Debug, Clone, Default)]
pub struct SignUpExtras {
    /// The business phone (WhatsApp), already checked.
    pub phone: String,
    pub contact_email: String,
    /// Load the starter catalog (`starter_catalog.rs`) priced from today.
    pub starter_catalog: bool,
}

impl Db {
    /// The organisation, its first admin, its categories and, with
    /// `extras.starter_catalog`, the starter films in its currency: one
    /// transaction, audited (`org.signup`, `catalog.starter_loaded`).
    pub async fn sign_up_org(
        &self,
        org: &NewOrganization,
        admin: &NewUser,
        extras: &SignUpExtras,
        ip: Option<&str>,
    ) -> Result<(Organization, User), StoreError> {
        let mut tx = self.begin_write().await?;
        let created = insert_org(&mut tx, org).await?;
        sqlx::query("UPDATE organizations SET phone = $1, contact_email = $2, updated_at = $3 WHERE id = $4")
            .bind(&extras.phone)
            .bind(&extras.contact_email)
            .bind(now_ms())
            .bind(created.id.as_str())
            .execute(&mut *tx)
            .await?;
        let organization = Organization { phone: extras.phone.clone(), contact_email: extras.contact_email.clone(), ..created };
        let user = insert_user(&mut tx, &organization.id, admin).await?;
        let categories = insert_default_categories(&mut tx, &organization.id).await?;
        record(&mut tx, &AuditEvent::by(&user, "org.signup").subject(&organization.slug).ip(ip)).await?;
        if extras.starter_catalog {
            let currency: Currency = organization.currency;
            let films = insert_starter_catalog(&mut tx, &organization.id, &categories, currency, &today()).await?;
            let detail = format!("{films} example films priced in {currency}: review them");
            record(&mut tx, &AuditEvent::by(&user, "catalog.starter_loaded").detail(detail).ip(ip)).await?;
        }
        tx.commit().await?;
        Ok((organization, user))
    }
}
