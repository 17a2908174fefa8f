use leptos::prelude::*;
use leptos_meta::Html;

use crate::i18n::Lang;

/// Page frame: brand bar, language switch (a full page load: the server renders
/// the other language), content.
#[component]
pub fn PageFrame(lang: Lang, #[prop(into)] switch_href: String, children: Children) -> impl IntoView {
    view! {
        <Html attr:lang=lang.code()/>
        <header class="bg-teal-800 text-white">
            <div class="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
                <a href="/" class="text-xl font-bold tracking-tight">"Cotiza"</a>
                <a href=switch_href rel="external" class="rounded px-3 py-2 text-sm underline-offset-4 hover:underline" hreflang=lang.other().code()>
                    {lang.t("English", "Español")}
                </a>
            </div>
        </header>
        <main class="mx-auto max-w-5xl px-4 py-6">{children()}</main>
    }
}
