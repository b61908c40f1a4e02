-- The comments thread of a purchase order; see migrations/postgres/20261126000014_comments.sql.
CREATE TABLE po_comments (
    id                 BLOB PRIMARY KEY NOT NULL,
    tenant_id          BLOB NOT NULL REFERENCES tenants (id),
    purchase_order_id  BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    author_id          BLOB REFERENCES users (id),
    side               TEXT NOT NULL CHECK (side IN ('buyer', 'supplier')),
    body               TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    form_token         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    UNIQUE (tenant_id, form_token),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX po_comments_order ON po_comments (tenant_id, purchase_order_id, created_at);
