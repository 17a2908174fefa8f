//! `/`: Cotiza's own landing, for window-film installers — what it does and
//! the way in (sign up, log in). Customers never see it: an organisation's
//! public pages carry that organisation's brand and link here nowhere.
use leptos::prelude::*;

use crate::components::layout::PageFrame;
use crate::components::page_title::PageTitle;
use crate::i18n::{Lang, use_lang};

/// The demo organisation every fresh install has: an example of the wizard.
const DEMO_SLUG: &str = "demo";

const PRIMARY: &str = "inline-flex min-h-12 items-center rounded-lg bg-teal-700 px-6 py-3 text-lg font-semibold text-white shadow hover:bg-teal-800 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2";
const SECONDARY: &str = "inline-flex min-h-12 items-center rounded-lg bg-white px-6 py-3 text-lg font-semibold text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-teal-600";

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let code = lang.code();
    view! {
        <PageTitle text=lang.t("Cotizaciones para instaladores de láminas", "Quotes for window-film installers")/>
        <PageFrame lang switch_href=format!("/?lang={}", lang.other().code())>
            <section class="py-6 sm:py-10">
                <h1 class="text-3xl font-bold tracking-tight text-teal-900 sm:text-4xl">
                    {lang.t("Cotizaciones exactas para tu negocio de láminas", "Exact quotes for your window-film business")}
                </h1>
                <p class="mt-3 max-w-2xl text-lg text-slate-700">
                    {lang.t(
                        "Tus clientes cotizan solos, ambiente por ambiente o por vidrio de su auto, con tus láminas y tus precios por m². Tú recibes la cotización lista para enviar.",
                        "Your customers get a quote on their own, room by room or glass by glass of their car, with your films and your prices per m². You get the quote ready to send.",
                    )}
                </p>
                <div class="mt-6 flex flex-wrap gap-3">
                    <a href=format!("/signup?lang={code}") class=PRIMARY data-testid="signup-link">
                        {lang.t("Crear cuenta", "Sign up")}
                    </a>
                    <a href=format!("/login?lang={code}") class=SECONDARY data-testid="login-link">
                        {lang.t("Iniciar sesión", "Log in")}
                    </a>
                </div>
            </section>
            <Features lang/>
            <p class="mt-8">
                <a href=format!("/q/{DEMO_SLUG}?lang={code}") class="font-semibold text-teal-800 underline underline-offset-4 hover:text-teal-900" data-testid="demo-link">
                    {lang.t("Ver un cotizador de ejemplo", "See an example quote wizard")}
                </a>
            </p>
        </PageFrame>
    }
}

/// What Cotiza does, one card each.
#[component]
fn Features(lang: Lang) -> impl IntoView {
    let features = [
        (
            lang.t("Precios exactos por m²", "Exact prices per m²"),
            lang.t(
                "Tu catálogo con material, instalación, merma por tipo de lámina, descuentos por volumen e impuesto: el mismo cálculo en la web, el PDF y la API.",
                "Your catalog with material, installation, waste by film type, volume discounts and tax: the same figures on the web, in the PDF and through the API.",
            ),
        ),
        (
            lang.t("Cotizador público", "Public quote wizard"),
            lang.t(
                "Un enlace con tu marca: el cliente mide cada ventana de cada ambiente, o elige los vidrios de su auto, y ve el precio al instante.",
                "A link with your brand: the customer measures each window of each room, or picks the glass of their car, and sees the price at once.",
            ),
        ),
        (
            lang.t("Cotizaciones que el cliente responde", "Quotes your customer answers"),
            lang.t(
                "Cada cotización tiene su página: el cliente la revisa, la confirma o la rechaza, y tú lo ves en tu panel.",
                "Every quote has its own page: the customer reviews it, confirms or rejects it, and you see it on your dashboard.",
            ),
        ),
        (
            lang.t("PDF y video", "PDF and video"),
            lang.t(
                "Un PDF listo para imprimir y un video resumen para compartir por WhatsApp.",
                "A print-ready PDF and a summary video to share on WhatsApp.",
            ),
        ),
    ];
    view! {
        <ul class="grid gap-4 sm:grid-cols-2" data-testid="features">
            {features.into_iter().map(|(title, text)| view! {
                <li class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                    <h2 class="text-lg font-semibold text-teal-900">{title}</h2>
                    <p class="mt-1 text-slate-700">{text}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
