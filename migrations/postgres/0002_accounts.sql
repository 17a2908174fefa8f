-- Accounts: users of an organisation, their sessions, invitations, the mail
-- outbox, the audit log and the login throttle. Same columns on PostgreSQL.
-- No BOOLEAN columns: a nullable timestamp says "since when" instead.
CREATE TABLE users (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    password_hash   TEXT   NOT NULL,
    role            TEXT   NOT NULL,
    language        TEXT   NULL,
    disabled_at     BIGINT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'sales')),
    CONSTRAINT users_language_check CHECK (language IS NULL OR language IN ('es', 'en'))
);
CREATE INDEX users_org_idx ON users (organization_id, created_at);

-- The id is the SHA-256 (hex) of the cookie's token: a stolen database holds no usable session.
CREATE TABLE sessions (
    id              TEXT   NOT NULL PRIMARY KEY,
    user_id         TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    ip              TEXT   NULL,
    user_agent      TEXT   NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE invitations (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           TEXT   NOT NULL,
    role            TEXT   NOT NULL,
    token_hash      TEXT   NOT NULL,
    invited_by      TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    accepted_at     BIGINT NULL,
    revoked_at      BIGINT NULL,
    CONSTRAINT invitations_token_key UNIQUE (token_hash),
    CONSTRAINT invitations_role_check CHECK (role IN ('admin', 'sales'))
);
CREATE INDEX invitations_org_idx ON invitations (organization_id, created_at);

-- Mail to send; a later worker delivers it and sets sent_at.
CREATE TABLE outbox (
    id              TEXT    NOT NULL PRIMARY KEY,
    organization_id TEXT    NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT  NULL,
    attempts        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending_idx ON outbox (sent_at, created_at);

CREATE TABLE audit_events (
    id              TEXT   NOT NULL PRIMARY KEY,
    organization_id TEXT   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    actor_user_id   TEXT   NULL,
    actor_email     TEXT   NULL,
    action          TEXT   NOT NULL,
    subject         TEXT   NULL,
    detail          TEXT   NOT NULL DEFAULT '',
    ip              TEXT   NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX audit_events_org_idx ON audit_events (organization_id, created_at);

-- Failed logins per key ('ip:…' or 'email:…') in the current window.
CREATE TABLE login_throttle (
    key               TEXT    NOT NULL PRIMARY KEY,
    window_started_at BIGINT  NOT NULL,
    failures          INTEGER NOT NULL
);
