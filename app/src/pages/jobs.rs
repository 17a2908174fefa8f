//! `/app/jobs`: the organisation's quote videos, newest first, live while a
//! render is queued or running (see [`VideoJobList`]).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::action_error;
use crate::components::video_job::{VideoAlert, VideoJobList};
use crate::i18n::use_lang;
use crate::video_admin::{RetryVideo, video_jobs};

#[component]
pub fn JobsPage() -> impl IntoView {
    let lang = use_lang();
    let retry = ServerAction::<RetryVideo>::new();
    let jobs = Resource::new(move || retry.version().get(), |_| video_jobs(String::new()));
    let retry_error = action_error(retry);
    view! {
        <Title text="Videos"/>
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
    }
}
