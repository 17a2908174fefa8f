//! Makes and their common models, offered as suggestions when a vehicle
//! has no VIN: the makes of the WMI table and of `data/vehicle_models.csv`,
//! and that file's models per make. Any other make or model may be typed.
use std::sync::OnceLock;

const MODELS_CSV: &str = include_str!("../data/vehicle_models.csv");

/// `(make, model)` rows of the models file, in file order.
fn model_rows() -> &'static [(&'static str, &'static str)] {
    static ROWS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        MODELS_CSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("make,"))
            .filter_map(|l| {
                let (make, model) = l.split_once(',')?;
                let (make, model) = (make.trim(), model.trim());
                (!make.is_empty() && !model.is_empty() && !model.contains(',')).then_some((make, model))
            })
            .collect()
    })
}

/// Every make known, sorted case-insensitively, each once.
pub fn vehicle_makes() -> &'static [&'static str] {
    static MAKES: OnceLock<Vec<&'static str>> = OnceLock::new();
    MAKES.get_or_init(|| {
        let mut makes: Vec<&'static str> = crate::wmi_table()
            .iter()
            .filter_map(|w| w.make)
            .chain(model_rows().iter().map(|(make, _)| *make))
            .collect();
        makes.sort_by_key(|m| m.to_lowercase());
        makes.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        makes
    })
}

/// The common models of a make (any case, spaces around ignored), sorted;
/// empty for a make the file does not list.
pub fn vehicle_models(make: &str) -> Vec<&'static str> {
    let make = make.trim();
    let mut models: Vec<&'static str> = model_rows()
        .iter()
        .filter(|(m, _)| m.eq_ignore_ascii_case(make))
        .map(|(_, model)| *model)
        .collect();
    models.sort_by_key(|m| m.to_lowercase());
    models
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_models_file_is_read() {
        let data_rows = MODELS_CSV.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("make,")).count();
        assert_eq!(model_rows().len(), data_rows);
        assert!(data_rows >= 150, "{data_rows}");
    }

    #[test]
    fn makes_come_from_the_wmi_table_and_the_models_file_once_each() {
        let makes = vehicle_makes();
        for make in ["Toyota", "Honda", "Chevrolet", "Chery", "Mercedes-Benz"] {
            assert!(makes.contains(&make), "{make}");
        }
        let lower: Vec<String> = makes.iter().map(|m| m.to_lowercase()).collect();
        let mut sorted = lower.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(lower, sorted, "sorted, each once");
    }

    #[test]
    fn models_of_a_make_whatever_its_case() {
        let toyota = vehicle_models(" toyota ");
        assert!(toyota.contains(&"Corolla") && toyota.contains(&"Hilux"), "{toyota:?}");
        assert!(toyota.windows(2).all(|w| w[0].to_lowercase() <= w[1].to_lowercase()));
        assert!(vehicle_models("Lada").is_empty());
        assert!(vehicle_models("").is_empty());
    }
}
