//! `/app/users`: the team, roles and invitations.
use domain::Role;
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;

use crate::components::form::{Field, FormAlert, Select, Submit, action_error, ErrorSummary};
use crate::i18n::{Lang, use_lang};
use crate::team::{InviteUser, RevokeInvitation, SetUserDisabled, SetUserRole, Team, get_team};

fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => lang.t("Administrador", "Administrator"),
        Role::Sales => lang.t("Ventas", "Sales"),
    }
}

fn role_options(lang: Lang) -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.as_str().to_owned(), role_name(lang, *r).to_owned())).collect()
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let lang = use_lang();
    let invite = ServerAction::<InviteUser>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let team = Resource::new(
        move || (invite.version().get(), revoke.version().get(), set_role.version().get(), set_disabled.version().get()),
        |_| get_team(),
    );
    let invite_error = action_error(invite);
    let row_error = Signal::derive(move || {
        set_role.value().get().and_then(|r| r.err()).or_else(|| set_disabled.value().get().and_then(|r| r.err()))
    });
    // The link of the invitation just made: from the action (JS) or the redirect (no JS).
    let query = use_query_map();
    let link = move || {
        invite.value().get().and_then(|r| r.ok()).or_else(|| query.read().get("invited"))
    };
    view! {
        <PageTitle text=lang.t("Equipo", "Team")/>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Equipo", "Team")}</h1>
        <FormAlert lang error=row_error/>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match team.await {
                    Ok(team) => view! { <TeamTables lang team set_role set_disabled revoke/> }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section class="mt-8 max-w-xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 class="mb-4 text-lg font-semibold">{lang.t("Invitar a alguien", "Invite someone")}</h2>
            <Show when=move || link().is_some()>
                <div class="mb-4 rounded-lg bg-teal-50 p-4 ring-1 ring-teal-200" data-testid="invitation-link">
                    <p class="text-sm text-teal-900">{lang.t("Invitación creada. Envía este enlace (vale 7 días, un solo uso):", "Invitation created. Send this link (valid 7 days, single use):")}</p>
                    <p class="mt-2 break-all font-mono text-sm"><a href=move || link().unwrap_or_default() class="underline">{move || link().unwrap_or_default()}</a></p>
                </div>
            </Show>
            <ActionForm action=invite>
                <ErrorSummary lang error=invite_error/>
                <Field lang name="email" kind="email" label=lang.t("Email", "Email") required=true error=invite_error/>
                <Select lang name="role" label=lang.t("Rol", "Role") options=role_options(lang) value="sales" error=invite_error/>
                <Submit label=lang.t("Crear invitación", "Create invitation") pending=invite.pending()/>
            </ActionForm>
        </section>
    }
}

#[component]
fn TeamTables(
    lang: Lang,
    team: Team,
    set_role: ServerAction<SetUserRole>,
    set_disabled: ServerAction<SetUserDisabled>,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    let can_manage = team.can_manage;
    let viewer = team.viewer_id.clone();
    view! {
        <ul class="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="members">
            {team.members.into_iter().map(|m| {
                let is_me = m.id == viewer;
                let (role_id, disable_id, select_id) = (m.id.clone(), m.id.clone(), format!("role-{}", m.id));
                view! {
                    <li class="flex flex-wrap items-center justify-between gap-3 p-4" data-testid="member">
                        <div>
                            <p class="font-semibold">{m.name.clone()} {m.disabled.then(|| view! { <span class="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs">{lang.t("desactivado", "disabled")}</span> })}</p>
                            <p class="text-sm text-slate-600">{m.email.clone()}</p>
                            <MemberKeys lang keys=m.api_keys.clone() disabled=m.disabled/>
                        </div>
                        {if can_manage {
                            view! {
                                <div class="flex flex-wrap items-center gap-2">
                                    <ActionForm action=set_role>
                                        <input type="hidden" name="id" value=role_id/>
                                        <label class="sr-only" for=select_id.clone()>{lang.t("Rol", "Role")}</label>
                                        <select id=select_id name="role" class="rounded-lg border border-slate-300 px-2 py-2">
                                            {Role::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == m.role>{role_name(lang, *r)}</option> }).collect_view()}
                                        </select>
                                        <button type="submit" class="ml-1 rounded-lg bg-slate-700 px-3 py-2 text-sm font-semibold text-white">{lang.t("Cambiar rol", "Change role")}</button>
                                    </ActionForm>
                                    {(!is_me).then(move || view! {
                                        <ActionForm action=set_disabled>
                                            <input type="hidden" name="id" value=disable_id/>
                                            <input type="hidden" name="disabled" value=(!m.disabled).to_string()/>
                                            <button type="submit" class="rounded-lg px-3 py-2 text-sm font-semibold text-red-800 ring-1 ring-red-300">
                                                {if m.disabled { lang.t("Reactivar", "Enable") } else { lang.t("Desactivar", "Disable") }}
                                            </button>
                                        </ActionForm>
                                    })}
                                </div>
                            }.into_any()
                        } else {
                            view! { <span class="text-sm text-slate-700">{role_name(lang, m.role)}</span> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        {(!team.invitations.is_empty()).then(|| view! {
            <h2 class="mb-2 mt-6 text-lg font-semibold">{lang.t("Invitaciones pendientes", "Pending invitations")}</h2>
            <ul class="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="invitations">
                {team.invitations.into_iter().map(|i| view! {
                    <li class="flex flex-wrap items-center justify-between gap-3 p-4">
                        <span>{i.email} " · " {role_name(lang, i.role)}</span>
                        <ActionForm action=revoke>
                            <input type="hidden" name="id" value=i.id/>
                            <button type="submit" class="rounded-lg px-3 py-2 text-sm font-semibold text-red-800 ring-1 ring-red-300">{lang.t("Revocar", "Revoke")}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// The live API keys a member created: they act with at most the member's
/// role, and stop working while the member is disabled.
#[component]
fn MemberKeys(lang: Lang, keys: Vec<crate::team::MemberKey>, disabled: bool) -> impl IntoView {
    (!keys.is_empty()).then(|| {
        let label = if disabled {
            lang.t("Claves API (suspendidas mientras esté desactivado):", "API keys (suspended while disabled):")
        } else {
            lang.t("Claves API activas:", "Live API keys:")
        };
        view! {
            <p class="mt-1 text-sm text-slate-700" data-testid="member-keys">
                {label} " "
                {keys.into_iter().map(|k| format!("{} ({}, {})", k.name, k.prefix, role_name(lang, k.role))).collect::<Vec<_>>().join(" · ")}
            </p>
        }
    })
}
