-- The buyer's settings for its workbench and scorecards (docs/EXCEPTIONS.md): the hours it gives itself per kind of
-- exception (the built-in SLA where none is set), and per scorecard KPI the level below which (above which, for the
-- KPIs where less is better) a supplier's month opens a `scorecard_below` exception. `set_at` says from when a
-- threshold holds: a month is measured against the thresholds set before it ended. Kept in step with
-- migrations/sqlite/20261126000028_thresholds_and_slas.sql.
CREATE TABLE exception_slas (
    tenant_id   UUID NOT NULL REFERENCES tenants (id),
    kind        TEXT NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 2160),
    set_at      TIMESTAMPTZ NOT NULL,
    set_by      UUID REFERENCES users (id),
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE scorecard_thresholds (
    tenant_id   UUID NOT NULL REFERENCES tenants (id),
    kpi         TEXT NOT NULL CHECK (kpi IN ('otif', 'fill_rate', 'ack_on_time', 'ack_turnaround', 'asn_timeliness',
                    'invoice_first_pass', 'price_accuracy', 'change_rate')),
    threshold   NUMERIC(10, 2) NOT NULL CHECK (threshold >= 0),
    set_at      TIMESTAMPTZ NOT NULL,
    set_by      UUID REFERENCES users (id),
    PRIMARY KEY (tenant_id, kpi)
);

ALTER TABLE exception_slas ENABLE ROW LEVEL SECURITY;
ALTER TABLE exception_slas FORCE ROW LEVEL SECURITY;
CREATE POLICY exception_slas_visible ON exception_slas
    USING (tenant_id = app_tenant() AND app_supplier() IS NULL)
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);

ALTER TABLE scorecard_thresholds ENABLE ROW LEVEL SECURITY;
ALTER TABLE scorecard_thresholds FORCE ROW LEVEL SECURITY;
-- Suppliers read their buyer's thresholds (their scorecard shows them as targets); only the buyer sets them.
CREATE POLICY scorecard_thresholds_visible ON scorecard_thresholds
    USING (tenant_id = app_tenant())
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);

-- The relay opens `delivery_failed` exceptions with the tenant's SLA.
GRANT SELECT ON exception_slas TO portico_relay;
CREATE POLICY exception_slas_relay ON exception_slas FOR SELECT TO portico_relay USING (true);
