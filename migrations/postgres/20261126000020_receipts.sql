-- Goods receipts (docs/SHIPPING.md "Receipts"): what the buyer's ERP or WMS reports as arrived, against a ship
-- notice or order lines, with rejected quantities and their reasons. The ERP's receipt reference is unique per
-- tenant, so a repeated request is recognised (answered as before, or refused when its content differs). A receipt
-- against a ship notice closes it (`received`): it can no longer be corrected or cancelled. Kept in step with
-- migrations/sqlite/20261126000020_receipts.sql.
CREATE TABLE goods_receipts (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    supplier_id     UUID NOT NULL,
    reference       TEXT NOT NULL,
    ship_notice_id  UUID,
    received_on     DATE NOT NULL,
    request_hash    TEXT NOT NULL,
    correlation_id  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id)
);
CREATE UNIQUE INDEX goods_receipts_tenant_id_id ON goods_receipts (tenant_id, id);
CREATE INDEX goods_receipts_notice ON goods_receipts (tenant_id, ship_notice_id);

CREATE TABLE goods_receipt_lines (
    tenant_id          UUID NOT NULL,
    receipt_id         UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    received_quantity  NUMERIC(20, 6) NOT NULL CHECK (received_quantity >= 0),
    rejected_quantity  NUMERIC(20, 6) NOT NULL CHECK (rejected_quantity >= 0),
    reject_reason      TEXT,
    PRIMARY KEY (receipt_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, receipt_id) REFERENCES goods_receipts (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX goods_receipt_lines_order ON goods_receipt_lines (tenant_id, purchase_order_id);

ALTER TABLE goods_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE goods_receipts FORCE ROW LEVEL SECURITY;
CREATE POLICY goods_receipts_visible ON goods_receipts
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
REVOKE UPDATE, DELETE ON goods_receipts FROM portico_app;

ALTER TABLE goods_receipt_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE goods_receipt_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY goods_receipt_lines_visible ON goods_receipt_lines
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
REVOKE UPDATE, DELETE ON goods_receipt_lines FROM portico_app;
