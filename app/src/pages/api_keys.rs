//! `/app/api-keys`: the organisation's API keys (admins): create one (its
//! secret is shown once), see when each was last used, revoke. Plain forms:
//! works without JavaScript.
use domain::Role;
use leptos::prelude::*;
use crate::components::page_title::PageTitle;

use crate::api_keys::{ApiKeyRow, CreateApiKey, NewKeySecret, RevokeApiKey, get_api_keys};
use crate::components::form::{Field, FormAlert, Select, Submit, action_error, ErrorSummary};
use crate::format::datetime;
use crate::i18n::{Lang, use_lang};

fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => lang.t("Administrador (lee y cambia el catálogo)", "Administrator (reads and changes the catalog)"),
        Role::Sales => lang.t("Ventas (solo lectura del catálogo)", "Sales (reads the catalog)"),
    }
}

fn role_short(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => lang.t("Administrador", "Administrator"),
        Role::Sales => lang.t("Ventas", "Sales"),
    }
}

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(move || (create.version().get(), revoke.version().get()), |_| get_api_keys());
    let create_error = action_error(create);
    let revoke_error = action_error(revoke);
    view! {
        <PageTitle text=lang.t("Claves de API", "API keys")/>
        <h1 class="mb-2 text-2xl font-bold text-teal-900">{lang.t("Claves de API", "API keys")}</h1>
        <p class="mb-6 max-w-3xl text-slate-700">
            {lang.t(
                "Tus sistemas (ERP, tienda en línea, planillas) usan la API REST de Cotiza con una clave de tu organización: envíala en cada llamada como ",
                "Your systems (ERP, online shop, spreadsheets) call Cotiza's REST API with a key of your organisation: send it with every call as ",
            )}
            <code class="rounded bg-slate-100 px-1 font-mono text-sm">"Authorization: Bearer ctz_…"</code>
            {lang.t(". La clave actúa con el rol que elijas. La documentación está en ", ". The key acts with the role you choose. The reference is at ")}
            <a class="font-semibold text-teal-800 underline" href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>"."
        </p>
        <FormAlert lang error=revoke_error/>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(view) => {
                        // With JavaScript the action's answer has the secret; without it, the page load does.
                        let shown = create.value().get().and_then(|r| r.ok()).or(view.just_created);
                        view! {
                            {shown.map(|secret| view! { <NewSecret lang secret/> })}
                            <KeyList lang keys=view.keys revoke/>
                        }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section class="mt-8 max-w-xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 class="mb-4 text-lg font-semibold">{lang.t("Crear una clave", "Create a key")}</h2>
            <ActionForm action=create>
                <ErrorSummary lang error=create_error/>
                <Field lang name="name" label=lang.t("Nombre", "Name") required=true error=create_error
                    hint=lang.t("Para qué es, p. ej. «ERP bodega». Máximo 120 caracteres.", "What it is for, e.g. \"Warehouse ERP\". At most 120 characters.")/>
                <Select lang name="role" label=lang.t("Permisos", "Permissions") value="sales" error=create_error
                    options=Role::ALL.iter().map(|r| (r.as_str().to_owned(), role_name(lang, *r).to_owned())).collect()/>
                <Submit label=lang.t("Crear clave", "Create key") pending=create.pending()/>
            </ActionForm>
        </section>
    }
}

/// The secret of the key just created, with the hint to copy it now.
#[component]
fn NewSecret(lang: Lang, secret: NewKeySecret) -> impl IntoView {
    view! {
        <div role="status" class="mb-6 max-w-3xl rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid="api-key-secret">
            <p class="font-semibold text-amber-900">
                {lang.t("Clave creada: ", "Key created: ")} {secret.name.clone()}
            </p>
            <p class="mt-1 text-sm text-amber-900">
                {lang.t(
                    "Cópiala ahora y guárdala en tu sistema: es la única vez que se muestra. Si la pierdes, revócala y crea otra.",
                    "Copy it now and keep it in your system: this is the only time it is shown. If you lose it, revoke it and create another.",
                )}
            </p>
            <label for="new-api-key" class="sr-only">{lang.t("Clave de API", "API key")}</label>
            <input id="new-api-key" type="text" readonly=true value=secret.secret.clone() prop:value=secret.secret spellcheck="false" autocomplete="off"
                class="mt-3 block w-full rounded-lg border border-amber-300 bg-white px-3 py-2 font-mono text-sm"/>
            <p class="mt-1 text-xs text-amber-900">{lang.t("Selecciónala y cópiala (Ctrl+C o ⌘+C).", "Select it and copy it (Ctrl+C or ⌘+C).")}</p>
        </div>
    }
}

#[component]
fn KeyList(lang: Lang, keys: Vec<ApiKeyRow>, revoke: ServerAction<RevokeApiKey>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <p class="text-slate-600" data-testid="api-keys-empty">{lang.t("Aún no hay claves.", "No keys yet.")}</p> }.into_any();
    }
    view! {
        <div class="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
            <table class="min-w-full text-left text-sm" data-testid="api-keys">
                <thead class="bg-slate-100 text-slate-700">
                    <tr>
                        <th scope="col" class="px-3 py-2">{lang.t("Nombre", "Name")}</th>
                        <th scope="col" class="px-3 py-2">{lang.t("Clave", "Key")}</th>
                        <th scope="col" class="px-3 py-2">{lang.t("Permisos", "Permissions")}</th>
                        <th scope="col" class="px-3 py-2">{lang.t("Creada (UTC)", "Created (UTC)")}</th>
                        <th scope="col" class="px-3 py-2">{lang.t("Último uso (UTC)", "Last used (UTC)")}</th>
                        <th scope="col" class="px-3 py-2"><span class="sr-only">{lang.t("Acción", "Action")}</span></th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-200">
                    {keys.into_iter().map(|k| view! {
                        <tr data-testid="api-key">
                            <td class="px-3 py-2 font-medium">{k.name.clone()}</td>
                            <td class="whitespace-nowrap px-3 py-2 font-mono">{format!("{}…", k.prefix)}</td>
                            <td class="px-3 py-2">{role_short(lang, k.role)}</td>
                            <td class="whitespace-nowrap px-3 py-2">{datetime(k.created_at, lang)}</td>
                            <td class="whitespace-nowrap px-3 py-2">{k.last_used_at.map(|at| datetime(at, lang)).unwrap_or_else(|| lang.t("nunca", "never").to_owned())}</td>
                            <td class="whitespace-nowrap px-3 py-2">
                                {match k.revoked_at {
                                    Some(at) => view! {
                                        <span class="rounded bg-slate-200 px-2 py-0.5 text-xs">{lang.t("revocada ", "revoked ")} {datetime(at, lang)} " UTC"</span>
                                    }.into_any(),
                                    None => view! {
                                        <ActionForm action=revoke>
                                            <input type="hidden" name="id" value=k.id.clone()/>
                                            <button type="submit" class="rounded-lg px-3 py-2 text-sm font-semibold text-red-800 ring-1 ring-red-300">
                                                {lang.t("Revocar", "Revoke")} <span class="sr-only">{format!(" {}", k.name)}</span>
                                            </button>
                                        </ActionForm>
                                    }.into_any(),
                                }}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
