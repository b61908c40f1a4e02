-- The EDI sink; see migrations/postgres/20261126000012_edi_sink.sql.
--
-- SQLite cannot change a column's CHECK constraint in place: the kind moves to a new column with the wider check
-- (the partial index that names it is dropped first and made again).
DROP INDEX webhook_endpoints_one_stream;
ALTER TABLE webhook_endpoints ADD COLUMN sink TEXT NOT NULL DEFAULT 'erp_webhook'
    CHECK (sink IN ('erp_webhook', 'alert_webhook', 'alert_email', 'nats', 'edi'));
UPDATE webhook_endpoints SET sink = kind;
ALTER TABLE webhook_endpoints DROP COLUMN kind;
ALTER TABLE webhook_endpoints RENAME COLUMN sink TO kind;
CREATE UNIQUE INDEX webhook_endpoints_one_stream ON webhook_endpoints (tenant_id) WHERE kind = 'nats';
CREATE UNIQUE INDEX webhook_endpoints_one_edi ON webhook_endpoints (tenant_id, url) WHERE kind = 'edi';

ALTER TABLE delivery_attempts ADD COLUMN detail TEXT;
