-- Identity and tenant isolation: session records, one-time tokens, login throttling, trusted devices, two-factor
-- settings, the hash-chained audit log, and PostgreSQL row-level security as a second wall behind the scoped queries.
-- Kept in step with migrations/sqlite/20261126000002_identity.sql (same tables and columns; RLS, roles and grants
-- exist only here).

-- Two-factor authentication. The secret is the base32 TOTP key; totp_last_step refuses a code seen before.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMPTZ;

-- A buyer organisation can require two-factor sign-in for its own people and for its suppliers' people.
ALTER TABLE tenants ADD COLUMN require_mfa_buyers BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tenants ADD COLUMN require_mfa_suppliers BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per sign-in. The cookie's session record points here; a session is valid only while ended_at is NULL,
-- so ending it (sign-out, "end this session", password reset, account disabled) takes effect on the next request.
CREATE TABLE user_sessions (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    user_agent    TEXT,
    ip            TEXT,
    ended_at      TIMESTAMPTZ,
    end_reason    TEXT
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, created_at DESC);

-- Recovery codes for two-factor sign-in, stored hashed, each usable once.
CREATE TABLE recovery_codes (
    user_id    UUID NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);

-- Invitation, password-reset and magic-link tokens. Only the SHA-256 of the 256-bit token is stored; a token is
-- used at most once (used_at) and only before expires_at. Tenant-bound purposes carry the tenant (and supplier).
CREATE TABLE auth_tokens (
    id           UUID PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    purpose      TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset', 'magic_link')),
    email        TEXT NOT NULL,
    user_id      UUID REFERENCES users (id),
    tenant_id    UUID REFERENCES tenants (id),
    supplier_id  UUID,
    role         TEXT CHECK (role IN ('buyer_admin', 'buyer', 'supplier_admin', 'supplier_user')),
    document_id  UUID,
    created_by   UUID REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX auth_tokens_tenant ON auth_tokens (tenant_id, purpose, created_at DESC);

-- Failed-attempt counters in fixed one-hour windows (window_start in Unix seconds, compared in SQL), keyed by what
-- is being protected ("login:<email>", "device:<hash>", "reset:<email>", "totp:<user>", "accept:<ip>").
CREATE TABLE throttle (
    key           TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    failures      INTEGER NOT NULL
);

-- Browsers that signed in successfully before: they keep their own failure budget, so someone guessing a person's
-- password from elsewhere cannot lock that person out of their usual device.
CREATE TABLE trusted_devices (
    token_hash    TEXT PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL
);

-- The audit log: one hash chain per tenant (chain_id = tenant id) and one for events outside any tenant (the nil
-- UUID). Each entry's hash covers the previous entry's hash, so a changed or deleted row breaks the chain;
-- audit_heads holds each chain's last position and is locked while appending, so a chain cannot fork.
CREATE TABLE audit_heads (
    chain_id  UUID PRIMARY KEY,
    seq       BIGINT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TABLE audit_log (
    chain_id        UUID NOT NULL,
    seq             BIGINT NOT NULL,
    tenant_id       UUID REFERENCES tenants (id),
    occurred_at     TIMESTAMPTZ NOT NULL,
    actor_user_id   UUID,
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

-- The session table of tower-sessions (the store's own migration creates the same, if missing).
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id           TEXT PRIMARY KEY NOT NULL,
    data         BYTEA NOT NULL,
    expiry_date  TIMESTAMPTZ NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security. Requests run as portico_app, which owns nothing and cannot bypass RLS; each transaction says
-- whose data it works on with set_config('app.tenant_id', …, true) (and app.supplier_id, app.user_id,
-- app.token_hash). An unset or empty setting matches no row: the policies fail closed.
-- ---------------------------------------------------------------------------------------------------------------
DO $$
BEGIN
    CREATE ROLE portico_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
-- The migrating login switches to portico_app for requests (SET ROLE), so it must be a member unless superuser.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT portico_app TO %I', current_user);
    END IF;
END
$$;

CREATE FUNCTION app_setting_uuid(name TEXT) RETURNS UUID
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting(name, true), '')::uuid $$;
CREATE FUNCTION app_tenant() RETURNS UUID LANGUAGE sql STABLE AS $$ SELECT app_setting_uuid('app.tenant_id') $$;
CREATE FUNCTION app_supplier() RETURNS UUID LANGUAGE sql STABLE AS $$ SELECT app_setting_uuid('app.supplier_id') $$;
CREATE FUNCTION app_user() RETURNS UUID LANGUAGE sql STABLE AS $$ SELECT app_setting_uuid('app.user_id') $$;
CREATE FUNCTION app_token_hash() RETURNS TEXT
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.token_hash', true), '') $$;

-- Tenants: the current tenant, and the tenants the current person is a member of (the "select customer" list).
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_visible ON tenants
    USING (id = app_tenant()
           OR id IN (SELECT m.tenant_id FROM memberships m WHERE m.user_id = app_user()))
    WITH CHECK (id = app_tenant());

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_visible ON memberships
    USING (tenant_id = app_tenant() OR user_id = app_user())
    WITH CHECK (tenant_id = app_tenant());

-- Suppliers: within the tenant (a supplier-side caller sees only its own), plus those the person works for.
ALTER TABLE suppliers ENABLE ROW LEVEL SECURITY;
ALTER TABLE suppliers FORCE ROW LEVEL SECURITY;
CREATE POLICY suppliers_visible ON suppliers
    USING ((tenant_id = app_tenant() AND (app_supplier() IS NULL OR id = app_supplier()))
           OR EXISTS (SELECT 1 FROM memberships m
                      WHERE m.user_id = app_user() AND m.tenant_id = suppliers.tenant_id
                        AND m.supplier_id = suppliers.id))
    WITH CHECK (tenant_id = app_tenant());

ALTER TABLE purchase_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY purchase_orders_visible ON purchase_orders
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));

ALTER TABLE purchase_order_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_order_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY purchase_order_lines_visible ON purchase_order_lines
    USING (tenant_id = app_tenant()
           AND EXISTS (SELECT 1 FROM purchase_orders po
                       WHERE po.tenant_id = purchase_order_lines.tenant_id
                         AND po.id = purchase_order_lines.purchase_order_id))
    WITH CHECK (tenant_id = app_tenant());

-- Tokens: a tenant's own (its pending invitations), or the one whose hash the caller presents.
ALTER TABLE auth_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY auth_tokens_visible ON auth_tokens
    USING (tenant_id = app_tenant() OR token_hash = app_token_hash())
    WITH CHECK (tenant_id IS NULL OR tenant_id = app_tenant());

-- Audit entries: a tenant reads its own; anyone may append to their tenant's chain or the platform chain.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT USING (tenant_id = app_tenant());
CREATE POLICY audit_log_append ON audit_log FOR INSERT
    WITH CHECK (tenant_id IS NULL OR tenant_id = app_tenant());

-- What the application role may do. It owns nothing; the audit log is append-only for it.
GRANT USAGE ON SCHEMA public TO portico_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portico_app;
REVOKE ALL ON _sqlx_migrations FROM portico_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM portico_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO portico_app;
GRANT USAGE ON SCHEMA tower_sessions TO portico_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tower_sessions.session TO portico_app;
-- Tables added by later migrations (run by the same owner) are granted the same way; each revokes what it must.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portico_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO portico_app;

-- Outgoing e-mail, queued in the transaction of the action that causes it and handed to the mail transport by a
-- worker (so no request waits on an SMTP server). Not tenant data: the worker serves every tenant. A message's
-- bodies (which may hold a one-time link) are erased once an SMTP server has accepted it.
CREATE TABLE mail_outbox (
    id               UUID PRIMARY KEY,
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT,
    html_body        TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    sent_at          TIMESTAMPTZ,
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_outbox TO portico_app;
