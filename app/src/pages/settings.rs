//! `/app/settings`: the organisation (admins), the user's language, and
//! logging out everywhere.
use leptos::prelude::*;
use crate::components::page_title::PageTitle;

use crate::auth::LogOutEverywhere;
use crate::components::form::{Field, Select, Submit, action_error, currency_options, field_message, language_options, ErrorSummary};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::settings::{RemoveLogo, SetMyLanguage, UpdateSettings, get_settings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let update = ServerAction::<UpdateSettings>::new();
    let set_language = ServerAction::<SetMyLanguage>::new();
    let everywhere = ServerAction::<LogOutEverywhere>::new();
    let remove_logo = ServerAction::<RemoveLogo>::new();
    let settings = Resource::new(
        move || (update.version().get(), set_language.version().get(), remove_logo.version().get()),
        |_| get_settings(),
    );
    let error = action_error(update);
    let saved = move || update.value().get().is_some_and(|r| r.is_ok()) || set_language.value().get().is_some_and(|r| r.is_ok());
    let policy_panel = crate::components::quote_policy_panel::quote_policy_panel(lang);
    view! {
        <PageTitle text=lang.t("Ajustes", "Settings")/>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Ajustes", "Settings")}</h1>
        <p class="mb-4">
            <a href="/app/settings/automotive" class="font-semibold text-teal-800 underline" data-testid="automotive-settings-link">
                {lang.t("Automotriz: medidas de vidrios, paquetes y tinte legal →", "Automotive: glass sizes, packages and legal tint →")}
            </a>
        </p>
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
                                        <ErrorSummary lang error/>
                                        <Field lang name="name" label=lang.t("Nombre", "Name") value=s.name.clone() required=true error/>
                                        <Field lang name="country" label=lang.t("País (código)", "Country (code)") value=s.country.clone() required=true error/>
                                        <Select lang name="currency" label=lang.t("Moneda", "Currency") options=currency_options() value=s.currency.code() error/>
                                        <Field lang name="tax_rate" label=lang.t("Impuesto (IVA)", "Tax rate") value=s.tax_rate.to_string() required=true error/>
                                        <Select lang name="language" label=lang.t("Idioma de la empresa", "Company language") options=language_options() value=s.language.clone() error/>
                                        <Field lang name="phone" kind="tel" label=lang.t("Teléfono / WhatsApp de la empresa", "Company phone / WhatsApp") value=s.phone.clone()
                                            hint=lang.t("Aparece en las cotizaciones. Con código de país: +56 2 2345 6789.", "Shown on quotes. With the country code: +56 2 2345 6789.") error/>
                                        <Field lang name="contact_email" kind="email" label=lang.t("Email de contacto", "Contact email") value=s.contact_email.clone() error/>
                                        <Field lang name="validity_days" label=lang.t("Validez de las cotizaciones (días)", "Quote validity (days)") value=s.validity_days.to_string() required=true error/>
                                        <BrandColorField lang value=s.brand_color.clone() error/>
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
                        {s.can_edit.then(|| view! { <LogoPanel lang logo_url=s.logo_url.clone() public_path=s.public_path.clone() remove=remove_logo/> })}
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
        // Its own resource: created with the page, never inside another resource's Suspend
        // (a resource made after an await hydrates out of order).
        <div class="mt-6">{policy_panel}</div>
    }
}

