//! `/app/vehicles` and `/app/vehicles/{id}`: the organisation's vehicles
//! (automotive vertical), a vehicle's details, its 360° spin, and the upload
//! of a 360° video with its frame-extraction job, live.
//!
//! Without JavaScript every form posts for real: the vehicle forms to their
//! server functions (errors come back in the URL and show next to the
//! fields), the video to the REST upload (which sends the browser back to
//! the vehicle's page, with `?upload_error=` when the video was refused),
//! and a page with a job under way reloads itself every 5 s. With
//! JavaScript the VIN is decoded while typed, the video is sent with a real
//! progress bar (XMLHttpRequest upload events) and the job is polled.
use domain::{BodyType, Vehicle, VehicleView, Video360Job, Video360Status};
use leptos::prelude::*;
use crate::components::new_quote_link::NewQuoteLink;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::form::{FormAlert, Submit, action_error, field_message, ErrorSummary};
use crate::components::spin_viewer::{SpinViewer, angle_label, degrees};
use crate::components::vehicle_messages::{vehicle_field_message, vin_error_text, vin_hint};
use crate::components::vehicle_suggestions::{MAKES_LIST, MODELS_LIST, MakeModelSuggestions};
use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::vehicle_admin::{
    CancelSpinJob, CreateVehicle, DeleteVehicle, RetrySpinJob, UPLOAD_PATH, UpdateVehicle, VehiclePageData, list_vehicles, vehicle_page,
};

const INPUT: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";
const BUTTON: &str = "inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2 font-semibold focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2 disabled:opacity-60";
const CARD: &str = "rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6";

/// How often a page asks again while a 360° job is pending or processing.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const POLL_MS: u32 = 5_000;

/// Progress bars fill by 5 % steps (whole classes, so Tailwind sees them,
/// and no inline style, which the pages' CSP forbids).
const WIDTHS: [&str; 21] = [
    "w-0", "w-1/20", "w-2/20", "w-3/20", "w-4/20", "w-5/20", "w-6/20", "w-7/20", "w-8/20", "w-9/20", "w-10/20",
    "w-11/20", "w-12/20", "w-13/20", "w-14/20", "w-15/20", "w-16/20", "w-17/20", "w-18/20", "w-19/20", "w-full",
];

/// The fill class of a progress bar at `percent` (0–100, rounded down to 5 %).
pub fn width_class(percent: u8) -> &'static str {
    WIDTHS[usize::from(percent.min(100)) / 5]
}

/// Reloads a page without JavaScript (inert text when scripts run).
const NOSCRIPT_REFRESH: &str = r#"<noscript><meta http-equiv="refresh" content="5"></noscript>"#;

/// Frame counts offered by the upload form (the first is the default).
const FRAME_COUNTS: [u32; 5] = [6, 8, 12, 24, 36];

pub fn is_active(status: Video360Status) -> bool {
    matches!(status, Video360Status::Pending | Video360Status::Processing)
}

/// A 360° job's status as sales read it.
pub fn spin_status_label(status: Video360Status, lang: Lang) -> &'static str {
    match status {
        Video360Status::Pending => lang.t("En cola", "Queued"),
        Video360Status::Processing => lang.t("Procesando", "Processing"),
        Video360Status::Completed => lang.t("Listo", "Ready"),
        Video360Status::Failed => lang.t("Falló", "Failed"),
        Video360Status::Cancelled => lang.t("Cancelado", "Cancelled"),
    }
}

fn status_colours(status: Video360Status) -> &'static str {
    match status {
        Video360Status::Pending => "bg-slate-100 text-slate-800",
        Video360Status::Processing => "bg-amber-100 text-amber-900",
        Video360Status::Completed => "bg-teal-100 text-teal-900",
        Video360Status::Failed => "bg-red-100 text-red-900",
        Video360Status::Cancelled => "bg-slate-200 text-slate-800",
    }
}

/// A refused 360° video in one sentence: the upload's field message (or
/// the no-JavaScript redirect's `field: message; …`), in the page's language.
pub fn upload_refusal(lang: Lang, raw: &str) -> String {
    const FIELDS: [&str; 5] = ["video", "frameCount", "quality", "imageFormat", "vehicleId"];
    // `field: message; field: message` (messages may hold "; " themselves).
    let raw = raw.trim();
    let (field, rest) = FIELDS
        .iter()
        .find_map(|f| raw.strip_prefix(f).and_then(|r| r.strip_prefix(": ")).map(|r| (*f, r)))
        .unwrap_or(("video", raw));
    let end = FIELDS.iter().filter_map(|f| rest.find(&format!("; {f}: "))).min().unwrap_or(rest.len());
    let message = rest[..end].trim();
    if lang == Lang::En {
        let mut text = message.to_owned();
        if let Some(c) = text.get(0..1) {
            text.replace_range(0..1, &c.to_uppercase());
        }
        if field != "video" {
            text = format!("{field}: {text}");
        }
        return if text.ends_with('.') { text } else { format!("{text}.") };
    }
    let es = if message.contains("not a video we accept") {
        "El archivo no es un video que podamos usar. Formatos aceptados: MP4, MOV, AVI y WebM."
    } else if message.contains("no video stream") {
        "El archivo no tiene imagen de video. Sube un video MP4, MOV, AVI o WebM."
    } else if message.contains("self-contained") {
        "El archivo no es un video independiente (listas de reproducción y enlaces no sirven). Sube un video MP4, MOV, AVI o WebM."
    } else if message.contains("longer than the") {
        "El video es demasiado largo; graba una sola vuelta alrededor del vehículo."
    } else if message.contains("larger than") {
        "El video es demasiado grande."
    } else if message.contains("changes its picture size") {
        "El video cambia de tamaño de imagen a mitad de la grabación; sube un video grabado de una sola vez."
    } else if message.contains("pixels") {
        "El video tiene demasiada resolución (máximo 8K)."
    } else if message.starts_with("is required") {
        "Elige un archivo de video."
    } else if message == "is empty" {
        "El archivo está vacío."
    } else if field == "frameCount" {
        "Elige entre 2 y 72 fotogramas."
    } else if message.contains("could not be decoded") || message.contains("could not be checked") {
        "No se pudo leer el video; puede estar dañado."
    } else if message.contains("not logged in") {
        "Tu sesión terminó. Vuelve a entrar."
    } else {
        return format!("No se pudo usar ese video: {message}");
    };
    es.to_owned()
}

