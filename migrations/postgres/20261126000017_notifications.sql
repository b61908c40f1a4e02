-- Notification preferences, the daily digest and acknowledgement reminders (docs/ACKNOWLEDGEMENTS.md
-- "Notifications"). Kept in step with migrations/sqlite/20261126000017_notifications.sql.

-- How each person receives each kind of notification (no row: at once). Whoever queues a message reads the
-- recipients' choices; only the person changes their own.
CREATE TABLE notification_preferences (
    user_id     UUID NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind IN ('new_order', 'changed_order', 'ack_due', 'review_decided',
                    'changes_to_review', 'order_rejected', 'counter_accepted', 'comment')),
    delivery    TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, kind)
);
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_preferences FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_preferences_read ON notification_preferences FOR SELECT USING (true);
CREATE POLICY notification_preferences_own ON notification_preferences FOR INSERT WITH CHECK (user_id = app_user());
CREATE POLICY notification_preferences_change ON notification_preferences FOR UPDATE
    USING (user_id = app_user()) WITH CHECK (user_id = app_user());
REVOKE DELETE ON notification_preferences FROM portico_app;

-- Notifications held for a person's daily digest: the line it shows (in the person's language) and the deep link.
-- Like mail_outbox, outgoing mail the digest job reads across tenants: it names the organisation, not the tenant row,
-- so it holds no tenant data to isolate beyond what the person may read anyway.
CREATE TABLE digest_items (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    -- The buyer organisation it is about (the digest groups by it).
    organisation TEXT NOT NULL,
    line        TEXT NOT NULL,
    link        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);
CREATE INDEX digest_items_unsent ON digest_items (user_id, created_at) WHERE sent_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON digest_items TO portico_app;

-- The deadline for acknowledging an order, per buyer organisation, and the reminders sent (one per order version
-- and stage, so several servers never send twice).
ALTER TABLE tenants ADD COLUMN ack_sla_hours INTEGER NOT NULL DEFAULT 48 CHECK (ack_sla_hours BETWEEN 1 AND 720);
CREATE TABLE ack_reminders (
    tenant_id          UUID NOT NULL REFERENCES tenants (id),
    purchase_order_id  UUID NOT NULL,
    version            INTEGER NOT NULL,
    stage              TEXT NOT NULL CHECK (stage IN ('due_soon', 'overdue')),
    sent_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, version, stage),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
ALTER TABLE ack_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE ack_reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY ack_reminders_tenant ON ack_reminders
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE ON ack_reminders FROM portico_app;
-- Scheduled work holds a lease so that one server at a time runs it; `last_day` is the last day a daily job ran.
CREATE TABLE job_leases (
    name         TEXT PRIMARY KEY,
    holder       TEXT NOT NULL,
    lease_until  TIMESTAMPTZ NOT NULL,
    last_day     DATE
);
GRANT SELECT, INSERT, UPDATE ON job_leases TO portico_app;
-- The jobs find the tenants to work on as the relay does.
GRANT SELECT (id, ack_sla_hours) ON tenants TO portico_relay;
