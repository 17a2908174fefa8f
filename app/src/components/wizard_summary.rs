//! The quote wizard's error summary (public and staff): the same box as every
//! form's (`error_summary`), listing the problems of the step on screen with
//! links to the wizard's own field ids (`o-0-1-width`, `room-0-floor`,
//! `contact-phone`).
use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::components::error_summary::{Summary, SummaryBox, SummaryItem};
use crate::components::form::field_message;
use crate::error::AppError;
use crate::format;
use crate::i18n::Lang;
use crate::wizard_form::{Step, WizardForm, WizardPrice};

/// The DOM id the wizard gives the input of a form path.
pub fn wizard_field_id(path: &str) -> String {
    let index = |text: &str| text.parse::<usize>().ok();
    if let Some(name) = path.strip_prefix("contact.") {
        return format!("contact-{}", if name == "contact_time" { "time" } else { name });
    }
    if path == "rooms" {
        return "room-0-add-opening".into();
    }
    let Some(rest) = path.strip_prefix("rooms[") else { return crate::components::error_summary::id_from_path(path) };
    let Some((i, rest)) = rest.split_once(']').and_then(|(i, rest)| Some((index(i)?, rest))) else { return String::new() };
    match rest.strip_prefix(".openings[").and_then(|r| r.split_once(']')) {
        Some((j, field)) => match index(j) {
            Some(j) => format!("o-{i}-{j}-{}", field.trim_start_matches('.')),
            None => String::new(),
        },
        None => format!("room-{i}-{}", rest.trim_start_matches('.')),
    }
}

/// How a path reads in the summary: "Living · Ventana 2 · Ancho (m)".
pub fn wizard_field_label(lang: Lang, form: &WizardForm, path: &str) -> String {
    if let Some(name) = path.strip_prefix("contact.") {
        return match name {
            "name" => lang.t("Nombre y apellido", "Full name"),
            "phone" => lang.t("Teléfono / WhatsApp", "Phone / WhatsApp"),
            "email" => lang.t("Email", "Email"),
            "address" => lang.t("Dirección de la obra", "Site address"),
            "commune" => lang.t("Comuna / ciudad", "District / city"),
            _ => lang.t("Tus datos", "Your details"),
        }
        .to_owned();
    }
    if path == "rooms" {
        return lang.t("Ambientes", "Rooms").to_owned();
    }
    if path == "vertical" {
        return lang.t("Tipo de proyecto", "Project type").to_owned();
    }
    if let Some(label) = staff_field_label(lang, path) {
        return label;
    }
    let parse = |text: &str| text.parse::<usize>().ok();
    let Some((i, rest)) = path.strip_prefix("rooms[").and_then(|r| r.split_once(']')).and_then(|(i, rest)| Some((parse(i)?, rest))) else {
        return path.to_owned();
    };
    let room = form.room_label(i, lang);
    let unit = if form.units == crate::wizard_form::Units::Cm { "cm" } else { "m" };
    match rest.strip_prefix(".openings[").and_then(|r| r.split_once(']')).and_then(|(j, f)| Some((parse(j)?, f.trim_start_matches('.')))) {
        Some((j, field)) => {
            let kind = form.rooms.get(i).and_then(|r| r.openings.get(j)).and_then(|o| o.kind.parse::<domain::OpeningKind>().ok());
            let opening = kind.map_or_else(|| lang.t("Abertura", "Opening").to_owned(), |k| format::opening_label(k, lang).to_owned());
            let field = match field {
                "width" => format!("{} ({unit})", lang.t("Ancho", "Width")),
                "height" => format!("{} ({unit})", lang.t("Alto", "Height")),
                "quantity" => lang.t("Cantidad", "Quantity").to_owned(),
                "sku" => lang.t("Lámina", "Film").to_owned(),
                "kind" => lang.t("Tipo", "Kind").to_owned(),
                other => other.to_owned(),
            };
            format!("{room} · {opening} {} · {field}", j + 1)
        }
        None => match rest.trim_start_matches('.') {
            "floor" => format!("{room} · {}", lang.t("Piso", "Floor")),
            "name" => format!("{room} · {}", lang.t("Nombre del ambiente", "Room name")),
            _ => room,
        },
    }
}

