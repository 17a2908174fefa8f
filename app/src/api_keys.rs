//! The API keys page's server functions (admins): list, create (the secret
//! is shown once), revoke.
//!
//! Without JavaScript a form post is answered with a redirect back to the
//! page, so the new secret cannot ride in the answer. It rides in a
//! short-lived cookie instead (`HttpOnly`, `SameSite=Strict`, one minute),
//! never in a URL: the page's next load shows it and deletes the cookie.
use domain::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{accounts, fail, require_session, visitor};

/// A key as the page lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub role: Role,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A key just created: its secret, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewKeySecret {
    pub name: String,
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeysView {
    pub keys: Vec<ApiKeyRow>,
    /// The secret of the key created by the form post just before (no JavaScript).
    pub just_created: Option<NewKeySecret>,
}

/// The cookie that carries a new key's secret across the redirect of a form post.
#[cfg(feature = "ssr")]
const NEW_KEY_COOKIE: &str = "cotiza_new_api_key";

#[server(endpoint = "api_keys")]
pub async fn get_api_keys() -> Result<ApiKeysView, AppError> {
    let session = require_session()?;
    let keys = accounts()?.api_keys(&session.user).await.map_err(fail)?;
    // Shown only as a live key of this organisation (its prefix is the
    // secret's start): a cookie planted by someone else shows nothing.
    let just_created = take_new_key_cookie().and_then(|secret| {
        let key = keys.iter().find(|k| k.revoked_at.is_none() && secret.starts_with(&k.prefix))?;
        Some(NewKeySecret { name: key.name.clone(), secret })
    });
    Ok(ApiKeysView {
        keys: keys
            .into_iter()
            .map(|k| ApiKeyRow {
                id: k.id,
                name: k.name,
                prefix: k.prefix,
                role: k.role,
                created_at: k.created_at,
                last_used_at: k.last_used_at,
                revoked_at: k.revoked_at,
            })
            .collect(),
        just_created,
    })
}

/// Creates a key; the answer (JavaScript) or the next page load (plain form) shows its secret once.
#[server(endpoint = "create_api_key")]
pub async fn create_api_key(name: String, role: String) -> Result<NewKeySecret, AppError> {
    let session = require_session()?;
    let created = accounts()?
        .create_api_key(&session.user, &name, &role, visitor().ip.as_deref())
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("name", &name), ("role", &role)])))?;
    let shown = NewKeySecret { name: created.key.name, secret: created.secret };
    if is_html_form_post() {
        set_new_key_cookie(&shown.secret, 60);
    }
    Ok(shown)
}

#[server(endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    let session = require_session()?;
    accounts()?.revoke_api_key(&session.user, &id, visitor().ip.as_deref()).await.map_err(fail)?;
    Ok(())
}

/// A plain HTML form post (no JavaScript): the browser asked for a page.
#[cfg(feature = "ssr")]
fn is_html_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

#[cfg(feature = "ssr")]
fn set_new_key_cookie(value: &str, max_age_secs: i64) {
    let secure = if visitor().https { "; Secure" } else { "" };
    let cookie = format!("{NEW_KEY_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}");
    if let (Some(res), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

/// The new key's secret the request's cookie carries, if well formed; the cookie is deleted.
#[cfg(feature = "ssr")]
fn take_new_key_cookie() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let value = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NEW_KEY_COOKIE)
        .map(|(_, value)| value.to_owned())?;
    set_new_key_cookie("", 0);
    accounts::token::looks_like_api_key(&value).then_some(value)
}
