-- ERP webhook endpoints and delivery records; see migrations/postgres/20261126000005_webhook_deliveries.sql.

CREATE UNIQUE INDEX outbox_events_tenant_id_id ON outbox_events (tenant_id, id);

CREATE TABLE webhook_endpoints (
    id               BLOB PRIMARY KEY NOT NULL,
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    url              TEXT NOT NULL,
    event_types      TEXT NOT NULL,
    secret           TEXT NOT NULL,
    previous_secret  TEXT,
    created_by       BLOB REFERENCES users (id),
    created_at       TEXT NOT NULL,
    disabled_at      TEXT,
    disabled_reason  TEXT,
    UNIQUE (tenant_id, id)
);

CREATE TABLE event_deliveries (
    id               BLOB PRIMARY KEY NOT NULL,
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    event_id         BLOB NOT NULL,
    endpoint_id      BLOB NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_status      INTEGER,
    last_error       TEXT,
    delivered_at     TEXT,
    created_at       TEXT NOT NULL,
    UNIQUE (event_id, endpoint_id),
    FOREIGN KEY (tenant_id, event_id) REFERENCES outbox_events (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
);
CREATE INDEX event_deliveries_due ON event_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';
