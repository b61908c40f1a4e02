-- Scorecard counters per tenant, supplier and day; see migrations/postgres/20261126000027_scorecard_days.sql.
CREATE TABLE scorecard_days (
    tenant_id               BLOB NOT NULL REFERENCES tenants (id),
    supplier_id             BLOB NOT NULL,
    day                     TEXT NOT NULL,
    ack_hours               TEXT NOT NULL,
    acks_on_time            INTEGER NOT NULL,
    lines_due               INTEGER NOT NULL,
    lines_on_time_in_full   INTEGER NOT NULL,
    quantity_due            TEXT NOT NULL,
    quantity_received       TEXT NOT NULL,
    notices_received        INTEGER NOT NULL,
    notices_before_receipt  INTEGER NOT NULL,
    invoices                INTEGER NOT NULL,
    invoices_matched        INTEGER NOT NULL,
    invoice_lines           INTEGER NOT NULL,
    invoice_lines_price_ok  INTEGER NOT NULL,
    changes                 INTEGER NOT NULL,
    delays                  INTEGER NOT NULL,
    computed_at             TEXT NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id, day),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX scorecard_days_day ON scorecard_days (tenant_id, day);

CREATE INDEX po_acknowledgements_time ON po_acknowledgements (tenant_id, submitted_at);
CREATE INDEX line_promises_date ON line_promises (tenant_id, promised_date);
CREATE INDEX goods_receipts_day ON goods_receipts (tenant_id, received_on);
CREATE INDEX delay_reports_time ON delay_reports (tenant_id, created_at);
