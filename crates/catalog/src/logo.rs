//! The organisation's logo: checked like a product photo by `media` (JPEG,
//! PNG or WebP; size and pixel limits before decoding), kept by `blob` next
//! to a small JPEG rendition (transparency on white) that PDFs embed. Both
//! are public at `/media/{key}` (`orgs/{org}/logo/{name}.{ext}`): the logo
//! is on the organisation's public pages anyway.
use blob::BlobKey;
use media::PhotoError;
use store::{Organization, User};

use crate::{Catalog, CatalogError, require_admin};

/// Largest logo upload, in bytes (larger is 413): the photo limit.
pub const LOGO_MAX_BYTES: usize = media::MAX_PHOTO_BYTES;

impl Catalog {
    /// Stores a new logo for the actor's organisation, replacing the old one (admins).
    pub async fn set_logo(&self, actor: &User, bytes: Vec<u8>) -> Result<Organization, CatalogError> {
        require_admin(actor)?;
        if bytes.len() > LOGO_MAX_BYTES {
            return Err(CatalogError::TooLarge { limit: LOGO_MAX_BYTES });
        }
        let org = &actor.organization_id;
        let logo = tokio::task::spawn_blocking(move || media::process_photo(&bytes))
            .await
            .map_err(|e| CatalogError::field("logo", format!("the logo could not be read: {e}")))?
            .map_err(|e| match e {
                PhotoError::TooLarge { limit } => CatalogError::TooLarge { limit },
                other => CatalogError::field("logo", other.to_string().replace("photo", "logo")),
            })?;
        let stem = format!("orgs/{org}/logo/{}", uuid::Uuid::new_v4());
        let extension = match logo.original_content_type {
            "image/png" => "png",
            "image/webp" => "webp",
            _ => "jpg",
        };
        let original = BlobKey::new(format!("{stem}.{extension}"))?;
        let small = BlobKey::new(format!("{stem}-small.jpg"))?;
        self.blobs.put(&original, &logo.original, logo.original_content_type).await?;
        self.blobs.put(&small, &logo.thumbnail_jpeg, "image/jpeg").await?;
        match self.db.set_org_logo(actor, Some((original.as_str(), small.as_str()))).await {
            Ok((old_logo, old_small)) => self.delete_files(&[old_logo, old_small]).await,
            Err(e) => {
                self.delete_files(&[Some(original.to_string()), Some(small.to_string())]).await;
                return Err(e.into());
            }
        }
        tracing::info!(org = %org, width = logo.width, height = logo.height, "organisation logo stored");
        Ok(self.db.org(org).await?)
    }

    /// Removes the organisation's logo (admins).
    pub async fn remove_logo(&self, actor: &User) -> Result<Organization, CatalogError> {
        require_admin(actor)?;
        let (old_logo, old_small) = self.db.set_org_logo(actor, None).await?;
        self.delete_files(&[old_logo, old_small]).await;
        Ok(self.db.org(&actor.organization_id).await?)
    }
}
