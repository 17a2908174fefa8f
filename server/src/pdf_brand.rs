//! The organisation's brand for its quote PDFs: the small JPEG of its logo
//! (read from storage; a file that cannot be read leaves the PDF without a
//! logo rather than failing it) and its colour.
use blob::{BlobKey, Blobs};
use store::Organization;

pub async fn pdf_brand(blobs: &Blobs, org: &Organization) -> quote_pdf::Brand {
    let logo_jpeg = match org.logo_jpeg_key.as_deref().map(|k| BlobKey::new(k.to_owned())) {
        Some(Ok(key)) => match blobs.get(&key).await {
            Ok(Some(blob)) => Some(blob.bytes),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, key = %key, "the logo of a PDF could not be read");
                None
            }
        },
        _ => None,
    };
    quote_pdf::Brand { logo_jpeg, color: org.brand_color.as_deref().and_then(domain::parse_hex_color) }
}
