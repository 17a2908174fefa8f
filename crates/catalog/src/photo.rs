//! Product photos: checked and thumbnailed by `media`, kept by `blob`.
use blob::BlobKey;
use domain::Product;
use media::PhotoError;
use store::User;

use crate::{Catalog, CatalogError, require_admin, today};

/// Largest photo upload, in bytes (larger is 413).
pub const PHOTO_MAX_BYTES: usize = media::MAX_PHOTO_BYTES;

impl Catalog {
    /// Stores a new photo (and its thumbnail) for a product, replacing the old one (admins).
    pub async fn set_photo(&self, actor: &User, product_id: &str, bytes: Vec<u8>) -> Result<Product, CatalogError> {
        require_admin(actor)?;
        if bytes.len() > PHOTO_MAX_BYTES {
            return Err(CatalogError::TooLarge { limit: PHOTO_MAX_BYTES });
        }
        let org = &actor.organization_id;
        // 404 before any work for another organisation's product.
        self.db.product(org, product_id, &today()).await?;
        let photo = tokio::task::spawn_blocking(move || media::process_photo(&bytes))
            .await
            .map_err(|e| CatalogError::field("photo", format!("the photo could not be read: {e}")))?
            .map_err(|e| match e {
                PhotoError::TooLarge { limit } => CatalogError::TooLarge { limit },
                other => CatalogError::field("photo", other.to_string()),
            })?;
        let stem = format!("orgs/{org}/products/{product_id}/{}", uuid::Uuid::new_v4());
        let extension = PHOTO_TYPES.iter().find(|(t, _)| *t == photo.original_content_type).map_or("jpg", |(_, e)| e);
        let original = BlobKey::new(format!("{stem}.{extension}"))?;
        let thumb = BlobKey::new(format!("{stem}-thumb.jpg"))?;
        self.blobs.put(&original, &photo.original, photo.original_content_type).await?;
        self.blobs.put(&thumb, &photo.thumbnail_jpeg, "image/jpeg").await?;
        match self.db.set_product_photo(actor, product_id, Some(original.as_str()), Some(thumb.as_str())).await {
            Ok((old_photo, old_thumb)) => self.delete_files(&[old_photo, old_thumb]).await,
            Err(e) => {
                self.delete_files(&[Some(original.to_string()), Some(thumb.to_string())]).await;
                return Err(e.into());
            }
        }
        tracing::info!(org = %org, product = product_id, width = photo.width, height = photo.height, "product photo stored");
        Ok(self.db.product(org, product_id, &today()).await?)
    }

    /// Removes a product's photo (admins).
    pub async fn remove_photo(&self, actor: &User, product_id: &str) -> Result<Product, CatalogError> {
        require_admin(actor)?;
        let (old_photo, old_thumb) = self.db.set_product_photo(actor, product_id, None, None).await?;
        self.delete_files(&[old_photo, old_thumb]).await;
        Ok(self.db.product(&actor.organization_id, product_id, &today()).await?)
    }

    /// Deletes files no row points at any more; a failure is logged, never fatal.
    pub(crate) async fn delete_files(&self, keys: &[Option<String>]) {
        for key in keys.iter().flatten() {
            let result = match BlobKey::new(key.clone()) {
                Ok(k) => self.blobs.delete(&k).await,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                tracing::warn!(key = %key, error = %e, "could not delete an unused file");
            }
        }
    }
}

/// The content type of a stored photo, by its key's extension.
pub fn photo_content_type(key: &str) -> &'static str {
    let extension = key.rsplit('.').next().unwrap_or_default();
    PHOTO_TYPES.iter().find(|(_, e)| *e == extension).map_or("image/jpeg", |(t, _)| t)
}

/// The content types `media` accepts and the file extension each is stored with.
const PHOTO_TYPES: &[(&str, &str)] = &[("image/jpeg", "jpg"), ("image/png", "png"), ("image/webp", "webp")];
