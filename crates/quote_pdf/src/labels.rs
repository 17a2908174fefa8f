//! Every text of the PDF that is not data, in Spanish (the default) and
//! English, and the small formatting rules that depend on the language.
use domain::Unit;
use rust_decimal::Decimal;

/// The document's texts in one language.
pub struct Labels {
    /// Spanish number and date formats (`1,20`, `08/12/2026`).
    pub spanish: bool,
    pub date: &'static str,
    pub customer: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub address: &'static str,
    pub commune: &'static str,
    pub col_opening: &'static str,
    pub col_size: &'static str,
    pub col_film: &'static str,
    pub col_qty: &'static str,
    pub col_total: &'static str,
    pub continued: &'static str,
    pub curved_glass: &'static str,
    pub difficult_access: &'static str,
    pub high_floor: &'static str,
    pub extreme_weather: &'static str,
    pub area: &'static str,
    pub subtotal: &'static str,
    pub total: &'static str,
    pub view_online: &'static str,
    pub vehicle: &'static str,
    pub body_type: &'static str,
    pub colour: &'static str,
    pub plate: &'static str,
    pub packages: &'static str,
    pub tint_warning: &'static str,
}

const ES: Labels = Labels {
    spanish: true,
    date: "Fecha",
    customer: "Cliente",
    name: "Nombre",
    phone: "Teléfono",
    email: "Correo",
    address: "Dirección",
    commune: "Comuna",
    col_opening: "Abertura",
    col_size: "Medidas",
    col_film: "Lámina",
    col_qty: "Cantidad (con merma)",
    col_total: "Total",
    continued: "(continuación)",
    curved_glass: "Vidrio curvo",
    difficult_access: "Acceso difícil",
    high_floor: "Sobre el 3.er piso: instalación en altura",
    extreme_weather: "Instalación en condiciones climáticas extremas",
    area: "Superficie total (con merma)",
    subtotal: "Subtotal",
    total: "TOTAL",
    view_online: "Ver en línea:",
    vehicle: "Vehículo",
    body_type: "Carrocería",
    colour: "Color",
    plate: "Patente",
    packages: "Paquetes",
    tint_warning: "Advertencia de tinte legal",
};

const EN: Labels = Labels {
    spanish: false,
    date: "Date",
    customer: "Customer",
    name: "Name",
    phone: "Phone",
    email: "Email",
    address: "Address",
    commune: "District",
    col_opening: "Opening",
    col_size: "Size",
    col_film: "Film",
    col_qty: "Quantity (incl. waste)",
    col_total: "Total",
    continued: "(continued)",
    curved_glass: "Curved glass",
    difficult_access: "Difficult access",
    high_floor: "Above the 3rd floor: work at height",
    extreme_weather: "Installation in extreme weather",
    area: "Total area (incl. waste)",
    subtotal: "Subtotal",
    total: "TOTAL",
    view_online: "View online:",
    vehicle: "Vehicle",
    body_type: "Body type",
    colour: "Colour",
    plate: "Plate",
    packages: "Packages",
    tint_warning: "Legal tint warning",
};

