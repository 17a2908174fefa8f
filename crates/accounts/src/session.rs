use store::{Client, SessionRecord, User};

use crate::error::AccountsError;
use crate::{Accounts, token};

/// A session just opened: the token goes into the cookie, only its hash into the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token: String,
    /// How long the cookie may live (the absolute lifetime), in seconds.
    pub max_age_secs: i64,
}

impl Accounts {
    pub(crate) async fn open_session(
        &self,
        user: &User,
        client: &Client<'_>,
        replaces: Option<&str>,
    ) -> Result<NewSession, AccountsError> {
        let now = store::now_ms();
        let token = token::generate();
        let replaced = replaces.filter(|t| token::looks_valid(t)).map(token::hash);
        self.db
            .open_session(user, &token::hash(&token), now, now + self.policy.session_absolute_ms, client, replaced.as_deref())
            .await?;
        Ok(NewSession { token, max_age_secs: self.policy.session_absolute_ms / 1000 })
    }

    /// The live session behind a cookie's token. An idle or expired session
    /// is deleted and is `None`, like a token that never existed.
    pub async fn authenticate(&self, cookie_token: &str) -> Result<Option<SessionRecord>, AccountsError> {
        if !token::looks_valid(cookie_token) {
            return Ok(None);
        }
        let id_hash = token::hash(cookie_token);
        let Some(session) = self.db.session(&id_hash).await? else { return Ok(None) };
        let now = store::now_ms();
        if session.last_seen_at + self.policy.session_idle_ms <= now || session.expires_at <= now {
            self.db.close_session(&id_hash).await?;
            return Ok(None);
        }
        if now - session.last_seen_at >= self.policy.session_touch_ms {
            self.db.touch_session(&id_hash, now).await?;
        }
        Ok(Some(session))
    }

    /// Logout: ends the session of this cookie.
    pub async fn log_out(&self, cookie_token: &str) -> Result<(), AccountsError> {
        if token::looks_valid(cookie_token) {
            self.db.close_session(&token::hash(cookie_token)).await?;
        }
        Ok(())
    }

    /// Ends every session of the user, on every device; returns how many.
    pub async fn log_out_everywhere(&self, user: &User, ip: Option<&str>) -> Result<u64, AccountsError> {
        Ok(self.db.close_user_sessions(user, ip).await?)
    }

    /// Deletes idle and expired sessions; returns how many.
    pub async fn purge_sessions(&self) -> Result<u64, AccountsError> {
        let now = store::now_ms();
        Ok(self.db.purge_sessions(now - self.policy.session_idle_ms, now).await?)
    }
}
