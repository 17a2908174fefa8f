//! Form pieces every page uses: labelled inputs with their field error, the
//! message above a form, and the Spanish of the server's field messages.
//! The error summary a form opens with is `error_summary::ErrorSummary`.
use leptos::prelude::*;

pub use crate::components::error_summary::ErrorSummary;
use crate::components::error_summary::{field_id, register_label};
use crate::error::AppError;
use crate::i18n::Lang;

/// The error of a server action's last run, as a signal.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// A field message from the server, in the page's language.
pub fn field_message(lang: Lang, message: &str) -> String {
    use domain::messages as m;
    use domain::product_messages as pm;
    if let Some(free) = domain::suggested_slug(message) {
        return match lang {
            Lang::Es => format!("ya está en uso; prueba {free}"),
            Lang::En => message.to_owned(),
        };
    }
    let es = match message {
        m::REQUIRED => "es obligatorio",
        domain::org_messages::PHONE => "debe ser un teléfono: de 8 a 20 dígitos, con espacios, +, - o paréntesis",
        domain::org_messages::COLOUR => "debe ser un color como #0f766e",
        m::EMAIL => "debe ser un email",
        m::PASSWORD_SHORT => "debe tener al menos 10 caracteres",
        m::TOO_LONG => "es demasiado largo",
        m::PASSWORDS_DIFFER => "no coincide con la contraseña",
        m::SLUG => "usa de 3 a 40 minúsculas, números o guiones",
        m::SLUG_RESERVED => "está reservado",
        m::TAKEN => "ya está en uso",
        m::COUNTRY => "usa el código de dos letras, p. ej. CL",
        m::TAX_RATE => "debe ser una tasa entre 0 y 1 (0,19) o un porcentaje (19)",
        m::CHOICE => "no es una de las opciones",
        pm::SKU => "usa de 1 a 40 letras, números, puntos, guiones o guiones bajos",
        pm::NEGATIVE => "no puede ser negativo",
        pm::NUMBER => "debe ser un número",
        pm::PERCENT => "debe ser un porcentaje entre 0 y 100",
        pm::TOO_LARGE => "es demasiado grande",
        pm::DECIMALS => "tiene demasiados decimales",
        pm::DATE => "debe ser una fecha como 2026-12-31",
        pm::UNTIL_BEFORE_FROM => "no puede ser anterior a la fecha de inicio",
        pm::VERTICALS => "elige al menos un segmento",
        pm::WHOLE => "debe ser un número entero",
        pm::IN_EFFECT => "un precio ya vigente es historia y no se puede retirar",
        pm::QUOTED => "una cotización ya usa este precio: agrega un precio corregido desde hoy",
        domain::number_messages::AMBIGUOUS => "puede leerse como miles o como decimales: escríbelo sin separador de miles o con menos decimales",
        pm::PAST => "no puede ser anterior a hoy: los precios pasados son historia",
        pm::CODE => "usa de 2 a 30 minúsculas, números o guiones",
        pm::CHANGED => "otra persona cambió este producto; recárgalo para ver sus cambios",
        domain::quote_messages::PHONE => "usa el formato internacional con el código de país, p. ej. +56 9 1234 5678",
        domain::quote_messages::NO_OPENINGS => "agrega al menos una ventana o puerta",
        domain::quote_messages::VERTICAL => "elige residencial, comercial o arquitectura",
        domain::quote_messages::NOT_EDITABLE => "una cotización confirmada no cambia; duplícala",
        domain::quote_messages::NOT_PENDING => "esta cotización ya no espera respuesta",
        domain::quote_messages::REASON_TOO_LONG => "es demasiado largo (máximo 500 caracteres)",
        // quotes::TOO_MANY_OPENINGS (the public wizard's size limit).
        "at most 100 openings in an online quote; ask the business for a visit" => {
            "como máximo 100 ventanas o puertas en una cotización en línea; pide una visita a la empresa"
        }
        domain::UNKNOWN_PRODUCT => "elige una lámina del catálogo",
        domain::automotive_messages::DUPLICATE => "se eligió dos veces",
        domain::automotive_messages::PACKAGE_OVERLAP => "repite vidrios ya elegidos",
        domain::automotive_messages::NOT_ON_BODY => "este tipo de carrocería no tiene ese vidrio",
        domain::automotive_messages::EMPTY_PACKAGE => "no tiene vidrios en este tipo de carrocería",
        domain::automotive_messages::NO_TEMPLATE => "no tiene medida para este tipo de carrocería",
        domain::automotive_messages::NOTHING_CHOSEN => "elige al menos un vidrio o paquete",
        domain::automotive_messages::VLT_RANGE => "debe ser un número entero de 1 a 100",
        "must be above 0 and at most 4 m" => "debe ser mayor que 0 y como máximo 4 m",
        "has more than 3 decimals (millimetres)" => "tiene más de 3 decimales (milímetros)",
        "use 1 to 40 of a-z, 0-9 and _" => "usa de 1 a 40 minúsculas, números o _",
        "must be greater than 0" => "debe ser mayor que 0",
        "must be at most 20" => "debe ser como máximo 20 m",
        "must be between 1 and 1000" => "debe estar entre 1 y 1000",
        "must be between -5 and 200" => "debe estar entre -5 y 200",
        "must be at most 120 characters" => "debe tener como máximo 120 caracteres",
        "must be a whole number of days between 1 and 365" => "debe ser un número entero de días entre 1 y 365",
        "is already a user of this organisation" => "ya es usuario de esta organización",
        "an organisation needs at least one active admin" => "la organización necesita al menos un administrador activo",
        "you cannot disable yourself" => "no puedes desactivarte a ti mismo",
        other => other,
    };
    match lang {
        Lang::Es => es.to_owned(),
        Lang::En => message.to_owned(),
    }
}

