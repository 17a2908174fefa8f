//! `/app`: the signed-in dashboard — its frame, navigation and home.
use leptos::prelude::*;
use leptos_meta::Html;
use crate::components::page_title::PageTitle;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

use crate::auth::{LogOut, Me, get_me};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};

/// The frame of every `/app` page. Visitors without a session are sent to
/// the login page, which brings them back here.
#[component]
pub fn DashboardLayout() -> impl IntoView {
    let lang = use_lang();
    let me = Resource::new(|| (), |_| get_me());
    let location = use_location();
    view! {
        <Html attr:lang=lang.code()/>
        <Suspense fallback=move || view! { <p class="p-6 text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! { <DashboardFrame lang me/> }.into_any(),
                    Ok(None) | Err(AppError::Unauthenticated) => {
                        let next = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/login?next={next}")/> }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="p-6 text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn nav(lang: Lang, me: &Me) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![
        ("/app", lang.t("Inicio", "Home")),
        ("/app/quotes", lang.t("Cotizaciones", "Quotes")),
        ("/app/customers", lang.t("Clientes", "Customers")),
        ("/app/catalog", lang.t("Catálogo", "Catalog")),
        ("/app/vehicles", lang.t("Vehículos", "Vehicles")),
        ("/app/jobs", lang.t("Videos", "Videos")),
        ("/app/users", lang.t("Equipo", "Team")),
        ("/app/settings", lang.t("Ajustes", "Settings")),
    ];
    if me.role.is_admin() {
        items.push(("/app/audit", lang.t("Registro", "Audit log")));
        items.push(("/app/api-keys", lang.t("Claves de API", "API keys")));
    }
    items
}

#[component]
fn DashboardFrame(lang: Lang, me: Me) -> impl IntoView {
    let logout = ServerAction::<LogOut>::new();
    let role = if me.role.is_admin() { lang.t("Administrador", "Administrator") } else { lang.t("Ventas", "Sales") };
    view! {
        <header class="bg-teal-800 text-white">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
                <a href="/app" class="text-xl font-bold tracking-tight">"Cotiza"</a>
                <div class="flex items-center gap-3 text-sm">
                    <span data-testid="whoami">{me.name.clone()} " · " {me.org_name.clone()} " · " {role}</span>
                    <ActionForm action=logout>
                        <button type="submit" class="rounded-lg bg-teal-900 px-3 py-2 font-semibold hover:bg-teal-950 focus:outline-none focus:ring-2 focus:ring-white">
                            {lang.t("Salir", "Log out")}
                        </button>
                    </ActionForm>
                </div>
            </div>
            <nav aria-label=lang.t("Secciones", "Sections") class="mx-auto max-w-6xl overflow-x-auto px-2">
                <ul class="flex gap-1 whitespace-nowrap">
                    {nav(lang, &me).into_iter().map(|(href, text)| view! {
                        <li><A href=href exact=true attr:class="inline-block rounded-t-lg px-3 py-3 text-sm font-medium text-teal-50 hover:bg-teal-700 aria-[current=page]:bg-slate-50 aria-[current=page]:text-teal-900">{text}</A></li>
                    }).collect_view()}
                </ul>
            </nav>
        </header>
        <main class="mx-auto max-w-6xl px-4 py-6"><Outlet/></main>
    }
}

/// `/app`: what there is to do.
#[component]
pub fn DashboardHome() -> impl IntoView {
    let lang = use_lang();
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <PageTitle text=lang.t("Panel", "Dashboard")/>
        <h1 class="text-2xl font-bold text-teal-900">{lang.t("Panel", "Dashboard")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| view! {
                    <p class="mt-2 text-slate-700">
                        {lang.t("Hola, ", "Hello, ")} {me.name.clone()} ". "
                        {lang.t("Tu cotizador público está en ", "Your public quote page is at ")}
                        <a class="font-semibold text-teal-800 underline" href=format!("/q/{}", me.org_slug)>{format!("/q/{}", me.org_slug)}</a>
                    </p>
                })
            })}
        </Suspense>
    }
}
