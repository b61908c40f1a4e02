-- The EDI sink (docs/EDI.md "Delivery"): an endpoint of kind 'edi' per enabled supplier EDI profile (URL
-- 'edi:<supplier id>'), which the relay serves by writing the supplier's acknowledgements, ship notices and invoices
-- as X12 or EDIFACT files into the partner's outbound directory. An attempt keeps what it did (document, control
-- number, file) in `detail`. Kept in step with migrations/sqlite/20261126000012_edi_sink.sql.

ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_kind_check;
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_kind_check
    CHECK (kind IN ('erp_webhook', 'alert_webhook', 'alert_email', 'nats', 'edi'));
CREATE UNIQUE INDEX webhook_endpoints_one_edi ON webhook_endpoints (tenant_id, url) WHERE kind = 'edi';

ALTER TABLE delivery_attempts ADD COLUMN detail TEXT;