/// What to say when cancelling or retrying a 360° job failed.
pub fn spin_error_message(err: &AppError, lang: Lang) -> String {
    match err {
        AppError::WrongState { .. } => lang.t("Este trabajo ya terminó; recarga la página.", "This job has already ended; reload the page.").into(),
        other => other.message(lang),
    }
}

// ---------------------------------------------------------------- the form

/// The value a field starts with: typed before a failed post, else the vehicle's.
fn initial(error: Signal<Option<AppError>>, name: &str, value: String) -> String {
    error.get_untracked().and_then(|e| e.kept(name).map(str::to_owned)).unwrap_or(value)
}

/// A labelled text input bound to `value`, with its error under it.
#[component]
fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    message: Signal<Option<String>>,
    #[prop(into, default = "text".to_owned())] kind: String,
    #[prop(into, optional)] inputmode: Option<String>,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(into, optional)] describe: Option<String>,
    #[prop(optional)] uppercase: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(into, optional)] list: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let described = describe.map_or_else(|| err_id.clone(), |d| format!("{d} {err_id}"));
    // Its line in the form's error summary, and the browser's check (JS) before the server's.
    let checked = crate::components::error_summary::register_label(&name, &label);
    let lang = crate::i18n::use_lang();
    let message = Signal::derive(move || checked.get().map(|m| field_message(lang, &m)).or_else(|| message.get()));
    view! {
        <div class="mb-4">
            <label for=id.clone() class="mb-1 block text-sm font-medium text-slate-800">{label}</label>
            <input id=id name=name type=kind inputmode=inputmode autocomplete=autocomplete required=required maxlength=maxlength list=list
                value=value.get_untracked() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || message.get().is_some().then_some("true") aria-describedby=described
                class=if uppercase { format!("{INPUT} uppercase") } else { INPUT.to_owned() }/>
            <p id=err_id class="mt-1 text-sm text-red-700" data-testid="field-error">{move || message.get()}</p>
        </div>
    }
}

