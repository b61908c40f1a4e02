-- Earlier versions of purchase orders; see migrations/postgres/20261126000018_order_versions.sql.
CREATE TABLE purchase_order_versions (
    tenant_id          BLOB NOT NULL REFERENCES tenants (id),
    purchase_order_id  BLOB NOT NULL,
    version            INTEGER NOT NULL CHECK (version >= 1),
    supplier_id        BLOB NOT NULL,
    snapshot           TEXT NOT NULL,
    replaced_at        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, purchase_order_id, version),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
