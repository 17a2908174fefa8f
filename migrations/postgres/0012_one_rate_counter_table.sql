-- One table of fixed-window counters: login and sign-up attempts move from
-- `login_throttle` into `rate_counters` (their keys, `ip:…`, `email:…`,
-- `signup-ip:…`, `signup-email:…`, never clash with `wizard-…`). `WHERE true`
-- tells SQLite's parser that ON CONFLICT belongs to the INSERT.
INSERT INTO rate_counters (key, window_started_at, hits)
    SELECT key, window_started_at, failures FROM login_throttle WHERE true
    ON CONFLICT (key) DO NOTHING;
DROP TABLE login_throttle;
