/// The tunable rules of accounts. `Policy::default()` is what production uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// A session unused this long ends (ms).
    pub session_idle_ms: i64,
    /// A session ends this long after login whatever its use (ms).
    pub session_absolute_ms: i64,
    /// `last_seen_at` is written at most this often per session (ms).
    pub session_touch_ms: i64,
    /// An API key's `last_used_at` is written at most this often (ms).
    pub api_key_touch_ms: i64,
    /// An invitation link works this long (ms).
    pub invitation_ttl_ms: i64,
    /// Failed logins are counted in windows of this length (ms).
    pub throttle_window_ms: i64,
    /// Failed logins of one account per window before it is refused.
    pub max_failures_per_account: i64,
    /// Failed logins from one IP address per window before it is refused.
    pub max_failures_per_ip: i64,
    /// Sign-up attempts are counted in windows of this length (ms).
    pub signup_window_ms: i64,
    /// Sign-up attempts with one email per window before it is refused.
    pub max_signups_per_email: i64,
    /// Sign-up attempts from one IP address per window that did not create
    /// an organisation (the email or address was taken, or it is still
    /// running) before it is refused.
    pub max_signups_per_ip: i64,
    /// Password hashes that may run at once (each takes 19 MiB and a core).
    pub max_concurrent_hashes: usize,
    /// How long a login, sign-up or acceptance waits for a hashing slot
    /// before it is answered "busy, try again" (ms).
    pub hash_wait_ms: u64,
}

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            session_idle_ms: 12 * HOUR,
            session_absolute_ms: 30 * DAY,
            session_touch_ms: MINUTE,
            api_key_touch_ms: MINUTE,
            invitation_ttl_ms: 7 * DAY,
            throttle_window_ms: 15 * MINUTE,
            max_failures_per_account: 5,
            max_failures_per_ip: 30,
            signup_window_ms: HOUR,
            max_signups_per_email: 5,
            max_signups_per_ip: 10,
            max_concurrent_hashes: crate::password::Hashing::cores(),
            hash_wait_ms: 2_000,
        }
    }
}
