//! Quote videos as sales see them: a render job's card (status, progress,
//! the player with download and WhatsApp share once ready, retry once
//! failed), the live list that polls every 5 s (the jobs page: always, so
//! jobs started elsewhere appear; a quote's page: while a render is queued
//! or running; neither while the browser tab is hidden), and the "Video"
//! section of a quote's page.
//!
//! Without JavaScript every button is a plain form post to its server
//! function (the server sends the browser back to the page), the player,
//! the download and the WhatsApp link are plain HTML, and a page with a
//! render under way reloads itself every 5 s (`<noscript>` refresh).
use domain::{JobStatus, VideoJob};
use leptos::prelude::*;

use crate::components::form::action_error;
use crate::error::AppError;
use crate::format;
use crate::i18n::Lang;
use crate::video_admin::{RequestVideo, RetryVideo, video_jobs};

const BUTTON: &str = "inline-flex min-h-12 items-center justify-center rounded-lg px-4 py-3 text-base font-semibold focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2 disabled:opacity-60";

/// How often the page asks again while a render is queued or running.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const POLL_MS: u32 = 5_000;

/// The progress bar's fill by 5 % steps (whole classes, so Tailwind sees
/// them, and no inline style, which the pages' CSP forbids).
const WIDTHS: [&str; 21] = [
    "w-0", "w-1/20", "w-2/20", "w-3/20", "w-4/20", "w-5/20", "w-6/20", "w-7/20", "w-8/20", "w-9/20", "w-10/20",
    "w-11/20", "w-12/20", "w-13/20", "w-14/20", "w-15/20", "w-16/20", "w-17/20", "w-18/20", "w-19/20", "w-full",
];

/// Reloads a page without JavaScript (a `<noscript>` is inert text when
/// scripts run, so the hydrated page never reloads itself).
const NOSCRIPT_REFRESH: &str = r#"<noscript><meta http-equiv="refresh" content="5"></noscript>"#;

/// A render job's status as sales read it.
pub fn job_status_label(status: JobStatus, lang: Lang) -> &'static str {
    match status {
        JobStatus::Queued => lang.t("En cola", "Queued"),
        JobStatus::Running => lang.t("Procesando", "Rendering"),
        JobStatus::Succeeded => lang.t("Listo", "Ready"),
        JobStatus::Failed => lang.t("Falló", "Failed"),
        JobStatus::Cancelled => lang.t("Cancelado", "Cancelled"),
    }
}

fn status_colours(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Queued => "bg-slate-100 text-slate-800",
        JobStatus::Running => "bg-amber-100 text-amber-900",
        JobStatus::Succeeded => "bg-teal-100 text-teal-900",
        JobStatus::Failed => "bg-red-100 text-red-900",
        JobStatus::Cancelled => "bg-slate-200 text-slate-800",
    }
}

/// What to say when asking for (or retrying) a video failed. The hourly
/// limit (429) has its own sentence; a job in the wrong state is not a
/// quote status.
pub fn video_error_message(err: &AppError, lang: Lang) -> String {
    match err {
        AppError::Throttled { .. } => {
            lang.t("Límite de videos por hora alcanzado; intenta más tarde.", "Hourly video limit reached; please try again later.").into()
        }
        AppError::WrongState { status } if status.parse::<domain::QuoteStatus>().is_err() => {
            lang.t("Este video ya no se puede reintentar.", "This video can no longer be retried.").into()
        }
        other => other.message(lang),
    }
}

/// The message of a video action's last failed run.
#[component]
pub fn VideoAlert(lang: Lang, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p role="alert" data-testid="video-error" class="mb-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
                {move || error.get().map(|e| video_error_message(&e, lang))}
            </p>
        </Show>
    }
}

fn any_active(jobs: &[VideoJob]) -> bool {
    jobs.iter().any(|j| j.status.is_active())
}

/// Whether a list asks the server again: the organisation's whole list
/// (the jobs page) always, so jobs started elsewhere (another tab, a
/// colleague, the API) appear; one quote's list only while a job it shows
/// is queued or running.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn keeps_polling(jobs: &[VideoJob], quote_id: &str, latest_only: bool) -> bool {
    (quote_id.is_empty() && !latest_only) || shown(jobs, latest_only).iter().any(|(j, _)| j.status.is_active())
}