/// The server's message for field `name` after a failed submit, in the page's language.
pub fn error_for(error: Signal<Option<AppError>>, name: &str, lang: Lang) -> impl Fn() -> Option<String> + Clone + Send + Sync + use<> {
    let name = name.to_owned();
    move || error.get().and_then(|e| e.field(&name).map(|m| field_message(lang, m)))
}

/// What field `name` shows: the value typed before a failed submit, else `value`.
fn typed_or(error: Signal<Option<AppError>>, name: &str, value: Option<String>) -> impl Fn() -> String + Clone + Send + Sync + use<> {
    let name = name.to_owned();
    move || error.get().and_then(|e| e.kept(&name).map(str::to_owned)).or_else(|| value.clone()).unwrap_or_default()
}

/// What an input with a server error shares with every other: its id (the
/// summary links to it), its message's id, the message, and its label told
/// to the form's error summary.
pub struct FieldState {
    pub id: String,
    pub error_id: String,
    pub message: Signal<Option<String>>,
}

impl FieldState {
    pub fn new(lang: Lang, name: &str, label: &str, error: Signal<Option<AppError>>) -> FieldState {
        let checked = register_label(name, label);
        let id = field_id(name);
        let server = error_for(error, name, lang);
        let message = Signal::derive(move || checked.get().map(|m| field_message(lang, &m)).or_else(&server));
        FieldState { error_id: format!("{id}-error"), id, message }
    }

    /// `aria-invalid` while the field has a message.
    pub fn invalid(&self) -> impl Fn() -> Option<&'static str> + Clone + Send + Sync + use<> {
        let message = self.message;
        move || message.with(Option::is_some).then_some("true")
    }

    /// The message under the input (empty while there is none).
    pub fn error_view(&self) -> impl IntoView + use<> {
        let message = self.message;
        view! { <p id=self.error_id.clone() class="mt-1 text-sm text-red-700" data-testid="field-error">{move || message.get()}</p> }
    }
}

