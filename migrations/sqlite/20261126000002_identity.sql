-- Identity and tenant isolation: session records, one-time tokens, login throttling, trusted devices, two-factor
-- settings and the hash-chained audit log. Kept in step with migrations/postgres/20261126000002_identity.sql (same
-- tables and columns). SQLite has no row-level security: isolation rests on the scoped queries, which the same
-- isolation tests check on both backends.

ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

ALTER TABLE tenants ADD COLUMN require_mfa_buyers BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tenants ADD COLUMN require_mfa_suppliers BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE user_sessions (
    id            BLOB PRIMARY KEY NOT NULL,
    user_id       BLOB NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    user_agent    TEXT,
    ip            TEXT,
    ended_at      TEXT,
    end_reason    TEXT
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, created_at DESC);

CREATE TABLE recovery_codes (
    user_id    BLOB NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE auth_tokens (
    id           BLOB PRIMARY KEY NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    purpose      TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset', 'magic_link')),
    email        TEXT NOT NULL,
    user_id      BLOB REFERENCES users (id),
    tenant_id    BLOB REFERENCES tenants (id),
    supplier_id  BLOB,
    role         TEXT CHECK (role IN ('buyer_admin', 'buyer', 'supplier_admin', 'supplier_user')),
    document_id  BLOB,
    created_by   BLOB REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX auth_tokens_tenant ON auth_tokens (tenant_id, purpose, created_at DESC);

CREATE TABLE throttle (
    key           TEXT PRIMARY KEY NOT NULL,
    window_start  INTEGER NOT NULL,
    failures      INTEGER NOT NULL
);

CREATE TABLE trusted_devices (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    user_id       BLOB NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL
);

CREATE TABLE audit_heads (
    chain_id  BLOB PRIMARY KEY NOT NULL,
    seq       INTEGER NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TABLE audit_log (
    chain_id        BLOB NOT NULL,
    seq             INTEGER NOT NULL,
    tenant_id       BLOB REFERENCES tenants (id),
    occurred_at     TEXT NOT NULL,
    actor_user_id   BLOB,
    action          TEXT NOT NULL,
    subject_type    TEXT,
    subject_id      TEXT,
    detail          TEXT NOT NULL,
    correlation_id  TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    PRIMARY KEY (chain_id, seq)
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, occurred_at DESC);

-- Append-only: SQLite has no roles to withhold UPDATE and DELETE from, so triggers refuse them.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Outgoing e-mail, queued in the transaction of the action that causes it; see the PostgreSQL migration.
CREATE TABLE mail_outbox (
    id               BLOB PRIMARY KEY NOT NULL,
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT,
    html_body        TEXT,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    sent_at          TEXT,
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
