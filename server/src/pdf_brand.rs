//! The organisation's brand for its quote PDFs: the small JPEG of its logo
//! (read from storage; a file that cannot be read leaves the PDF without a
//! logo rather than failing it) and its colour.
use blob::Blobs;
use store::Organization;

pub async fn pdf_brand(blobs: &Blobs, org: &Organization) -> quote_pdf::Brand {
    let logo_jpeg = blobs.get_optional(org.logo_jpeg_key.as_deref(), "the PDF's logo").await;
    quote_pdf::Brand { logo_jpeg, color: org.brand_color.as_deref().and_then(domain::parse_hex_color) }
}