/// The jobs shown, each with whether it may be retried: a failed job a
/// newer job of the same quote version replaced is not offered again.
fn shown(jobs: &[VideoJob], latest_only: bool) -> Vec<(VideoJob, bool)> {
    let take = if latest_only { 1 } else { jobs.len() };
    jobs.iter()
        .take(take)
        .map(|job| {
            let replaced = jobs
                .iter()
                .any(|o| o.id != job.id && o.entity_id == job.entity_id && o.quote_version == job.quote_version && o.created_at > job.created_at);
            (job.clone(), job.status == JobStatus::Failed && !replaced)
        })
        .collect()
}

/// Render jobs, newest first, kept fresh: every [`POLL_MS`] while the tab
/// is visible it asks the server again (see [`keeps_polling`]), until the
/// list leaves the page. `quote_id` empty: the organisation's jobs;
/// `latest_only`: only the newest (a quote's page).
#[component]
pub fn VideoJobList(
    initial: Vec<VideoJob>,
    #[prop(into)] quote_id: String,
    #[prop(optional)] latest_only: bool,
    lang: Lang,
    retry: ServerAction<RetryVideo>,
) -> impl IntoView {
    let started_active = any_active(if latest_only { &initial[..initial.len().min(1)] } else { &initial[..] });
    let jobs = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    poll_while_active(jobs, quote_id.clone(), latest_only);
    #[cfg(not(feature = "hydrate"))]
    let _ = &quote_id;
    let visible = move || jobs.with(|list| shown(list, latest_only));
    let active = move || jobs.with(|list| shown(list, latest_only).iter().filter(|(j, _)| j.status.is_active()).count());
    let empty = move || jobs.with(|list| list.is_empty());
    view! {
        {started_active.then(|| view! { <div class="hidden" inner_html=NOSCRIPT_REFRESH.to_owned()></div> })}
        <p class="sr-only" role="status">
            {move || match active() {
                0 => String::new(),
                n => format!("{} {}", format::plural(lang, n, "video", "videos", "video", "videos"), lang.t("en proceso", "rendering")),
            }}
        </p>
        <Show when=empty>
            <p class="rounded-xl bg-slate-50 p-4 text-slate-700 ring-1 ring-slate-200" data-testid="no-videos">
                {if latest_only {
                    lang.t("Esta cotización aún no tiene video.", "This quote has no video yet.")
                } else {
                    lang.t("Aún no hay videos. Genéralos desde la página de una cotización enviada.", "No videos yet. Make one from a sent quote's page.")
                }}
            </p>
        </Show>
        <ul class=if latest_only { "grid gap-4" } else { "grid gap-4 md:grid-cols-2 xl:grid-cols-3" } data-testid="video-jobs">
            <For
                each=visible
                key=|(job, retryable)| (job.id.clone(), job.status, job.progress, job.attempts, *retryable)
                children=move |(job, retryable)| view! { <JobCard job lang retry retryable show_quote=!latest_only/> }
            />
        </ul>
    }
}

/// Asks for the jobs again every [`POLL_MS`] while [`keeps_polling`]
/// says so, skipping the ticks while the tab is hidden; stops when it no
/// longer does, or when the list is dropped (its page unmounted, or the
/// list replaced after an action).
#[cfg(feature = "hydrate")]
fn poll_while_active(jobs: RwSignal<Vec<VideoJob>>, quote_id: String, latest_only: bool) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let alive = Arc::new(AtomicBool::new(true));
    let polling = Arc::new(AtomicBool::new(false));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let page_hidden = || web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
    let wanted = quote_id.clone();
    let active_of = move |list: &[VideoJob]| keeps_polling(list, &wanted, latest_only);
    Effect::new(move |_| {
        let active = jobs.with(|list| active_of(list));
        if !active || polling.swap(true, Ordering::Relaxed) {
            return;
        }
        let (alive, polling, quote_id, active_of) = (alive.clone(), polling.clone(), quote_id.clone(), active_of.clone());
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                if page_hidden() {
                    continue;
                }
                match video_jobs(quote_id.clone()).await {
                    Ok(list) => {
                        if !alive.load(Ordering::Relaxed) {
                            break;
                        }
                        let still = active_of(&list);
                        jobs.try_set(list);
                        if !still {
                            break;
                        }
                    }
                    // Signed out or gone: asking again will not help.
                    Err(AppError::Unauthenticated | AppError::Forbidden | AppError::NotFound) => break,
                    // A network hiccup: the next tick tries again.
                    Err(_) => {}
                }
            }
            polling.store(false, Ordering::Relaxed);
        });
    });
}

