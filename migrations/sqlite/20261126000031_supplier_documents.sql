-- Suppliers' compliance documents; see migrations/postgres/20261126000031_supplier_documents.sql (which adds the
-- row-level-security policy).

CREATE TABLE supplier_documents (
    id             BLOB PRIMARY KEY NOT NULL,
    tenant_id      BLOB NOT NULL REFERENCES tenants (id),
    supplier_id    BLOB NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('certificate', 'insurance', 'tax_form', 'other')),
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 480),
    issued_on      TEXT,
    expires_on     TEXT,
    file_name      TEXT NOT NULL CHECK (length(file_name) BETWEEN 5 AND 120),
    size_bytes     INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    content        BLOB NOT NULL,
    uploaded_by    BLOB NOT NULL REFERENCES users (id),
    uploaded_at    TEXT NOT NULL,
    -- The newer document that replaced this one, and when.
    replaced_by    BLOB,
    replaced_at    TEXT,
    -- The last expiry reminder sent, in days before the expiry date (30, 7, 0), and when.
    reminded_days  INTEGER,
    reminded_at    TEXT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on > issued_on)
);
CREATE UNIQUE INDEX supplier_documents_tenant_id_id ON supplier_documents (tenant_id, id);
CREATE INDEX supplier_documents_supplier ON supplier_documents (tenant_id, supplier_id, uploaded_at DESC);
CREATE INDEX supplier_documents_expiry ON supplier_documents (tenant_id, expires_on) WHERE replaced_at IS NULL;
