use domain::normalize_email;
use serde::{Deserialize, Serialize};
use store::{AuditEvent, Client, User};

use crate::error::AccountsError;
use crate::session::NewSession;
use crate::{Accounts, password};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
}

impl Accounts {
    /// Checks the password and opens a session. Wrong email and wrong
    /// password are the same error, cost the same time and count against
    /// both the IP and the email typed; past the limits the login is refused
    /// before any password is checked.
    pub async fn log_in(
        &self,
        form: &LoginForm,
        client: &Client<'_>,
        replaces: Option<&str>,
    ) -> Result<(User, NewSession), AccountsError> {
        let email = normalize_email(&form.email).unwrap_or_else(|_| form.email.trim().to_lowercase());
        let now = store::now_ms();
        let keys = throttle_keys(&email, client.ip);
        self.refuse_if_throttled(&keys, now).await?;

        let record = self.db.login_record(&email).await?;
        let stored = record.as_ref().map(|r| r.password_hash.clone());
        let password_ok = password::verify(stored, &form.password).await;
        match record {
            Some(record) if password_ok && !record.user.disabled => {
                if let Some(key) = &keys.account {
                    self.db.clear_login_failures(key).await?;
                }
                let session = self.open_session(&record.user, client, replaces).await?;
                Ok((record.user, session))
            }
            record => {
                for key in [keys.account.as_deref(), keys.ip.as_deref()].into_iter().flatten() {
                    self.db.count_login_failure(key, now, now - self.policy.throttle_window_ms).await?;
                }
                if let Some(record) = record {
                    self.db
                        .record_audit(
                            &AuditEvent::anonymous(&record.user.organization_id, "user.login_failed")
                                .subject(&record.user.email)
                                .ip(client.ip),
                        )
                        .await?;
                }
                tracing::info!(ip = client.ip.unwrap_or("-"), "failed login");
                Err(AccountsError::InvalidCredentials)
            }
        }
    }

    async fn refuse_if_throttled(&self, keys: &ThrottleKeys, now: i64) -> Result<(), AccountsError> {
        let window_start = now - self.policy.throttle_window_ms;
        let limits = [(&keys.account, self.policy.max_failures_per_account), (&keys.ip, self.policy.max_failures_per_ip)];
        for (key, limit) in limits {
            let Some(key) = key.as_deref() else { continue };
            if let Some(count) = self.db.login_failures(key, window_start).await? {
                if count.failures >= limit {
                    let retry_after_ms = count.window_started_at + self.policy.throttle_window_ms - now;
                    return Err(AccountsError::Throttled { retry_after_secs: (retry_after_ms / 1000).max(1) });
                }
            }
        }
        Ok(())
    }
}

struct ThrottleKeys {
    account: Option<String>,
    ip: Option<String>,
}

fn throttle_keys(email: &str, ip: Option<&str>) -> ThrottleKeys {
    ThrottleKeys {
        account: (!email.is_empty()).then(|| format!("email:{email}")),
        ip: ip.map(|ip| format!("ip:{ip}")),
    }
}