/// A labelled input. Its error (if any) is shown under it and announced.
#[component]
pub fn Field(
    lang: Lang,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into, default = "text".to_owned())] kind: String,
    #[prop(into, optional)] value: Option<String>,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let state = FieldState::new(lang, &name, &label, error);
    // A password is never sent back to the page.
    let typed = typed_or(error, &name, value);
    let is_password = kind == "password";
    let value = move || if is_password { String::new() } else { typed() };
    view! {
        <div class="mb-4">
            <label for=state.id.clone() class="mb-1 block text-sm font-medium text-slate-800">{label}</label>
            <input id=state.id.clone() name=name type=kind prop:value=value.clone() value=value required=required
                autocomplete=autocomplete aria-invalid=state.invalid() aria-describedby=state.error_id.clone()
                class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600"/>
            {hint.map(|h| view! { <p class="mt-1 text-xs text-slate-600">{h}</p> })}
            {state.error_view()}
        </div>
    }
}

/// The message above a form after a failed submit.
#[component]
pub fn FormAlert(lang: Lang, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p role="alert" data-testid="form-error" class="mb-4 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
                {move || error.get().map(|e| e.message(lang))}
            </p>
        </Show>
    }
}

/// The main button of a form.
#[component]
pub fn Submit(#[prop(into)] label: String, #[prop(into, optional)] pending: Option<Signal<bool>>) -> impl IntoView {
    let pending = pending.unwrap_or_else(|| Signal::derive(|| false));
    view! {
        <button type="submit" disabled=move || pending.get()
            class="w-full rounded-lg bg-teal-700 px-5 py-3 text-base font-semibold text-white shadow hover:bg-teal-800 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2 disabled:opacity-60 sm:w-auto">
            {label}
        </button>
    }
}

/// A labelled select of `(value, text)` options.
#[component]
pub fn Select(
    lang: Lang,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(into, optional)] value: Option<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let state = FieldState::new(lang, &name, &label, error);
    let selected = typed_or(error, &name, value);
    view! {
        <div class="mb-4">
            <label for=state.id.clone() class="mb-1 block text-sm font-medium text-slate-800">{label}</label>
            <select id=state.id.clone() name=name aria-invalid=state.invalid() aria-describedby=state.error_id.clone()
                class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600">
                {options.into_iter().map(|(v, text)| {
                    let is_selected = { let v = v.clone(); let selected = selected.clone(); move || selected() == v };
                    view! { <option value=v selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
            {state.error_view()}
        </div>
    }
}

/// The currencies an organisation can price in, for a select.
pub fn currency_options() -> Vec<(String, String)> {
    domain::Currency::ALL.iter().map(|c| (c.code().to_owned(), c.code().to_owned())).collect()
}

pub fn language_options() -> Vec<(String, String)> {
    vec![("es".into(), "Español".into()), ("en".into(), "English".into())]
}

/// A labelled checkbox; it posts "on" when ticked.
#[component]
pub fn Checkbox(#[prop(into)] name: String, #[prop(into)] label: String, checked: bool) -> impl IntoView {
    let id = field_id(&name);
    let label_for = id.clone();
    view! {
        <label for=label_for class="flex min-h-11 items-center gap-2 text-sm text-slate-800">
            <input id=id type="checkbox" name=name checked=checked class="h-5 w-5 rounded border-slate-400 text-teal-700 focus:ring-teal-600"/>
            {label}
        </label>
    }
}

/// A labelled multi-line input with its field error.
#[component]
pub fn TextArea(
    lang: Lang,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] value: Option<String>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] monospace: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let state = FieldState::new(lang, &name, &label, error);
    let text = typed_or(error, &name, value);
    let class = if monospace { "font-mono text-sm" } else { "text-base" };
    let text_prop = text.clone();
    view! {
        <div class="mb-4">
            <label for=state.id.clone() class="mb-1 block text-sm font-medium text-slate-800">{label}</label>
            <textarea id=state.id.clone() name=name rows=rows prop:value=text_prop aria-invalid=state.invalid() aria-describedby=state.error_id.clone()
                class=format!("block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600 {class}")>
                {text}
            </textarea>
            {state.error_view()}
        </div>
    }
}
