-- Invoice attachments; see migrations/postgres/20261126000023_invoice_attachments.sql.
CREATE TABLE invoice_attachments (
    id            BLOB PRIMARY KEY NOT NULL,
    tenant_id     BLOB NOT NULL REFERENCES tenants (id),
    supplier_id   BLOB NOT NULL,
    invoice_id    BLOB NOT NULL,
    file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 5 AND 120),
    content_type  TEXT NOT NULL CHECK (content_type = 'application/pdf'),
    size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    content       BLOB NOT NULL,
    created_by    BLOB REFERENCES users (id),
    created_at    TEXT NOT NULL,
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX invoice_attachments_invoice ON invoice_attachments (tenant_id, invoice_id, created_at);
