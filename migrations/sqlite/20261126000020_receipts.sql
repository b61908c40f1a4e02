-- Goods receipts; see migrations/postgres/20261126000020_receipts.sql.
CREATE TABLE goods_receipts (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB NOT NULL,
    reference       TEXT NOT NULL,
    ship_notice_id  BLOB,
    received_on     TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    correlation_id  TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id)
);
CREATE UNIQUE INDEX goods_receipts_tenant_id_id ON goods_receipts (tenant_id, id);
CREATE INDEX goods_receipts_notice ON goods_receipts (tenant_id, ship_notice_id);

CREATE TABLE goods_receipt_lines (
    tenant_id          BLOB NOT NULL,
    receipt_id         BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    purchase_order_id  BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    received_quantity  TEXT NOT NULL,
    rejected_quantity  TEXT NOT NULL,
    reject_reason      TEXT,
    PRIMARY KEY (receipt_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, receipt_id) REFERENCES goods_receipts (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX goods_receipt_lines_order ON goods_receipt_lines (tenant_id, purchase_order_id);
