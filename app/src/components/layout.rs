use leptos::prelude::*;
use leptos_meta::Html;

use crate::brand::OrgBrand;
use crate::i18n::Lang;

/// Page frame: brand bar, language switch (a full page load: the server renders
/// the other language), content.
///
/// Without `brand` it is Cotiza's own frame (landing, sign-up, log-in). With
/// an organisation's `brand` — its public pages — the customer sees that
/// organisation only: its logo, name and colour in the bar, how to reach it
/// at the foot, and no link to Cotiza or to any other organisation.
#[component]
pub fn PageFrame(
    lang: Lang,
    #[prop(into)] switch_href: String,
    #[prop(optional_no_strip)] brand: Option<OrgBrand>,
    children: Children,
) -> impl IntoView {
    let switch = view! {
        <a href=switch_href rel="external" class="rounded px-3 py-2 text-sm underline-offset-4 hover:underline" hreflang=lang.other().code()>
            {lang.t("English", "Español")}
        </a>
    };
    match brand {
        None => view! {
            <Html attr:lang=lang.code()/>
            <header class="bg-teal-800 text-white">
                <div class="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
                    <a href="/" class="text-xl font-bold tracking-tight">"Cotiza"</a>
                    {switch}
                </div>
            </header>
            <main class="mx-auto max-w-5xl px-4 py-6">{children()}</main>
        }
        .into_any(),
        Some(brand) => {
            // The colours come in a stylesheet of their own (the CSP refuses inline
            // styles, and a client-side navigation adds no nonce to a <style>).
            let stylesheet = brand.stylesheet_href();
            // The organisation's own wizard: the only "home" its customers have.
            let home = format!("/q/{}?lang={}", brand.slug, lang.code());
            let logo = brand.logo_url.clone().map(|src| view! {
                <img src=src alt="" class="h-10 max-w-40 rounded bg-white object-contain p-1" data-testid="org-logo"/>
            });
            let name = brand.name.clone();
            view! {
                <Html attr:lang=lang.code()/>
                <leptos_meta::Stylesheet id="org-brand" href=stylesheet/>
                <div class="org-frame" data-testid="org-frame">
                    <header class="bg-[var(--brand)] text-[var(--brand-text)]" data-testid="org-header">
                        <div class="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
                            <a href=home class="flex min-w-0 items-center gap-3">
                                {logo}
                                <span class="truncate text-xl font-bold tracking-tight" data-testid="org-name">{name}</span>
                            </a>
                            {switch}
                        </div>
                    </header>
                    <main class="mx-auto max-w-5xl px-4 py-6">{children()}</main>
                    <OrgFooter brand lang/>
                </div>
            }
            .into_any()
        }
    }
}

/// How the customer reaches the organisation: phone, e-mail, WhatsApp.
#[component]
fn OrgFooter(brand: OrgBrand, lang: Lang) -> impl IntoView {
    let phone = crate::brand::tel_href(&brand.phone).map(|tel| {
        view! { <li><a href=tel class="hover:underline" data-testid="org-phone">{brand.phone.clone()}</a></li> }
    });
    let email = (!brand.email.is_empty()).then(|| {
        view! { <li><a href=format!("mailto:{}", brand.email) class="hover:underline" data-testid="org-email">{brand.email.clone()}</a></li> }
    });
    let whatsapp = brand.whatsapp.clone().map(|href| {
        view! {
            <li><a href=href rel="external noopener" target="_blank" class="font-semibold hover:underline" data-testid="org-whatsapp">
                {lang.t("WhatsApp", "WhatsApp")}
            </a></li>
        }
    });
    view! {
        <footer class="border-t border-slate-200 bg-white print:hidden" data-testid="org-footer">
            <div class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-5 text-sm text-slate-700">
                <p class="font-semibold text-slate-900">{brand.name.clone()}</p>
                <ul class="flex flex-wrap gap-x-5 gap-y-2">{phone}{email}{whatsapp}</ul>
                <p class="w-full text-xs text-slate-500">{lang.t("Hecho con Cotiza", "Made with Cotiza")}</p>
            </div>
        </footer>
    }
}
