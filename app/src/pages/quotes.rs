//! `/app/quotes`: the sales dashboard's quotes — the list with filters and
//! totals by status, and one quote with its lifecycle actions.
use domain::{QuoteStatus, Vertical};
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::form::{FormAlert, action_error};
use crate::components::vehicle_card::VehicleCard;
use crate::components::video_job::{QuoteVideo, QuoteVideos};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::public_quote::{RoomsTable, StatusBadge, Totals};
use crate::quote_admin::{DecideQuote, DuplicateQuote, QuotePage, SendQuote, get_quote_page, get_quotes};

const FIELD: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base";
const BUTTON: &str = "inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 font-semibold focus:outline-none focus:ring-2 focus:ring-teal-600";

#[component]
pub fn QuotesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let list = Resource::new(
        move || (get("q"), get("status"), get("vertical"), get("from"), get("to"), get("customer")),
        |(q, status, vertical, from, to, customer)| get_quotes(q, status, vertical, from, to, customer),
    );
    let selected = move |k: &'static str, v: &'static str| query.read_untracked().get(k).is_some_and(|x| x == v);
    view! {
        <PageTitle text=lang.t("Cotizaciones", "Quotes")/>
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold text-teal-900">{lang.t("Cotizaciones", "Quotes")}</h1>
            <a href="/app/quotes/new" class=format!("{BUTTON} bg-teal-700 text-white hover:bg-teal-800") data-testid="new-quote">{lang.t("+ Nueva cotización", "+ New quote")}</a>
        </div>
        <form method="get" class="mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-6" role="search">
            <label class="text-sm font-medium sm:col-span-2">{lang.t("Buscar (número, cliente, teléfono)", "Search (number, customer, phone)")}
                <input name="q" type="search" class=FIELD value=move || query.read_untracked().get("q").unwrap_or_default()/>
            </label>
            <label class="text-sm font-medium">{lang.t("Estado", "Status")}
                <select name="status" class=FIELD>
                    <option value="">{lang.t("Todos", "All")}</option>
                    {QuoteStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=selected("status", s.as_str())>{format::status_label(s, lang)}</option> }).collect_view()}
                </select>
            </label>
            <label class="text-sm font-medium">{lang.t("Segmento", "Vertical")}
                <select name="vertical" class=FIELD>
                    <option value="">{lang.t("Todos", "All")}</option>
                    {[Vertical::Residential, Vertical::Commercial, Vertical::Architectural].into_iter().map(|v| view! {
                        <option value=v.as_str() selected=selected("vertical", v.as_str())>{format::vertical_label(v, lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="text-sm font-medium">{lang.t("Desde", "From")}
                <input name="from" type="date" class=FIELD value=move || query.read_untracked().get("from").unwrap_or_default()/>
            </label>
            <label class="text-sm font-medium">{lang.t("Hasta", "To")}
                <input name="to" type="date" class=FIELD value=move || query.read_untracked().get("to").unwrap_or_default()/>
            </label>
            <div class="sm:col-span-6">
                <button type="submit" class=format!("{BUTTON} bg-teal-700 text-white hover:bg-teal-800")>{lang.t("Filtrar", "Filter")}</button>
            </div>
        </form>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let page = match list.await {
                    Ok(p) => p,
                    Err(e) => return view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                };
                let currency = page.currency;
                view! {
                    <ul class="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-5" aria-label=lang.t("Totales por estado", "Totals by status")>
                        {page.by_status.iter().map(|(s, n, total)| view! {
                            <li class="rounded-xl bg-white p-3 text-sm shadow-sm ring-1 ring-slate-200" data-testid=format!("status-total-{}", s.as_str())>
                                <span class="block text-slate-600">{format::status_label(*s, lang)}</span>
                                <span class="block text-lg font-bold">{*n}</span>
                                <span class="block text-slate-700">{format::money(*total, currency, lang)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    {if page.quotes.is_empty() {
                        view! { <p class="rounded-xl bg-white p-6 text-slate-600 ring-1 ring-slate-200">{lang.t("No hay cotizaciones con estos filtros.", "No quotes match these filters.")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="quote-list">
                                {page.quotes.into_iter().map(|q| view! {
                                    <li data-testid="quote-row">
                                        <a href=format!("/app/quotes/{}", q.id) class="flex flex-wrap items-center justify-between gap-2 p-4 hover:bg-slate-50">
                                            <span>
                                                <span class="block font-semibold">{q.number.clone()} " · " {q.customer_name.clone()}</span>
                                                <span class="block text-sm text-slate-600">
                                                    {format::vertical_label(q.vertical, lang)} " · " {format::datetime(q.created_at, lang)} " UTC"
                                                    {(q.version > 1).then(|| format!(" · v{}", q.version))}
                                                </span>
                                            </span>
                                            <span class="flex items-center gap-3">
                                                <StatusBadge status=q.status lang/>
                                                <span class="font-semibold">{format::money(q.total, q.currency, lang)}</span>
                                            </span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn QuoteDetailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let send = ServerAction::<SendQuote>::new();
    let decide = ServerAction::<DecideQuote>::new();
    let duplicate = ServerAction::<DuplicateQuote>::new();
    let page = Resource::new(move || (id(), send.version().get(), decide.version().get()), |(id, _, _)| get_quote_page(id));
    let videos = QuoteVideos::new(id);
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let jobs = videos.jobs.await;
                        view! { <QuoteDetail p lang send decide duplicate videos jobs/> }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuoteDetail(
    p: QuotePage,
    lang: Lang,
    send: ServerAction<SendQuote>,
    decide: ServerAction<DecideQuote>,
    duplicate: ServerAction<DuplicateQuote>,
    videos: QuoteVideos,
    jobs: Result<Vec<domain::VideoJob>, crate::error::AppError>,
) -> impl IntoView {
    let q = p.quote;
    let doc = q.document.clone();
    let id = q.id.clone();
    let status = q.status;
    let send_error = action_error(send);
    let decide_error = action_error(decide);
    let ids = [id.clone(), id.clone(), id.clone(), id.clone()];
    let [send_id, confirm_id, reject_id, duplicate_id] = ids;
    view! {
        <PageTitle text=format!("{} · {}", doc.number, doc.contact.name)/>
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <div>
                <h1 class="text-2xl font-bold text-teal-900" data-testid="quote-number">{doc.number.clone()}</h1>
                <p class="text-slate-600">
                    <a class="underline" href=format!("/app/customers/{}", q.customer_id)>{doc.contact.name.clone()}</a>
                    " · " {lang.t("versión", "version")} " " <span data-testid="quote-version">{doc.version}</span>
                    {q.valid_until.clone().map(|d| format!(" · {} {}", lang.t("válida hasta", "valid until"), format::day(&d, lang)))}
                </p>
            </div>
            <StatusBadge status lang/>
        </div>
        <FormAlert lang error=send_error/>
        <FormAlert lang error=decide_error/>
        <section class="mb-4 flex flex-wrap gap-2 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-label=lang.t("Acciones", "Actions")>
            // Rooms are edited in the rooms editor, a vehicle's glass in the car editor.
            {status.is_editable().then(|| {
                let editor = if doc.automotive.is_some() { format!("/app/quotes/{id}/edit/auto") } else { format!("/app/quotes/{id}/edit") };
                view! {
                    <a href=editor class=format!("{BUTTON} bg-white text-teal-900 ring-1 ring-slate-300") data-testid="edit-quote">{lang.t("Editar", "Edit")}</a>
                }
            })}
            {matches!(status, QuoteStatus::Draft | QuoteStatus::Expired).then(|| view! {
                <ActionForm action=send>
                    <input type="hidden" name="id" value=send_id/>
                    <button type="submit" class=format!("{BUTTON} bg-teal-700 text-white hover:bg-teal-800") data-testid="send-quote">{lang.t("Enviar al cliente", "Send to the customer")}</button>
                </ActionForm>
            })}
            {status.awaits_customer().then(|| view! {
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=confirm_id/>
                    <input type="hidden" name="decision" value="confirm"/>
                    <button type="submit" class=format!("{BUTTON} bg-white text-teal-900 ring-1 ring-teal-300")>{lang.t("Marcar confirmada", "Mark confirmed")}</button>
                </ActionForm>
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=reject_id/>
                    <input type="hidden" name="decision" value="reject"/>
                    <button type="submit" class=format!("{BUTTON} bg-white text-red-800 ring-1 ring-red-300")>{lang.t("Marcar rechazada", "Mark rejected")}</button>
                </ActionForm>
            })}
            <ActionForm action=duplicate>
                <input type="hidden" name="id" value=duplicate_id/>
                <button type="submit" class=format!("{BUTTON} bg-white text-slate-800 ring-1 ring-slate-300")>{lang.t("Duplicar", "Duplicate")}</button>
            </ActionForm>
            <a href=format!("/p/{}/pdf?lang={}", q.token, doc.language) rel="external" class=format!("{BUTTON} bg-white text-slate-800 ring-1 ring-slate-300")>"PDF"</a>
        </section>
        {(status != QuoteStatus::Draft).then(|| view! {
            <section class="mb-4 rounded-2xl bg-teal-50 p-4 ring-1 ring-teal-200" aria-label=lang.t("Compartir", "Share")>
                <label for="public-link" class="text-sm font-medium">{lang.t("Enlace para el cliente", "Link for the customer")}</label>
                <input id="public-link" readonly class=FIELD value=p.public_url.clone() data-testid="public-link"/>
                <div class="mt-2 flex flex-wrap gap-2">
                    <a href=p.whatsapp.clone() rel="external noopener" target="_blank" class=format!("{BUTTON} bg-green-700 text-white hover:bg-green-800") data-testid="whatsapp-link">
                        {lang.t("Compartir por WhatsApp", "Share on WhatsApp")}
                    </a>
                    <a href=p.public_url.clone() rel="external" class=format!("{BUTTON} bg-white text-teal-900 ring-1 ring-slate-300")>{lang.t("Ver como cliente", "View as the customer")}</a>
                </div>
            </section>
        })}
        {if status == QuoteStatus::Draft {
            view! {
                <section class="mb-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="video-heading" data-testid="quote-video">
                    <h2 id="video-heading" class="text-lg font-semibold">"Video"</h2>
                    <p class="text-sm text-slate-700" data-testid="video-draft-hint">{lang.t("Envía la cotización para generar su video.", "Send the quote to make its video.")}</p>
                </section>
            }.into_any()
        } else {
            view! { <QuoteVideo quote_id=id.clone() lang videos jobs/> }.into_any()
        }}
        {q.rejection_reason.clone().map(|r| view! { <p class="mb-4 rounded-lg bg-slate-100 px-4 py-3">{lang.t("Motivo del rechazo", "Rejection reason")} ": " {r}</p> })}
        <article class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <p class="text-sm text-slate-600" data-testid="customer-contact">{contact_line(&doc.contact)}</p>
            {doc.automotive.clone().map(|details| {
                let vehicle_href = details.vehicle.id.as_ref().map(|id| format!("/app/vehicles/{id}"));
                view! { <VehicleCard details lang spin=p.spin.clone() vehicle_href/> }
            })}
            <RoomsTable doc=doc.clone() lang/>
            <Totals doc=doc.clone() lang/>
        </article>
        {crate::components::quote_extras::quote_terms(doc.input.terms.clone(), lang)}
        {crate::components::quote_extras::internal_notes(doc.input.internal_notes.clone(), lang)}
        {(q.versions.len() > 1).then(|| view! {
            <section class="mt-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <h2 class="font-semibold">{lang.t("Versiones", "Versions")}</h2>
                <ul class="mt-2 text-sm" data-testid="versions">
                    {q.versions.iter().rev().map(|v| view! {
                        <li class="flex justify-between py-1"><span>{format!("v{} · {} UTC", v.version, format::datetime(v.created_at, lang))}</span><span>{format::money(v.total, doc.currency, lang)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// Where and how to reach the customer, in one line: `Av. Uno 1, Ñuñoa · +56… · ana@…`,
/// leaving out what is empty (a car quote has no site address).
fn contact_line(c: &domain::Contact) -> String {
    let place = format::place(c);
    [place.as_str(), c.phone.trim(), c.email.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contact_line_leaves_out_what_is_empty() {
        let mut c = domain::Contact { name: "Camila".into(), phone: "+56987654321".into(), ..domain::Contact::default() };
        assert_eq!(contact_line(&c), "+56987654321", "a car quote: no address, no leading separator");
        c.address = "Av. Uno 1".into();
        c.commune = "Ñuñoa".into();
        c.email = "c@example.com".into();
        assert_eq!(contact_line(&c), "Av. Uno 1, Ñuñoa · +56987654321 · c@example.com");
    }
}
