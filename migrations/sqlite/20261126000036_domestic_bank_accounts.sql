-- Bank accounts outside the IBAN countries; see migrations/postgres/20261126000036_domestic_bank_accounts.sql.
-- SQLite cannot drop a NOT NULL: both tables are rebuilt (nothing references them) with `iban` as `account_number`,
-- the BIC optional for a domestic account, the scheme and the routing code.

CREATE TABLE supplier_bank_accounts_next (
    tenant_id       BLOB NOT NULL,
    supplier_id     BLOB NOT NULL,
    holder          TEXT NOT NULL,
    scheme          TEXT NOT NULL DEFAULT 'iban' CHECK (scheme IN ('iban', 'us_aba', 'ca_eft')),
    -- The IBAN, or the local account number.
    account_number  TEXT NOT NULL,
    routing_code    TEXT,
    bic             TEXT,
    bank_name       TEXT NOT NULL,
    change_id       BLOB NOT NULL,
    approved_by     BLOB NOT NULL REFERENCES users (id),
    approved_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    CHECK ((scheme = 'iban') = (routing_code IS NULL)),
    CHECK (scheme <> 'iban' OR bic IS NOT NULL)
);
INSERT INTO supplier_bank_accounts_next (tenant_id, supplier_id, holder, scheme, account_number, routing_code, bic,
        bank_name, change_id, approved_by, approved_at)
    SELECT tenant_id, supplier_id, holder, 'iban', iban, NULL, bic, bank_name, change_id, approved_by, approved_at
    FROM supplier_bank_accounts;
DROP TABLE supplier_bank_accounts;
ALTER TABLE supplier_bank_accounts_next RENAME TO supplier_bank_accounts;

CREATE TABLE supplier_bank_changes_next (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB NOT NULL,
    holder          TEXT NOT NULL,
    scheme          TEXT NOT NULL DEFAULT 'iban' CHECK (scheme IN ('iban', 'us_aba', 'ca_eft')),
    account_number  TEXT NOT NULL,
    routing_code    TEXT,
    bic             TEXT,
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
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    CHECK ((scheme = 'iban') = (routing_code IS NULL)),
    CHECK (scheme <> 'iban' OR bic IS NOT NULL)
);
INSERT INTO supplier_bank_changes_next (id, tenant_id, supplier_id, holder, scheme, account_number, routing_code, bic,
        bank_name, status, requested_by, requested_at, verified_at, decided_by, decided_at, reason, correlation_id)
    SELECT id, tenant_id, supplier_id, holder, 'iban', iban, NULL, bic, bank_name, status, requested_by,
        requested_at, verified_at, decided_by, decided_at, reason, correlation_id
    FROM supplier_bank_changes;
DROP TABLE supplier_bank_changes;
ALTER TABLE supplier_bank_changes_next RENAME TO supplier_bank_changes;
CREATE UNIQUE INDEX supplier_bank_changes_tenant_id_id ON supplier_bank_changes (tenant_id, id);
-- One open request per supplier: a new one withdraws the old in the same transaction.
CREATE UNIQUE INDEX supplier_bank_changes_one_pending ON supplier_bank_changes (tenant_id, supplier_id)
    WHERE status = 'pending';
CREATE INDEX supplier_bank_changes_supplier ON supplier_bank_changes (tenant_id, supplier_id, requested_at DESC);
CREATE INDEX supplier_bank_changes_status ON supplier_bank_changes (tenant_id, status, requested_at);

-- The bank events move to v2, and an endpoint's `*` now takes current types only (docs/EVENTS.md). Endpoints that
-- took every type before keep receiving the four v1 bank events they took then: their filters name them from now on
-- (they receive v2 beside, with `causationid` linking the two). An administrator drops the names once the ERP reads
-- v2.
UPDATE webhook_endpoints
SET event_types = event_types || ' org.portico.supplier.bank_details_change_requested.v1'
    || ' org.portico.supplier.bank_details_change_approved.v1'
    || ' org.portico.supplier.bank_details_change_rejected.v1'
    || ' org.portico.supplier.bank_details_change_withdrawn.v1'
WHERE kind <> 'edi' AND (' ' || event_types || ' ') LIKE '% * %';