impl Labels {
    /// English for `en`, Spanish for anything else.
    pub fn for_language(language: &str) -> &'static Labels {
        if language == "en" { &EN } else { &ES }
    }

    /// `Cotización N° COT-2026-000123 (versión 2)` / `Quote COT-2026-000123 (version 2)`.
    pub fn title(&self, number: &str, version: i64) -> String {
        if self.spanish {
            format!("Cotización N° {number} (versión {version})")
        } else {
            format!("Quote {number} (version {version})")
        }
    }

    /// `Válida hasta 08/12/2026` / `Valid until Dec 8, 2026` (`day` is `YYYY-MM-DD`).
    pub fn valid_until(&self, day: &str) -> String {
        let day = domain::format_day(day, self.spanish);
        if self.spanish { format!("Válida hasta {day}") } else { format!("Valid until {day}") }
    }

    /// `Fecha: 23/11/2026` / `Date: Nov 23, 2026`.
    pub fn priced_on(&self, day: &str) -> String {
        format!("{}: {}", self.date, domain::format_day(day, self.spanish))
    }

    /// `Ventana delantera izquierda: la lámina deja pasar 20 % de luz; el
    /// mínimo legal es 35 %.` (the glass's name comes in `glass`).
    pub fn tint_warning_line(&self, glass: &str, vlt: u8, minimum: u8) -> String {
        if self.spanish {
            format!("{glass}: la lámina deja pasar {vlt} % de luz; el mínimo legal es {minimum} %.")
        } else {
            format!("{glass}: the film lets through {vlt}% of light; the legal minimum is {minimum}%.")
        }
    }

    /// `Piso 4` / `Floor 4`.
    pub fn floor(&self, floor: i32) -> String {
        if self.spanish { format!("Piso {floor}") } else { format!("Floor {floor}") }
    }

    /// `Página 1 de 2` / `Page 1 of 2`.
    pub fn page(&self, number: usize, count: usize) -> String {
        if self.spanish { format!("Página {number} de {count}") } else { format!("Page {number} of {count}") }
    }

    /// Money in the document's language: `US$1.603,17` / `US$1,603.17`.
    pub fn money(&self, amount: Decimal, currency: domain::Currency) -> String {
        domain::format_money(amount, currency, self.spanish)
    }

    /// A length or area: `1,2` (es) / `1.2` (en), up to 2 decimals.
    pub fn number(&self, value: Decimal) -> String {
        domain::format_quantity(value, self.spanish)
    }

    /// A length with its 2 decimals kept (`1,20`), as installers write sizes.
    pub fn metres(&self, value: Decimal) -> String {
        domain::format_metres(value, self.spanish)
    }

    /// `4,14 m²` / `2.4 m`.
    pub fn quantity(&self, value: Decimal, unit: Unit) -> String {
        format!("{} {}", self.number(value), unit_symbol(unit))
    }

    /// A rate as a percentage: `19 %` (es) / `19%` (en); 0.105 → `10,5 %`.
    pub fn percent(&self, rate: Decimal) -> String {
        let value = self.number(rate * Decimal::ONE_HUNDRED);
        if self.spanish { format!("{value} %") } else { format!("{value}%") }
    }

    /// `Descuento por volumen (10 %)` / `Volume discount (10%)`.
    pub fn discount(&self, rate: Decimal) -> String {
        let rate = self.percent(rate);
        if self.spanish { format!("Descuento por volumen ({rate})") } else { format!("Volume discount ({rate})") }
    }

    /// `IVA (19 %)` / `Impuesto (19 %)` / `Tax (19%)`: the name from the
    /// organisation's country ([`domain::tax_label`]).
    pub fn tax(&self, rate: Decimal, country: &str) -> String {
        format!("{} ({})", domain::tax_label(country, self.spanish), self.percent(rate))
    }
}

/// `m²` or `m`.
pub fn unit_symbol(unit: Unit) -> &'static str {
    match unit {
        Unit::M2 => "m²",
        Unit::M => "m",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn spanish_is_the_default() {
        assert!(Labels::for_language("es").spanish);
        assert!(Labels::for_language("fr").spanish);
        assert!(!Labels::for_language("en").spanish);
    }

    #[test]
    fn titles_and_days() {
        let (es, en) = (Labels::for_language("es"), Labels::for_language("en"));
        assert_eq!(es.title("COT-2026-000123", 2), "Cotización N° COT-2026-000123 (versión 2)");
        assert_eq!(en.title("COT-2026-000123", 2), "Quote COT-2026-000123 (version 2)");
        assert_eq!(es.valid_until("2026-12-08"), "Válida hasta 08/12/2026");
        assert_eq!(en.valid_until("2026-12-08"), "Valid until Dec 8, 2026");
        assert_eq!(es.page(1, 2), "Página 1 de 2");
        assert_eq!(en.page(1, 2), "Page 1 of 2");
    }

    #[test]
    fn numbers_in_each_language() {
        let (es, en) = (Labels::for_language("es"), Labels::for_language("en"));
        assert_eq!(es.metres(d("1.2")), "1,20");
        assert_eq!(en.metres(d("1.205")), "1.21");
        assert_eq!(en.metres(d("3")), "3.00");
        assert_eq!(es.quantity(d("4.1400"), Unit::M2), "4,14 m²");
        assert_eq!(en.quantity(d("2.4"), Unit::M), "2.4 m");
        assert_eq!(es.percent(d("0.19")), "19 %");
        assert_eq!(es.percent(d("0.105")), "10,5 %");
        assert_eq!(en.tax(d("0.19"), "CL"), "Tax (19%)");
        assert_eq!(es.tax(d("0.19"), "CL"), "IVA (19 %)");
        assert_eq!(es.tax(d("0.07"), "US"), "Impuesto (7 %)", "a country without IVA");
        assert_eq!(es.tax(d("0.19"), ""), "Impuesto (19 %)", "an older quote without its country");
        assert_eq!(es.money(d("1603.17"), domain::Currency::Usd), "US$1.603,17");
        assert_eq!(en.money(d("1603.17"), domain::Currency::Usd), "US$1,603.17");
        assert_eq!(es.discount(d("0.10")), "Descuento por volumen (10 %)");
    }
}
