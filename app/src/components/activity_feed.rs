//! The dashboard's recent activity in words: the audit log for admins, the
//! latest quotes for sales (the server picks which by role).
use domain::{ActivityItem, QuoteStatus};
use leptos::prelude::*;

use crate::audit_words::audit_words;
use crate::format::datetime;
use crate::i18n::Lang;

/// Who did it when no user did: customers answer and make quotes, Cotiza expires them.
fn nobody(action: &str, lang: Lang) -> &'static str {
    match action {
        "quote.created" | "quote.confirmed" | "quote.rejected" => lang.t("Un cliente", "A customer"),
        _ => "Cotiza",
    }
}

/// One audit event in words: who, what (the audit log's words, one table
/// for both pages) and on what — `Ana: Cotización creada · N° 0012`.
pub fn event_words(action: &str, actor: Option<&str>, subject: Option<&str>, lang: Lang) -> String {
    let who = actor.map_or_else(|| nobody(action, lang).to_owned(), str::to_owned);
    let what = audit_words(action, lang);
    match subject.filter(|s| !s.is_empty()) {
        Some(subject) => format!("{who}: {what} · {subject}"),
        None => format!("{who}: {what}"),
    }
}

fn quote_words(status: QuoteStatus, from_wizard: bool, lang: Lang) -> &'static str {
    match status {
        QuoteStatus::Pending if from_wizard => {
            lang.t("nueva desde el cotizador público", "new from the public quote page")
        }
        QuoteStatus::Pending => lang.t("enviada, espera respuesta", "sent, awaiting an answer"),
        QuoteStatus::Draft => lang.t("borrador", "draft"),
        QuoteStatus::Confirmed => lang.t("aceptada", "accepted"),
        QuoteStatus::Rejected => lang.t("rechazada", "rejected"),
        QuoteStatus::Expired => lang.t("vencida", "expired"),
    }
}

#[component]
pub fn ActivityFeed(lang: Lang, items: Vec<ActivityItem>, is_admin: bool) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <section class="mt-6" aria-labelledby="activity-title">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="activity-title" class="text-lg font-bold text-teal-900">{lang.t("Actividad reciente", "Recent activity")}</h2>
                {if is_admin {
                    view! { <a href="/app/audit" class="text-sm font-semibold text-teal-800 underline">{lang.t("Ver el registro", "See the audit log")}</a> }.into_any()
                } else {
                    view! { <a href="/app/quotes" class="text-sm font-semibold text-teal-800 underline">{lang.t("Ver cotizaciones", "See quotes")}</a> }.into_any()
                }}
            </div>
            {empty.then(|| view! { <p class="mt-2 rounded-xl bg-white p-4 text-slate-600 ring-1 ring-slate-200">{lang.t("Aún no hay actividad.", "No activity yet.")}</p> })}
            <ul class="mt-2 divide-y divide-slate-100 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" class:hidden=empty data-testid="activity">
                {items.into_iter().map(|item| match item {
                    ActivityItem::Event { action, actor, subject, at } => view! {
                        <li class="px-4 py-3 text-sm" data-testid="activity-item">
                            <span class="block">{event_words(&action, actor.as_deref(), subject.as_deref(), lang)}</span>
                            <span class="block text-xs text-slate-500">{datetime(at, lang)} " UTC"</span>
                        </li>
                    }.into_any(),
                    ActivityItem::Quote { id, number, customer, status, from_wizard, at } => view! {
                        <li class="text-sm" data-testid="activity-item">
                            <a href=format!("/app/quotes/{id}") class="block px-4 py-3 hover:bg-slate-50">
                                <span class="block"><span class="font-semibold">{number} " · " {customer}</span> ": " {quote_words(status, from_wizard, lang)}</span>
                                <span class="block text-xs text-slate-500">{datetime(at, lang)} " UTC"</span>
                            </a>
                        </li>
                    }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_says_who_what_and_on_what_with_the_audit_logs_words() {
        assert_eq!(event_words("quote.created", Some("Ana"), Some("N° 0012"), Lang::Es), "Ana: Cotización creada · N° 0012");
        assert_eq!(event_words("quote.confirmed", None, Some("N° 7"), Lang::En), "A customer: Quote confirmed · N° 7");
        assert_eq!(event_words("catalog.starter_loaded", None, None, Lang::Es), "Cotiza: Catálogo inicial cargado");
        assert_eq!(event_words("video360.requested", Some("Bo"), Some(""), Lang::En), "Bo: 360° video uploaded");
    }
}
