-- Earlier versions of purchase orders (docs/ACKNOWLEDGEMENTS.md "Change orders"): when a change order replaces an
-- order, the version it replaces is kept as it was (the order with its lines, as JSON), so the order page can show
-- what changed. Kept in step with migrations/sqlite/20261126000018_order_versions.sql.
CREATE TABLE purchase_order_versions (
    tenant_id          UUID NOT NULL REFERENCES tenants (id),
    purchase_order_id  UUID NOT NULL,
    version            INTEGER NOT NULL CHECK (version >= 1),
    supplier_id        UUID NOT NULL,
    snapshot           TEXT NOT NULL,
    replaced_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, version),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
ALTER TABLE purchase_order_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_order_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY purchase_order_versions_visible ON purchase_order_versions
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
REVOKE UPDATE, DELETE ON purchase_order_versions FROM portico_app;
