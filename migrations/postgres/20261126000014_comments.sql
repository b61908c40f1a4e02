-- The comments thread of a purchase order (docs/ACKNOWLEDGEMENTS.md): what the buyer and the supplier write to each
-- other about one order, oldest first, never edited. The form token makes a double submission apply once. Kept in
-- step with migrations/sqlite/20261126000014_comments.sql.

CREATE TABLE po_comments (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID NOT NULL REFERENCES tenants (id),
    purchase_order_id  UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    author_id          UUID REFERENCES users (id),
    side               TEXT NOT NULL CHECK (side IN ('buyer', 'supplier')),
    body               TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    form_token         TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, form_token),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX po_comments_order ON po_comments (tenant_id, purchase_order_id, created_at);

ALTER TABLE po_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE po_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY po_comments_visible ON po_comments
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE UPDATE, DELETE ON po_comments FROM portico_app;
