-- ERP webhook endpoints and per-endpoint delivery records (docs/EVENTS.md). A delivery row is written in the same
-- transaction as its event, one per active endpoint whose filter matches, so every committed event has its
-- deliveries and no rolled-back one does. Kept in step with migrations/sqlite/20261126000005_webhook_deliveries.sql.

CREATE UNIQUE INDEX outbox_events_tenant_id_id ON outbox_events (tenant_id, id);

CREATE TABLE webhook_endpoints (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    url              TEXT NOT NULL,
    -- Space-separated event type names, or '*' for every type.
    event_types      TEXT NOT NULL,
    -- The signing key (whsec_…), needed in clear to sign; the previous one signs too while a rotation is under way.
    secret           TEXT NOT NULL,
    previous_secret  TEXT,
    created_by       UUID REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL,
    disabled_at      TIMESTAMPTZ,
    disabled_reason  TEXT,
    UNIQUE (tenant_id, id)
);

CREATE TABLE event_deliveries (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    event_id         UUID NOT NULL,
    endpoint_id      UUID NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_status      INTEGER,
    last_error       TEXT,
    delivered_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, endpoint_id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES outbox_events (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
);
CREATE INDEX event_deliveries_due ON event_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_endpoints_tenant ON webhook_endpoints
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE event_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY event_deliveries_tenant ON event_deliveries
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
