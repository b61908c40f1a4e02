-- The buyer's review of an acknowledgement; see migrations/postgres/20261126000013_reviews.sql.
CREATE TABLE po_reviews (
    id                  BLOB PRIMARY KEY NOT NULL,
    tenant_id           BLOB NOT NULL REFERENCES tenants (id),
    acknowledgement_id  BLOB NOT NULL,
    purchase_order_id   BLOB NOT NULL,
    supplier_id         BLOB NOT NULL,
    outcome             TEXT NOT NULL CHECK (outcome IN ('approved', 'changes_rejected')),
    comment             TEXT,
    decisions           TEXT NOT NULL,
    form_token          TEXT NOT NULL,
    decided_by          BLOB REFERENCES users (id),
    decided_at          TEXT NOT NULL,
    UNIQUE (tenant_id, form_token),
    UNIQUE (tenant_id, acknowledgement_id),
    FOREIGN KEY (tenant_id, acknowledgement_id) REFERENCES po_acknowledgements (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
