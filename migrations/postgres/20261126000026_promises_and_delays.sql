-- What each acknowledged order line is promised for (docs/EXCEPTIONS.md): the date the supplier's effective answer
-- promises the last of its quantity, and that quantity. Written when an answer takes effect (accepted, accepted
-- within the policy, approved, a counter-proposal accepted) and when a delay report moves it; read by delay
-- reports, the overdue job and the scorecards. Kept in step with
-- migrations/sqlite/20261126000026_promises_and_delays.sql.
CREATE TABLE line_promises (
    tenant_id          UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    promised_date      DATE NOT NULL,
    promised_quantity  NUMERIC(20, 6) NOT NULL,
    source             TEXT NOT NULL CHECK (source IN ('acknowledgement', 'delay_report')),
    updated_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX line_promises_supplier_date ON line_promises (tenant_id, supplier_id, promised_date);

-- A supplier's delay report: a new date and a reason for the open lines in its scope, each line with the date it
-- had before.
CREATE TABLE delay_reports (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    supplier_id     UUID NOT NULL,
    new_date        DATE NOT NULL,
    reason          TEXT NOT NULL CHECK (reason IN ('capacity', 'material', 'transport', 'quality',
                        'force_majeure', 'other')),
    note            TEXT,
    reported_by     UUID NOT NULL REFERENCES users (id),
    form_token      TEXT NOT NULL,
    correlation_id  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, form_token),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX delay_reports_tenant_id_id ON delay_reports (tenant_id, id);

CREATE TABLE delay_report_lines (
    tenant_id          UUID NOT NULL,
    report_id          UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    open_quantity      NUMERIC(20, 6) NOT NULL,
    previous_date      DATE NOT NULL,
    new_date           DATE NOT NULL,
    PRIMARY KEY (report_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, report_id) REFERENCES delay_reports (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX delay_report_lines_order ON delay_report_lines (tenant_id, purchase_order_id);

-- The promises of orders answered before this migration, from each order's latest answer in effect (before the
-- table's row-level security is switched on).
INSERT INTO line_promises (tenant_id, supplier_id, purchase_order_id, line_number, promised_date, promised_quantity,
        source, updated_at)
SELECT a.tenant_id, a.supplier_id, a.purchase_order_id, l.line_number,
       (SELECT MAX(s.promised_date) FROM po_ack_schedule s
        WHERE s.tenant_id = a.tenant_id AND s.acknowledgement_id = a.id AND s.line_number = l.line_number),
       l.quantity, 'acknowledgement', a.submitted_at
FROM po_acknowledgements a
JOIN po_ack_lines l ON l.tenant_id = a.tenant_id AND l.acknowledgement_id = a.id
WHERE a.outcome IN ('accepted', 'auto_accepted', 'approved') AND l.answer <> 'rejected'
  AND EXISTS (SELECT 1 FROM po_ack_schedule s
              WHERE s.tenant_id = a.tenant_id AND s.acknowledgement_id = a.id AND s.line_number = l.line_number)
  AND a.submitted_at = (SELECT MAX(b.submitted_at) FROM po_acknowledgements b
                        WHERE b.tenant_id = a.tenant_id AND b.purchase_order_id = a.purchase_order_id);

ALTER TABLE line_promises ENABLE ROW LEVEL SECURITY;
ALTER TABLE line_promises FORCE ROW LEVEL SECURITY;
CREATE POLICY line_promises_visible ON line_promises
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));

ALTER TABLE delay_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE delay_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY delay_reports_visible ON delay_reports
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NOT NULL AND supplier_id = app_supplier());
REVOKE UPDATE, DELETE ON delay_reports FROM portico_app;

ALTER TABLE delay_report_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE delay_report_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY delay_report_lines_visible ON delay_report_lines
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NOT NULL AND supplier_id = app_supplier());
REVOKE UPDATE, DELETE ON delay_report_lines FROM portico_app;
