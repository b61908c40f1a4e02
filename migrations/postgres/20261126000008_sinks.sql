-- Sinks beyond the ERP webhook (docs/EVENTS.md "Sinks"): endpoints get a kind (ERP webhook, alert webhook, alert
-- e-mail, NATS JetStream), alert endpoints a rate-limit window, and the relay the rights it needs to report a failed
-- delivery as an event, queue alert mail, keep the stream endpoints in place and prune old delivery records.
-- Kept in step with migrations/sqlite/20261126000008_sinks.sql.

ALTER TABLE webhook_endpoints ADD COLUMN kind TEXT NOT NULL DEFAULT 'erp_webhook'
    CHECK (kind IN ('erp_webhook', 'alert_webhook', 'alert_email', 'nats'));
-- Alert rate limit: when the current window began and how many messages went out in it.
ALTER TABLE webhook_endpoints ADD COLUMN alert_window_start TIMESTAMPTZ;
ALTER TABLE webhook_endpoints ADD COLUMN alert_window_count INTEGER NOT NULL DEFAULT 0;
-- The language alert messages are written in.
ALTER TABLE webhook_endpoints ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
-- One stream endpoint per tenant at most (the relay creates it when NATS is configured).
CREATE UNIQUE INDEX webhook_endpoints_one_stream ON webhook_endpoints (tenant_id) WHERE kind = 'nats';
-- Retention: delivered deliveries by age.
CREATE INDEX event_deliveries_delivered ON event_deliveries (delivered_at) WHERE status = 'delivered';
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- A delivery that is dead-lettered, or whose endpoint answered 410, becomes a delivery.failed event of its tenant,
-- written by the relay in the transaction that records the attempt, and fanned out like any other event.
GRANT INSERT ON outbox_events TO portico_relay;
CREATE POLICY outbox_events_relay_insert ON outbox_events FOR INSERT TO portico_relay WITH CHECK (true);
GRANT INSERT, DELETE ON event_deliveries TO portico_relay;
GRANT DELETE ON delivery_attempts TO portico_relay;
GRANT INSERT ON webhook_endpoints TO portico_relay;
GRANT UPDATE (alert_window_start, alert_window_count) ON webhook_endpoints TO portico_relay;
-- Alert e-mail goes through the mail queue (global, no tenant data of its own).
GRANT INSERT ON mail_outbox TO portico_relay;
-- Retention of stored API answers.
GRANT SELECT, DELETE ON idempotency_keys TO portico_relay;
CREATE POLICY idempotency_keys_relay ON idempotency_keys FOR ALL TO portico_relay USING (true) WITH CHECK (true);
