-- Suppliers' compliance documents (docs/SUPPLIERS.md "Compliance documents"): certificates, insurance confirmations
-- and tax forms as PDFs with their expiry dates. A document is never edited: a newer upload replaces it, and the old
-- one stays on file. Kept in step with migrations/sqlite/20261126000031_supplier_documents.sql.

CREATE TABLE supplier_documents (
    id             UUID PRIMARY KEY,
    tenant_id      UUID NOT NULL REFERENCES tenants (id),
    supplier_id    UUID NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('certificate', 'insurance', 'tax_form', 'other')),
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 480),
    issued_on      DATE,
    expires_on     DATE,
    file_name      TEXT NOT NULL CHECK (length(file_name) BETWEEN 5 AND 120),
    size_bytes     BIGINT NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    content        BYTEA NOT NULL,
    uploaded_by    UUID NOT NULL REFERENCES users (id),
    uploaded_at    TIMESTAMPTZ NOT NULL,
    -- The newer document that replaced this one, and when.
    replaced_by    UUID,
    replaced_at    TIMESTAMPTZ,
    -- The last expiry reminder sent, in days before the expiry date (30, 7, 0), and when.
    reminded_days  BIGINT,
    reminded_at    TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on > issued_on)
);
CREATE UNIQUE INDEX supplier_documents_tenant_id_id ON supplier_documents (tenant_id, id);
-- The documents in force of one supplier, and of the whole tenant by expiry (the buyer's list, the reminder job).
CREATE INDEX supplier_documents_supplier ON supplier_documents (tenant_id, supplier_id, uploaded_at DESC);
CREATE INDEX supplier_documents_expiry ON supplier_documents (tenant_id, expires_on) WHERE replaced_at IS NULL;

-- Behind the supplier wall like every document; no deletes (the history of what was on file stays).
ALTER TABLE supplier_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_documents_visible ON supplier_documents
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE DELETE ON supplier_documents FROM portico_app;
