//! The dashboard's recent activity in words: the audit log for admins, the
//! latest quotes for sales (the server picks which by role).
use domain::{ActivityItem, QuoteStatus};
use leptos::prelude::*;

use crate::format::utc_datetime;
use crate::i18n::Lang;

/// What an audit action says, after who did it.
fn verb(action: &str, lang: Lang) -> Option<&'static str> {
    Some(match action {
        "org.signup" => lang.t("creó la cuenta de la empresa", "created the company's account"),
        "org.settings_changed" => lang.t("cambió los ajustes", "changed the settings"),
        "org.logo_set" => lang.t("cambió el logo", "changed the logo"),
        "org.logo_removed" => lang.t("quitó el logo", "removed the logo"),
        "quote.created" => lang.t("creó la cotización", "created quote"),
        "quote.revised" => lang.t("modificó la cotización", "revised quote"),
        "quote.sent" => lang.t("envió la cotización", "sent quote"),
        "quote.confirmed" => lang.t("aceptó la cotización", "accepted quote"),
        "quote.rejected" => lang.t("rechazó la cotización", "rejected quote"),
        "quote.expired" => lang.t("venció la cotización", "expired quote"),
        "quote.deleted" => lang.t("borró el borrador", "deleted draft"),
        "product.created" => lang.t("agregó el producto", "added product"),
        "product.updated" => lang.t("editó el producto", "edited product"),
        "product.deactivated" => lang.t("retiró el producto", "retired product"),
        "product.deleted" => lang.t("borró el producto", "deleted product"),
        "product.photo_set" => lang.t("cambió la foto de", "changed the photo of"),
        "product.photo_removed" => lang.t("quitó la foto de", "removed the photo of"),
        "price.added" => lang.t("agregó un precio a", "added a price to"),
        "price.withdrawn" => lang.t("retiró un precio de", "withdrew a price of"),
        "price.bulk_change" => lang.t("cambió precios en bloque", "changed prices in bulk"),
        "catalog.imported" => lang.t("importó el catálogo", "imported the catalog"),
        "category.created" => lang.t("creó la categoría", "created category"),
        "user.invited" => lang.t("invitó a", "invited"),
        "user.joined" => lang.t("se unió al equipo", "joined the team"),
        "user.role_changed" => lang.t("cambió el rol de", "changed the role of"),
        "user.disabled" => lang.t("desactivó a", "disabled"),
        "user.enabled" => lang.t("reactivó a", "re-enabled"),
        "user.invitation_revoked" => lang.t("anuló la invitación de", "revoked the invitation of"),
        "user.logout_everywhere" => lang.t("cerró sus sesiones", "logged out everywhere"),
        "api_key.created" => lang.t("creó la clave de API", "created API key"),
        "api_key.revoked" => lang.t("revocó la clave de API", "revoked API key"),
        a if a.starts_with("video_render.") => lang.t("video de la cotización:", "quote video:"),
        a if a.starts_with("automotive.") => {
            lang.t("cambió los ajustes automotrices", "changed the automotive settings")
        }
        _ => return None,
    })
}

/// Who did it when no user did: customers answer and make quotes, Cotiza expires them.
fn nobody(action: &str, lang: Lang) -> &'static str {
    match action {
        "quote.created" | "quote.confirmed" | "quote.rejected" => lang.t("Un cliente", "A customer"),
        _ => "Cotiza",
    }
}

/// One audit event as a sentence.
pub fn event_words(action: &str, actor: Option<&str>, subject: Option<&str>, lang: Lang) -> String {
    let who = actor.map_or_else(|| nobody(action, lang).to_owned(), str::to_owned);
    let what = verb(action, lang).map_or_else(|| action.to_owned(), str::to_owned);
    match subject.filter(|s| !s.is_empty()) {
        Some(subject) => format!("{who} {what} {subject}"),
        None => format!("{who} {what}"),
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
                            <span class="block text-xs text-slate-500">{utc_datetime(at)} " UTC"</span>
                        </li>
                    }.into_any(),
                    ActivityItem::Quote { id, number, customer, status, from_wizard, at } => view! {
                        <li class="text-sm" data-testid="activity-item">
                            <a href=format!("/app/quotes/{id}") class="block px-4 py-3 hover:bg-slate-50">
                                <span class="block"><span class="font-semibold">{number} " · " {customer}</span> ": " {quote_words(status, from_wizard, lang)}</span>
                                <span class="block text-xs text-slate-500">{utc_datetime(at)} " UTC"</span>
                            </a>
                        </li>
                    }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}
