//! The error every server function of the UI returns: serializable, so the
//! browser gets the field errors to show next to the inputs.
use std::collections::BTreeMap;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum AppError {
    /// Bad input: messages by field, and the (non-secret) values typed, so a
    /// form re-rendered without JavaScript keeps them.
    #[error("invalid input")]
    Invalid { fields: BTreeMap<String, String>, kept: BTreeMap<String, String> },
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("too many failed attempts")]
    Throttled { retry_after_secs: i64 },
    /// Too busy to check a password now (503 with `Retry-After`); nothing was done.
    #[error("busy, try again shortly")]
    Busy { retry_after_secs: i64 },
    /// Over an hourly limit of requests (429 with `Retry-After`): the wizard's
    /// submits of an address or to an organisation. Nothing was saved.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: i64 },
    #[error("not logged in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Someone else changed the thing meanwhile; nothing was written.
    #[error("changed meanwhile")]
    Conflict,
    /// The quote's state does not allow it (it is `status` now).
    #[error("not allowed in this state")]
    WrongState { status: String },
    /// An upload over the limit.
    #[error("file too large")]
    TooLarge { limit: usize },
    #[error("something went wrong on our side")]
    Internal,
    /// The call itself failed (network, encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// The HTTP status an API client (and the tenant-isolation tests) sees.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::InvalidCredentials | AppError::Unauthenticated => 401,
            AppError::Throttled { .. } => 429,
            AppError::Busy { .. } => 503,
            AppError::TooManyRequests { .. } => 429,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict | AppError::WrongState { .. } => 409,
            AppError::TooLarge { .. } => 413,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        match self {
            AppError::Invalid { fields, .. } => fields.get(name).map(String::as_str),
            _ => None,
        }
    }

    pub fn kept(&self, name: &str) -> Option<&str> {
        match self {
            AppError::Invalid { kept, .. } => kept.get(name).map(String::as_str),
            _ => None,
        }
    }

    /// Keeps these typed values with field errors (never passwords).
    pub fn keeping(mut self, values: &[(&str, &str)]) -> Self {
        if let AppError::Invalid { kept, .. } = &mut self {
            kept.extend(values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        }
        self
    }

    /// The sentence to show above a form.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Invalid { .. } => lang.t("Revisa los campos marcados.", "Please check the marked fields.").into(),
            AppError::InvalidCredentials => lang.t("Email o contraseña incorrectos.", "Wrong email or password.").into(),
            AppError::Throttled { retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                match lang {
                    Lang::Es => format!("Demasiados intentos fallidos. Inténtalo de nuevo en {minutes} min."),
                    Lang::En => format!("Too many failed attempts. Try again in {minutes} min."),
                }
            }
            AppError::Busy { .. } => lang
                .t("Hay mucha demanda en este momento. Inténtalo de nuevo en unos segundos.", "We are very busy right now. Please try again in a few seconds.")
                .into(),
            AppError::TooManyRequests { retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                match lang {
                    Lang::Es => format!("Recibimos demasiadas solicitudes. Tu cotización no se envió: inténtalo de nuevo en {minutes} min."),
                    Lang::En => format!("We received too many requests. Your quote was not sent: please try again in {minutes} min."),
                }
            }
            AppError::Unauthenticated => lang.t("Tu sesión terminó. Vuelve a entrar.", "Your session ended. Please log in again.").into(),
            AppError::Forbidden => lang.t("Tu rol no permite esta acción.", "Your role does not allow this.").into(),
            AppError::NotFound => lang.t("No encontrado.", "Not found.").into(),
            AppError::Conflict => lang
                .t(
                    "Otra persona cambió este producto mientras lo editabas. Recarga la página para ver sus cambios; no se guardó nada.",
                    "Someone else changed this product while you were editing it. Reload the page to see their changes; nothing was saved.",
                )
                .into(),
            AppError::WrongState { status } => {
                let status = status.parse::<domain::QuoteStatus>().map(|s| crate::format::status_label(s, lang)).unwrap_or(status.as_str());
                match lang {
                    Lang::Es => format!("Esta cotización ya no admite ese cambio: está {}.", status.to_lowercase()),
                    Lang::En => format!("This quote no longer allows that: it is {}.", status.to_lowercase()),
                }
            }
            AppError::TooLarge { limit } => match lang {
                Lang::Es => format!("El archivo es demasiado grande (máximo {} MB).", limit / (1024 * 1024)),
                Lang::En => format!("The file is too large (at most {} MB).", limit / (1024 * 1024)),
            },
            AppError::Internal | AppError::Transport(_) => {
                lang.t("Algo falló. Inténtalo de nuevo.", "Something went wrong. Please try again.").into()
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<accounts::AccountsError> for AppError {
    fn from(err: accounts::AccountsError) -> Self {
        use accounts::AccountsError as E;
        match err {
            E::Invalid(fields) => AppError::Invalid { fields: fields.0, kept: BTreeMap::new() },
            E::InvalidCredentials => AppError::InvalidCredentials,
            E::Throttled { retry_after_secs } => AppError::Throttled { retry_after_secs },
            E::Busy { retry_after_secs } => AppError::Busy { retry_after_secs },
            E::Unauthenticated => AppError::Unauthenticated,
            E::Forbidden => AppError::Forbidden,
            E::NotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "server function failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<catalog::CatalogError> for AppError {
    fn from(err: catalog::CatalogError) -> Self {
        use catalog::CatalogError as E;
        match err {
            E::Invalid(fields) => AppError::Invalid { fields: fields.0, kept: BTreeMap::new() },
            E::Conflict { .. } => AppError::Conflict,
            E::Forbidden => AppError::Forbidden,
            E::NotFound => AppError::NotFound,
            E::TooLarge { limit } => AppError::TooLarge { limit },
            other => {
                tracing::error!(error = %other, "catalog server function failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<quotes::QuotesError> for AppError {
    fn from(err: quotes::QuotesError) -> Self {
        use quotes::QuotesError as E;
        match err {
            E::Invalid(fields) => AppError::Invalid { fields: crate::wizard_form::form_paths(&fields), kept: BTreeMap::new() },
            E::Conflict { .. } => AppError::Conflict,
            E::WrongState { status } => AppError::WrongState { status: status.to_owned() },
            E::Forbidden => AppError::Forbidden,
            E::NotFound => AppError::NotFound,
            E::RateLimited { retry_after_s, .. } => AppError::Throttled { retry_after_secs: i64::try_from(retry_after_s).unwrap_or(3600) },
            other => {
                tracing::error!(error = %other, "quotes server function failed");
                AppError::Internal
            }
        }
    }
}
