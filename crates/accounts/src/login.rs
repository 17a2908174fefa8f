use domain::normalize_email;
use serde::{Deserialize, Serialize};
use store::{AuditEvent, Client, User};

use crate::Accounts;
use crate::error::AccountsError;
use crate::session::NewSession;
use crate::throttle::Limit;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
}

impl Accounts {
    /// Checks the password and opens a session. Wrong email and wrong
    /// password are the same error, cost the same time and count against
    /// both the IP and the email typed. The attempt is counted *before* the
    /// password is checked (atomically), so however many arrive at once, no
    /// more than the limits are checked; a success gives its count back.
    /// With every hashing slot busy the answer is `Busy` and nothing counts.
    pub async fn log_in(
        &self,
        form: &LoginForm,
        client: &Client<'_>,
        replaces: Option<&str>,
    ) -> Result<(User, NewSession), AccountsError> {
        let email = normalize_email(&form.email).unwrap_or_else(|_| form.email.trim().to_lowercase());
        let limits = self.login_limits(&email, client.ip);
        self.reserve_attempt(&limits, self.policy.throttle_window_ms).await?;
        let keys: Vec<&str> = limits.iter().map(|l| l.key.as_str()).collect();

        let record = self.db.login_record(&email).await?;
        let stored = record.as_ref().map(|r| r.password_hash.clone());
        let password_ok = match self.hashing.verify(stored, &form.password).await {
            Ok(ok) => ok,
            Err(busy) => {
                self.release_attempt(&keys).await;
                return Err(busy);
            }
        };
        match record {
            Some(record) if password_ok && !record.user.disabled => {
                let account = format!("email:{email}");
                self.db.forget_rate_counter(&account).await?;
                let others: Vec<&str> = keys.iter().copied().filter(|k| *k != account).collect();
                self.release_attempt(&others).await;
                let session = self.open_session(&record.user, client, replaces).await?;
                Ok((record.user, session))
            }
            record => {
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

    fn login_limits(&self, email: &str, ip: Option<&str>) -> Vec<Limit> {
        let mut limits = Vec::with_capacity(2);
        if !email.is_empty() {
            limits.push(Limit { key: format!("email:{email}"), max: self.policy.max_failures_per_account });
        }
        if let Some(ip) = ip {
            limits.push(Limit { key: format!("ip:{ip}"), max: self.policy.max_failures_per_ip });
        }
        limits
    }
}
