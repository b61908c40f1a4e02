-- The buyer's review of an acknowledgement with changes outside the change policy (docs/ACKNOWLEDGEMENTS.md): one
-- review per acknowledgement, a decision per reviewed line (JSON: [{"line_number", "decision"}]), the comment the
-- supplier reads, the form token (a double submission applies once). Kept in step with
-- migrations/sqlite/20261126000013_reviews.sql.

CREATE TABLE po_reviews (
    id                  UUID PRIMARY KEY,
    tenant_id           UUID NOT NULL REFERENCES tenants (id),
    acknowledgement_id  UUID NOT NULL,
    purchase_order_id   UUID NOT NULL,
    supplier_id         UUID NOT NULL,
    outcome             TEXT NOT NULL CHECK (outcome IN ('approved', 'changes_rejected')),
    comment             TEXT,
    decisions           TEXT NOT NULL,
    form_token          TEXT NOT NULL,
    decided_by          UUID REFERENCES users (id),
    decided_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, form_token),
    UNIQUE (tenant_id, acknowledgement_id),
    FOREIGN KEY (tenant_id, acknowledgement_id) REFERENCES po_acknowledgements (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

ALTER TABLE po_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE po_reviews FORCE ROW LEVEL SECURITY;
-- Suppliers read the decisions on their own answers; only buyers (no supplier in the context) write them.
CREATE POLICY po_reviews_visible ON po_reviews
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
REVOKE UPDATE, DELETE ON po_reviews FROM portico_app;
