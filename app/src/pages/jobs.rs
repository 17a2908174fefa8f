//! `/app/jobs`: the organisation's quote videos and its vehicles' 360°
//! videos, newest first, live: [`VideoJobList`] asks again every 5 s while
//! the tab is visible, so renders started elsewhere appear; [`SpinJobList`]
//! every 5 s while one of its jobs is active.
use leptos::prelude::*;
use crate::components::page_title::PageTitle;

use crate::components::form::action_error;
use crate::components::video_job::{VideoAlert, VideoJobList};
use crate::i18n::use_lang;
use crate::pages::vehicles::{SpinAlert, SpinJobList, is_active};
use crate::vehicle_admin::{CancelSpinJob, RetrySpinJob, spin_jobs_page};
use crate::video_admin::{RetryVideo, video_jobs};

/// Reloads a page without JavaScript (inert text when scripts run).
const NOSCRIPT_REFRESH: &str = r#"<noscript><meta http-equiv="refresh" content="5"></noscript>"#;

#[component]
pub fn JobsPage() -> impl IntoView {
    let lang = use_lang();
    let retry = ServerAction::<RetryVideo>::new();
    let jobs = Resource::new(move || retry.version().get(), |_| video_jobs(String::new()));
    let retry_error = action_error(retry);
    let cancel360 = ServerAction::<CancelSpinJob>::new();
    let retry360 = ServerAction::<RetrySpinJob>::new();
    let spin_jobs = Resource::new(move || (cancel360.version().get(), retry360.version().get()), |_| spin_jobs_page());
    let spin_error = Signal::derive(move || cancel360.value().get().and_then(|r| r.err()).or_else(|| retry360.value().get().and_then(|r| r.err())));
    view! {
        <PageTitle text="Videos"/>
        <h1 class="mb-1 text-2xl font-bold text-teal-900">"Videos"</h1>
        <p class="mb-4 text-slate-700">
            {lang.t(
                "Los videos de tus cotizaciones. Pide uno con «Generar video» en la página de una cotización enviada.",
                "Your quotes' videos. Ask for one with “Make video” on a sent quote's page.",
            )}
        </p>
        <VideoAlert lang error=retry_error/>
        <Transition fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match jobs.await {
                    Ok(list) => view! { <VideoJobList initial=list quote_id="" lang retry/> }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Transition>
        <section class="mt-10" aria-labelledby="spin-jobs-heading" data-testid="spin-jobs-section">
            <h2 id="spin-jobs-heading" class="mb-1 text-xl font-bold text-teal-900">{lang.t("Videos 360°", "360° videos")}</h2>
            <p class="mb-4 text-slate-700">
                {lang.t(
                    "Los fotogramas sacados de los videos 360° de tus vehículos. Sube uno en la página de un vehículo.",
                    "The frames taken from your vehicles' 360° videos. Upload one on a vehicle's page.",
                )}
            </p>
            <SpinAlert lang error=spin_error/>
            <Transition fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
                {move || Suspend::new(async move {
                    match spin_jobs.await {
                        Ok(page) if page.jobs.is_empty() => view! {
                            <p class="rounded-xl bg-slate-50 p-4 text-slate-700 ring-1 ring-slate-200" data-testid="no-spin-jobs">
                                {lang.t("Aún no hay videos 360°. Súbelos desde la página de un vehículo.", "No 360° videos yet. Upload them from a vehicle's page.")}
                                " " <a href="/app/vehicles" class="font-semibold text-teal-800 underline">{lang.t("Ver vehículos", "See vehicles")}</a>
                            </p>
                        }.into_any(),
                        Ok(page) => view! { <LiveSpinJobs initial=page.jobs names=page.names lang cancel=cancel360 retry=retry360/> }.into_any(),
                        Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The organisation's 360° jobs, asked again every 5 s while any is pending
/// or processing (and the page reloads itself every 5 s without JavaScript).
#[component]
fn LiveSpinJobs(
    initial: Vec<domain::Video360Job>,
    names: Vec<(String, String)>,
    lang: crate::i18n::Lang,
    cancel: ServerAction<CancelSpinJob>,
    retry: ServerAction<RetrySpinJob>,
) -> impl IntoView {
    let started_active = initial.iter().any(|j| is_active(j.status));
    let jobs = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    crate::pages::vehicles::poll_spin_jobs(jobs, String::new(), None);
    view! {
        {started_active.then(|| view! { <div class="hidden" inner_html=NOSCRIPT_REFRESH.to_owned()></div> })}
        <SpinJobList jobs lang cancel retry names show_vehicle=true/>
    }
}
