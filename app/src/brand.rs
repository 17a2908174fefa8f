//! An organisation's brand as its customers see it on its public pages
//! (`/q/{slug}`, `/q/{slug}/auto`, `/q/{slug}/catalogo`, `/p/{token}`): its
//! name, how to reach it, its logo and its colour — never Cotiza's.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Cotiza's teal, for an organisation that chose no colour.
pub const DEFAULT_COLOR: &str = domain::DEFAULT_BRAND_COLOR;
/// Dark text on a light brand colour (Tailwind's slate-900).
pub const DARK_TEXT: &str = "#0f172a";
pub const LIGHT_TEXT: &str = "#ffffff";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgBrand {
    pub slug: String,
    pub name: String,
    /// International format, or empty.
    pub phone: String,
    pub email: String,
    /// `https://wa.me/{digits}` when the organisation has a phone.
    pub whatsapp: Option<String>,
    /// Where its logo is served (`/media/…`), if it has one.
    pub logo_url: Option<String>,
    /// `#rrggbb`, never empty.
    pub color: String,
}

impl OrgBrand {
    /// The brand of a stored organisation.
    #[cfg(feature = "ssr")]
    pub fn of(org: &store::Organization) -> OrgBrand {
        OrgBrand {
            slug: org.slug.clone(),
            name: org.name.clone(),
            phone: org.phone.clone(),
            email: org.contact_email.clone(),
            whatsapp: whatsapp_link(&org.phone),
            logo_url: org.logo_key.as_deref().map(crate::catalog::media_url),
            color: brand_color(org.brand_color.as_deref()),
        }
    }

    /// The stylesheet that carries the colours to the page
    /// (`bg-[var(--brand)]`, `text-[var(--brand-text)]`): a file of its own,
    /// `/brand/{rrggbb}.css` (see [`brand_stylesheet`]), because the CSP refuses
    /// inline styles and a `<style>` added by a client-side navigation has no nonce.
    pub fn stylesheet_href(&self) -> String {
        let color = brand_color(Some(&self.color));
        format!("/brand/{}.css", &color[1..])
    }
}

/// The body of `/brand/{file}`: the colours of the frame for `file`
/// (`rrggbb.css`, six hex digits); `None` for any other name. The same
/// colour always gives the same bytes, so the server may cache it forever.
pub fn brand_stylesheet(file: &str) -> Option<String> {
    let hex = file.strip_suffix(".css").filter(|h| h.len() == 6)?;
    let [r, g, b] = domain::parse_hex_color(&format!("#{hex}"))?;
    let color = format!("#{r:02x}{g:02x}{b:02x}");
    (color[1..] == *hex).then(|| format!(".org-frame{{--brand:{color};--brand-text:{}}}\n", text_on(&color)))
}

/// `tel:+56912345678` for a phone as typed (`+56 9 1234 5678`); `None` for none.
pub fn tel_href(phone: &str) -> Option<String> {
    let dialled: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    (!dialled.is_empty()).then(|| format!("tel:{dialled}"))
}

/// `https://wa.me/…` for a phone; `None` for none.
pub fn whatsapp_link(phone: &str) -> Option<String> {
    let digits = domain::whatsapp_digits(phone);
    (!digits.is_empty()).then(|| format!("https://wa.me/{digits}"))
}

/// A stored colour as `#rrggbb`, Cotiza's when missing or not a colour
/// (it goes into a `style` attribute: nothing else may).
pub fn brand_color(stored: Option<&str>) -> String {
    match stored.and_then(domain::parse_hex_color) {
        Some([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
        None => DEFAULT_COLOR.to_owned(),
    }
}

/// The text colour readable on `background` (`#rrggbb`): white or dark,
/// whichever contrasts more by WCAG 2 relative luminance.
pub fn text_on(background: &str) -> &'static str {
    let Some(rgb) = domain::parse_hex_color(background) else { return LIGHT_TEXT };
    let luminance = relative_luminance(rgb);
    let dark = relative_luminance([0x0f, 0x17, 0x2a]);
    // Contrast ratios against white (1.0) and the dark text.
    let with_white = 1.05 / (luminance + 0.05);
    let with_dark = (luminance + 0.05) / (dark + 0.05);
    if with_white >= with_dark { LIGHT_TEXT } else { DARK_TEXT }
}

fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// The brand of organisation `slug`; `None` when there is no such organisation.
#[server(endpoint = "org_brand")]
pub async fn get_org_brand(slug: String) -> Result<Option<OrgBrand>, AppError> {
    let db = use_context::<store::Db>().ok_or_else(|| {
        tracing::error!("no database in the server function's context");
        AppError::Internal
    })?;
    let org = db.org_by_slug(&slug).await.map_err(|e| {
        tracing::error!(error = %e, %slug, "reading an organisation's brand failed");
        AppError::Internal
    })?;
    Ok(org.as_ref().map(OrgBrand::of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_white_on_dark_colours_and_dark_on_light_ones() {
        for dark in ["#0f766e", "#000000", "#1e3a8a", "#b91c1c", "#7c3aed"] {
            assert_eq!(text_on(dark), LIGHT_TEXT, "{dark}");
        }
        for light in ["#ffffff", "#facc15", "#a3e635", "#67e8f9", "#fde68a"] {
            assert_eq!(text_on(light), DARK_TEXT, "{light}");
        }
    }

    #[test]
    fn only_a_colour_reaches_the_style() {
        assert_eq!(brand_color(Some("#FF8800")), "#ff8800");
        assert_eq!(brand_color(None), DEFAULT_COLOR);
        assert_eq!(brand_color(Some("red; background: url(x)")), DEFAULT_COLOR);
        let brand = OrgBrand {
            slug: "s".into(),
            name: "n".into(),
            phone: String::new(),
            email: String::new(),
            whatsapp: None,
            logo_url: None,
            color: "#facc15".into(),
        };
        assert_eq!(brand.stylesheet_href(), "/brand/facc15.css");
        assert_eq!(brand_stylesheet("facc15.css").as_deref(), Some(".org-frame{--brand:#facc15;--brand-text:#0f172a}\n"));
        assert_eq!(brand_stylesheet("0f766e.css").as_deref(), Some(".org-frame{--brand:#0f766e;--brand-text:#ffffff}\n"));
    }

    #[test]
    fn only_a_lowercase_colour_file_has_a_stylesheet() {
        for name in ["FACC15.css", "facc15", "facc1.css", "facc155.css", "zzzzzz.css", "../x.css", "facc15.css.map", ""] {
            assert_eq!(brand_stylesheet(name), None, "{name}");
        }
    }

    #[test]
    fn whatsapp_links_only_for_a_phone() {
        assert_eq!(whatsapp_link("+56 9 1234 5678").as_deref(), Some("https://wa.me/56912345678"));
        assert_eq!(whatsapp_link(""), None);
        assert_eq!(tel_href("+56 9 1234-5678").as_deref(), Some("tel:+56912345678"));
        assert_eq!(tel_href(" "), None);
    }
}
