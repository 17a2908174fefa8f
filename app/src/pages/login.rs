use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;

use crate::auth::{LogIn, safe_next};
use crate::components::form::{Field, Submit, action_error, ErrorSummary};
use crate::components::layout::PageFrame;
use crate::i18n::use_lang;

/// `/login`: email and password; `?next=` is where to go after.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let next = safe_next(&use_query_map().read_untracked().get("next").unwrap_or_default());
    let action = ServerAction::<LogIn>::new();
    let error = action_error(action);
    view! {
        <PageTitle text=lang.t("Entrar", "Log in")/>
        <PageFrame lang switch_href=format!("?lang={}", lang.other().code())>
            <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                <h1 class="mb-6 text-2xl font-bold text-teal-900">{lang.t("Entrar a Cotiza", "Log in to Cotiza")}</h1>
                <ActionForm action>
                    <ErrorSummary lang error/>
                    <Field lang name="email" kind="email" label=lang.t("Email", "Email") autocomplete="username" required=true error/>
                    <Field lang name="password" kind="password" label=lang.t("Contraseña", "Password") autocomplete="current-password" required=true error/>
                    <input type="hidden" name="next" value=next/>
                    <Submit label=lang.t("Entrar", "Log in") pending=action.pending()/>
                </ActionForm>
                <p class="mt-6 text-sm text-slate-700">
                    {lang.t("¿Tu empresa aún no usa Cotiza? ", "Is your company new to Cotiza? ")}
                    <a href="/signup" class="font-semibold text-teal-800 underline">{lang.t("Crea una cuenta", "Create an account")}</a>
                </p>
            </div>
        </PageFrame>
    }
}
