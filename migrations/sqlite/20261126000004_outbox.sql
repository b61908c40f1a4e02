-- The transactional outbox; see migrations/postgres/20261126000004_outbox.sql.
CREATE TABLE outbox_events (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    event_type      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    partition_key   TEXT NOT NULL,
    correlation_id  TEXT,
    causation_id    TEXT,
    envelope        TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX outbox_events_tenant_time ON outbox_events (tenant_id, created_at DESC, id DESC);

CREATE TRIGGER outbox_events_no_update BEFORE UPDATE ON outbox_events
BEGIN
    SELECT RAISE(ABORT, 'outbox_events is append-only');
END;
CREATE TRIGGER outbox_events_no_delete BEFORE DELETE ON outbox_events
BEGIN
    SELECT RAISE(ABORT, 'outbox_events is append-only');
END;
