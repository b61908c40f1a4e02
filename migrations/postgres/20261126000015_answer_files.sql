-- Answer files (docs/ACKNOWLEDGEMENTS.md "Answering by file"): a spreadsheet of order lines a supplier uploaded, kept
-- as read so its preview can be shown again and applied once (`applied_at`, set in the transaction that stores the
-- answers). Kept in step with migrations/sqlite/20261126000015_answer_files.sql.

CREATE TABLE answer_files (
    id           UUID PRIMARY KEY,
    tenant_id    UUID NOT NULL REFERENCES tenants (id),
    supplier_id  UUID NOT NULL,
    uploaded_by  UUID REFERENCES users (id),
    file_name    TEXT NOT NULL CHECK (length(file_name) <= 255),
    content      TEXT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL,
    applied_at   TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX answer_files_supplier ON answer_files (tenant_id, supplier_id, uploaded_at);

ALTER TABLE answer_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE answer_files FORCE ROW LEVEL SECURITY;
-- Only the supplier's own people upload and read its files.
CREATE POLICY answer_files_visible ON answer_files
    USING (tenant_id = app_tenant() AND supplier_id = app_supplier())
    WITH CHECK (tenant_id = app_tenant() AND supplier_id = app_supplier());
REVOKE DELETE ON answer_files FROM portico_app;
