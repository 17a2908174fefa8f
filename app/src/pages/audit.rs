//! `/app/audit`: what happened in the organisation (admins).
use leptos::prelude::*;
use crate::components::page_title::PageTitle;

use crate::audit_words::audit_words;
use crate::format::datetime;
use crate::i18n::use_lang;
use crate::settings::get_audit_log;

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let log = Resource::new(|| (), |_| get_audit_log());
    view! {
        <PageTitle text=lang.t("Registro de auditoría", "Audit log")/>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Registro de auditoría", "Audit log")}</h1>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(rows) => view! {
                        <div class="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
                            <table class="min-w-full text-left text-sm" data-testid="audit">
                                <thead class="bg-slate-100 text-slate-700">
                                    <tr>
                                        <th scope="col" class="px-3 py-2">{lang.t("Cuándo (UTC)", "When (UTC)")}</th>
                                        <th scope="col" class="px-3 py-2">{lang.t("Quién", "Who")}</th>
                                        <th scope="col" class="px-3 py-2">{lang.t("Qué", "What")}</th>
                                        <th scope="col" class="px-3 py-2">{lang.t("Sobre", "On")}</th>
                                        <th scope="col" class="px-3 py-2">{lang.t("Detalle", "Detail")}</th>
                                        <th scope="col" class="px-3 py-2">"IP"</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-200">
                                    {rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td class="whitespace-nowrap px-3 py-2">{datetime(r.created_at, lang)}</td>
                                            <td class="px-3 py-2">{r.actor_email.unwrap_or_else(|| "—".into())}</td>
                                            <td class="px-3 py-2" title=r.action.clone() data-action=r.action.clone()>
                                                {audit_words(&r.action, lang)}
                                                <span class="block font-mono text-xs text-slate-500">{r.action.clone()}</span>
                                            </td>
                                            <td class="px-3 py-2">{r.subject.unwrap_or_default()}</td>
                                            <td class="px-3 py-2">{r.detail}</td>
                                            <td class="px-3 py-2">{r.ip.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