/// The vehicle's fields, for the new and the edit form. The VIN is decoded
/// while typed (make, year and country under it) and fills the make and
/// the year when those are still empty.
#[component]
fn VehicleFields(lang: Lang, vehicle: Option<Vehicle>, error: Signal<Option<AppError>>) -> impl IntoView {
    let v = vehicle.as_ref();
    let start = |name: &str, value: Option<String>| RwSignal::new(initial(error, name, value.unwrap_or_default()));
    let vin = start("vin", v.and_then(|v| v.vin.clone()));
    let make = start("make", v.map(|v| v.make.clone()));
    let model = start("model", v.map(|v| v.model.clone()));
    let year = start("year", v.map(|v| v.year.to_string()));
    let body_type = start("body_type", v.map(|v| v.body_type.as_str().to_owned()));
    let plate = start("plate", v.map(|v| v.plate.clone()));
    let colour = start("colour", v.map(|v| v.colour.clone()));
    let message = move |field: &'static str| {
        Signal::derive(move || {
            error.get().and_then(|e| e.field(field).map(|m| vehicle_field_message(lang, field, m, &vin.get_untracked())))
        })
    };
    // The VIN fills what is still empty once it decodes.
    Effect::new(move |_| {
        if let Ok(d) = domain::decode_vin(&vin.get()) {
            if let Some(m) = d.make.filter(|_| make.get_untracked().trim().is_empty()) {
                make.set(m);
            }
            if let Some(y) = d.model_year.filter(|_| year.get_untracked().trim().is_empty()) {
                year.set(y.to_string());
            }
        }
    });
    // The server's VIN error follows what is typed now: a rule still broken
    // is said once (here, not again in the hint); a fixed VIN clears it.
    let vin_message = Signal::derive(move || {
        let message = error.get().and_then(|e| e.field("vin").map(str::to_owned))?;
        let typed = vin.get();
        match domain::decode_vin(&typed) {
            Err(e) => Some(vin_error_text(&e, lang)),
            Ok(_) if message.contains("(vin.") => None,
            Ok(_) => Some(vehicle_field_message(lang, "vin", &message, &typed)),
        }
    });
    let hint = move || vin_hint(&vin.get(), lang);
    let options: Vec<(String, String)> = BodyType::ALL.iter().map(|b| (b.as_str().to_owned(), b.label(lang.code()).to_owned())).collect();
    let body_error = message("body_type");
    view! {
        <TextField name="vin" label=lang.t("VIN (opcional)", "VIN (optional)") value=vin message=vin_message
            autocomplete="off" maxlength=24 describe="vin-hint" uppercase=true/>
        <p id="vin-hint" class="-mt-3 mb-4 min-h-5 text-sm" aria-live="polite" data-testid="vin-hint"
            data-state=move || match hint() { None => "empty", Some(Ok(_)) => "ok", Some(Err(_)) => "error" }>
            {move || match hint() {
                None => view! { <span class="text-slate-600">{lang.t("17 caracteres; lo leemos sin conexión y completamos marca y año.", "17 characters; read offline to fill in make and year.")}</span> }.into_any(),
                Some(Ok(text)) => view! { <span class="font-medium text-teal-800">"✓ " {text}</span> }.into_any(),
                Some(Err(_)) if vin_message.get().is_some() => ().into_any(),
                Some(Err(why)) => view! { <span class="text-amber-800">{why}</span> }.into_any(),
            }}
        </p>
        // Without a VIN, make and model are picked from suggestions (or typed).
        <MakeModelSuggestions make/>
        <div class="grid gap-x-4 sm:grid-cols-2">
            <TextField name="make" label=lang.t("Marca", "Make") value=make message=message("make") required=true autocomplete="off" list=MAKES_LIST/>
            <TextField name="model" label=lang.t("Modelo", "Model") value=model message=message("model") required=true autocomplete="off" list=MODELS_LIST/>
            <TextField name="year" label=lang.t("Año modelo", "Model year") value=year message=message("year") required=true
                inputmode="numeric" maxlength=4 autocomplete="off"/>
            <div class="mb-4">
                {crate::components::error_summary::register_label("body_type", lang.t("Carrocería", "Body type")); ()}
                <label for="f-body_type" class="mb-1 block text-sm font-medium text-slate-800">{lang.t("Carrocería", "Body type")}</label>
                <select id="f-body_type" name="body_type" required=true aria-describedby="f-body_type-error"
                    aria-invalid=move || body_error.get().is_some().then_some("true")
                    on:change=move |ev| body_type.set(event_target_value(&ev)) class=INPUT>
                    <option value="" selected=move || body_type.get().is_empty()>{lang.t("Elige…", "Choose…")}</option>
                    {options.into_iter().map(|(value, text)| {
                        let is = value.clone();
                        view! { <option value=value selected=move || body_type.get() == is>{text}</option> }
                    }).collect_view()}
                </select>
                <p id="f-body_type-error" class="mt-1 text-sm text-red-700" data-testid="field-error">{move || body_error.get()}</p>
            </div>
            <TextField name="plate" label=lang.t("Patente (opcional)", "Plate (optional)") value=plate message=message("plate") autocomplete="off" uppercase=true/>
            <TextField name="colour" label=lang.t("Color (opcional)", "Colour (optional)") value=colour message=message("colour") autocomplete="off"/>
        </div>
    }
}

// ---------------------------------------------------------------- the list

/// `/app/vehicles`: search, the list, and "Nuevo vehículo".
#[component]
pub fn VehiclesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let create = ServerAction::<CreateVehicle>::new();
    let error = action_error(create);
    let list = Resource::new(q, list_vehicles);
    let deleted = move || query.read().get("deleted").is_some();
    view! {
        <PageTitle text=lang.t("Vehículos", "Vehicles")/>
        <h1 class="mb-1 text-2xl font-bold text-teal-900">{lang.t("Vehículos", "Vehicles")}</h1>
        <p class="mb-4 text-slate-700">{lang.t(
            "Los vehículos de tus clientes, con su vista 360° para mostrar el trabajo.",
            "Your customers' vehicles, with their 360° view to show the work.",
        )}</p>
        <Show when=deleted>
            <p role="status" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200" data-testid="vehicle-deleted">
                {lang.t("Vehículo eliminado.", "Vehicle deleted.")}
            </p>
        </Show>
        <div class="grid gap-6 lg:grid-cols-5">
            <section class="lg:col-span-3" aria-labelledby="vehicles-heading">
                <h2 id="vehicles-heading" class="sr-only">{lang.t("Lista de vehículos", "Vehicle list")}</h2>
                <form method="get" role="search" class="mb-4 flex gap-2">
                    <label for="vehicle-q" class="sr-only">{lang.t("Buscar vehículos", "Search vehicles")}</label>
                    <input id="vehicle-q" name="q" type="search" value=move || query.read_untracked().get("q").unwrap_or_default()
                        class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2"
                        placeholder=lang.t("Marca, modelo, patente o VIN", "Make, model, plate or VIN")/>
                    <button type="submit" class=format!("{BUTTON} bg-teal-700 text-white hover:bg-teal-800")>{lang.t("Buscar", "Search")}</button>
                </form>
                <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="rounded-xl bg-white p-6 text-slate-700 ring-1 ring-slate-200" data-testid="no-vehicles">
                                    {if q().is_empty() { lang.t("Aún no hay vehículos. Agrega el primero con el formulario.", "No vehicles yet. Add the first one with the form.") }
                                     else { lang.t("Ningún vehículo coincide con la búsqueda.", "No vehicle matches the search.") }}
                                </p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="divide-y divide-slate-100 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="vehicle-list">
                                    {list.into_iter().map(|v| view! {
                                        <li><a href=format!("/app/vehicles/{}", v.id) class="flex flex-wrap items-center justify-between gap-2 p-4 hover:bg-slate-50" data-testid="vehicle-link">
                                            <span>
                                                <span class="block font-semibold text-teal-900">{v.label()}</span>
                                                <span class="block text-sm text-slate-600">
                                                    {v.body_type.label(lang.code())}
                                                    {(!v.colour.is_empty()).then(|| format!(" · {}", v.colour))}
                                                </span>
                                            </span>
                                            {v.vin.clone().map(|vin| view! { <span class="font-mono text-sm text-slate-700">{vin}</span> })}
                                        </a></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class=format!("{CARD} lg:col-span-2 self-start") aria-labelledby="new-vehicle-heading">
                <h2 id="new-vehicle-heading" class="mb-4 text-lg font-semibold">{lang.t("Nuevo vehículo", "New vehicle")}</h2>
                <ActionForm action=create attr:data-testid="new-vehicle">
                    <ErrorSummary lang error/>
                    <VehicleFields lang vehicle=None error/>
                    <Submit label=lang.t("Agregar vehículo", "Add vehicle") pending=create.pending()/>
                </ActionForm>
            </section>
        </div>
    }
}

// ---------------------------------------------------------------- one vehicle

/// `/app/vehicles/{id}`: details, the spin, the 360° upload and its jobs, edit, delete.
#[component]
pub fn VehiclePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let update = ServerAction::<UpdateVehicle>::new();
    let delete = ServerAction::<DeleteVehicle>::new();
    let cancel = ServerAction::<CancelSpinJob>::new();
    let retry = ServerAction::<RetrySpinJob>::new();
    let id = move || params.read().get("id").unwrap_or_default();
    let page = Resource::new(
        move || (id(), update.version().get(), cancel.version().get(), retry.version().get()),
        |(id, ..)| vehicle_page(id),
    );
    let update_error = action_error(update);
    let delete_error = action_error(delete);
    let job_error = Signal::derive(move || cancel.value().get().and_then(|r| r.err()).or_else(|| retry.value().get().and_then(|r| r.err())));
    let saved = move || update.value().get().is_some_and(|r| r.is_ok()) || query.read().get("saved").is_some();
    view! {
        <p class="mb-2 text-sm"><a href="/app/vehicles" class="text-teal-800 underline">{lang.t("← Vehículos", "← Vehicles")}</a></p>
        <Transition fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let data = match page.await {
                    Ok(data) => data,
                    Err(e) => return view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                };
                let upload_error = query.read_untracked().get("upload_error");
                view! {
                    <VehicleDetails lang data upload_error update update_error delete delete_error cancel retry job_error saved=Signal::derive(saved)/>
                }.into_any()
            })}
        </Transition>
    }
}

