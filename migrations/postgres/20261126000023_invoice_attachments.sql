-- Invoice attachments (docs/SHIPPING.md "Attachments"): PDFs a supplier adds to its invoice, checked by content and
-- size before they get here. A file is stored under its row's id (made by the server), in the database with the
-- invoice it belongs to — one backup, one tenant wall, no path ever built from a name a browser sent. The supplier's
-- file name is a label. Files are never changed or deleted. Kept in step with
-- migrations/sqlite/20261126000023_invoice_attachments.sql.

CREATE TABLE invoice_attachments (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenants (id),
    supplier_id   UUID NOT NULL,
    invoice_id    UUID NOT NULL,
    file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 5 AND 120),
    content_type  TEXT NOT NULL CHECK (content_type = 'application/pdf'),
    size_bytes    BIGINT NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    content       BYTEA NOT NULL,
    created_by    UUID REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX invoice_attachments_invoice ON invoice_attachments (tenant_id, invoice_id, created_at);

ALTER TABLE invoice_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoice_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_attachments_visible ON invoice_attachments
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE UPDATE, DELETE ON invoice_attachments FROM portico_app;
