//! `/app/settings`: the organisation (admins), the user's language, and
//! logging out everywhere.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::LogOutEverywhere;
use crate::components::form::{Field, FormAlert, Select, Submit, action_error, currency_options, language_options};
use crate::i18n::use_lang;
use crate::settings::{SetMyLanguage, UpdateSettings, get_settings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let update = ServerAction::<UpdateSettings>::new();
    let set_language = ServerAction::<SetMyLanguage>::new();
    let everywhere = ServerAction::<LogOutEverywhere>::new();
    let settings = Resource::new(move || (update.version().get(), set_language.version().get()), |_| get_settings());
    let error = action_error(update);
    let saved = move || update.value().get().is_some_and(|r| r.is_ok()) || set_language.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Title text=lang.t("Ajustes", "Settings")/>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Ajustes", "Settings")}</h1>
        <Show when=saved>
            <p role="status" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-teal-900 ring-1 ring-teal-200">{lang.t("Guardado.", "Saved.")}</p>
        </Show>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let s = match settings.await {
                    Ok(s) => s,
                    Err(e) => return view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                };
                let my_language = s.my_language.clone().unwrap_or_default();
                view! {
                    <div class="grid gap-6 lg:grid-cols-2">
                        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                            <h2 class="mb-4 text-lg font-semibold">{lang.t("Empresa", "Company")}</h2>
                            {if s.can_edit {
                                view! {
                                    <ActionForm action=update>
                                        <FormAlert lang error/>
                                        <Field lang name="name" label=lang.t("Nombre", "Name") value=s.name.clone() required=true error/>
                                        <Field lang name="country" label=lang.t("País (código)", "Country (code)") value=s.country.clone() required=true error/>
                                        <Select lang name="currency" label=lang.t("Moneda", "Currency") options=currency_options() value=s.currency.code() error/>
                                        <Field lang name="tax_rate" label=lang.t("Impuesto (IVA)", "Tax rate") value=s.tax_rate.to_string() required=true error/>
                                        <Select lang name="language" label=lang.t("Idioma de la empresa", "Company language") options=language_options() value=s.language.clone() error/>
                                        <Field lang name="phone" kind="tel" label=lang.t("Teléfono / WhatsApp de la empresa", "Company phone / WhatsApp") value=s.phone.clone()
                                            hint=lang.t("Aparece en las cotizaciones. Con código de país: +56 2 2345 6789.", "Shown on quotes. With the country code: +56 2 2345 6789.") error/>
                                        <Field lang name="contact_email" kind="email" label=lang.t("Email de contacto", "Contact email") value=s.contact_email.clone() error/>
                                        <Field lang name="validity_days" label=lang.t("Validez de las cotizaciones (días)", "Quote validity (days)") value=s.validity_days.to_string() required=true error/>
                                        <Submit label=lang.t("Guardar", "Save") pending=update.pending()/>
                                    </ActionForm>
                                }.into_any()
                            } else {
                                view! {
                                    <dl class="grid grid-cols-2 gap-2 text-sm">
                                        <dt class="text-slate-600">{lang.t("Nombre", "Name")}</dt><dd>{s.name.clone()}</dd>
                                        <dt class="text-slate-600">{lang.t("Moneda", "Currency")}</dt><dd>{s.currency.code()}</dd>
                                        <dt class="text-slate-600">{lang.t("Impuesto", "Tax rate")}</dt><dd>{s.tax_rate.to_string()}</dd>
                                    </dl>
                                    <p class="mt-3 text-sm text-slate-600">{lang.t("Solo un administrador puede cambiarlos.", "Only an administrator can change these.")}</p>
                                }.into_any()
                            }}
                        </section>
                        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                            <h2 class="mb-4 text-lg font-semibold">{lang.t("Tu cuenta", "Your account")}</h2>
                            <ActionForm action=set_language>
                                <Select lang name="language" label=lang.t("Tu idioma", "Your language")
                                    options=vec![("".into(), lang.t("El del navegador", "The browser's").into()), ("es".into(), "Español".into()), ("en".into(), "English".into())]
                                    value=my_language error=Signal::derive(|| None)/>
                                <Submit label=lang.t("Guardar idioma", "Save language") pending=set_language.pending()/>
                            </ActionForm>
                            <div class="mt-6 border-t border-slate-200 pt-6">
                                <ActionForm action=everywhere>
                                    <button type="submit" class="rounded-lg px-4 py-3 font-semibold text-red-800 ring-1 ring-red-300 hover:bg-red-50">
                                        {lang.t("Cerrar sesión en todos los dispositivos", "Log out on every device")}
                                    </button>
                                </ActionForm>
                            </div>
                        </section>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
