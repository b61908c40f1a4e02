-- Scorecard counters per tenant, supplier and day (docs/EXCEPTIONS.md "Scorecards"): what happened that day, counted
-- as `portico_domain::scorecards::Counters` (the hours to each first answer as a comma-separated list, for the
-- median). Closed days are computed from the documents by a job under a lease and replaced whole when recomputed;
-- today is computed live. A period's scorecard sums at most ~92 rows per supplier. Kept in step with
-- migrations/sqlite/20261126000027_scorecard_days.sql.
CREATE TABLE scorecard_days (
    tenant_id               UUID NOT NULL REFERENCES tenants (id),
    supplier_id             UUID NOT NULL,
    day                     DATE NOT NULL,
    ack_hours               TEXT NOT NULL,
    acks_on_time            INTEGER NOT NULL,
    lines_due               INTEGER NOT NULL,
    lines_on_time_in_full   INTEGER NOT NULL,
    quantity_due            NUMERIC(20, 6) NOT NULL,
    quantity_received       NUMERIC(20, 6) NOT NULL,
    notices_received        INTEGER NOT NULL,
    notices_before_receipt  INTEGER NOT NULL,
    invoices                INTEGER NOT NULL,
    invoices_matched        INTEGER NOT NULL,
    invoice_lines           INTEGER NOT NULL,
    invoice_lines_price_ok  INTEGER NOT NULL,
    changes                 INTEGER NOT NULL,
    delays                  INTEGER NOT NULL,
    computed_at             TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id, day),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX scorecard_days_day ON scorecard_days (tenant_id, day);

-- The facts by time, for computing a range of days without reading all history.
CREATE INDEX po_acknowledgements_time ON po_acknowledgements (tenant_id, submitted_at);
CREATE INDEX line_promises_date ON line_promises (tenant_id, promised_date);
CREATE INDEX goods_receipts_day ON goods_receipts (tenant_id, received_on);
CREATE INDEX delay_reports_time ON delay_reports (tenant_id, created_at);

ALTER TABLE scorecard_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard_days FORCE ROW LEVEL SECURITY;
CREATE POLICY scorecard_days_visible ON scorecard_days
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