/// One render job.
#[component]
pub fn JobCard(job: VideoJob, lang: Lang, retry: ServerAction<RetryVideo>, retryable: bool, show_quote: bool) -> impl IntoView {
    let status = job.status;
    let progress = job.progress.min(100);
    let quote_href = format!("/app/quotes/{}", job.entity_id);
    let version = match lang {
        Lang::Es => format!("versión {}", job.quote_version),
        Lang::En => format!("version {}", job.quote_version),
    };
    let attempts = (job.attempts > 0).then(|| match lang {
        Lang::Es => format!("intento {} de {}", job.attempts, job.max_attempts),
        Lang::En => format!("attempt {} of {}", job.attempts, job.max_attempts),
    });
    let duration = job.duration_ms.filter(|ms| *ms > 0).map(|ms| {
        let s = (ms + 500) / 1000;
        format!("{}:{:02}", s / 60, s % 60)
    });
    let heading = if show_quote {
        view! { <a href=quote_href class="font-semibold text-teal-900 underline underline-offset-2 hover:text-teal-700" data-testid="video-quote">{job.quote_number.clone()}</a> }.into_any()
    } else {
        view! { <span class="font-semibold">{lang.t("Video de la cotización", "Quote video")}</span> }.into_any()
    };
    view! {
        <li class="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="video-job" data-status=status.as_str()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p>{heading} <span class="text-slate-700">" · " {version}</span></p>
                <span class=format!("rounded-full px-3 py-1 text-sm font-semibold {}", status_colours(status)) data-testid="video-status">
                    {job_status_label(status, lang)}
                </span>
            </div>
            <p class="mt-1 text-sm text-slate-600">
                {lang.t("Pedido el", "Requested")} " " {format::datetime(job.created_at, lang)} " UTC"
                {attempts.map(|a| format!(" · {a}"))}
                {duration.map(|d| format!(" · {d}"))}
            </p>
            {status.is_active().then(|| view! {
                <div class="mt-3">
                    <div role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=progress
                        aria-label=lang.t("Progreso del video", "Video progress") data-testid="video-progress"
                        class="h-3 w-full overflow-hidden rounded-full bg-slate-200">
                        <div class=format!("h-full rounded-full bg-teal-700 {}", WIDTHS[usize::from(progress) / 5])></div>
                    </div>
                    <p class="mt-1 text-sm text-slate-700">
                        {if status == JobStatus::Queued { lang.t("Esperando turno…", "Waiting for its turn…") } else { lang.t("Generando…", "Rendering…") }}
                        " " {progress} " %"
                    </p>
                </div>
            })}
            {(status == JobStatus::Succeeded).then(|| match job.video_url.clone() {
                Some(url) => view! { <ReadyVideo job=job.clone() url lang/> }.into_any(),
                None => view! {
                    <p class="mt-3 text-sm text-slate-700">{lang.t("Este video ya no está guardado; genera uno nuevo.", "This video is no longer stored; make a new one.")}</p>
                }.into_any(),
            })}
            {(status == JobStatus::Failed).then(|| {
                let job_id = job.id.clone();
                view! {
                    <div role="alert" class="mt-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="video-failed">
                        <p class="font-semibold">{lang.t("No se pudo generar el video.", "The video could not be made.")}</p>
                        {job.error.clone().map(|e| view! { <p class="mt-1 break-words">{e}</p> })}
                        {retryable.then(|| view! {
                            <div class="mt-2">
                                <ActionForm action=retry>
                                    <input type="hidden" name="job_id" value=job_id/>
                                    <button type="submit" disabled=move || retry.pending().get() data-testid="retry-video"
                                        class=format!("{BUTTON} bg-white text-red-800 ring-1 ring-red-300 hover:bg-red-100")>
                                        {lang.t("Reintentar", "Retry")}
                                    </button>
                                </ActionForm>
                            </div>
                        })}
                    </div>
                }
            })}
        </li>
    }
}

