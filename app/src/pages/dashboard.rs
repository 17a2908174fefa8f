//! `/app`: the signed-in dashboard — its frame, navigation and home.
use leptos::prelude::*;
use leptos_meta::Html;
use crate::components::page_title::PageTitle;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

use crate::auth::{LogOut, Me, get_me};
use crate::components::activity_feed::ActivityFeed;
use crate::components::getting_started::{GettingStarted, ShareLink};
use crate::components::today_figures::TodayFigures;
use crate::dashboard_admin::get_dashboard;
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
            // Every section stays visible on a phone: the links wrap onto
            // more rows instead of scrolling sideways out of view.
            <nav aria-label=lang.t("Secciones", "Sections") class="mx-auto max-w-6xl px-2 pb-2 sm:pb-0" data-testid="sections">
                <ul class="flex flex-wrap gap-1">
                    {nav(lang, &me).into_iter().map(|(href, text)| view! {
                        <li><A href=href exact=true attr:class="inline-block rounded-lg px-3 py-2 text-sm font-medium text-teal-50 hover:bg-teal-700 sm:rounded-b-none sm:py-3 aria-[current=page]:bg-slate-50 aria-[current=page]:text-teal-900">{text}</A></li>
                    }).collect_view()}
                </ul>
            </nav>
        </header>
        <main class="mx-auto max-w-6xl px-4 py-6"><Outlet/></main>
    }
}

/// `/app`: what there is to do — getting started, today's figures, the
/// public link to share and what happened lately.
#[component]
pub fn DashboardHome() -> impl IntoView {
    let lang = use_lang();
    let me = Resource::new(|| (), |_| get_me());
    let page = Resource::new(|| (), |_| get_dashboard());
    view! {
        <PageTitle text=lang.t("Panel", "Dashboard")/>
        <h1 class="text-2xl font-bold text-teal-900">{lang.t("Panel", "Dashboard")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| view! {
                    <p class="mt-2 text-slate-700">{lang.t("Hola, ", "Hello, ")} {me.name.clone()} "."</p>
                })
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="mt-4 text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        // Once everything is done the checklist moves to the bottom, folded.
                        let items = page.summary.checklist.clone();
                        let (top, bottom) = if page.summary.all_done() { (None, Some(items)) } else { (Some(items), None) };
                        view! {
                            {top.map(|items| view! { <GettingStarted lang items/> })}
                            <TodayFigures lang figures=page.summary.figures.clone()/>
                            <ShareLink lang url=page.public_url.clone() qr=page.qr.clone()/>
                            <ActivityFeed lang items=page.summary.activity.clone() is_admin=page.is_admin/>
                            {bottom.map(|items| view! { <GettingStarted lang items/> })}
                        }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="mt-4 text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
