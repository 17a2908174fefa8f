//! `/p/{token}`: a quote as its customer sees it — printable, with Confirm
//! and Reject while it waits for an answer, and a PDF.
use domain::{QuoteDocument, QuoteStatus};
use leptos::prelude::*;
use crate::components::page_title::{OrgPageTitle, PageTitle};
use leptos_router::hooks::use_params_map;

use crate::components::badges::spec_badges;
use crate::components::form::{FormAlert, action_error, error_for};
use crate::components::layout::PageFrame;
use crate::components::link_preview::{LinkPreview, preview_text};
use crate::components::vehicle_card::VehicleCard;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::not_found::set_not_found_status;
use crate::quote_public::{AnswerQuote, get_public_quote};

#[component]
pub fn PublicQuotePage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let token = move || params.read().get("token").unwrap_or_default();
    let answer = ServerAction::<AnswerQuote>::new();
    let quote = Resource::new(move || (token(), answer.version().get()), |(token, _)| get_public_quote(token));
    let switch_href = format!("?lang={}", lang.other().code());
    view! {
        <Suspense fallback=move || view! { <p class="text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
            {move || {
                let switch_href = switch_href.clone();
                Suspend::new(async move {
                    match quote.await {
                        // The organisation's frame: its brand, not Cotiza's.
                        Ok(q) => {
                            let brand = Some(q.brand.clone());
                            view! {
                                <PageFrame lang switch_href brand>
                                    <QuoteSheet q lang answer/>
                                </PageFrame>
                            }.into_any()
                        }
                        Err(_) => {
                            set_not_found_status();
                            view! {
                                <PageFrame lang switch_href brand=None>
                                    <PageTitle text="404"/>
                                    <h1 class="text-2xl font-bold">{lang.t("Cotización no encontrada", "Quote not found")}</h1>
                                    <p class="mt-2 text-slate-700">{lang.t("Revisa que el enlace esté completo.", "Check that the link is complete.")}</p>
                                </PageFrame>
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn QuoteSheet(q: crate::quote_public::PublicQuote, lang: Lang, answer: ServerAction<AnswerQuote>) -> impl IntoView {
    let view = q.quote;
    let doc = view.document.clone();
    let status = view.status;
    let token = view.token.clone();
    let (confirm_token, reject_token) = (token.clone(), token.clone());
    let pdf = format!("/p/{token}/pdf?lang={}", lang.code());
    let error = action_error(answer);
    let valid_until = view.valid_until.clone().map(|d| format::day(&d, lang));
    let title = format!("{} {}", lang.t("Cotización", "Quote"), doc.number);
    let (preview_title, preview_description) = preview_text(&doc, &q.brand.name, view.valid_until.as_deref());
    view! {
        <OrgPageTitle text=format!("{title} · {}", q.brand.name)/>
        <LinkPreview title=preview_title description=preview_description image=q.preview_image.clone() url=q.page_url.clone() site_name=q.brand.name.clone()/>
        <article class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 print:shadow-none print:ring-0" data-testid="quote-sheet">
            <header class="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
                <div>
                    <p class="text-lg font-semibold text-teal-900">{q.org.name.clone()}</p>
                    <p class="text-sm text-slate-600">{[q.org.phone.clone(), q.org.email.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</p>
                </div>
                <div class="text-right">
                    <h1 class="text-2xl font-bold" data-testid="quote-number">{title}</h1>
                    <p class="text-sm text-slate-600">{lang.t("Versión", "Version")} " " <span data-testid="quote-version">{doc.version}</span></p>
                    <p class="mt-1"><StatusBadge status lang/></p>
                </div>
            </header>
            <section class="grid gap-4 py-4 sm:grid-cols-2">
                <div>
                    <h2 class="text-sm font-semibold uppercase tracking-wide text-slate-500">{lang.t("Cliente", "Customer")}</h2>
                    <p class="font-medium" data-testid="customer-name">{doc.contact.name.clone()}</p>
                    <p class="text-sm text-slate-700">{format::place(&doc.contact)}</p>
                    <p class="text-sm text-slate-700">{doc.contact.phone.clone()} " " {doc.contact.email.clone()}</p>
                </div>
                <div class="sm:text-right">
                    <h2 class="text-sm font-semibold uppercase tracking-wide text-slate-500">{lang.t("Validez", "Valid until")}</h2>
                    <p data-testid="valid-until">{valid_until.unwrap_or_else(|| "—".into())}</p>
                    <p class="text-sm text-slate-600">{lang.t("Precios del", "Prices of")} " " {format::day(&doc.priced_on, lang)}</p>
                </div>
            </section>
            {doc.automotive.clone().map(|details| view! { <VehicleCard details lang spin=q.spin.clone()/> })}
            <RoomsTable doc=doc.clone() lang/>
            <Totals doc=doc.clone() lang/>
        </article>
        {crate::components::quote_extras::quote_terms(doc.input.terms.clone(), lang)}
        <div class="mt-4 flex flex-wrap gap-3 print:hidden">
            <a href=pdf rel="external" class="inline-flex min-h-12 items-center rounded-lg bg-white px-4 py-3 font-semibold text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50" data-testid="pdf-link">
                {lang.t("Descargar PDF", "Download PDF")}
            </a>
            {q.brand.whatsapp.clone().map(|href| view! {
                <a href=href rel="external noopener" target="_blank" class="inline-flex min-h-12 items-center rounded-lg bg-white px-4 py-3 font-semibold text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50">
                    {lang.t("Escribir por WhatsApp", "Message on WhatsApp")}
                </a>
            })}
        </div>
        {match status {
            QuoteStatus::Pending => view! {
                <section class="mt-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 print:hidden" aria-labelledby="answer-title">
                    <h2 id="answer-title" class="text-lg font-semibold">{lang.t("¿Aceptas esta cotización?", "Do you accept this quote?")}</h2>
                    <FormAlert lang error/>
                    <div class="mt-3 grid gap-4 sm:grid-cols-2">
                        <ActionForm action=answer>
                            <input type="hidden" name="token" value=confirm_token/>
                            <input type="hidden" name="version" value=doc.version/>
                            <input type="hidden" name="decision" value="confirm"/>
                            <button type="submit" class="min-h-12 w-full rounded-lg bg-[var(--brand)] px-5 py-3 font-semibold text-[var(--brand-text)] hover:brightness-95 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2" data-testid="confirm">
                                {lang.t("Confirmar cotización", "Confirm the quote")}
                            </button>
                        </ActionForm>
                        <ActionForm action=answer>
                            <input type="hidden" name="token" value=reject_token/>
                            <input type="hidden" name="version" value=doc.version/>
                            <input type="hidden" name="decision" value="reject"/>
                            <label for="reason" class="text-sm font-medium">{lang.t("Motivo (opcional)", "Reason (optional)")}</label>
                            <textarea id="reason" name="reason" rows="2" maxlength="500" class="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2"></textarea>
                            {move || error_for(error, "reason", lang)().map(|m| view! { <p class="text-sm text-red-700">{m}</p> })}
                            <button type="submit" class="mt-2 min-h-12 w-full rounded-lg bg-white px-5 py-3 font-semibold text-red-800 ring-1 ring-red-300 hover:bg-red-50" data-testid="reject">
                                {lang.t("Rechazar", "Reject")}
                            </button>
                        </ActionForm>
                    </div>
                </section>
            }.into_any(),
            QuoteStatus::Confirmed => view! {
                <p role="status" class="mt-6 rounded-lg bg-teal-50 px-4 py-3 text-teal-900 ring-1 ring-teal-200" data-testid="answer-status">
                    {lang.t("¡Gracias! Confirmaste esta cotización. Te contactaremos para coordinar la instalación.", "Thank you! You confirmed this quote. We will contact you to schedule the installation.")}
                </p>
            }.into_any(),
            QuoteStatus::Rejected => view! {
                <p role="status" class="mt-6 rounded-lg bg-slate-100 px-4 py-3 text-slate-800" data-testid="answer-status">
                    {lang.t("Rechazaste esta cotización.", "You rejected this quote.")}
                    {view.rejection_reason.clone().map(|r| format!(" {}: {r}", lang.t("Motivo", "Reason")))}
                </p>
            }.into_any(),
            QuoteStatus::Expired => view! {
                <p role="status" class="mt-6 rounded-lg bg-amber-50 px-4 py-3 text-amber-900 ring-1 ring-amber-200" data-testid="answer-status">
                    {lang.t("Esta cotización venció. Escríbenos y te enviaremos una actualizada.", "This quote has expired. Write to us and we will send you an updated one.")}
                </p>
            }.into_any(),
            QuoteStatus::Draft => ().into_any(),
        }}
    }
}

#[component]
pub fn StatusBadge(status: QuoteStatus, lang: Lang) -> impl IntoView {
    let colours = match status {
        QuoteStatus::Draft => "bg-slate-100 text-slate-800",
        QuoteStatus::Pending => "bg-amber-100 text-amber-900",
        QuoteStatus::Confirmed => "bg-teal-100 text-teal-900",
        QuoteStatus::Rejected => "bg-red-100 text-red-900",
        QuoteStatus::Expired => "bg-slate-200 text-slate-800",
    };
    view! {
        <span class=format!("inline-block rounded-full px-3 py-1 text-sm font-semibold {colours}") data-testid="quote-status" data-status=status.as_str()>
            {format::status_label(status, lang)}
        </span>
    }
}

/// Each room with its lines: what, film, area with waste, amount.
#[component]
pub fn RoomsTable(doc: QuoteDocument, lang: Lang) -> impl IntoView {
    let spanish = lang == Lang::Es;
    let c = doc.currency;
    let rooms = doc.input.rooms.iter().enumerate().map(|(i, room)| {
        let lines: Vec<_> = doc.breakdown.lines.iter().filter(|l| l.room_index == i).cloned().collect();
        // A vehicle has no floor; its lines are glass, not openings.
        let floor = doc.automotive.is_none().then(|| format!("({} {})", lang.t("piso", "floor"), room.floor));
        let rows = lines.into_iter().map(|l| {
            let o = &room.openings[l.opening_index.min(room.openings.len().saturating_sub(1))];
            let what = doc.automotive.as_ref().and_then(|a| a.position(l.opening_index))
                .map_or_else(|| format::opening_label(l.kind, lang), |p| p.label(lang.code()));
            let film = doc.film(&l.sku);
            let film_name = film.map(|f| f.name(lang.code()).to_owned()).unwrap_or_else(|| l.sku.clone());
            let badges = film.map(|f| spec_badges(&f.specs, lang).join(" · ")).unwrap_or_default();
            let size = format!("{} × {} m × {}", format::quantity(o.width_m, spanish), format::quantity(o.height_m, spanish), o.quantity);
            let mut notes = Vec::new();
            if o.curved_glass { notes.push(lang.t("vidrio curvo", "curved glass")); }
            if o.difficult_access { notes.push(lang.t("acceso difícil", "difficult access")); }
            let unit = if l.unit == domain::Unit::M2 { "m²" } else { "m" };
            view! {
                <tr class="border-t border-slate-100 align-top" data-testid="quote-line">
                    <td class="py-2 pr-2">
                        <span class="font-medium">{what}</span>
                        <span class="block text-slate-600">{size} {(!notes.is_empty()).then(|| format!(" · {}", notes.join(", ")))}</span>
                    </td>
                    <td class="py-2 pr-2"><span>{film_name}</span><span class="block text-xs text-slate-500">{badges}</span></td>
                    <td class="whitespace-nowrap py-2 pr-2 text-right">{format!("{} {unit}", format::quantity(l.qty, spanish))}</td>
                    <td class="whitespace-nowrap py-2 text-right font-medium">{format::money(l.total, c, lang)}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <section class="mt-4" data-testid="quote-room">
                <h3 class="font-semibold">{room.name.clone()} <span class="ml-1 text-sm font-normal text-slate-500">{floor}</span></h3>
                <div class="overflow-x-auto">
                    <table class="mt-1 w-full text-sm">
                        <thead class="sr-only"><tr>
                            <th>{lang.t("Abertura", "Opening")}</th><th>{lang.t("Lámina", "Film")}</th>
                            <th>{lang.t("Superficie con merma", "Area with waste")}</th><th>{lang.t("Importe", "Amount")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }).collect_view();
    view! { <div>{rooms}</div> }
}

#[component]
pub fn Totals(doc: QuoteDocument, lang: Lang) -> impl IntoView {
    let b = doc.breakdown;
    let c = b.currency;
    let spanish = lang == Lang::Es;
    let pct = |r: rust_decimal::Decimal| format!("{} %", format::quantity(r * rust_decimal::Decimal::ONE_HUNDRED, spanish));
    let discount = if b.discount.is_zero() { format::money(b.discount, c, lang) } else { format!("-{}", format::money(b.discount, c, lang)) };
    view! {
        <dl class="ml-auto mt-4 max-w-sm border-t border-slate-200 pt-2 text-sm">
            <div class="flex justify-between py-1"><dt class="text-slate-600">{lang.t("Superficie total", "Total area")}</dt><dd>{format!("{} m²", format::quantity(b.area_m2, spanish))}</dd></div>
            {crate::components::quote_extras::extras_rows(&b, lang)}
            <div class="flex justify-between py-1"><dt class="text-slate-600">{lang.t("Subtotal", "Subtotal")}</dt><dd>{format::money(b.subtotal, c, lang)}</dd></div>
            <div class="flex justify-between py-1"><dt class="text-slate-600">{format!("{} ({})", lang.t("Descuento por volumen", "Volume discount"), pct(b.discount_rate))}</dt><dd>{discount}</dd></div>
            {crate::components::quote_extras::manual_discount_row(&b, lang)}
            <div class="flex justify-between py-1"><dt class="text-slate-600">{format!("{} ({})", format::tax_label(&doc.org.country, lang), pct(b.tax_rate))}</dt><dd>{format::money(b.tax, c, lang)}</dd></div>
            <div class="flex justify-between py-2 text-xl font-bold"><dt>{lang.t("Total", "Total")}</dt><dd data-testid="quote-total">{format::money(b.total, c, lang)}</dd></div>
        </dl>
    }
}
