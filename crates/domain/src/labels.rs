//! The words customers read for the domain's kinds, in Spanish or English:
//! one list for the wizard, the dashboard, the PDF and the video, so they
//! never name the same thing differently.
use crate::{OpeningKind, QuoteStatus, Vertical};

impl OpeningKind {
    /// `Puerta corredera` / `Sliding door`.
    pub fn label(self, spanish: bool) -> &'static str {
        let (es, en) = match self {
            OpeningKind::Window => ("Ventana", "Window"),
            OpeningKind::Door => ("Puerta", "Door"),
            OpeningKind::SlidingDoor => ("Puerta corredera", "Sliding door"),
            OpeningKind::ShowerEnclosure => ("Mampara de ducha", "Shower enclosure"),
            OpeningKind::Partition => ("Tabique de vidrio", "Glass partition"),
            OpeningKind::Skylight => ("Tragaluz", "Skylight"),
        };
        if spanish { es } else { en }
    }
}

/// A film's finish as typed in the catalog (free text, Spanish by habit),
/// in the page's language: the common words of the trade are translated
/// (`esmerilado` → `frosted`, `espejo plata` → `silver mirror`), anything
/// else is shown as typed. Spanish pages always show it as typed.
pub fn finish_label(finish: &str, spanish: bool) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("ahumado", "smoked"), ("azul", "blue"), ("blanco", "white"), ("bronce", "bronze"), ("carbón", "charcoal"),
        ("carbon", "charcoal"), ("color", "coloured"), ("espejo", "mirror"), ("esmerilado", "frosted"), ("gris", "grey"),
        ("mate", "matte"), ("negro", "black"), ("neutro", "neutral"), ("plata", "silver"), ("reflectivo", "reflective"),
        ("transparente", "clear"), ("verde", "green"),
    ];
    let typed = finish.trim();
    if spanish {
        return typed.to_owned();
    }
    let lower = typed.to_lowercase();
    let words: Option<Vec<&str>> =
        lower.split_whitespace().map(|w| WORDS.iter().find(|(es, _)| *es == w).map(|(_, en)| *en)).collect();
    match words {
        // Spanish puts the colour after the noun: "espejo plata" → "silver mirror", "blanco mate" → "matte white".
        Some(mut words) if !words.is_empty() => {
            words.reverse();
            words.join(" ")
        }
        _ => typed.to_owned(),
    }
}

impl Vertical {
    /// `Residencial` / `Residential`.
    pub fn label(self, spanish: bool) -> &'static str {
        let (es, en) = match self {
            Vertical::Residential => ("Residencial", "Residential"),
            Vertical::Commercial => ("Comercial", "Commercial"),
            Vertical::Architectural => ("Arquitectura", "Architectural"),
            Vertical::Automotive => ("Automotriz", "Automotive"),
        };
        if spanish { es } else { en }
    }
}

impl QuoteStatus {
    /// `Pendiente` / `Pending` (a quote is feminine in Spanish: `Confirmada`).
    pub fn label(self, spanish: bool) -> &'static str {
        let (es, en) = match self {
            QuoteStatus::Draft => ("Borrador", "Draft"),
            QuoteStatus::Pending => ("Pendiente", "Pending"),
            QuoteStatus::Confirmed => ("Confirmada", "Confirmed"),
            QuoteStatus::Rejected => ("Rechazada", "Rejected"),
            QuoteStatus::Expired => ("Vencida", "Expired"),
        };
        if spanish { es } else { en }
    }
}

/// Countries whose sales tax is called IVA in Spanish (ISO 3166 alpha-2).
const IVA_COUNTRIES: [&str; 17] = ["AR", "BO", "CL", "CO", "CR", "EC", "ES", "GT", "HN", "MX", "NI", "PY", "SV", "UY", "VE", "IT", "PT"];

/// The one name of the tax on a quote, from the organisation's country
/// (`organizations.country`, snapshotted in the quote's `OrgCard`): in
/// Spanish `IVA` where the tax is called so (Chile, Colombia, Mexico,
/// Spain…), else `Impuesto` (also for an unknown or empty country); in
/// English always `Tax`. Used by the wizard, the estimate, the public and
/// staff quote pages, the PDF and the video.
pub fn tax_label(country: &str, spanish: bool) -> &'static str {
    let country = country.trim();
    match spanish {
        false => "Tax",
        true if IVA_COUNTRIES.iter().any(|c| c.eq_ignore_ascii_case(country)) => "IVA",
        true => "Impuesto",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finishes_read_in_english_when_they_are_the_trades_words() {
        assert_eq!(finish_label("esmerilado", false), "frosted");
        assert_eq!(finish_label("Espejo plata", false), "silver mirror");
        assert_eq!(finish_label("blanco mate", false), "matte white");
        assert_eq!(finish_label("carbón", false), "charcoal");
        assert_eq!(finish_label("vitral azul cobalto", false), "vitral azul cobalto", "anything else as typed");
        assert_eq!(finish_label("esmerilado", true), "esmerilado");
        assert_eq!(finish_label("  ", false), "");
    }

    #[test]
    fn every_kind_has_two_distinct_non_empty_names() {
        let kinds = [
            OpeningKind::Window,
            OpeningKind::Door,
            OpeningKind::SlidingDoor,
            OpeningKind::ShowerEnclosure,
            OpeningKind::Partition,
            OpeningKind::Skylight,
        ];
        let mut es: Vec<_> = kinds.iter().map(|k| k.label(true)).collect();
        es.sort_unstable();
        es.dedup();
        assert_eq!(es.len(), kinds.len(), "two kinds share a Spanish name: {es:?}");
        assert_eq!(OpeningKind::SlidingDoor.label(true), "Puerta corredera");
        assert_eq!(OpeningKind::SlidingDoor.label(false), "Sliding door");
        assert_eq!(QuoteStatus::Expired.label(true), "Vencida");
        assert_eq!(Vertical::Automotive.label(false), "Automotive");
    }

    #[test]
    fn the_tax_is_named_by_the_country() {
        for country in ["CL", "co", " MX ", "ES", "AR", "UY"] {
            assert_eq!(tax_label(country, true), "IVA", "{country}");
            assert_eq!(tax_label(country, false), "Tax", "{country}");
        }
        for country in ["US", "PE", "BR", "", "xx"] {
            assert_eq!(tax_label(country, true), "Impuesto", "{country:?}");
            assert_eq!(tax_label(country, false), "Tax", "{country:?}");
        }
    }
}