#[allow(clippy::too_many_arguments)]
#[component]
fn VehicleDetails(
    lang: Lang,
    data: VehiclePageData,
    upload_error: Option<String>,
    update: ServerAction<UpdateVehicle>,
    update_error: Signal<Option<AppError>>,
    delete: ServerAction<DeleteVehicle>,
    delete_error: Signal<Option<AppError>>,
    cancel: ServerAction<CancelSpinJob>,
    retry: ServerAction<RetrySpinJob>,
    job_error: Signal<Option<AppError>>,
    saved: Signal<bool>,
) -> impl IntoView {
    let VehiclePageData { vehicle, spin, jobs } = data;
    let v = vehicle.clone();
    let dash = || "—".to_owned();
    let details = vec![
        ("VIN", lang.t("VIN", "VIN"), v.vin.clone().unwrap_or_else(dash)),
        ("make", lang.t("Marca", "Make"), v.make.clone()),
        ("model", lang.t("Modelo", "Model"), v.model.clone()),
        ("year", lang.t("Año modelo", "Model year"), v.year.to_string()),
        ("body", lang.t("Carrocería", "Body type"), v.body_type.label(lang.code()).to_owned()),
        ("plate", lang.t("Patente", "Plate"), Some(v.plate.clone()).filter(|p| !p.is_empty()).unwrap_or_else(dash)),
        ("colour", lang.t("Color", "Colour"), Some(v.colour.clone()).filter(|c| !c.is_empty()).unwrap_or_else(dash)),
    ];
    let (form_id, delete_id) = (v.id.clone(), v.id.clone());
    let open_edit = update_error.get_untracked().is_some();
    view! {
        <PageTitle text=v.label()/>
        <h1 class="mb-1 text-2xl font-bold text-teal-900" data-testid="vehicle-name">{v.label()}</h1>
        <p class="mb-4 text-sm text-slate-600">{lang.t("Agregado el", "Added")} " " {format::datetime(v.created_at, lang)} " UTC"</p>
        <NewQuoteLink href=format!("/app/quotes/new/auto?vehicle={}", v.id) testid="quote-for-vehicle"
            label=lang.t("Nueva cotización para este vehículo", "New quote for this vehicle")/>
        <Show when=move || saved.get()>
            <p role="status" data-testid="saved" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200">{lang.t("Cambios guardados.", "Changes saved.")}</p>
        </Show>
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <SpinSection lang vehicle_id=v.id.clone() spin jobs upload_error cancel retry job_error/>
            </div>
            <div class="space-y-6">
                <section class=CARD aria-labelledby="details-heading">
                    <h2 id="details-heading" class="mb-3 text-lg font-semibold">{lang.t("Datos", "Details")}</h2>
                    <dl class="grid grid-cols-3 gap-x-3 gap-y-2 text-sm" data-testid="vehicle-details">
                        {details.into_iter().map(|(key, term, value)| view! {
                            <dt class="font-medium text-slate-600">{term}</dt>
                            <dd class=if key == "VIN" { "col-span-2 break-all font-mono" } else { "col-span-2" } data-testid=format!("vehicle-{key}")>{value}</dd>
                        }).collect_view()}
                    </dl>
                    <details class="mt-4" open=open_edit>
                        <summary class="min-h-11 cursor-pointer py-2 font-semibold text-teal-800">{lang.t("Editar datos", "Edit details")}</summary>
                        <ActionForm action=update>
                            <ErrorSummary lang error=update_error/>
                            <input type="hidden" name="id" value=form_id/>
                            <VehicleFields lang vehicle=Some(vehicle.clone()) error=update_error/>
                            <Submit label=lang.t("Guardar cambios", "Save changes") pending=update.pending()/>
                        </ActionForm>
                    </details>
                </section>
                <section class="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-red-200 sm:p-6" aria-labelledby="delete-heading">
                    <h2 id="delete-heading" class="mb-2 text-lg font-semibold">{lang.t("Eliminar", "Delete")}</h2>
                    <FormAlert lang error=delete_error/>
                    <p class="mb-3 text-sm text-slate-600">{lang.t("Se borran el vehículo y su vista 360°.", "The vehicle and its 360° view are deleted.")}</p>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=delete_id/>
                        <button type="submit" class=format!("{BUTTON} text-red-800 ring-1 ring-red-300 hover:bg-red-50")>{lang.t("Eliminar vehículo", "Delete vehicle")}</button>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------- the spin

/// The vehicle's spin (or what to do to get one), the upload form and the
/// vehicle's 360° jobs, live: while a job is pending or processing the jobs
/// are asked again every [`POLL_MS`], and the viewer appears when one completes.
#[allow(clippy::too_many_arguments)]
#[component]
fn SpinSection(
    lang: Lang,
    vehicle_id: String,
    spin: VehicleView,
    jobs: Vec<Video360Job>,
    upload_error: Option<String>,
    cancel: ServerAction<CancelSpinJob>,
    retry: ServerAction<RetrySpinJob>,
    job_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let started_active = jobs.iter().any(|j| is_active(j.status));
    let spin = RwSignal::new(spin);
    let jobs = RwSignal::new(jobs);
    #[cfg(feature = "hydrate")]
    poll_spin_jobs(jobs, vehicle_id.clone(), Some(spin));
    // The viewer is made again only when another job's frames arrive.
    let shown = Memo::new(move |_| spin.with(|s| (s.job_id.clone(), s.is_ready)));
    let viewer = move || {
        // Read (not just `track`ed): a memo only follows its sources once computed.
        shown.with(|_| ());
        let s = spin.get_untracked();
        if s.is_ready {
            view! { <SpinViewer frames=s.frames config=s.config lang/> }.into_any()
        } else {
            view! {
                <p class="rounded-xl bg-slate-50 p-4 text-slate-700 ring-1 ring-slate-200" data-testid="no-spin">
                    {lang.t(
                        "Aún no hay vista 360°. Graba un video dando una vuelta completa alrededor del vehículo y súbelo aquí.",
                        "No 360° view yet. Record a video walking once all the way round the vehicle and upload it here.",
                    )}
                </p>
            }.into_any()
        }
    };
    let has_jobs = move || jobs.with(|j| !j.is_empty());
    view! {
        <section class=CARD aria-labelledby="spin-heading" data-testid="vehicle-spin">
            <h2 id="spin-heading" class="mb-3 text-lg font-semibold">{lang.t("Vista 360°", "360° view")}</h2>
            {started_active.then(|| view! { <div class="hidden" inner_html=NOSCRIPT_REFRESH.to_owned()></div> })}
            <div data-testid="spin-area">{viewer}</div>
        </section>
        <section class=CARD aria-labelledby="upload-heading">
            <h2 id="upload-heading" class="mb-1 text-lg font-semibold">{lang.t("Subir video 360°", "Upload a 360° video")}</h2>
            <p class="mb-4 text-sm text-slate-700">{lang.t(
                "Camina una vuelta completa alrededor del vehículo grabando a ritmo parejo, empezando por el frente. Sacamos los fotogramas del video.",
                "Walk once all the way round the vehicle at an even pace, starting at the front. We take the frames from the video.",
            )}</p>
            <UploadForm lang vehicle_id jobs upload_error/>
        </section>
        <Show when=has_jobs>
            <section class=CARD aria-labelledby="spin-jobs-heading">
                <h2 id="spin-jobs-heading" class="mb-3 text-lg font-semibold">{lang.t("Procesamiento", "Processing")}</h2>
                <SpinAlert lang error=job_error/>
                <SpinJobList jobs lang cancel retry names=Vec::new() show_vehicle=false/>
            </section>
        </Show>
    }
}

/// The 360° video form: a plain multipart post to the REST upload without
/// JavaScript; with it, the same form data sent by XMLHttpRequest with a
/// progress bar, and the new job added to the list (which then polls).
#[component]
fn UploadForm(lang: Lang, vehicle_id: String, jobs: RwSignal<Vec<Video360Job>>, upload_error: Option<String>) -> impl IntoView {
    let error = RwSignal::new(upload_error.map(|e| upload_refusal(lang, &e)));
    // (bytes sent, bytes in all) while sending.
    let progress = RwSignal::new(None::<(f64, f64)>);
    let form = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            if progress.get_untracked().is_some() {
                return;
            }
            if let Some(form) = form.get_untracked() {
                upload::send(&form, lang, progress, error, jobs);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, form, jobs);
    };
    let percent = move || {
        progress.get().map(|(sent, total)| if total > 0.0 { ((sent / total) * 100.0).clamp(0.0, 100.0) as u8 } else { 0 })
    };
    let sending = move || progress.get().is_some();
    view! {
        <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" node_ref=form on:submit=on_submit data-testid="spin-upload">
            // The REST upload reads `vehicleId` first: it must come before the file.
            <input type="hidden" name="vehicleId" value=vehicle_id/>
            <input type="hidden" name="imageFormat" value="jpeg"/>
            <div class="mb-4">
                <label for="f-frameCount" class="mb-1 block text-sm font-medium text-slate-800">{lang.t("Fotogramas (ángulos)", "Frames (angles)")}</label>
                <select id="f-frameCount" name="frameCount" class=format!("{INPUT} sm:w-48")>
                    {FRAME_COUNTS.iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                </select>
            </div>
            <div class="mb-4">
                <label for="f-video" class="mb-1 block text-sm font-medium text-slate-800">{lang.t("Video (MP4, MOV, AVI o WebM)", "Video (MP4, MOV, AVI or WebM)")}</label>
                <input id="f-video" type="file" name="video" required=true
                    accept="video/mp4,video/quicktime,video/x-msvideo,video/webm,.mp4,.mov,.avi,.webm"
                    aria-describedby="upload-error" aria-invalid=move || error.get().is_some().then_some("true")
                    class="block w-full rounded-lg border border-slate-300 bg-white p-2 text-base file:mr-3 file:rounded-md file:border-0 file:bg-teal-50 file:px-3 file:py-2 file:font-semibold file:text-teal-900"/>
                <p id="upload-error" role="alert" class="mt-1 text-sm text-red-700" data-testid="upload-error">{move || error.get()}</p>
            </div>
            <Show when=sending>
                <div class="mb-4" data-testid="upload-progress">
                    <div role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || percent().unwrap_or(0)
                        aria-label=lang.t("Subida del video", "Video upload") class="h-3 w-full overflow-hidden rounded-full bg-slate-200">
                        <div class=move || format!("h-full rounded-full bg-teal-700 {}", width_class(percent().unwrap_or(0)))></div>
                    </div>
                    <p class="mt-1 text-sm text-slate-700" role="status">
                        {move || {
                            let (sent, total) = progress.get().unwrap_or((0.0, 0.0));
                            let mb = |b: f64| format!("{:.1}", b / 1_048_576.0);
                            match lang {
                                Lang::Es => format!("Subiendo… {} % ({} de {} MB)", percent().unwrap_or(0), mb(sent), mb(total)).replace('.', ","),
                                Lang::En => format!("Uploading… {} % ({} of {} MB)", percent().unwrap_or(0), mb(sent), mb(total)),
                            }
                        }}
                    </p>
                </div>
            </Show>
            <button type="submit" disabled=sending data-testid="upload-video" class=format!("{BUTTON} bg-teal-700 text-white hover:bg-teal-800")>
                {lang.t("Subir video", "Upload video")}
            </button>
        </form>
    }
}

/// The upload by XMLHttpRequest (fetch cannot report upload progress).
#[cfg(feature = "hydrate")]
mod upload {
    use domain::Video360Job;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};

    use super::{UPLOAD_PATH, upload_refusal};
    use crate::i18n::Lang;

    /// What the server's JSON error says, as the page shows it.
    fn refusal(status: u16, body: &str, lang: Lang) -> String {
        let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let field = |name: &str| json.get("fields").and_then(|f| f.get(name)).and_then(|m| m.as_str()).map(str::to_owned);
        match status {
            413 => lang.t("El video es demasiado grande.", "The video is too large.").to_owned(),
            401 => lang.t("Tu sesión terminó. Vuelve a entrar.", "Your session ended. Please log in again.").to_owned(),
            404 => lang.t("Este vehículo ya no existe.", "This vehicle no longer exists.").to_owned(),
            0 => lang.t("Se cortó la conexión; inténtalo de nuevo.", "The connection dropped; please try again.").to_owned(),
            _ => {
                let message = field("video")
                    .map(|m| format!("video: {m}"))
                    .or_else(|| {
                        json.get("fields")
                            .and_then(|f| f.as_object())
                            .and_then(|f| f.iter().next().map(|(k, m)| format!("{k}: {}", m.as_str().unwrap_or_default())))
                    })
                    .or_else(|| json.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                    .unwrap_or_default();
                if message.is_empty() {
                    lang.t("Algo falló. Inténtalo de nuevo.", "Something went wrong. Please try again.").to_owned()
                } else {
                    upload_refusal(lang, &message)
                }
            }
        }
    }

    pub fn send(
        form: &HtmlFormElement,
        lang: Lang,
        progress: RwSignal<Option<(f64, f64)>>,
        error: RwSignal<Option<String>>,
        jobs: RwSignal<Vec<Video360Job>>,
    ) {
        let failed = move |message: String| {
            progress.try_set(None);
            error.try_set(Some(message));
        };
        let (Ok(data), Ok(xhr)) = (FormData::new_with_form(form), XmlHttpRequest::new()) else {
            failed(lang.t("Este navegador no puede subir el video.", "This browser cannot upload the video.").to_owned());
            return;
        };
        if xhr.open("POST", UPLOAD_PATH).is_err() || xhr.set_request_header("Accept", "application/json").is_err() {
            failed(lang.t("Este navegador no puede subir el video.", "This browser cannot upload the video.").to_owned());
            return;
        }
        error.set(None);
        progress.set(Some((0.0, 0.0)));
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() {
                progress.try_set(Some((e.loaded(), e.total())));
            }
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let done = xhr.clone();
        let form = form.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let status = done.status().unwrap_or(0);
            let body = done.response_text().ok().flatten().unwrap_or_default();
            match (status, serde_json::from_str::<Video360Job>(&body)) {
                (200..=299, Ok(job)) => {
                    progress.try_set(None);
                    error.try_set(None);
                    jobs.try_update(|list| {
                        list.retain(|j| j.id != job.id);
                        list.insert(0, job);
                    });
                    form.reset();
                }
                _ => failed(refusal(status, &body, lang)),
            }
        });
        let on_error = Closure::<dyn FnMut()>::new(move || failed(refusal(0, "", lang)));
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            failed(refusal(0, "", lang));
        }
        // One upload's handlers live as long as the page (a few hundred bytes).
        on_progress.forget();
        on_load.forget();
        on_error.forget();
    }
}

