//! The catalog of an organisation, as its admins keep it: categories,
//! products, prices with validity windows, photos, CSV import/export,
//! bulk price changes, and what it sells for cars (glass sizes, packages,
//! the legal tint minimum).
//!
//! [`Catalog`] is the one door for the UI's server functions and the REST
//! API alike: every operation takes the acting [`store::User`], checks its
//! role here (admins write; every signed-in user reads), validates with
//! `domain`, and writes through `store`, audited.
#![forbid(unsafe_code)]

mod automotive;
mod categories;
pub mod csv_format;
mod error;
mod import;
mod logo;
mod photo;
mod prices;
mod products;

pub use automotive::AutomotiveSettings;
pub use error::CatalogError;
pub use logo::LOGO_MAX_BYTES;
pub use photo::{photo_content_type, PHOTO_MAX_BYTES};
pub use products::ProductFilter;

use blob::Blobs;
use store::{Db, User};

/// The catalog service; cheap to clone.
#[derive(Clone)]
pub struct Catalog {
    db: Db,
    blobs: Blobs,
}

impl Catalog {
    pub fn new(db: Db, blobs: Blobs) -> Catalog {
        Catalog { db, blobs }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn blobs(&self) -> &Blobs {
        &self.blobs
    }
}

pub use store::today;

fn require_admin(actor: &User) -> Result<(), CatalogError> {
    if actor.role.is_admin() { Ok(()) } else { Err(CatalogError::Forbidden) }
}