/// The colour of the organisation's quote videos: a text field (`#rrggbb`;
/// empty: Cotiza's colour) that works without JavaScript, and a colour
/// picker bound to it once the page runs JavaScript (disabled before: a
/// picked colour would not reach the form).
#[component]
fn BrandColorField(lang: Lang, value: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let typed = error.get_untracked().and_then(|e| e.kept("brand_color").map(str::to_owned)).unwrap_or(value);
    let text = RwSignal::new(typed);
    let picked = move || {
        text.with(|t| domain::parse_hex_color(t))
            .map(|[r, g, b]| format!("#{r:02x}{g:02x}{b:02x}"))
            .unwrap_or_else(|| domain::DEFAULT_BRAND_COLOR.to_owned())
    };
    let interactive = RwSignal::new(false);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| interactive.set(true));
    let message = move || {
        error.get().and_then(|e| e.field("brand_color").map(|m| field_message(lang, m)))
    };
    crate::components::error_summary::register_label("brand_color", lang.t("Color de marca", "Brand colour"));
    let invalid = move || message().is_some().then_some("true");
    view! {
        <div class="mb-4">
            <label for="f-brand_color" class="mb-1 block text-sm font-medium text-slate-800">{lang.t("Color de marca (páginas públicas, PDF y videos)", "Brand colour (public pages, PDF and videos)")}</label>
            <div class="flex items-center gap-3">
                <input type="color" aria-label=lang.t("Elegir el color de marca", "Pick the brand colour") data-testid="brand-color-picker"
                    prop:value=picked value=picked disabled=move || !interactive.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    class="h-12 w-16 shrink-0 cursor-pointer rounded-lg border border-slate-300 bg-white p-1 focus:outline-none focus:ring-2 focus:ring-teal-600 disabled:cursor-default"/>
                <input id="f-brand_color" name="brand_color" type="text" maxlength="7" autocomplete="off" spellcheck="false"
                    placeholder=domain::DEFAULT_BRAND_COLOR prop:value=move || text.get() value=text.get_untracked()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    aria-invalid=invalid aria-describedby="f-brand_color-hint f-brand_color-error"
                    class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 font-mono text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600"/>
            </div>
            <p id="f-brand_color-hint" class="mt-1 text-xs text-slate-600">
                {lang.t("Formato #rrggbb, p. ej. #0f766e. Vacío: el color de Cotiza.", "Format #rrggbb, e.g. #0f766e. Empty: Cotiza's colour.")}
            </p>
            <p id="f-brand_color-error" class="mt-1 text-sm text-red-700" data-testid="field-error">{message}</p>
        </div>
    }
}

/// The organisation's logo on its public pages and PDFs: a plain multipart
/// form to `/app/settings/logo` (with or without JavaScript), which comes
/// back here with `?logo=1` or `?logo_error=…`.
#[component]
fn LogoPanel(lang: Lang, logo_url: Option<String>, public_path: String, remove: ServerAction<RemoveLogo>) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let max_mb = crate::catalog::PHOTO_MAX_MB;
    let message = move || {
        query.read().get("logo_error").map(|e| match e.as_str() {
            "too_large" => match lang {
                Lang::Es => format!("El logo es demasiado grande (máximo {max_mb} MB)."),
                Lang::En => format!("The logo is too large (at most {max_mb} MB)."),
            },
            "forbidden" => lang.t("Solo un administrador puede cambiar el logo.", "Only an administrator can change the logo.").to_owned(),
            "failed" => lang.t("No se pudo guardar el logo. Inténtalo de nuevo.", "The logo could not be saved. Try again.").to_owned(),
            _ => lang.t("No se pudo leer el logo. Usa JPEG, PNG o WebP.", "The logo could not be read. Use JPEG, PNG or WebP.").to_owned(),
        })
    };
    view! {
        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="logo-panel">
            <h2 class="mb-3 text-lg font-semibold">{lang.t("Logo", "Logo")}</h2>
            <p class="mb-3 text-sm text-slate-600">
                {lang.t("Aparece en tus páginas públicas y en el PDF de las cotizaciones.", "Shown on your public pages and on quote PDFs.")}
                " " <a href=public_path rel="external" class="font-semibold text-teal-800 underline">{lang.t("Ver como cliente", "View as a customer")}</a>
            </p>
            {match logo_url {
                Some(src) => view! {
                    <img src=src alt=lang.t("Logo actual", "Current logo") data-testid="current-logo" class="mb-3 max-h-24 max-w-xs rounded bg-slate-50 object-contain p-2 ring-1 ring-slate-200"/>
                    <ActionForm action=remove>
                        <button type="submit" class="mb-4 rounded-lg px-3 py-2 text-sm font-semibold text-red-800 ring-1 ring-red-300 hover:bg-red-50" data-testid="remove-logo">
                            {lang.t("Quitar logo", "Remove logo")}
                        </button>
                    </ActionForm>
                }.into_any(),
                None => view! { <p class="mb-3 text-sm text-slate-600">{lang.t("Sin logo.", "No logo.")}</p> }.into_any(),
            }}
            {move || message().map(|m| view! { <p role="alert" class="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{m}</p> })}
            <form method="post" action="/app/settings/logo" enctype="multipart/form-data">
                <label for="f-logo" class="mb-1 block text-sm font-medium">{lang.t("Subir logo (JPEG, PNG o WebP)", "Upload a logo (JPEG, PNG or WebP)")}</label>
                <input id="f-logo" type="file" name="logo" accept="image/jpeg,image/png,image/webp" required=true class="mb-3 block w-full text-sm"/>
                <button type="submit" class="rounded-lg bg-slate-700 px-3 py-2 text-sm font-semibold text-white">{lang.t("Subir", "Upload")}</button>
            </form>
        </section>
    }
}
