//! A vehicle's words in the page's language: what a VIN says as it is
//! typed (or which rule it breaks) and a vehicle field's error from the
//! server. Shared by the vehicles page and the car wizards.
use domain::VinError;

use crate::components::form::field_message;
use crate::i18n::Lang;

/// What a VIN says, or which rule it breaks, in the page's language: the
/// live hint under the VIN field, and its error after a submit.
pub fn vin_error_text(err: &VinError, lang: Lang) -> String {
    match lang {
        Lang::En => err.to_string(),
        Lang::Es => match err {
            VinError::Length { found } => format!("un VIN tiene 17 caracteres; este tiene {found}"),
            VinError::Character { position, character } => {
                format!("el carácter {position} ({character}) no va en un VIN: solo dígitos y letras salvo I, O y Q")
            }
            VinError::Region { found } => format!("el primer carácter ({found}) no corresponde a ninguna región del mundo"),
            VinError::CheckDigit { .. } => {
                "el dígito verificador (carácter 9) no cuadra con los demás: probablemente hay un carácter mal escrito".to_owned()
            }
            VinError::ModelYear { found } => format!("el carácter 10 ({found}) no es un código de año modelo"),
        },
    }
}

/// The live hint of a VIN being typed: `Ok("Honda · 2003 · United States")`
/// or `Err(why not)`; `None` while empty.
pub fn vin_hint(vin: &str, lang: Lang) -> Option<Result<String, String>> {
    if vin.trim().is_empty() {
        return None;
    }
    Some(match domain::decode_vin(vin) {
        Ok(d) => {
            let maker = d.make.clone().or_else(|| d.manufacturer.clone()).unwrap_or_else(|| lang.t("Fabricante desconocido", "Unknown maker").to_owned());
            let year = match (d.model_year, d.model_year_candidates.as_slice()) {
                (Some(y), _) => y.to_string(),
                (None, []) => lang.t("año sin codificar", "year not encoded").to_owned(),
                (None, years) => years.iter().map(u16::to_string).collect::<Vec<_>>().join(lang.t(" o ", " or ")),
            };
            let place = d.country.clone().unwrap_or_else(|| d.region.label(lang.code()).to_owned());
            Ok(format!("{maker} · {year} · {place}"))
        }
        Err(e) => Err(vin_error_text(&e, lang)),
    })
}

/// A vehicle field's error from the server, in the page's language.
pub fn vehicle_field_message(lang: Lang, field: &str, message: &str, typed_vin: &str) -> String {
    if field == "vin"
        && let Err(e) = domain::decode_vin(typed_vin)
    {
        return vin_error_text(&e, lang);
    }
    if lang == Lang::En {
        return message.to_owned();
    }
    if let Some(year) = message.strip_prefix("the VIN says model year ") {
        return format!("el VIN indica el año modelo {year}");
    }
    if let Some((from, to)) = message.strip_prefix("must be from ").and_then(|range| range.split_once(" to ")) {
        return format!("debe estar entre {from} y {to}");
    }
    if let Some(n) = message.strip_prefix("is longer than ").and_then(|m| m.strip_suffix(" characters")) {
        return format!("es demasiado largo (máximo {n} caracteres)");
    }
    match message {
        "must be a whole number" => "debe ser un número entero".to_owned(),
        other => field_message(lang, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vin_hint_names_make_year_and_country_or_the_rule_broken() {
        assert_eq!(vin_hint("  ", Lang::Es), None);
        let honda = vin_hint("1HGCM82633A004352", Lang::Es).expect("typed");
        assert!(honda.as_ref().is_ok_and(|t| t.starts_with("Honda · 2003 · ")), "{honda:?}");
        assert_eq!(vin_hint("1HGCM8263", Lang::Es), Some(Err("un VIN tiene 17 caracteres; este tiene 9".to_owned())));
        assert!(matches!(vin_hint("1HGCM82633A004353", Lang::Es), Some(Err(m)) if m.contains("dígito verificador")));
        assert!(matches!(vin_hint("1HGCM8263", Lang::En), Some(Err(m)) if m.contains("17 characters")));
    }

    #[test]
    fn vehicle_field_messages_read_in_spanish() {
        assert_eq!(vehicle_field_message(Lang::Es, "year", "must be from 1950 to 2027", ""), "debe estar entre 1950 y 2027");
        assert_eq!(vehicle_field_message(Lang::Es, "year", "the VIN says model year 2003", ""), "el VIN indica el año modelo 2003");
        assert_eq!(vehicle_field_message(Lang::Es, "model", "is longer than 60 characters", ""), "es demasiado largo (máximo 60 caracteres)");
        assert_eq!(vehicle_field_message(Lang::Es, "make", "is required", ""), "es obligatorio");
        assert_eq!(vehicle_field_message(Lang::Es, "vin", "a VIN has 17 characters; this one has 3 (vin.length)", "ABC"), "un VIN tiene 17 caracteres; este tiene 3");
        assert_eq!(vehicle_field_message(Lang::En, "make", "is required", ""), "is required");
    }
}
