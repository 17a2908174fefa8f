//! The card a shared quote link shows (WhatsApp, e-mail, chat apps): Open
//! Graph and Twitter tags in the page's `<head>`.
//!
//! The title and description hold text people typed (the organisation's
//! name). They are attribute values (`content="…"`), which leptos escapes
//! like every attribute (`&`, `"`, `<`, `>`), unlike `<title>`'s text
//! (see `page_title.rs`); `server/tests/api/link_preview.rs` holds it to that.
use domain::QuoteDocument;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::format;
use crate::i18n::Lang;

/// The image a quote link shows without a logo: a neutral window, 1200×630.
pub const DEFAULT_IMAGE: &str = "/quote-preview.jpg";

/// The absolute address of a quote's preview image: the organisation's
/// logo (its JPEG rendition, public at `/media/…`) or the neutral default.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub fn preview_image(origin: &str, logo_jpeg_key: Option<&str>) -> String {
    let origin = origin.trim_end_matches('/');
    match logo_jpeg_key {
        Some(key) => format!("{origin}{}", crate::catalog::media_url(key)),
        None => format!("{origin}{DEFAULT_IMAGE}"),
    }
}

/// What the card says, in the quote's own language: "Cotización N° 2026-0001
/// · Láminas Sur" and "Total $1.234 · Válida hasta el …".
pub fn preview_text(doc: &QuoteDocument, org_name: &str, valid_until: Option<&str>) -> (String, String) {
    let lang = Lang::from_code(&doc.language).unwrap_or_default();
    let title = format!("{} {} · {org_name}", lang.t("Cotización N°", "Quote No."), doc.number);
    let total = format!("{} {}", lang.t("Total", "Total"), format::money(doc.breakdown.total, doc.breakdown.currency, lang));
    let description = match valid_until {
        Some(day) => format!("{total} · {} {}", lang.t("Válida hasta el", "Valid until"), format::day(day, lang)),
        None => total,
    };
    (title, description)
}

/// The tags themselves.
#[component]
pub fn LinkPreview(title: String, description: String, image: String, url: String, site_name: String) -> impl IntoView {
    // The default image is wide; a logo is shown small, beside the text.
    let card = if image.ends_with(DEFAULT_IMAGE) { "summary_large_image" } else { "summary" };
    view! {
        <Meta name="description" content=description.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content=site_name/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:image" content=image.clone()/>
        <Meta property="og:url" content=url/>
        <Meta name="twitter:card" content=card/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=description/>
        <Meta name="twitter:image" content=image/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_the_logo_or_the_default_always_absolute() {
        assert_eq!(preview_image("https://cotiza.example/", None), "https://cotiza.example/quote-preview.jpg");
        assert_eq!(
            preview_image("https://cotiza.example", Some("orgs/o1/logo/x-small.jpg")),
            "https://cotiza.example/media/orgs/o1/logo/x-small.jpg"
        );
    }
}
