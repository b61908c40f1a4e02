-- Supplier profiles, their proposals and the buyer's rule per field; see
-- migrations/postgres/20261126000033_supplier_profiles.sql (which adds the row-level-security policies).

CREATE TABLE supplier_profiles (
    tenant_id    BLOB NOT NULL,
    supplier_id  BLOB NOT NULL,
    profile      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    updated_by   BLOB NOT NULL REFERENCES users (id),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

CREATE TABLE supplier_profile_changes (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB NOT NULL,
    profile         TEXT NOT NULL,
    fields          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'returned', 'withdrawn')),
    proposed_by     BLOB NOT NULL REFERENCES users (id),
    proposed_at     TEXT NOT NULL,
    decided_by      BLOB REFERENCES users (id),
    decided_at      TEXT,
    comment         TEXT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX supplier_profile_changes_one_open ON supplier_profile_changes (tenant_id, supplier_id)
    WHERE status IN ('draft', 'pending');
CREATE INDEX supplier_profile_changes_supplier ON supplier_profile_changes (tenant_id, supplier_id, proposed_at DESC);
CREATE INDEX supplier_profile_changes_status ON supplier_profile_changes (tenant_id, status, proposed_at);

CREATE TABLE supplier_profile_rules (
    tenant_id  BLOB NOT NULL REFERENCES tenants (id),
    field      TEXT NOT NULL,
    rule       TEXT NOT NULL CHECK (rule IN ('auto', 'review')),
    PRIMARY KEY (tenant_id, field)
);
