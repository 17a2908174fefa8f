//! What an organisation's public wizard shows while it has no active film
//! for what the customer wants to quote (a business that just signed up):
//! online quotes are being set up, and how to reach the business instead —
//! WhatsApp, phone and email from its brand (`crate::brand`).
use domain::Vertical;
use leptos::prelude::*;

use crate::brand::OrgBrand;
use crate::catalog::PublicCatalog;
use crate::i18n::Lang;

/// What the room wizard (`/q/{slug}`) quotes.
pub const ROOM_VERTICALS: [Vertical; 3] = [Vertical::Residential, Vertical::Commercial, Vertical::Architectural];

/// Whether `catalog` has an active, priced film for any of `verticals`.
pub fn offers_any(catalog: &PublicCatalog, verticals: &[Vertical]) -> bool {
    catalog.products.iter().any(|p| p.verticals.iter().any(|v| verticals.contains(v)))
}

/// The notice of the room wizard when it has no film at all: it points to
/// the car wizard when that one has films.
pub fn rooms_being_set_up(catalog: &PublicCatalog, brand: Option<OrgBrand>, lang: Lang) -> impl IntoView + use<> {
    let other = offers_any(catalog, &[Vertical::Automotive]).then(|| {
        (format!("/q/{}/auto?lang={}", catalog.org, lang.code()), lang.t("¿Es un vehículo? Cotiza su polarizado aquí", "A vehicle? Quote its window tint here").to_owned())
    });
    view! { <QuotesBeingSetUp lang brand other/> }
}

const LINK: &str = "inline-flex min-h-12 items-center justify-center gap-2 rounded-lg px-5 py-3 font-semibold focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2";

/// The notice for the organisation of `brand` (the one its public page
/// frame read); `other` is a link to the wizard that does have films
/// (`(href, text)`), if any.
#[component]
pub fn QuotesBeingSetUp(lang: Lang, brand: Option<OrgBrand>, #[prop(default = None)] other: Option<(String, String)>) -> impl IntoView {
    view! {
        <section data-testid="quotes-being-set-up" class="mx-auto max-w-2xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="text-2xl font-bold text-teal-900">
                {lang.t("Estamos preparando las cotizaciones en línea", "Online quotes are being set up")}
            </h1>
            {contact_view(lang, brand)}
            {other.map(|(href, text)| view! {
                <p class="mt-4"><a href=href class="font-semibold text-teal-800 underline">{text}</a></p>
            })}
        </section>
    }
}

/// "Write to us" with the business's WhatsApp, phone and email.
fn contact_view(lang: Lang, brand: Option<OrgBrand>) -> impl IntoView {
    let name = brand.as_ref().map(|b| b.name.clone()).unwrap_or_default();
    let intro = match lang {
        Lang::Es => format!("{name} aún está cargando su catálogo, así que el precio en línea no está disponible todavía. Escríbenos y te cotizamos directamente:"),
        Lang::En => format!("{name} is still loading its catalog, so online prices are not available yet. Write to us and we will quote you directly:"),
    };
    let (phone, email, whatsapp) = brand.map(|b| (b.phone, b.email, b.whatsapp)).unwrap_or_default();
    let whatsapp = whatsapp.map(|href| view! {
        <a href=href class=format!("{LINK} bg-green-700 text-white hover:bg-green-800") data-testid="setup-whatsapp" rel="noopener" target="_blank">
            {lang.t("Escríbenos por WhatsApp", "Message us on WhatsApp")}
        </a>
    });
    let phone = crate::brand::tel_href(&phone).map(|tel| {
        view! {
            <a href=tel class=format!("{LINK} bg-white text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50") data-testid="setup-phone">
                {format!("{} {}", lang.t("Llámanos:", "Call us:"), phone)}
            </a>
        }
    });
    let email = (!email.is_empty()).then(|| view! {
        <a href=format!("mailto:{email}") class=format!("{LINK} bg-white text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50") data-testid="setup-email">
            {email.clone()}
        </a>
    });
    view! {
        <p class="mt-2 text-slate-700">{intro}</p>
        <div class="mt-4 flex flex-wrap gap-3">{whatsapp}{phone}{email}</div>
    }
}
