-- The relay: delivery attempts and secret rotation; see migrations/postgres/20261126000006_relay.sql.
CREATE TABLE delivery_attempts (
    id           BLOB PRIMARY KEY NOT NULL,
    tenant_id    BLOB NOT NULL REFERENCES tenants (id),
    delivery_id  BLOB NOT NULL REFERENCES event_deliveries (id),
    attempt      INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status       INTEGER,
    error        TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('delivered', 'retry', 'gone', 'dead'))
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempt);
CREATE INDEX delivery_attempts_tenant_time ON delivery_attempts (tenant_id, started_at);

ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_until TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE event_deliveries ADD COLUMN last_attempt_at TEXT;
CREATE INDEX event_deliveries_endpoint ON event_deliveries (tenant_id, endpoint_id, created_at DESC);

CREATE TRIGGER delivery_attempts_no_update BEFORE UPDATE ON delivery_attempts
BEGIN
    SELECT RAISE(ABORT, 'delivery_attempts is append-only');
END;
