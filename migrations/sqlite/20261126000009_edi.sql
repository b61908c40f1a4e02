-- EDI control numbers per trading partner; see migrations/postgres/20261126000009_edi.sql.
CREATE TABLE edi_control_numbers (
    tenant_id  BLOB NOT NULL REFERENCES tenants (id),
    partner    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('interchange', 'group', 'set')),
    last       INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, partner, kind)
);
