//! The dashboard's figures of the day, each a link to the list behind it.
use domain::DashboardFigures;
use leptos::prelude::*;

use crate::i18n::Lang;

#[component]
pub fn TodayFigures(lang: Lang, figures: DashboardFigures) -> impl IntoView {
    let today = figures.today.clone();
    let videos_note = if figures.videos_in_progress > 0 {
        format!("{} {}", figures.videos_in_progress, lang.t("en curso", "in progress"))
    } else {
        lang.t("ninguno en curso", "none in progress").to_owned()
    };
    let cards: Vec<(&'static str, i64, &'static str, String, String)> = vec![
        (
            "leads-today",
            figures.new_leads_today,
            lang.t("Clientes nuevos hoy", "New leads today"),
            lang.t("desde tu cotizador público", "from your public quote page").to_owned(),
            format!("/app/quotes?from={today}&to={today}"),
        ),
        (
            "awaiting",
            figures.awaiting_answer,
            lang.t("Esperan respuesta", "Awaiting an answer"),
            lang.t("enviadas, sin respuesta del cliente", "sent, the customer has not answered").to_owned(),
            "/app/quotes?status=pending".to_owned(),
        ),
        (
            "accepted-week",
            figures.accepted_this_week,
            lang.t("Aceptadas esta semana", "Accepted this week"),
            lang.t("desde el lunes", "since Monday").to_owned(),
            "/app/quotes?status=confirmed".to_owned(),
        ),
        (
            "videos",
            figures.videos_this_week,
            lang.t("Videos esta semana", "Videos this week"),
            videos_note,
            "/app/jobs".to_owned(),
        ),
    ];
    view! {
        <section class="mt-6" aria-labelledby="figures-title">
            <h2 id="figures-title" class="text-lg font-bold text-teal-900">{lang.t("Hoy", "Today")}</h2>
            <ul class="mt-2 grid grid-cols-2 gap-3 lg:grid-cols-4">
                {cards.into_iter().map(|(id, n, label, note, href)| view! {
                    <li>
                        <a href=href data-testid=format!("figure-{id}")
                            class="block h-full rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600">
                            <span class="block text-sm font-medium text-slate-600">{label}</span>
                            <span class="block text-3xl font-bold text-teal-900" data-testid=format!("figure-{id}-value")>{n}</span>
                            <span class="block text-xs text-slate-500">{note}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
            <p class="mt-1 text-xs text-slate-500">{lang.t("Días y semanas en hora UTC.", "Days and weeks in UTC.")}</p>
        </section>
    }
}
