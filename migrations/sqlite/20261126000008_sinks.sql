-- Sinks beyond the ERP webhook; see migrations/postgres/20261126000008_sinks.sql.
ALTER TABLE webhook_endpoints ADD COLUMN kind TEXT NOT NULL DEFAULT 'erp_webhook'
    CHECK (kind IN ('erp_webhook', 'alert_webhook', 'alert_email', 'nats'));
ALTER TABLE webhook_endpoints ADD COLUMN alert_window_start TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN alert_window_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_endpoints ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
CREATE UNIQUE INDEX webhook_endpoints_one_stream ON webhook_endpoints (tenant_id) WHERE kind = 'nats';
CREATE INDEX event_deliveries_delivered ON event_deliveries (delivered_at) WHERE status = 'delivered';
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
