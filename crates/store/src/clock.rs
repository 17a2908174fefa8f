/// Today's UTC calendar day (`YYYY-MM-DD`): the day prices are read on.
pub fn today() -> String {
    domain::day_of_unix_ms(now_ms())
}

/// Milliseconds since the Unix epoch: every timestamp column holds this.
pub fn now_ms() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