/// Asks for the 360° jobs again every [`POLL_MS`] while any is pending or
/// processing; stops when none is, or when the list leaves the page. With
/// `spin`, a job that completes meanwhile brings the vehicle's new spin.
#[cfg(feature = "hydrate")]
pub fn poll_spin_jobs(jobs: RwSignal<Vec<Video360Job>>, vehicle_id: String, spin: Option<RwSignal<VehicleView>>) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let alive = Arc::new(AtomicBool::new(true));
    let polling = Arc::new(AtomicBool::new(false));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let any_active = |list: &[Video360Job]| list.iter().any(|j| is_active(j.status));
    Effect::new(move |_| {
        let active = jobs.with(|list| any_active(list));
        if !active || polling.swap(true, Ordering::Relaxed) {
            return;
        }
        let (alive, polling, vehicle_id) = (alive.clone(), polling.clone(), vehicle_id.clone());
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                match crate::vehicle_admin::vehicle_spin_jobs(vehicle_id.clone()).await {
                    Ok(list) => {
                        if !alive.load(Ordering::Relaxed) {
                            break;
                        }
                        let newest_done = list.iter().find(|j| j.status == Video360Status::Completed).map(|j| j.id.clone());
                        let still = any_active(&list);
                        jobs.try_set(list);
                        if let (Some(spin), Some(done)) = (spin, newest_done) {
                            let known = spin.try_with_untracked(|s| s.job_id.clone()).flatten();
                            if known.as_deref() != Some(done.as_str())
                                && let Ok(view) = crate::vehicle_admin::vehicle_spin(vehicle_id.clone()).await
                            {
                                spin.try_set(view);
                            }
                        }
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

/// The message of a cancel or retry that failed.
#[component]
pub fn SpinAlert(lang: Lang, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p role="alert" data-testid="spin-error" class="mb-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
                {move || error.get().map(|e| spin_error_message(&e, lang))}
            </p>
        </Show>
    }
}

/// 360° jobs, newest first, as cards. `names`: vehicle id → label, for the
/// link to each job's vehicle (`show_vehicle`, the jobs page).
#[component]
pub fn SpinJobList(
    jobs: RwSignal<Vec<Video360Job>>,
    lang: Lang,
    cancel: ServerAction<CancelSpinJob>,
    retry: ServerAction<RetrySpinJob>,
    names: Vec<(String, String)>,
    show_vehicle: bool,
) -> impl IntoView {
    let names = StoredValue::new(names);
    let active = move || jobs.with(|l| l.iter().filter(|j| is_active(j.status)).count());
    view! {
        <p class="sr-only" role="status">
            {move || match active() {
                0 => String::new(),
                n => format!("{} {}", format::plural(lang, n, "video 360°", "videos 360°", "360° video", "360° videos"), lang.t("en proceso", "processing")),
            }}
        </p>
        <ul class=if show_vehicle { "grid gap-4 md:grid-cols-2 xl:grid-cols-3" } else { "grid gap-4" } data-testid="spin-jobs">
            <For
                each=move || jobs.get()
                key=|job| (job.id.clone(), job.status, job.progress, job.frames.len())
                children=move |job| {
                    let name = names.with_value(|n| n.iter().find(|(id, _)| *id == job.vehicle_id).map(|(_, label)| label.clone()));
                    view! { <SpinJobCard job lang cancel retry vehicle=show_vehicle.then(|| name.unwrap_or_else(|| lang.t("Vehículo", "Vehicle").to_owned()))/> }
                }
            />
        </ul>
    }
}

/// One 360° job: status, progress, frames, cancel or retry.
#[component]
fn SpinJobCard(
    job: Video360Job,
    lang: Lang,
    cancel: ServerAction<CancelSpinJob>,
    retry: ServerAction<RetrySpinJob>,
    vehicle: Option<String>,
) -> impl IntoView {
    let status = job.status;
    let progress = job.progress.min(100);
    let heading = match vehicle {
        Some(label) => view! {
            <a href=format!("/app/vehicles/{}", job.vehicle_id) class="font-semibold text-teal-900 underline underline-offset-2 hover:text-teal-700" data-testid="spin-vehicle">{label}</a>
        }.into_any(),
        None => view! { <span class="font-semibold">{lang.t("Video 360°", "360° video")}</span> }.into_any(),
    };
    let frames_text = format::plural(lang, job.frames.len(), "fotograma", "fotogramas", "frame", "frames");
    let took = job.processing_time_ms.filter(|ms| *ms > 0).map(|ms| {
        let s = format!("{:.1} s", ms as f64 / 1000.0);
        if lang == Lang::Es { s.replace('.', ",") } else { s }
    });
    let (cancel_id, retry_id) = (job.id.clone(), job.id.clone());
    view! {
        <li class="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="spin-job" data-status=status.as_str() data-job=job.id.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p>{heading}</p>
                <span class=format!("rounded-full px-3 py-1 text-sm font-semibold {}", status_colours(status)) data-testid="spin-status">
                    {spin_status_label(status, lang)}
                </span>
            </div>
            <p class="mt-1 text-sm text-slate-600">
                {lang.t("Subido el", "Uploaded")} " " {format::datetime(job.created_at, lang)} " UTC"
                {(job.attempts > 1).then(|| match lang { Lang::Es => format!(" · intento {}", job.attempts), Lang::En => format!(" · attempt {}", job.attempts) })}
            </p>
            {is_active(status).then(|| view! {
                <div class="mt-3">
                    <div role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=progress
                        aria-label=lang.t("Progreso del video 360°", "360° video progress") data-testid="spin-progress"
                        class="h-3 w-full overflow-hidden rounded-full bg-slate-200">
                        <div class=format!("h-full rounded-full bg-teal-700 {}", width_class(progress))></div>
                    </div>
                    <div class="mt-2 flex flex-wrap items-center justify-between gap-2">
                        <p class="text-sm text-slate-700">
                            {if status == Video360Status::Pending { lang.t("Esperando turno…", "Waiting for its turn…") } else { lang.t("Sacando fotogramas…", "Taking frames…") }}
                            " " {progress} " %"
                        </p>
                        <ActionForm action=cancel>
                            <input type="hidden" name="id" value=cancel_id/>
                            <button type="submit" disabled=move || cancel.pending().get() data-testid="cancel-spin"
                                class=format!("{BUTTON} bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100")>
                                {lang.t("Cancelar", "Cancel")}
                            </button>
                        </ActionForm>
                    </div>
                </div>
            })}
            {(status == Video360Status::Completed).then(|| view! {
                <p class="mt-2 text-sm text-slate-700" data-testid="spin-frame-count">
                    {frames_text}
                    {took.map(|t| format!(" · {t}"))}
                    {job.provider.clone().map(|p| format!(" · {p}"))}
                </p>
                <ul class="mt-2 flex flex-wrap gap-2" data-testid="spin-thumbs" aria-label=lang.t("Fotogramas", "Frames")>
                    {job.frames.iter().map(|f| {
                        let alt = format!("{} ({})", angle_label(f, lang), degrees(f));
                        view! { <li class="shrink-0"><img src=f.thumbnail_url.clone() alt=alt class="h-20 w-auto rounded-md bg-slate-100 ring-1 ring-slate-200"/></li> }
                    }).collect_view()}
                </ul>
            })}
            {(status == Video360Status::Failed).then(|| view! {
                <div role="alert" class="mt-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="spin-failed">
                    <p class="font-semibold">{lang.t("No se pudieron sacar los fotogramas.", "The frames could not be taken.")}</p>
                    {job.error.clone().map(|e| view! { <p class="mt-1 break-words">{upload_refusal(lang, &e)}</p> })}
                    <div class="mt-2">
                        <ActionForm action=retry>
                            <input type="hidden" name="id" value=retry_id/>
                            <button type="submit" disabled=move || retry.pending().get() data-testid="retry-spin"
                                class=format!("{BUTTON} bg-white text-red-800 ring-1 ring-red-300 hover:bg-red-100")>
                                {lang.t("Reintentar", "Retry")}
                            </button>
                        </ActionForm>
                    </div>
                </div>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_uploads_read_as_one_sentence() {
        let text = "video: the file is a text file, not a video we accept; accepted formats: MP4, MOV, AVI, WebM";
        assert_eq!(upload_refusal(Lang::Es, text), "El archivo no es un video que podamos usar. Formatos aceptados: MP4, MOV, AVI y WebM.");
        assert_eq!(upload_refusal(Lang::En, text), "The file is a text file, not a video we accept; accepted formats: MP4, MOV, AVI, WebM.");
        assert_eq!(upload_refusal(Lang::Es, "video: is required: a video file (MP4, MOV, AVI or WebM)"), "Elige un archivo de video.");
        assert_eq!(upload_refusal(Lang::Es, "frameCount: must be from 2 to 72"), "Elige entre 2 y 72 fotogramas.");
        assert_eq!(upload_refusal(Lang::En, "frameCount: must be from 2 to 72"), "frameCount: Must be from 2 to 72.");
        assert_eq!(upload_refusal(Lang::Es, "request body is larger than 524288000 bytes"), "El video es demasiado grande.");
        assert_eq!(upload_refusal(Lang::Es, "algo raro"), "No se pudo usar ese video: algo raro");
        let resized = "the video changes its picture size mid-stream, from 320×240 to 8192×8192; only a video recorded in one go, at one size, is accepted";
        assert_eq!(upload_refusal(Lang::Es, resized), "El video cambia de tamaño de imagen a mitad de la grabación; sube un video grabado de una sola vez.");
        assert_eq!(upload_refusal(Lang::En, "frameCount: must be from 2 to 72; video: is empty"), "frameCount: Must be from 2 to 72.");
    }

    #[test]
    fn progress_fills_by_five_percent() {
        assert_eq!(width_class(0), "w-0");
        assert_eq!(width_class(49), "w-9/20");
        assert_eq!(width_class(100), "w-full");
        assert_eq!(width_class(250), "w-full");
        assert!(is_active(Video360Status::Processing) && !is_active(Video360Status::Completed));
    }
}
