//! The settings page's panel for staff quotes (admins): how far a sales
//! user may discount by hand, and the terms every new quote starts with.
use leptos::prelude::*;

use crate::components::form::{FormAlert, Field, Submit, TextArea, action_error};
use crate::i18n::Lang;
use crate::quote_admin::{SetQuotePolicy, get_quote_policy};

/// The panel (its own data and form: it reloads after a save).
pub fn quote_policy_panel(lang: Lang) -> impl IntoView {
    let save = ServerAction::<SetQuotePolicy>::new();
    let policy = Resource::new(move || save.version().get(), |_| get_quote_policy());
    let error = action_error(save);
    let saved = move || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="quote-policy">
            <h2 class="mb-4 text-lg font-semibold">{lang.t("Cotizaciones del equipo", "Team quotes")}</h2>
            <Show when=saved>
                <p role="status" class="mb-3 rounded-lg bg-teal-50 px-3 py-2 text-sm text-teal-900 ring-1 ring-teal-200">{lang.t("Guardado.", "Saved.")}</p>
            </Show>
            <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
                {move || Suspend::new(async move {
                    let p = match policy.await {
                        Ok(p) => p,
                        Err(e) => return view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                    };
                    if !p.can_edit {
                        return view! {
                            <p class="text-sm">{format!("{} {} %", lang.t("Descuento manual máximo para ventas:", "Most a sales user may discount by hand:"), p.max_sales_discount_pct)}</p>
                        }.into_any();
                    }
                    view! {
                        <ActionForm action=save>
                            <FormAlert lang error/>
                            <Field lang name="max_sales_discount_pct" label=lang.t("Descuento manual máximo para ventas (%)", "Most a sales user may discount by hand (%)")
                                value=p.max_sales_discount_pct.clone() required=true
                                hint=lang.t("Del subtotal después del descuento por volumen. Los administradores pueden descontar cualquier monto.", "Of the subtotal after the volume discount. Admins may discount any amount.") error/>
                            <TextArea lang name="default_terms" label=lang.t("Condiciones por defecto", "Default terms") value=p.default_terms.clone() rows=5 error/>
                            <p class="-mt-2 mb-4 text-xs text-slate-600">{lang.t("Se copian en cada cotización nueva; se pueden cambiar en cada una.", "Copied into every new quote; each quote can change them.")}</p>
                            <Submit label=lang.t("Guardar", "Save") pending=save.pending()/>
                        </ActionForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
