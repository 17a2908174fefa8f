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
