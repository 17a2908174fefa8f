use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;

use crate::auth::{AcceptInvitation, get_invitation};
use crate::components::form::{Field, Submit, action_error, ErrorSummary};
use crate::components::layout::PageFrame;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::pages::not_found::set_not_found_status;

/// `/invite/{token}`: the invited person chooses a name and password.
#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let invitation = Resource::new({ let token = token.clone(); move || token.clone() }, get_invitation);
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action_error(action);
    view! {
        <PageTitle text=lang.t("Invitación", "Invitation")/>
        <PageFrame lang switch_href=format!("?lang={}", lang.other().code())>
            <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
                    {move || Suspend::new({
                        let token = token.clone();
                        async move {
                            match invitation.await {
                                Ok(inv) => {
                                    let role = if inv.role.is_admin() { lang.t("administrador", "administrator") } else { lang.t("ventas", "sales") };
                                    view! {
                                        <h1 class="mb-2 text-2xl font-bold text-teal-900">{format!("{} · {}", lang.t("Únete a", "Join"), inv.org_name)}</h1>
                                        <p class="mb-6 text-slate-700">{format!("{} {} ({role})", lang.t("Invitación para", "Invitation for"), inv.email)}</p>
                                        <ActionForm action>
                                            <ErrorSummary lang error/>
                                            <input type="hidden" name="token" value=token/>
                                            <Field lang name="name" label=lang.t("Tu nombre", "Your name") autocomplete="name" required=true error/>
                                            <Field lang name="password" kind="password" label=lang.t("Contraseña (mínimo 10 caracteres)", "Password (at least 10 characters)") autocomplete="new-password" required=true error/>
                                            <Field lang name="password_confirmation" kind="password" label=lang.t("Repite la contraseña", "Repeat the password") autocomplete="new-password" required=true error/>
                                            <Submit label=lang.t("Aceptar invitación", "Accept invitation") pending=action.pending()/>
                                        </ActionForm>
                                    }.into_any()
                                }
                                Err(AppError::NotFound) => {
                                    set_not_found_status();
                                    view! {
                                        <h1 class="mb-2 text-2xl font-bold">{lang.t("Invitación no válida", "Invitation not valid")}</h1>
                                        <p class="text-slate-700">{lang.t("Este enlace ya se usó, fue revocado o expiró. Pide una nueva invitación al administrador.", "This link was already used, was revoked or has expired. Ask the administrator for a new invitation.")}</p>
                                    }.into_any()
                                }
                                Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                            }
                        }
                    })}
                </Suspense>
            </div>
        </PageFrame>
    }
}
