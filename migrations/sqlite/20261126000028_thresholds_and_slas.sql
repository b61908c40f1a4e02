-- The buyer's SLAs per exception kind and scorecard thresholds per KPI; see
-- migrations/postgres/20261126000028_thresholds_and_slas.sql.
CREATE TABLE exception_slas (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    kind        TEXT NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 2160),
    set_at      TEXT NOT NULL,
    set_by      BLOB REFERENCES users (id),
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE scorecard_thresholds (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    kpi         TEXT NOT NULL CHECK (kpi IN ('otif', 'fill_rate', 'ack_on_time', 'ack_turnaround', 'asn_timeliness',
                    'invoice_first_pass', 'price_accuracy', 'change_rate')),
    threshold   TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    set_by      BLOB REFERENCES users (id),
    PRIMARY KEY (tenant_id, kpi)
);
