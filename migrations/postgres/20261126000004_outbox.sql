-- The transactional outbox: one row per canonical event, written in the transaction of the change it reports (see
-- docs/EVENTS.md). The envelope is kept as the exact JSON text that is delivered and signed (TEXT, not JSONB, which
-- would reorder keys). Kept in step with migrations/sqlite/20261126000004_outbox.sql.
CREATE TABLE outbox_events (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    event_type      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    partition_key   TEXT NOT NULL,
    correlation_id  TEXT,
    causation_id    TEXT,
    envelope        TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_events_tenant_time ON outbox_events (tenant_id, created_at DESC, id DESC);

ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_events FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_events_tenant ON outbox_events
    USING (tenant_id = app_tenant())
    WITH CHECK (tenant_id = app_tenant());
-- Events are facts: the application appends them and never rewrites one.
GRANT SELECT, INSERT ON outbox_events TO portico_app;
REVOKE UPDATE, DELETE, TRUNCATE ON outbox_events FROM portico_app;
