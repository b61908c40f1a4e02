-- Notification preferences, the daily digest and acknowledgement reminders; see
-- migrations/postgres/20261126000017_notifications.sql.
CREATE TABLE notification_preferences (
    user_id     BLOB NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind IN ('new_order', 'changed_order', 'ack_due', 'review_decided',
                    'changes_to_review', 'order_rejected', 'counter_accepted', 'comment')),
    delivery    TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
CREATE TABLE digest_items (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    -- The buyer organisation it is about (the digest groups by it).
    organisation TEXT NOT NULL,
    line        TEXT NOT NULL,
    link        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX digest_items_unsent ON digest_items (user_id, created_at) WHERE sent_at IS NULL;
ALTER TABLE tenants ADD COLUMN ack_sla_hours INTEGER NOT NULL DEFAULT 48 CHECK (ack_sla_hours BETWEEN 1 AND 720);
CREATE TABLE ack_reminders (
    tenant_id          BLOB NOT NULL REFERENCES tenants (id),
    purchase_order_id  BLOB NOT NULL,
    version            INTEGER NOT NULL,
    stage              TEXT NOT NULL CHECK (stage IN ('due_soon', 'overdue')),
    sent_at            TEXT NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, version, stage),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE TABLE job_leases (
    name         TEXT PRIMARY KEY NOT NULL,
    holder       TEXT NOT NULL,
    lease_until  TEXT NOT NULL,
    last_day     TEXT
);
