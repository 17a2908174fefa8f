//! The dashboard's getting-started checklist and the public quote link to
//! share (copy button and QR code). States come from the server
//! (`quotes::Quotes::dashboard`); this only shows them.
use domain::{ChecklistItem, QrPath, SetupStep};
use leptos::prelude::*;

use crate::components::copy_link::CopyLink;
use crate::i18n::Lang;

fn title(step: SetupStep, lang: Lang) -> &'static str {
    match step {
        SetupStep::Catalog => lang.t("Revisa tu catálogo y tus precios", "Review your catalog and prices"),
        SetupStep::Brand => lang.t("Tu logo y tus colores", "Your logo and colours"),
        SetupStep::ShareLink => lang.t("Comparte tu enlace de cotización", "Share your quote link"),
        SetupStep::Team => lang.t("Invita a tu equipo", "Invite your team"),
        SetupStep::Whatsapp => lang.t("Conecta tu WhatsApp", "Connect your WhatsApp"),
    }
}

fn hint(step: SetupStep, lang: Lang) -> &'static str {
    match step {
        SetupStep::Catalog => lang.t(
            "Activa tus láminas con su precio y edita al menos un producto o precio para confirmarlos.",
            "Keep your films active with a price, and edit at least one product or price to confirm them.",
        ),
        SetupStep::Brand => lang.t(
            "Tu logo y tu color de marca, en Ajustes, visten tu cotizador, tus cotizaciones y tus videos.",
            "Your logo and brand colour, in Settings, dress your quote page, quotes and videos.",
        ),
        SetupStep::ShareLink => lang.t(
            "Envíalo o imprime el código QR: se marca cuando un cliente cotiza con él.",
            "Send it or print the QR code: it is ticked when a customer quotes with it.",
        ),
        SetupStep::Team => lang.t("Invita a tu equipo de ventas a Cotiza.", "Invite your sales team to Cotiza."),
        SetupStep::Whatsapp => lang.t(
            "Pon tu número de WhatsApp en Ajustes: aparece en tus cotizaciones. Mensajes automáticos por WhatsApp: próximamente.",
            "Put your WhatsApp number in Settings: it is shown on your quotes. Automatic WhatsApp messages: coming soon.",
        ),
    }
}

fn action(step: SetupStep, lang: Lang) -> &'static str {
    match step {
        SetupStep::Catalog => lang.t("Ir al catálogo", "Go to the catalog"),
        SetupStep::Brand | SetupStep::Whatsapp => lang.t("Ir a Ajustes", "Go to Settings"),
        SetupStep::ShareLink => lang.t("Ver el enlace", "See the link"),
        SetupStep::Team => lang.t("Ir a Equipo", "Go to Team"),
    }
}

/// The checklist: open while something is left to do, folded (still
/// there, one click away) once everything is done. `<details>` needs no JS.
#[component]
pub fn GettingStarted(lang: Lang, items: Vec<ChecklistItem>) -> impl IntoView {
    let total = items.len();
    let done = items.iter().filter(|i| i.done).count();
    view! {
        <details class="group mt-6 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" open={done < total} data-testid="getting-started">
            <summary class="flex min-h-11 cursor-pointer items-center justify-between gap-3 px-4 py-3">
                <h2 class="text-lg font-bold text-teal-900">{lang.t("Primeros pasos", "Getting started")}</h2>
                <span class="text-sm text-slate-600" data-testid="getting-started-count">
                    {format!("{done} / {total}")} {lang.t(" listos", " done")}
                </span>
            </summary>
            <ol class="divide-y divide-slate-100 border-t border-slate-100">
                {items.into_iter().map(|item| {
                    let step = item.step;
                    view! {
                        <li class="flex flex-wrap items-start gap-3 px-4 py-3" data-testid=format!("step-{}", step.as_str()) data-done=item.done.to_string()>
                            <span aria-hidden="true" class={if item.done {
                                "mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-teal-700 text-sm font-bold text-white"
                            } else {
                                "mt-0.5 h-6 w-6 shrink-0 rounded-full border-2 border-slate-300"
                            }}>{item.done.then_some("✓")}</span>
                            <span class="min-w-0 flex-1">
                                <span class="block font-semibold">{title(step, lang)}
                                    <span class="sr-only">{if item.done { lang.t(" (hecho)", " (done)") } else { lang.t(" (pendiente)", " (to do)") }}</span>
                                </span>
                                <span class="block text-sm text-slate-600">{hint(step, lang)}</span>
                            </span>
                            <a href=step.href() class="text-sm font-semibold text-teal-800 underline">{action(step, lang)}</a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </details>
    }
}

/// The public wizard's address to copy, and its QR code to print or show.
#[component]
pub fn ShareLink(lang: Lang, url: String, qr: Option<QrPath>) -> impl IntoView {
    view! {
        <section id="share-link" class="mt-6 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="share-link-title">
            <h2 id="share-link-title" class="text-lg font-bold text-teal-900">{lang.t("Tu enlace de cotización", "Your quote link")}</h2>
            <p class="mt-1 text-sm text-slate-600">
                {lang.t(
                    "Tus clientes cotizan solos en esta página. Compártela por WhatsApp, redes o correo, o imprime el código QR.",
                    "Your customers quote on their own on this page. Share it on WhatsApp, social media or email, or print the QR code.",
                )}
            </p>
            <div class="mt-3 flex flex-wrap items-center gap-4">
                <div class="min-w-0 flex-1 basis-64">
                    <CopyLink lang url=url.clone() label=lang.t("Enlace del cotizador público", "Public quote page link") testid="share-link"/>
                    <a href=url target="_blank" rel="noopener" class="mt-2 inline-block text-sm font-semibold text-teal-800 underline">
                        {lang.t("Abrir el cotizador", "Open the quote page")}
                    </a>
                </div>
                {qr.map(|qr| view! { <QrCode lang qr/> })}
            </div>
        </section>
    }
}

#[component]
fn QrCode(lang: Lang, qr: QrPath) -> impl IntoView {
    let size = qr.size.to_string();
    let view_box = format!("0 0 {size} {size}");
    let (width, height) = (size.clone(), size.clone());
    view! {
        <svg
            xmlns="http://www.w3.org/2000/svg"
            viewBox=view_box
            role="img"
            aria-label=lang.t("Código QR del enlace de cotización", "QR code of the quote link")
            data-testid="share-qr"
            data-modules=size
            class="h-40 w-40 shrink-0 rounded-lg ring-1 ring-slate-200"
            shape-rendering="crispEdges"
        >
            <rect width=width height=height fill="#ffffff"/>
            <path d=qr.d fill="#000000"/>
        </svg>
    }
}
