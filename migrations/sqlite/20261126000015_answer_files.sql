-- Answer files; see migrations/postgres/20261126000015_answer_files.sql.
CREATE TABLE answer_files (
    id           BLOB PRIMARY KEY NOT NULL,
    tenant_id    BLOB NOT NULL REFERENCES tenants (id),
    supplier_id  BLOB NOT NULL,
    uploaded_by  BLOB REFERENCES users (id),
    file_name    TEXT NOT NULL CHECK (length(file_name) <= 255),
    content      TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    applied_at   TEXT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX answer_files_supplier ON answer_files (tenant_id, supplier_id, uploaded_at);
