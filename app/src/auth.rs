//! Sign-up, login, logout and invitations: the server functions and the
//! signed-in user's profile the UI shows.
use domain::{Currency, InvitationView, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{accounts, clear_session_cookie, fail, require_session, set_session_cookie, visitor};

/// The signed-in user, as the dashboard shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub language: Option<String>,
    pub org_name: String,
    pub org_slug: String,
    pub currency: Currency,
}

#[cfg(feature = "ssr")]
impl From<&store::SessionRecord> for Me {
    fn from(s: &store::SessionRecord) -> Me {
        Me {
            user_id: s.user.id.clone(),
            name: s.user.name.clone(),
            email: s.user.email.clone(),
            role: s.user.role,
            language: s.user.language.clone(),
            org_name: s.org.name.clone(),
            org_slug: s.org.slug.clone(),
            currency: s.org.currency,
        }
    }
}

/// The signed-in user, or `None`.
#[server(endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    Ok(visitor().session.as_ref().map(Me::from))
}

/// Sign-up. `slug` may be empty (made from the company name); `phone` is
/// required; `contact_email` empty means the admin's; `starter_catalog`
/// is the checkbox (`on` when ticked, absent otherwise).
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    org_name: String,
    slug: String,
    country: String,
    currency: String,
    tax_rate: String,
    language: String,
    name: String,
    email: String,
    password: String,
    password_confirmation: String,
    #[server(default)] phone: String,
    #[server(default)] contact_email: String,
    #[server(default)] starter_catalog: Option<String>,
) -> Result<(), AppError> {
    let visitor = visitor();
    let form = accounts::SignUpForm {
        org_name,
        slug,
        country,
        currency,
        tax_rate,
        language,
        name,
        email,
        password,
        password_confirmation,
        phone,
        contact_email,
        starter_catalog: starter_catalog.is_some_and(|v| v != "false"),
    };
    let (_, _, session) = accounts()?
        .sign_up(&form, &visitor.client(), visitor.cookie_token.as_deref())
        .await
        .map_err(|e| {
            let error = AppError::from(e);
            // The address to show again: a free one when it was taken, else
            // the one asked for (made from the name when left empty).
            let slug = error.field("slug").and_then(domain::suggested_slug).map(str::to_owned).unwrap_or_else(|| form.wanted_slug());
            let starter = if form.starter_catalog { "on" } else { "off" };
            fail(error.keeping(&[
                ("org_name", &form.org_name),
                ("slug", &slug),
                ("country", &form.country),
                ("currency", &form.currency),
                ("tax_rate", &form.tax_rate),
                ("language", &form.language),
                ("name", &form.name),
                ("email", &form.email),
                ("phone", &form.phone),
                ("contact_email", &form.contact_email),
                ("starter_catalog", starter),
            ]))
        })?;
    set_session_cookie(&visitor, &session);
    leptos_axum::redirect("/app");
    Ok(())
}

#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let visitor = visitor();
    let form = accounts::LoginForm { email, password };
    let (_, session) = accounts()?
        .log_in(&form, &visitor.client(), visitor.cookie_token.as_deref())
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("email", &form.email)])))?;
    set_session_cookie(&visitor, &session);
    leptos_axum::redirect(&safe_next(next.as_deref().unwrap_or("/app")));
    Ok(())
}

#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    let visitor = visitor();
    if let Some(token) = &visitor.cookie_token {
        accounts()?.log_out(token).await.map_err(fail)?;
    }
    clear_session_cookie(&visitor);
    leptos_axum::redirect("/login");
    Ok(())
}

/// Ends every session of the signed-in user, this one included.
#[server(endpoint = "log_out_everywhere")]
pub async fn log_out_everywhere() -> Result<(), AppError> {
    let session = require_session()?;
    let visitor = visitor();
    accounts()?.log_out_everywhere(&session.user, visitor.ip.as_deref()).await.map_err(fail)?;
    clear_session_cookie(&visitor);
    leptos_axum::redirect("/login");
    Ok(())
}

/// The open invitation behind a link (404 when used, revoked or expired).
#[server(endpoint = "invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    accounts()?.open_invitation(&token).await.map_err(fail)
}

#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    name: String,
    password: String,
    password_confirmation: String,
) -> Result<(), AppError> {
    let visitor = visitor();
    let (_, session) = accounts()?
        .accept_invitation(&token, &name, &password, &password_confirmation, None, &visitor.client(), visitor.cookie_token.as_deref())
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("name", &name)])))?;
    set_session_cookie(&visitor, &session);
    leptos_axum::redirect("/app");
    Ok(())
}

/// Where to go after logging in (`?next=`): only the dashboard's own pages —
/// `/app` or `/app/…`, with an optional `?query` — written in letters,
/// digits and `-._~/?=&+,:@%`, with no `//`, no dot segments, and no
/// `%`-escape of a control character, space, `/`, `\` or `.`; anything else
/// is `/app`. So the answer never leaves the site (a tab, CR/LF or backslash
/// that browsers drop or turn into `/` cannot make `//evil.example`) and is
/// always a valid `Location` header.
pub fn safe_next(next: &str) -> String {
    if is_dashboard_path(next) { next.to_owned() } else { "/app".to_owned() }
}

fn is_dashboard_path(next: &str) -> bool {
    const MAX_LEN: usize = 512;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~/?=&+,:@%".contains(&b);
    if next.len() > MAX_LEN || !next.bytes().all(allowed) {
        return false;
    }
    let path = next.split_once('?').map_or(next, |(path, _)| path);
    if !(path == "/app" || path.starts_with("/app/")) || path.contains("//") {
        return false;
    }
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return false;
    }
    let bytes = next.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = next.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) if b > b' ' && b != 0x7f && !b"/\\.".contains(&b) => i += 3,
                _ => return false,
            }
        } else {
            i += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_keeps_the_dashboards_own_pages() {
        for ok in ["/app", "/app/", "/app/users", "/app/quotes/5f0c-9a", "/app/quotes?status=sent&page=2", "/app/catalog?q=l%C3%A1mina"] {
            assert_eq!(safe_next(ok), ok, "{ok:?}");
        }
    }

    #[test]
    fn hostile_next_values_go_to_the_dashboard() {
        let hostile = [
            "", "app", "/", "//evil.example", "/\\evil.example", "\\\\evil.example", "/%09/evil.example", "/\t/evil.example",
            "/app\t//evil.example", "/app/\t/evil", "/app\r\nSet-Cookie: x=1", "/app\nLocation: //evil", "/app\r", "/app\0",
            "/app/\\evil.example", "/app//evil.example", "/app/..//evil.example", "/app/../../x", "/app/./x",
            "/app/%2F%2Fevil.example", "/app/%5Cevil", "/app/%09x", "/app/%0d%0aSet-Cookie:x", "/app/%2e%2e/x", "/app/%zz", "/app/%4",
            "https://evil.example/app", "http:/evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "/app javascript:x",
            "/appx", "/application", "/app#//evil", "/api/log_out", "/login?next=//evil", " /app", "/app ", "/app/ñ",
        ];
        for next in hostile {
            assert_eq!(safe_next(next), "/app", "{next:?}");
            assert!(safe_next(next).bytes().all(|b| b.is_ascii_graphic()), "a valid Location header");
        }
        assert_eq!(safe_next(&format!("/app/{}", "a".repeat(600))), "/app", "too long");
    }
}