/// The player, the download and the WhatsApp share of a finished video.
#[component]
fn ReadyVideo(job: VideoJob, url: String, lang: Lang) -> impl IntoView {
    let file_name = format!("{}-v{}.mp4", job.quote_number, job.quote_version);
    let label = match lang {
        Lang::Es => format!("Video de la cotización {}", job.quote_number),
        Lang::En => format!("Video of quote {}", job.quote_number),
    };
    view! {
        <video controls playsinline preload="metadata" poster=job.thumbnail_url.clone() src=url.clone() aria-label=label
            data-testid="video-player"
            class="mx-auto mt-3 block aspect-[9/16] h-[70vh] max-h-[70vh] w-auto max-w-full rounded-xl bg-black">
        </video>
        <div class="mt-3 flex flex-wrap gap-2">
            <a href=url.clone() download=file_name.clone() rel="external" data-testid="video-download"
                class=format!("{BUTTON} bg-white text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50")>
                {lang.t("Descargar", "Download")}
            </a>
            <ShareButton url file_name number=job.quote_number.clone() lang/>
        </div>
    }
}

/// "Compartir por WhatsApp": on a phone that can share files, the MP4 itself
/// (Web Share API); elsewhere, or without JavaScript, a `wa.me` link with a
/// short message and the video's link.
#[component]
fn ShareButton(url: String, file_name: String, number: String, lang: Lang) -> impl IntoView {
    let link = absolute(&url);
    let text = match lang {
        Lang::Es => format!("Video de la cotización {number}: {link}"),
        Lang::En => format!("Video of quote {number}: {link}"),
    };
    let wa = format!("https://wa.me/?text={}", percent_encode(&text));
    let note = RwSignal::new(None::<&'static str>);
    #[cfg(feature = "hydrate")]
    let on_click = share::on_click(url, file_name, text, wa.clone(), note, lang);
    #[cfg(not(feature = "hydrate"))]
    let on_click = {
        let _ = (&url, &file_name);
        |_: leptos::ev::MouseEvent| {}
    };
    view! {
        <a href=wa rel="external noopener" target="_blank" on:click=on_click data-testid="video-share"
            class=format!("{BUTTON} bg-green-700 text-white hover:bg-green-800")>
            {lang.t("Compartir por WhatsApp", "Share on WhatsApp")}
        </a>
        <p class="basis-full text-sm text-slate-700" role="status">{move || note.get()}</p>
    }
}

/// A link from our own server (`/files/…`) made absolute for a message.
fn absolute(url: &str) -> String {
    if !url.starts_with('/') {
        return url.to_owned();
    }
    #[cfg(feature = "ssr")]
    let origin = crate::session::visitor().origin;
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let origin = String::new();
    format!("{}{url}", origin.trim_end_matches('/'))
}

/// Percent-encodes everything but the URL-safe unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Sharing the MP4 itself through the Web Share API (`navigator.canShare`
/// and `navigator.share`, read by name: web-sys keeps them behind its
/// unstable flag).
#[cfg(feature = "hydrate")]
mod share {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys::{Array, Function, Object, Promise, Reflect};

    use crate::i18n::Lang;

    fn navigator_method(name: &str) -> Option<(web_sys::Navigator, Function)> {
        let navigator = web_sys::window()?.navigator();
        let method = Reflect::get(&navigator, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()?;
        Some((navigator, method))
    }

    fn mp4(parts: &Array, name: &str) -> Option<web_sys::File> {
        let options = web_sys::FilePropertyBag::new();
        options.set_type("video/mp4");
        web_sys::File::new_with_blob_sequence_and_options(parts, name, &options).ok()
    }

    fn share_data(file: &web_sys::File, text: Option<&str>) -> Object {
        let data = Object::new();
        let _ = Reflect::set(&data, &JsValue::from_str("files"), &Array::of1(file));
        if let Some(text) = text {
            let _ = Reflect::set(&data, &JsValue::from_str("text"), &JsValue::from_str(text));
        }
        data
    }

    /// Whether this browser shares MP4 files (phones, mostly); asked with an
    /// empty file, synchronously, so the click can still follow the link.
    fn can_share_video() -> bool {
        let (Some((navigator, can_share)), Some(probe)) = (navigator_method("canShare"), mp4(&Array::new(), "video.mp4")) else {
            return false;
        };
        can_share.call1(&navigator, &share_data(&probe, None)).ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }

    async fn download(url: &str, name: &str) -> Result<web_sys::File, JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await?.dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str("download failed"));
        }
        let blob = JsFuture::from(response.blob()?).await?;
        mp4(&Array::of1(&blob), name).ok_or(JsValue::NULL)
    }

    /// `Err` carries the DOMException's name (`AbortError`: the person
    /// closed the share sheet; `NotAllowedError`: the tap is too old).
    async fn share(file: &web_sys::File, text: &str) -> Result<(), String> {
        let (navigator, share) = navigator_method("share").ok_or_else(|| "NotSupportedError".to_owned())?;
        let promise = share.call1(&navigator, &share_data(file, Some(text))).map_err(error_name)?;
        let promise = promise.dyn_into::<Promise>().map_err(error_name)?;
        JsFuture::from(promise).await.map(|_| ()).map_err(error_name)
    }

    fn error_name(err: JsValue) -> String {
        Reflect::get(&err, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).unwrap_or_default()
    }

    /// The share button's click: shares the file where the browser can (the
    /// video is downloaded once and kept for the next tap), else lets the
    /// `wa.me` link open.
    pub fn on_click(
        url: String,
        file_name: String,
        text: String,
        wa: String,
        note: RwSignal<Option<&'static str>>,
        lang: Lang,
    ) -> impl FnMut(leptos::ev::MouseEvent) + 'static {
        let file = StoredValue::new_local(None::<web_sys::File>);
        let busy = RwSignal::new(false);
        move |ev: leptos::ev::MouseEvent| {
            if !can_share_video() {
                return;
            }
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (url, file_name, text, wa) = (url.clone(), file_name.clone(), text.clone(), wa.clone());
            leptos::task::spawn_local(async move {
                let kept = file.try_get_value().flatten();
                let ready = match kept {
                    Some(f) => Ok(f),
                    None => {
                        note.try_set(Some(lang.t("Preparando el video…", "Preparing the video…")));
                        download(&url, &file_name).await
                    }
                };
                match ready {
                    Ok(f) => {
                        file.try_set_value(Some(f.clone()));
                        let outcome = share(&f, &text).await;
                        note.try_set(match outcome.as_ref().map_err(String::as_str) {
                            Ok(()) | Err("AbortError") => None,
                            Err("NotAllowedError") => Some(lang.t("Video listo: toca de nuevo para compartirlo.", "Video ready: tap again to share it.")),
                            Err(_) => {
                                open(&wa);
                                None
                            }
                        });
                    }
                    Err(_) => {
                        note.try_set(None);
                        open(&wa);
                    }
                }
                busy.try_set(false);
            });
        }
    }

    /// The `wa.me` link, when the file cannot be shared.
    fn open(wa: &str) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href(wa);
        }
    }
}