/// The staff editor's own fields (extra lines, manual discount, terms,
/// internal notes), on the last step with the customer: "Línea adicional 2 · Monto".
fn staff_field_label(lang: Lang, path: &str) -> Option<String> {
    let label = match path {
        "manual_discount" => lang.t("Descuento manual", "Manual discount").to_owned(),
        "terms" => lang.t("Condiciones", "Terms").to_owned(),
        "internal_notes" => lang.t("Notas internas", "Internal notes").to_owned(),
        "extras" => lang.t("Líneas adicionales", "Extra lines").to_owned(),
        _ => {
            let (i, field) = path.strip_prefix("extras[")?.split_once("].")?;
            let line = format!("{} {}", lang.t("Línea adicional", "Extra line"), i.parse::<usize>().ok()? + 1);
            let field = match field {
                "description" => lang.t("Descripción", "Description"),
                "amount" => lang.t("Monto", "Amount"),
                other => other,
            };
            format!("{line} · {field}")
        }
    };
    Some(label)
}

/// Whether an error path belongs to the fields of `step`.
fn on_step(step: Step, path: &str) -> bool {
    match step {
        Step::Vertical => path == "vertical",
        Step::Rooms => path.starts_with("rooms") || path == "vertical",
        Step::Contact => path.starts_with("contact.") || crate::staff_form::StaffForm::owns(path),
    }
}

