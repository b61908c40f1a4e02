-- Suppliers' bank accounts and the requests that change them; see
-- migrations/postgres/20261126000030_bank_details.sql (which adds the row-level-security policies).

-- The account in force, one per supplier, written only when a buyer approves a request.
CREATE TABLE supplier_bank_accounts (
    tenant_id    BLOB NOT NULL,
    supplier_id  BLOB NOT NULL,
    holder       TEXT NOT NULL,
    iban         TEXT NOT NULL,
    bic          TEXT NOT NULL,
    bank_name    TEXT NOT NULL,
    change_id    BLOB NOT NULL,
    approved_by  BLOB NOT NULL REFERENCES users (id),
    approved_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

-- Every request, kept after its decision (the history the buyer reads when a payment goes astray).
CREATE TABLE supplier_bank_changes (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB NOT NULL,
    holder          TEXT NOT NULL,
    iban            TEXT NOT NULL,
    bic             TEXT NOT NULL,
    bank_name       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    requested_by    BLOB NOT NULL REFERENCES users (id),
    requested_at    TEXT NOT NULL,
    -- When the requester's second factor was checked, in the request that stored this row.
    verified_at     TEXT NOT NULL,
    decided_by      BLOB REFERENCES users (id),
    decided_at      TEXT,
    reason          TEXT,
    correlation_id  TEXT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX supplier_bank_changes_tenant_id_id ON supplier_bank_changes (tenant_id, id);
-- One open request per supplier: a new one withdraws the old in the same transaction.
CREATE UNIQUE INDEX supplier_bank_changes_one_pending ON supplier_bank_changes (tenant_id, supplier_id)
    WHERE status = 'pending';
CREATE INDEX supplier_bank_changes_supplier ON supplier_bank_changes (tenant_id, supplier_id, requested_at DESC);
CREATE INDEX supplier_bank_changes_status ON supplier_bank_changes (tenant_id, status, requested_at);

