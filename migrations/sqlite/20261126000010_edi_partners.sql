-- EDI trading partners; see migrations/postgres/20261126000010_edi_partners.sql.
CREATE TABLE edi_profiles (
    tenant_id            BLOB NOT NULL REFERENCES tenants (id),
    supplier_id          BLOB NOT NULL,
    standard             TEXT NOT NULL CHECK (standard IN ('x12', 'edifact')),
    version              TEXT NOT NULL,
    supplier_qualifier   TEXT NOT NULL,
    supplier_code        TEXT NOT NULL,
    buyer_qualifier      TEXT NOT NULL,
    buyer_code           TEXT NOT NULL,
    element_separator    TEXT NOT NULL,
    component_separator  TEXT NOT NULL,
    segment_terminator   TEXT NOT NULL,
    test                 BOOLEAN NOT NULL DEFAULT TRUE,
    outbound_dir         TEXT,
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    updated_by           BLOB REFERENCES users (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

CREATE TABLE edi_interchanges (
    id              BLOB PRIMARY KEY,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB,
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    standard        TEXT NOT NULL CHECK (standard IN ('x12', 'edifact')),
    control_number  TEXT NOT NULL,
    sender          TEXT NOT NULL,
    receiver        TEXT NOT NULL,
    documents       TEXT NOT NULL,
    set_count       INTEGER NOT NULL,
    accepted_count  INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('accepted', 'partial', 'rejected', 'unreadable', 'written')),
    channel         TEXT NOT NULL,
    file_name       TEXT,
    error           TEXT,
    body            TEXT NOT NULL,
    answer          TEXT,
    sets            TEXT,
    correlation_id  TEXT,
    created_at      TEXT NOT NULL,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX edi_interchanges_recent ON edi_interchanges (tenant_id, created_at DESC, id DESC);