/// What the summary says for `step`: the messages shown beside its fields
/// (the server's after a submit, plus the live check's once the customer
/// tried to go on), in the form's order; `form` is the message without a field.
pub fn wizard_summary(lang: Lang, form: &WizardForm, step: Step, shown: &BTreeMap<String, String>) -> Option<Summary> {
    let mut items: Vec<(Vec<usize>, SummaryItem)> = shown
        .iter()
        .filter(|(path, _)| on_step(step, path))
        .map(|(path, message)| {
            let text = format!("{}: {}", wizard_field_label(lang, form, path), field_message(lang, message));
            (order_key(path), SummaryItem { target: wizard_field_id(path), text })
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let message = shown.get("form").cloned();
    if items.is_empty() && message.is_none() {
        return None;
    }
    let message = message.unwrap_or_else(|| AppError::Invalid { fields: BTreeMap::new(), kept: BTreeMap::new() }.message(lang));
    Some(Summary { message, items: items.into_iter().map(|(_, item)| item).collect() })
}

/// Rooms and openings in the order they are on screen (`rooms[10]` after `rooms[2]`),
/// and an opening's fields as laid out: kind, quantity, width, height, film.
fn order_key(path: &str) -> Vec<usize> {
    let numbers: Vec<usize> = path.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    let field = path.rsplit('.').next().unwrap_or_default();
    let rank = ["rooms", "vertical", "name", "floor", "kind", "quantity", "width", "height", "sku", "phone", "email", "address", "commune",
        "description", "amount", "manual_discount", "terms", "internal_notes"]
        .iter()
        .position(|f| *f == field)
        .unwrap_or(99);
    if path.starts_with("extras") {
        // After the contact, before the discount: the staff section's order.
        return vec![13, numbers.first().copied().unwrap_or(0), rank];
    }
    match numbers[..] {
        [room] => vec![room, 0, rank],
        [room, opening] => vec![room, opening + 1, rank],
        _ => vec![rank],
    }
}

/// The box at the top of the wizard; it takes the focus when `attempts` changes.
#[component]
pub fn WizardSummary(
    lang: Lang,
    form: RwSignal<WizardForm>,
    step: Memo<Step>,
    server_errors: RwSignal<BTreeMap<String, String>>,
    show_all: RwSignal<bool>,
    price: Memo<WizardPrice>,
    attempts: RwSignal<u32>,
) -> impl IntoView {
    let summary = Signal::derive(move || {
        let mut shown = server_errors.get();
        if show_all.get() {
            price.with(|p| {
                for (path, message) in &p.errors.0 {
                    shown.entry(path.clone()).or_insert_with(|| message.clone());
                }
            });
        }
        form.with(|f| wizard_summary(lang, f, step.get(), &shown))
    });
    let attempts = Signal::derive(move || {
        attempts.track();
    });
    view! { <SummaryBox lang summary attempts/> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_link_to_the_wizard_inputs() {
        assert_eq!(wizard_field_id("rooms[0].openings[1].width"), "o-0-1-width");
        assert_eq!(wizard_field_id("rooms[12].openings[3].sku"), "o-12-3-sku");
        assert_eq!(wizard_field_id("rooms[2].floor"), "room-2-floor");
        assert_eq!(wizard_field_id("contact.phone"), "contact-phone");
        assert_eq!(wizard_field_id("contact.contact_time"), "contact-time");
        assert_eq!(wizard_field_id("rooms"), "room-0-add-opening");
        assert_eq!(wizard_field_id("rooms[0].openings[1].width_m"), "o-0-1-width_m");
        assert_eq!(wizard_field_id("rooms[x].floor"), "");
    }

    #[test]
    fn the_summary_names_room_opening_and_field_in_screen_order() {
        let mut form = WizardForm::start("Living");
        form.add_opening(0, "SEC");
        form.add_opening(0, "SEC");
        form.rooms[0].openings[1].kind = "door".into();
        let shown = BTreeMap::from([
            ("rooms[0].openings[1].width".to_owned(), domain::messages::REQUIRED.to_owned()),
            ("rooms[0].openings[1].height".to_owned(), domain::messages::REQUIRED.to_owned()),
            ("rooms[0].floor".to_owned(), crate::wizard_form::NOT_WHOLE.to_owned()),
            ("contact.phone".to_owned(), domain::quote_messages::PHONE.to_owned()),
        ]);
        let summary = wizard_summary(Lang::Es, &form, Step::Rooms, &shown).expect("shown");
        let texts: Vec<&str> = summary.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Living · Piso: debe ser un número entero", "Living · Puerta 2 · Ancho (m): es obligatorio", "Living · Puerta 2 · Alto (m): es obligatorio"]
        );
        assert_eq!(summary.items[1].target, "o-0-1-width");
        let contact = wizard_summary(Lang::Es, &form, Step::Contact, &shown).expect("contact step");
        assert_eq!(contact.items.len(), 1, "only the step on screen");
        assert!(wizard_summary(Lang::Es, &form, Step::Contact, &BTreeMap::new()).is_none());
        let staff = BTreeMap::from([
            ("terms".to_owned(), domain::messages::TOO_LONG.to_owned()),
            ("manual_discount".to_owned(), domain::messages::REQUIRED.to_owned()),
            ("extras[1].amount".to_owned(), domain::messages::REQUIRED.to_owned()),
            ("contact.phone".to_owned(), domain::quote_messages::PHONE.to_owned()),
        ]);
        let saved = wizard_summary(Lang::En, &form, Step::Contact, &staff).expect("the staff editor's own fields too");
        let lines: Vec<(&str, &str)> = saved.items.iter().map(|i| (i.target.as_str(), i.text.split(':').next().unwrap_or_default())).collect();
        assert_eq!(lines, [("contact-phone", "Phone / WhatsApp"), ("extras-1-amount", "Extra line 2 · Amount"),
            ("manual_discount", "Manual discount"), ("terms", "Terms")]);
        assert!(wizard_summary(Lang::En, &form, Step::Rooms, &staff).is_none(), "not on the rooms step");
        let limited = BTreeMap::from([("form".to_owned(), "Recibimos demasiadas solicitudes.".to_owned())]);
        let only_message = wizard_summary(Lang::Es, &form, Step::Contact, &limited).expect("message");
        assert_eq!((only_message.message.as_str(), only_message.items.len()), ("Recibimos demasiadas solicitudes.", 0));
    }
}
