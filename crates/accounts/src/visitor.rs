//! Who is asking: what the server's middleware learns of each request and
//! hands to the routes and server functions (through request extensions).
use store::{Client, SessionRecord};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "cotiza_session";

/// The request's session (if live) and client facts.
#[derive(Debug, Clone, Default)]
pub struct Visitor {
    pub session: Option<SessionRecord>,
    /// The cookie's token as sent (also when it no longer opens a session).
    pub cookie_token: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Served over https (directly or behind a proxy that says so).
    pub https: bool,
    /// `scheme://host[:port]` of this server as the browser sees it, for links.
    pub origin: String,
    pub accept_language: Option<String>,
}

impl Visitor {
    pub fn client(&self) -> Client<'_> {
        Client { ip: self.ip.as_deref(), user_agent: self.user_agent.as_deref() }
    }

    /// The `Set-Cookie` value that stores a new session's token.
    pub fn session_cookie(&self, token: &str, max_age_secs: i64) -> String {
        format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}", self.secure_attr())
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn clear_session_cookie(&self) -> String {
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", self.secure_attr())
    }

    fn secure_attr(&self) -> &'static str {
        if self.https { "; Secure" } else { "" }
    }
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let plain = Visitor::default();
        assert_eq!(plain.session_cookie("t", 60), "cotiza_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
        let https = Visitor { https: true, ..Visitor::default() };
        assert!(https.session_cookie("t", 60).ends_with("; Secure"));
        assert!(https.clear_session_cookie().contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_read_from_the_cookie_header() {
        assert_eq!(token_from_cookie_header("a=1; cotiza_session=abc ; b=2"), Some("abc"));
        assert_eq!(token_from_cookie_header("cotiza_session="), None);
        assert_eq!(token_from_cookie_header("other=1"), None);
    }
}
