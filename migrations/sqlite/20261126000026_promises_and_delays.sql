-- Line promises and delay reports; see migrations/postgres/20261126000026_promises_and_delays.sql.
CREATE TABLE line_promises (
    tenant_id          BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    purchase_order_id  BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    promised_date      TEXT NOT NULL,
    promised_quantity  TEXT NOT NULL,
    source             TEXT NOT NULL CHECK (source IN ('acknowledgement', 'delay_report')),
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX line_promises_supplier_date ON line_promises (tenant_id, supplier_id, promised_date);

-- A supplier's delay report: a new date and a reason for the open lines in its scope, each line with the date it
-- had before.
CREATE TABLE delay_reports (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB NOT NULL,
    new_date        TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (reason IN ('capacity', 'material', 'transport', 'quality',
                        'force_majeure', 'other')),
    note            TEXT,
    reported_by     BLOB NOT NULL REFERENCES users (id),
    form_token      TEXT NOT NULL,
    correlation_id  TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (tenant_id, form_token),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX delay_reports_tenant_id_id ON delay_reports (tenant_id, id);

CREATE TABLE delay_report_lines (
    tenant_id          BLOB NOT NULL,
    report_id          BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    purchase_order_id  BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    open_quantity      TEXT NOT NULL,
    previous_date      TEXT NOT NULL,
    new_date           TEXT NOT NULL,
    PRIMARY KEY (report_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, report_id) REFERENCES delay_reports (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX delay_report_lines_order ON delay_report_lines (tenant_id, purchase_order_id);

-- The promises of orders answered before this migration, from each order's latest answer in effect.
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
