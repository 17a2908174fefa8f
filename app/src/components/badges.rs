//! A product's specifications as plain badges customers understand.
use domain::Specs;
use rust_decimal::Decimal;

use crate::i18n::Lang;

fn pct(d: Decimal, spanish: bool) -> String {
    crate::format::quantity(d, spanish)
}

/// "VLT 70 %", "UV 99 %", "Energía solar rechazada 45 %", "4 mil", "Garantía 10 años", "neutro".
pub fn spec_badges(specs: &Specs, lang: Lang) -> Vec<String> {
    let es = lang == Lang::Es;
    let mut out = Vec::new();
    if let Some(v) = specs.vlt_pct {
        out.push(format!("{} {} %", lang.t("Luz visible", "Visible light"), pct(v, es)));
    }
    if let Some(v) = specs.uv_rejection_pct {
        out.push(format!("{} {} %", lang.t("Bloqueo UV", "UV blocked"), pct(v, es)));
    }
    if let Some(v) = specs.tser_pct {
        out.push(format!("{} {} %", lang.t("Calor solar rechazado", "Solar heat rejected"), pct(v, es)));
    }
    if let Some(v) = specs.thickness_mil {
        out.push(format!("{} mil", pct(v, es)));
    }
    if let Some(y) = specs.warranty_years {
        out.push(match (lang, y) {
            (Lang::Es, 1) => "Garantía 1 año".to_owned(),
            (Lang::Es, y) => format!("Garantía {y} años"),
            (Lang::En, 1) => "1-year warranty".to_owned(),
            (Lang::En, y) => format!("{y}-year warranty"),
        });
    }
    if let Some(f) = specs.finish.as_deref().filter(|f| !f.trim().is_empty()) {
        out.push(domain::finish_label(f, es));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_in_both_languages() {
        let specs = Specs {
            vlt_pct: Some(Decimal::new(705, 1)),
            uv_rejection_pct: Some(Decimal::from(99)),
            tser_pct: None,
            thickness_mil: Some(Decimal::from(4)),
            warranty_years: Some(10),
            finish: Some("neutro".into()),
        };
        assert_eq!(spec_badges(&specs, Lang::Es), ["Luz visible 70,5 %", "Bloqueo UV 99 %", "4 mil", "Garantía 10 años", "neutro"]);
        assert_eq!(spec_badges(&specs, Lang::En), ["Visible light 70.5 %", "UV blocked 99 %", "4 mil", "10-year warranty", "neutral"]);
        assert!(spec_badges(&Specs::default(), Lang::Es).is_empty());
    }
}
