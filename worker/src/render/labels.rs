//! Every text of the video that is not data, in Spanish (the default) and
//! English, with the formatting rules that depend on the language (the same
//! approach, and the same words, as the PDF's labels).
use domain::Unit;
use rust_decimal::Decimal;

/// The video's texts in one language.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Labels {
    /// Spanish number and date formats (`1,20`, `08/12/2026`).
    pub spanish: bool,
    pub prepared_for: &'static str,
    pub property: &'static str,
    pub details: &'static str,
    pub continued: &'static str,
    pub summary: &'static str,
    pub subtotal: &'static str,
    pub total: &'static str,
    pub scan_qr: &'static str,
    pub write_us: &'static str,
}

const ES: Labels = Labels {
    spanish: true,
    prepared_for: "Preparada para",
    property: "Propiedad",
    details: "Detalle de la cotización",
    continued: "(continuación)",
    summary: "Resumen",
    subtotal: "Subtotal",
    total: "Total",
    scan_qr: "Escanea para ver tu cotización",
    write_us: "¿Dudas? Escríbenos por WhatsApp",
};

const EN: Labels = Labels {
    spanish: false,
    prepared_for: "Prepared for",
    property: "Property",
    details: "Quote details",
    continued: "(continued)",
    summary: "Summary",
    subtotal: "Subtotal",
    total: "Total",
    scan_qr: "Scan to view your quote",
    write_us: "Questions? Message us on WhatsApp",
};

impl Labels {
    /// English for `en`, Spanish for anything else.
    pub(crate) fn for_language(language: &str) -> &'static Labels {
        if language == "en" { &EN } else { &ES }
    }

    /// `Cotización N° COT-2026-000123` / `Quote COT-2026-000123` (version 2 and later say so).
    pub(crate) fn title(&self, number: &str, version: i64) -> String {
        match (self.spanish, version > 1) {
            (true, false) => format!("Cotización N° {number}"),
            (true, true) => format!("Cotización N° {number} (v{version})"),
            (false, false) => format!("Quote {number}"),
            (false, true) => format!("Quote {number} (v{version})"),
        }
    }

    /// `Válida hasta 08/12/2026` / `Valid until Dec 8, 2026` (`day` is `YYYY-MM-DD`).
    pub(crate) fn valid_until(&self, day: &str) -> String {
        let day = domain::format_day(day, self.spanish);
        if self.spanish { format!("Válida hasta {day}") } else { format!("Valid until {day}") }
    }

    /// `Fecha: 23/11/2026` / `Date: Nov 23, 2026`.
    pub(crate) fn priced_on(&self, day: &str) -> String {
        let day = domain::format_day(day, self.spanish);
        if self.spanish { format!("Fecha: {day}") } else { format!("Date: {day}") }
    }

    /// `Piso 4` / `Floor 4`.
    pub(crate) fn floor(&self, floor: i32) -> String {
        if self.spanish { format!("Piso {floor}") } else { format!("Floor {floor}") }
    }

    /// A page of lines out of all: `1 de 3` / `1 of 3`.
    pub(crate) fn page(&self, number: usize, count: usize) -> String {
        if self.spanish { format!("{number} de {count}") } else { format!("{number} of {count}") }
    }

    /// A length with its 2 decimals (`1,20`), as installers write sizes.
    pub(crate) fn metres(&self, value: Decimal) -> String {
        domain::format_metres(value, self.spanish)
    }

    /// `1,20 × 1,50 m` (area products) or `2,40 m` (linear ones).
    pub(crate) fn size(&self, width: Decimal, height: Decimal, unit: Unit) -> String {
        match unit {
            Unit::M2 => format!("{} × {} m", self.metres(width), self.metres(height)),
            Unit::M => format!("{} m", self.metres(width)),
        }
    }

    /// `4,14 m²` / `2.4 m`: a line's quantity, waste included.
    pub(crate) fn quantity(&self, value: Decimal, unit: Unit) -> String {
        let symbol = match unit {
            Unit::M2 => "m²",
            Unit::M => "m",
        };
        format!("{} {symbol}", domain::format_quantity(value, self.spanish))
    }

    /// `Superficie total: 56,3 m²` / `Total area: 56.3 m²`.
    pub(crate) fn area(&self, area_m2: Decimal) -> String {
        let value = self.quantity(area_m2, Unit::M2);
        if self.spanish { format!("Superficie total (con merma): {value}") } else { format!("Total area (incl. waste): {value}") }
    }

    /// A rate as a percentage: `19 %` (es) / `19%` (en).
    pub(crate) fn percent(&self, rate: Decimal) -> String {
        let value = domain::format_quantity(rate * Decimal::ONE_HUNDRED, self.spanish);
        if self.spanish { format!("{value} %") } else { format!("{value}%") }
    }

    /// `Descuento por volumen (10 %)` / `Volume discount (10%)`.
    pub(crate) fn discount(&self, rate: Decimal) -> String {
        let rate = self.percent(rate);
        if self.spanish { format!("Descuento por volumen ({rate})") } else { format!("Volume discount ({rate})") }
    }

    /// `IVA (19 %)` / `Impuesto (19 %)` / `Tax (19%)`: the name from the
    /// organisation's country ([`domain::tax_label`]).
    pub(crate) fn tax(&self, rate: Decimal, country: &str) -> String {
        format!("{} ({})", domain::tax_label(country, self.spanish), self.percent(rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn spanish_is_the_default_and_english_differs() {
        let (es, en) = (Labels::for_language("es"), Labels::for_language("en"));
        assert_eq!(Labels::for_language("pt"), es);
        assert_eq!((es.prepared_for, en.prepared_for), ("Preparada para", "Prepared for"));
        assert_eq!((es.scan_qr, en.scan_qr), ("Escanea para ver tu cotización", "Scan to view your quote"));
        assert_eq!((es.tax(d("0.19"), "CL"), en.tax(d("0.19"), "CL")), ("IVA (19 %)".to_owned(), "Tax (19%)".to_owned()));
        assert_eq!(es.tax(d("0.07"), "US"), "Impuesto (7 %)", "a country without IVA");
        assert_eq!(es.valid_until("2026-12-08"), "Válida hasta 08/12/2026");
        assert_eq!(en.valid_until("2026-12-08"), "Valid until Dec 8, 2026");
        assert_eq!((es.title("COT-2026-000042", 1), en.title("COT-2026-000042", 2)), ("Cotización N° COT-2026-000042".to_owned(), "Quote COT-2026-000042 (v2)".to_owned()));
        assert_ne!(es.details, en.details);
        assert_ne!(es.write_us, en.write_us);
    }

    #[test]
    fn numbers_in_each_language() {
        let (es, en) = (Labels::for_language("es"), Labels::for_language("en"));
        assert_eq!(es.size(d("1.2"), d("1.5"), Unit::M2), "1,20 × 1,50 m");
        assert_eq!(en.size(d("2.4"), d("9"), Unit::M), "2.40 m");
        assert_eq!(es.quantity(d("4.1400"), Unit::M2), "4,14 m²");
        assert_eq!(es.discount(d("0.05")), "Descuento por volumen (5 %)");
        assert_eq!(en.area(d("56.25")), "Total area (incl. waste): 56.25 m²");
    }
}
