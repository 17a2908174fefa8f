//! The staff editor's own fields as typed text: extra lines with their own
//! price, a manual discount, the terms the customer reads and the internal
//! notes they never see. Kept apart from [`crate::wizard_form::WizardForm`]
//! so the public wizard cannot carry them at all. Shared by the editor in
//! the browser, the page rendered on the server and the no-JS save
//! (`POST /app/quotes/save`): the same `name=value` pairs —
//! `extras[0].description`, `extras[0].amount`, `manual_discount`, `terms`,
//! `internal_notes` — which are also the paths of their errors.
use domain::{Currency, ExtraLine, FieldErrors, NumberSource, QuoteInput, read_money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most extra lines the editor offers (the engine allows [`domain::MAX_EXTRAS`]).
pub const MAX_EXTRA_ROWS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExtraForm {
    pub description: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    pub extras: Vec<ExtraForm>,
    #[serde(default)]
    pub manual_discount: String,
    #[serde(default)]
    pub terms: String,
    #[serde(default)]
    pub internal_notes: String,
}

impl StaffForm {
    /// A new quote's fields: the organisation's default terms, nothing else.
    pub fn new_quote(default_terms: &str) -> StaffForm {
        StaffForm { terms: default_terms.to_owned(), ..StaffForm::default() }
    }

    /// The fields of a saved quote, amounts with the currency's minor digits
    /// and no grouping (`25000`, `25.50`): read back the same in either language.
    pub fn from_input(input: &QuoteInput, currency: Currency) -> StaffForm {
        let text = |d: Decimal| if d.is_zero() { String::new() } else { currency.format_plain(d) };
        StaffForm {
            extras: input.extras.iter().map(|e| ExtraForm { description: e.description.clone(), amount: text(e.amount) }).collect(),
            manual_discount: text(input.manual_discount),
            terms: input.terms.clone(),
            internal_notes: input.internal_notes.clone(),
        }
    }

    /// Whether a field name or error path is one of these fields
    /// (`manual_discount`, `extras[1].amount`, `extras`…).
    pub fn owns(path: &str) -> bool {
        matches!(path, "manual_discount" | "terms" | "internal_notes" | "extras") || path.starts_with("extras[")
    }

    /// Reads the fields from `name=value` pairs; other names are ignored,
    /// indexes beyond [`MAX_EXTRA_ROWS`] too.
    /// The fields a no-JS step of an editor carries in its URL, with the
    /// button pressed (`op`: add or remove an extra line) applied.
    pub fn from_step<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> StaffForm {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let mut form = StaffForm::from_pairs(pairs.iter().copied());
        if let Some((_, op)) = pairs.iter().find(|(k, _)| *k == "op") {
            form.apply(op);
        }
        form
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> StaffForm {
        let mut form = StaffForm::default();
        for (key, value) in pairs {
            let value = value.to_owned();
            match key {
                "manual_discount" => form.manual_discount = value,
                "terms" => form.terms = value.replace("\r\n", "\n"),
                "internal_notes" => form.internal_notes = value.replace("\r\n", "\n"),
                _ => {
                    let Some((i, field)) = key.strip_prefix("extras[").and_then(|rest| rest.split_once(']')) else { continue };
                    let Ok(i) = i.parse::<usize>() else { continue };
                    if i >= MAX_EXTRA_ROWS {
                        continue;
                    }
                    while form.extras.len() <= i {
                        form.extras.push(ExtraForm::default());
                    }
                    match field {
                        ".description" => form.extras[i].description = value,
                        ".amount" => form.extras[i].amount = value,
                        _ => {}
                    }
                }
            }
        }
        form
    }

    /// The fields as pairs, the inverse of [`StaffForm::from_pairs`].
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, e) in self.extras.iter().enumerate() {
            out.push((format!("extras[{i}].description"), e.description.clone()));
            out.push((format!("extras[{i}].amount"), e.amount.clone()));
        }
        out.push(("manual_discount".into(), self.manual_discount.clone()));
        out.push(("terms".into(), self.terms.clone()));
        out.push(("internal_notes".into(), self.internal_notes.clone()));
        out
    }

    /// A no-JS button of these fields (`add_extra`, `remove_extra:1`); whether it was one.
    pub fn apply(&mut self, op: &str) -> bool {
        match op.split_once(':') {
            None if op == "add_extra" => {
                self.add_extra();
                true
            }
            Some(("remove_extra", i)) => {
                if let Ok(i) = i.parse::<usize>() {
                    self.remove_extra(i);
                }
                true
            }
            _ => false,
        }
    }

    pub fn add_extra(&mut self) {
        if self.extras.len() < MAX_EXTRA_ROWS {
            self.extras.push(ExtraForm::default());
        }
    }

    pub fn remove_extra(&mut self, i: usize) {
        if i < self.extras.len() {
            self.extras.remove(i);
        }
    }

    /// Puts the fields into `input`, amounts read like any money typed on
    /// the page (`domain::read_money`); a row left wholly empty is skipped.
    /// Unreadable amounts are errors at their paths (and left out).
    pub fn apply_to(&self, input: &mut QuoteInput, currency: Currency, spanish: bool) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let source = NumberSource::Page { spanish };
        let mut read = |path: String, text: &str| match read_money(text, currency, source) {
            Ok(amount) => Some(amount),
            Err(e) => {
                errors.add(path, e.message(text, currency, source));
                None
            }
        };
        input.extras = Vec::new();
        for (i, e) in self.extras.iter().enumerate() {
            if e.description.trim().is_empty() && e.amount.trim().is_empty() {
                continue;
            }
            let amount = if e.amount.trim().is_empty() { Some(Decimal::ZERO) } else { read(format!("extras[{i}].amount"), &e.amount) };
            if let Some(amount) = amount {
                input.extras.push(ExtraLine { description: e.description.trim().to_owned(), amount });
            }
        }
        input.manual_discount = match self.manual_discount.trim() {
            "" => Decimal::ZERO,
            text => read("manual_discount".into(), text).unwrap_or(Decimal::ZERO),
        };
        input.terms = self.terms.trim().to_owned();
        input.internal_notes = self.internal_notes.trim().to_owned();
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn typed() -> StaffForm {
        StaffForm {
            extras: vec![ExtraForm { description: "Retiro de lámina antigua".into(), amount: "25.000".into() }],
            manual_discount: "5.000".into(),
            terms: "Pago 50 %".into(),
            internal_notes: "Llamar tarde".into(),
        }
    }

    #[test]
    fn pairs_round_trip() {
        let form = typed();
        let pairs = form.to_pairs();
        assert!(pairs.iter().all(|(k, _)| StaffForm::owns(k)), "{pairs:?}");
        assert_eq!(StaffForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))), form);
        assert!(!StaffForm::owns("vertical") && !StaffForm::owns("contact.name") && !StaffForm::owns("extrasx"));
    }

    #[test]
    fn clp_amounts_are_read_as_typed_on_the_page() {
        let mut input = QuoteInput::default();
        let errors = typed().apply_to(&mut input, Currency::Clp, true);
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(input.extras, vec![ExtraLine { description: "Retiro de lámina antigua".into(), amount: dec("25000") }]);
        assert_eq!((input.manual_discount, input.terms.as_str(), input.internal_notes.as_str()), (dec("5000"), "Pago 50 %", "Llamar tarde"));
        let back = StaffForm::from_input(&input, Currency::Clp);
        assert_eq!((back.extras[0].amount.as_str(), back.manual_discount.as_str()), ("25000", "5000"));
    }

    #[test]
    fn unreadable_amounts_are_named_and_empty_rows_skipped() {
        let mut form = typed();
        form.extras.push(ExtraForm::default());
        form.extras.push(ExtraForm { description: "Visita".into(), amount: "abc".into() });
        form.manual_discount = "xx".into();
        let mut input = QuoteInput::default();
        let errors = form.apply_to(&mut input, Currency::Clp, true);
        assert!(errors.get("extras[2].amount").is_some() && errors.get("manual_discount").is_some(), "{errors}");
        assert!(errors.get("extras[0].amount").is_none() && errors.get("extras[1].amount").is_none(), "{errors}");
        assert_eq!(input.extras.len(), 1, "the empty row and the unreadable one are left out");
    }

    #[test]
    fn a_no_js_step_carries_the_fields_and_applies_its_button() {
        let mut pairs = typed().to_pairs();
        pairs.push(("op".into(), "add_extra".into()));
        pairs.push(("vehicle.make".into(), "Kia".into()));
        let form = StaffForm::from_step(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(form.extras.len(), 2, "the pressed button added a row");
        assert_eq!(form.terms, "Pago 50 %");
    }

    #[test]
    fn rows_are_added_and_removed_by_buttons() {
        let mut form = typed();
        assert!(form.apply("add_extra"));
        assert_eq!(form.extras.len(), 2);
        assert!(form.apply("remove_extra:0"));
        assert_eq!(form.extras, vec![ExtraForm::default()]);
        assert!(!form.apply("add_room"));
        let usd = StaffForm::from_input(
            &QuoteInput { extras: vec![ExtraLine { description: "x".into(), amount: dec("25.5") }], ..QuoteInput::default() },
            Currency::Usd,
        );
        assert_eq!(usd.extras[0].amount, "25.50");
        let mut again = QuoteInput::default();
        assert!(usd.apply_to(&mut again, Currency::Usd, true).is_empty(), "read back the same on a Spanish page");
        assert_eq!(again.extras[0].amount, dec("25.50"));
    }
}
