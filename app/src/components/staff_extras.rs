//! The staff editor's own section (`/app/quotes/new`, `/app/quotes/{id}/edit`):
//! extra lines with their own price, a manual discount, the terms the
//! customer reads and the internal notes they never see. Inputs are plain
//! form fields (`extras[0].description`…), so the editor saves them without
//! JavaScript too; the buttons add and remove rows (`op=add_extra`,
//! `op=remove_extra:0`) with or without it. Amounts show how they are read
//! as they are typed (`money_preview`, the same reading the server does).
use domain::Currency;
use leptos::prelude::*;

use crate::components::error_summary::id_from_path;
use crate::components::money_field::money_preview;
use crate::i18n::Lang;
use crate::staff_form::{MAX_EXTRA_ROWS, StaffForm};

const INPUT: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";
const BUTTON: &str = "inline-flex min-h-11 items-center rounded-lg bg-white px-3 py-2 text-sm font-semibold text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50";

/// Hidden copies of the staff's fields, for a step that does not show them (without JS).
pub fn hidden_staff(staff: &StaffForm) -> impl IntoView + use<> {
    staff.to_pairs().into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()
}

/// The section; `error_of` gives the message of a field path (the server's
/// after a save, else the live check's).
pub fn staff_extras(
    lang: Lang,
    staff: RwSignal<StaffForm>,
    currency: Currency,
    error_of: Callback<(String, bool), Option<String>>,
) -> impl IntoView {
    let rows = Memo::new(move |_| staff.with(|s| s.extras.len()));
    let error = move |path: String| move || error_of.run((path.clone(), true));
    let invalid = move |path: String| move || error_of.run((path.clone(), true)).map(|_| "true");
    let add = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        staff.update(StaffForm::add_extra);
    };
    let text_of = move |read: fn(&StaffForm) -> String| staff.with_untracked(read);
    view! {
        <section class="mt-6 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="extras-title" data-testid="staff-extras">
            <h2 id="extras-title" class="text-lg font-semibold">{lang.t("Líneas adicionales", "Extra lines")}</h2>
            <p class="text-sm text-slate-600">{lang.t("Trabajos con su propio precio (retiro de lámina, visita…). Se suman al subtotal y reciben el descuento por volumen.", "Work with its own price (removing old film, a visit…). Added to the subtotal and discounted by volume like the rest.")}</p>
            {move || (0..rows.get()).map(|i| {
                let description = format!("extras[{i}].description");
                let amount = format!("extras[{i}].amount");
                let initial_description = staff.with_untracked(|s| s.extras.get(i).map(|e| e.description.clone()).unwrap_or_default());
                let initial_amount = staff.with_untracked(|s| s.extras.get(i).map(|e| e.amount.clone()).unwrap_or_default());
                let reading = move || staff.with(|s| s.extras.get(i).and_then(|e| money_preview(lang, currency, &e.amount)));
                let description_error = error(description.clone());
                let amount_error = error(amount.clone());
                let description_invalid = invalid(description.clone());
                let amount_invalid = invalid(amount.clone());
                let remove = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    staff.update(|s| s.remove_extra(i));
                };
                view! {
                    <div class="mt-3 grid gap-2 sm:grid-cols-[1fr_12rem_auto] sm:items-start" data-testid="extra-row">
                        <div>
                            <label for=id_from_path(&description) class="mb-1 block text-sm font-medium">{format!("{} {}", lang.t("Descripción", "Description"), i + 1)}</label>
                            <input id=id_from_path(&description) name=description.clone() type="text" maxlength="120" class=INPUT value=initial_description.clone() prop:value=initial_description
                                aria-invalid=description_invalid
                                on:input=move |ev| { let v = event_target_value(&ev); staff.update(|s| if let Some(e) = s.extras.get_mut(i) { e.description = v; }); }/>
                            {move || description_error().map(|m| view! { <p class="mt-1 text-sm text-red-700">{m}</p> })}
                        </div>
                        <div>
                            <label for=id_from_path(&amount) class="mb-1 block text-sm font-medium">{format!("{} ({})", lang.t("Monto", "Amount"), currency.code())}</label>
                            <input id=id_from_path(&amount) name=amount.clone() type="text" inputmode="decimal" class=INPUT value=initial_amount.clone() prop:value=initial_amount
                                aria-invalid=amount_invalid
                                on:input=move |ev| { let v = event_target_value(&ev); staff.update(|s| if let Some(e) = s.extras.get_mut(i) { e.amount = v; }); }/>
                            <p class="mt-1 text-sm text-slate-700" aria-live="polite" data-testid="money-reading">{reading}</p>
                            {move || amount_error().map(|m| view! { <p class="mt-1 text-sm text-red-700">{m}</p> })}
                        </div>
                        <button type="submit" name="op" value=format!("remove_extra:{i}") class=format!("{BUTTON} sm:mt-7") on:click=remove>
                            {lang.t("Quitar", "Remove")}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="submit" name="op" value="add_extra" class=format!("{BUTTON} mt-3") on:click=add
                disabled={move || rows.get() >= MAX_EXTRA_ROWS} data-testid="add-extra">
                {lang.t("+ Agregar línea", "+ Add a line")}
            </button>

            <h2 class="mt-6 text-lg font-semibold"><label for="manual_discount">{lang.t("Descuento manual", "Manual discount")}</label></h2>
            <p class="text-sm text-slate-600">{lang.t("Un monto que se resta después del descuento por volumen y antes del impuesto.", "An amount taken off after the volume discount and before tax.")}</p>
            {
                let initial = text_of(|s| s.manual_discount.clone());
                let discount_error = error("manual_discount".to_owned());
                let discount_invalid = invalid("manual_discount".to_owned());
                view! {
                    <input id="manual_discount" name="manual_discount" type="text" inputmode="decimal" class=format!("{INPUT} mt-1 max-w-xs") value=initial.clone() prop:value=initial
                        aria-invalid=discount_invalid
                        on:input=move |ev| { let v = event_target_value(&ev); staff.update(|s| s.manual_discount = v); }/>
                    <p class="mt-1 text-sm text-slate-700" aria-live="polite">{move || staff.with(|s| money_preview(lang, currency, &s.manual_discount))}</p>
                    {move || discount_error().map(|m| view! { <p class="mt-1 text-sm text-red-700" data-testid="manual-discount-error">{m}</p> })}
                }
            }

            {long_text(staff, "terms", lang.t("Condiciones", "Terms"),
                lang.t("El cliente las lee en la cotización y en el PDF.", "The customer reads them on the quote and in the PDF."),
                4, |s| &mut s.terms, error("terms".to_owned()))}
            {long_text(staff, "internal_notes", lang.t("Notas internas", "Internal notes"),
                lang.t("Solo para el equipo: el cliente nunca las ve.", "For your team only: the customer never sees them."),
                3, |s| &mut s.internal_notes, error("internal_notes".to_owned()))}
        </section>
    }
}

/// A free-text field of the section (terms, internal notes): its heading
/// is its label, a hint, the text area and its message.
fn long_text(
    staff: RwSignal<StaffForm>,
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    rows: u8,
    field: fn(&mut StaffForm) -> &mut String,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    // The text as it starts (the accessor is the one the input writes through; nothing changes).
    let initial = staff.try_update_untracked(|s| field(s).clone()).unwrap_or_default();
    let initial_prop = initial.clone();
    view! {
        <h2 class="mt-6 text-lg font-semibold"><label for=name>{label}</label></h2>
        <p class="text-sm text-slate-600">{hint}</p>
        <textarea id=name name=name rows=rows maxlength="4000" class=format!("{INPUT} mt-1") prop:value=initial_prop
            on:input=move |ev| { let v = event_target_value(&ev); staff.update(|s| *field(s) = v); }>{initial}</textarea>
        {move || error().map(|m| view! { <p class="mt-1 text-sm text-red-700">{m}</p> })}
    }
}