/// What the "Video" section of a quote's page needs, made by the page
/// itself (not inside its `Suspense`, so the server's answer hydrates): the
/// two actions and the quote's jobs, asked again after either action.
#[derive(Clone, Copy)]
pub struct QuoteVideos {
    pub request: ServerAction<RequestVideo>,
    pub retry: ServerAction<RetryVideo>,
    pub jobs: Resource<Result<Vec<VideoJob>, AppError>>,
}

impl QuoteVideos {
    pub fn new(quote_id: impl Fn() -> String + Send + Sync + 'static) -> QuoteVideos {
        let request = ServerAction::<RequestVideo>::new();
        let retry = ServerAction::<RetryVideo>::new();
        let jobs = Resource::new(move || (quote_id(), request.version().get(), retry.version().get()), |(id, _, _)| video_jobs(id));
        QuoteVideos { request, retry, jobs }
    }
}

/// The "Video" section of a sent quote's page: "Generar video" and its
/// newest job, live. `jobs` is what the page awaited from [`QuoteVideos`].
#[component]
pub fn QuoteVideo(#[prop(into)] quote_id: String, lang: Lang, videos: QuoteVideos, jobs: Result<Vec<VideoJob>, AppError>) -> impl IntoView {
    let QuoteVideos { request, retry, .. } = videos;
    let request_error = action_error(request);
    let retry_error = action_error(retry);
    let list = match jobs {
        Ok(list) => view! { <VideoJobList initial=list quote_id=quote_id.clone() latest_only=true lang retry/> }.into_any(),
        Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
    };
    view! {
        <section class="mb-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-labelledby="video-heading" data-testid="quote-video">
            <div class="mb-3 flex flex-wrap items-center justify-between gap-3">
                <div>
                    <h2 id="video-heading" class="text-lg font-semibold">"Video"</h2>
                    <p class="text-sm text-slate-700">{lang.t("Un video vertical con el resumen de la cotización, para enviarlo por WhatsApp.", "A vertical video summing up the quote, to send on WhatsApp.")}</p>
                </div>
                <ActionForm action=request>
                    <input type="hidden" name="quote_id" value=quote_id/>
                    <button type="submit" disabled=move || request.pending().get() data-testid="request-video"
                        class=format!("{BUTTON} bg-teal-700 text-white hover:bg-teal-800")>
                        {lang.t("Generar video", "Make video")}
                    </button>
                </ActionForm>
            </div>
            <VideoAlert lang error=request_error/>
            <VideoAlert lang error=retry_error/>
            <div>{list}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, version: i64, status: JobStatus, created_at: i64) -> VideoJob {
        VideoJob {
            id: id.into(),
            entity_type: "QUOTE".into(),
            entity_id: "q1".into(),
            quote_number: "COT-2026-000001".into(),
            quote_version: version,
            template: domain::QUOTE_SUMMARY_TEMPLATE.into(),
            status,
            progress: 0,
            attempts: 1,
            max_attempts: 3,
            error: None,
            video_url: None,
            thumbnail_url: None,
            duration_ms: None,
            created_by: "u".into(),
            created_at,
            started_at: None,
            finished_at: None,
            updated_at: created_at,
        }
    }

    #[test]
    fn a_failed_job_is_retryable_until_a_newer_job_of_its_version_exists() {
        let jobs = [job("b", 1, JobStatus::Queued, 2), job("a", 1, JobStatus::Failed, 1), job("c", 2, JobStatus::Failed, 0)];
        let all = shown(&jobs, false);
        assert_eq!(all.iter().map(|(j, r)| (j.id.as_str(), *r)).collect::<Vec<_>>(), [("b", false), ("a", false), ("c", true)]);
        assert_eq!(shown(&jobs, true).len(), 1);
        assert!(any_active(&jobs));
    }

    #[test]
    fn the_jobs_page_keeps_asking_a_quote_page_only_while_a_render_is_active() {
        let finished = [job("a", 1, JobStatus::Succeeded, 1)];
        assert!(keeps_polling(&finished, "", false), "the jobs page: a job started elsewhere must appear");
        assert!(keeps_polling(&[], "", false), "even with no job yet");
        assert!(!keeps_polling(&finished, "q1", true), "a quote's page with its video made");
        assert!(keeps_polling(&[job("b", 2, JobStatus::Running, 2), job("a", 1, JobStatus::Succeeded, 1)], "q1", true));
    }

    #[test]
    fn progress_widths_cover_0_to_100() {
        assert_eq!(WIDTHS[0], "w-0");
        assert_eq!(WIDTHS[100 / 5], "w-full");
    }

    #[test]
    fn the_hourly_limit_has_its_own_message() {
        let err = AppError::Throttled { retry_after_secs: 3600 };
        assert_eq!(video_error_message(&err, Lang::Es), "Límite de videos por hora alcanzado; intenta más tarde.");
        assert_eq!(video_error_message(&AppError::WrongState { status: "queued".into() }, Lang::En), "This video can no longer be retried.");
        assert_eq!(percent_encode("Video: /files/a?b=1"), "Video%3A%20%2Ffiles%2Fa%3Fb%3D1");
    }
}
