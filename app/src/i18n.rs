//! Spanish first, English too. Messages are plain functions of [`Lang`].
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    /// `en` → English, `es` → Spanish, anything else → `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The browser's choice: the preferred of Spanish or English by `q`
    /// weight; English for a browser that asks for neither; Spanish when
    /// the browser says nothing.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let Some(header) = header.filter(|h| !h.trim().is_empty()) else { return Lang::Es };
        let mut best: Option<(u16, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0) as u16);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(lang) = Lang::from_code(primary) {
                if q > 0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }

    /// Picks the text of this language.
    pub fn t(self, es: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

/// The page's language: `?lang=` if given, else the signed-in user's
/// setting, else the browser's `Accept-Language`. In the browser the server's
/// choice is read back from `<html lang>`, so hydration renders the same.
pub fn use_lang() -> Lang {
    let query = use_query_map();
    if let Some(lang) = query.read_untracked().get("lang").and_then(|l| Lang::from_code(&l)) {
        return lang;
    }
    #[cfg(feature = "ssr")]
    {
        visitor_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|l| Lang::from_code(&l))
            .unwrap_or_default()
    }
}

/// The visitor's language on the server: the signed-in user's setting, else
/// the browser's `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn visitor_lang() -> Lang {
    let visitor = crate::session::visitor();
    visitor
        .session
        .as_ref()
        .and_then(|s| s.user.language.as_deref())
        .and_then(Lang::from_code)
        .unwrap_or_else(|| Lang::from_accept_language(visitor.accept_language.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_spanish_or_english_by_weight() {
        assert_eq!(Lang::from_accept_language(Some("es-CL,es;q=0.9,en;q=0.8")), Lang::Es);
        assert_eq!(Lang::from_accept_language(Some("en-US,en;q=0.9,es;q=0.8")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("de-DE, es;q=0.5, en;q=0.7")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("fr-FR,fr;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("en;q=0, es-MX")), Lang::Es);
        assert_eq!(Lang::from_accept_language(None), Lang::Es);
    }
}
