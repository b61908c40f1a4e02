-- The ERP-facing REST API (docs/API.md): API keys per tenant (only a hash kept) and idempotency records, written in
-- the transaction of the request they answer. Kept in step with migrations/sqlite/20261126000007_api.sql.
CREATE TABLE api_keys (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenants (id),
    name          TEXT NOT NULL,
    -- The first characters of the key, to tell keys apart in lists ("ptk_AbC1…").
    prefix        TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    created_by    UUID REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at DESC);

CREATE TABLE idempotency_keys (
    tenant_id     UUID NOT NULL REFERENCES tenants (id),
    key           TEXT NOT NULL,
    -- What the request was (method, path and a hash of the body): the same key with another request is refused.
    request_hash  TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    response      TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

-- A presented key is looked up by its hash before the tenant is known (app.token_hash), as e-mailed tokens are.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY api_keys_visible ON api_keys
    USING (tenant_id = app_tenant() OR key_hash = app_token_hash())
    WITH CHECK (tenant_id = app_tenant());
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_tenant ON idempotency_keys
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE ON api_keys TO portico_app;
REVOKE DELETE, TRUNCATE ON api_keys FROM portico_app;
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO portico_app;
