use leptos::prelude::*;
use crate::components::page_title::PageTitle;

use crate::auth::SignUp;
use crate::components::company_fields::CompanyFields;
use crate::components::form::{Field, Submit, action_error};
use crate::components::layout::PageFrame;
use crate::i18n::use_lang;

/// `/signup`: a new organisation and its first admin.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    view! {
        <PageTitle text=lang.t("Crear cuenta", "Sign up")/>
        <PageFrame lang switch_href=format!("?lang={}", lang.other().code())>
            <div class="mx-auto max-w-xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                <h1 class="mb-2 text-2xl font-bold text-teal-900">{lang.t("Crea la cuenta de tu empresa", "Create your company's account")}</h1>
                <p class="mb-6 text-slate-700">{lang.t("Tú serás su administrador.", "You will be its administrator.")}</p>
                <ActionForm action>
                    <crate::components::form::ErrorSummary lang error/>
                    <fieldset class="mb-2">
                        <legend class="mb-3 text-lg font-semibold">{lang.t("Empresa", "Company")}</legend>
                        <CompanyFields lang error/>
                    </fieldset>
                    <fieldset class="mb-2">
                        <legend class="mb-3 text-lg font-semibold">{lang.t("Tu usuario", "Your user")}</legend>
                        <Field lang name="name" label=lang.t("Tu nombre", "Your name") autocomplete="name" required=true error/>
                        <Field lang name="email" kind="email" label=lang.t("Email", "Email") autocomplete="email" required=true error/>
                        <Field lang name="password" kind="password" label=lang.t("Contraseña (mínimo 10 caracteres)", "Password (at least 10 characters)") autocomplete="new-password" required=true error/>
                        <Field lang name="password_confirmation" kind="password" label=lang.t("Repite la contraseña", "Repeat the password") autocomplete="new-password" required=true error/>
                    </fieldset>
                    <Submit label=lang.t("Crear cuenta", "Create account") pending=action.pending()/>
                </ActionForm>
                <p class="mt-6 text-sm text-slate-700">
                    {lang.t("¿Ya tienes cuenta? ", "Already have an account? ")}
                    <a href="/login" class="font-semibold text-teal-800 underline">{lang.t("Entrar", "Log in")}</a>
                </p>
            </div>
        </PageFrame>
    }
}
