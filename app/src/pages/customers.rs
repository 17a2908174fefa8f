//! `/app/customers`: the organisation's customers and each one's quotes.
use leptos::prelude::*;
use crate::components::new_quote_link::NewQuoteLink;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::format;
use crate::i18n::use_lang;
use crate::pages::public_quote::StatusBadge;
use crate::quote_admin::{get_customer, get_customers};

#[component]
pub fn CustomersPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let customers = Resource::new(q, get_customers);
    view! {
        <PageTitle text=lang.t("Clientes", "Customers")/>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Clientes", "Customers")}</h1>
        <form method="get" role="search" class="mb-4 flex gap-2">
            <label for="customer-q" class="sr-only">{lang.t("Buscar", "Search")}</label>
            <input id="customer-q" name="q" type="search" value=q class="block w-full rounded-lg border border-slate-300 px-3 py-2"
                placeholder=lang.t("Nombre, teléfono o email", "Name, phone or email")/>
            <button type="submit" class="rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white">{lang.t("Buscar", "Search")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match customers.await {
                    Ok(list) if list.is_empty() => view! { <p class="text-slate-600">{lang.t("Aún no hay clientes.", "No customers yet.")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="divide-y divide-slate-100 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="customer-list">
                            {list.into_iter().map(|c| view! {
                                <li><a href=format!("/app/customers/{}", c.id) class="flex flex-wrap justify-between gap-2 p-4 hover:bg-slate-50">
                                    <span><span class="block font-semibold">{c.name}</span><span class="text-sm text-slate-600">{c.phone} " " {c.email}</span></span>
                                    <span class="text-sm text-slate-700">{c.quotes} " " {lang.t("cotizaciones", "quotes")}</span>
                                </a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let customer = Resource::new(id, get_customer);
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(page) => {
                        let c = page.customer;
                        let wa = crate::brand::whatsapp_link(&c.phone);
                        view! {
                            <PageTitle text=c.name.clone()/>
                            <h1 class="text-2xl font-bold text-teal-900">{c.name.clone()}</h1>
                            <p class="mb-4 text-slate-700">
                                <a class="underline" href=wa rel="external noopener" target="_blank">{c.phone.clone()}</a>
                                " " {c.email.clone()}
                            </p>
                            <NewQuoteLink href=format!("/app/quotes/new?customer={}", c.id) testid="quote-for-customer"
                                label=lang.t("Nueva cotización para este cliente", "New quote for this customer")/>
                            <DifferingContacts differing=page.differing lang/>
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
                                {page.quotes.into_iter().map(|q| view! {
                                    <li><a href=format!("/app/quotes/{}", q.id) class="flex flex-wrap items-center justify-between gap-2 p-4 hover:bg-slate-50">
                                        <span class="font-semibold">{q.number.clone()}</span>
                                        <span class="flex items-center gap-3"><StatusBadge status=q.status lang/><span>{format::money(q.total, q.currency, lang)}</span></span>
                                    </a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Possibly the same customer": the quotes that came with another name or
/// email than the customer on file (the wizard never changes a customer).
#[component]
fn DifferingContacts(differing: Vec<crate::quote_admin::DifferingContact>, lang: crate::i18n::Lang) -> impl IntoView {
    (!differing.is_empty()).then(|| view! {
        <section class="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-amber-900 ring-1 ring-amber-200" data-testid="differing-contacts">
            <h2 class="font-semibold">{lang.t("¿El mismo cliente?", "Possibly the same customer")}</h2>
            <p class="text-sm">{lang.t(
                "Estas cotizaciones llegaron con este teléfono pero con otros datos de contacto. Los datos del cliente no se cambiaron; revísalos antes de usarlos.",
                "These quotes came with this phone but other contact details. The customer's details were not changed; check them before using them.",
            )}</p>
            <ul class="mt-2 text-sm">
                {differing.into_iter().map(|d| view! {
                    <li><a class="underline" href=format!("/app/quotes/{}", d.quote_id)>{d.number}</a> ": " {d.name} " " {d.email}</li>
                }).collect_view()}
            </ul>
        </section>
    })
}
