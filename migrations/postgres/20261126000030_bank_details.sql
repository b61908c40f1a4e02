-- Suppliers' bank accounts and the requests that change them (docs/SUPPLIERS.md "Bank details"). An account is never
-- edited in place: a supplier administrator requests a change with a fresh second factor, a buyer administrator
-- approves it, and only then does the account row change. Kept in step with
-- migrations/sqlite/20261126000030_bank_details.sql.

-- The account in force, one per supplier, written only when a buyer approves a request.
CREATE TABLE supplier_bank_accounts (
    tenant_id    UUID NOT NULL,
    supplier_id  UUID NOT NULL,
    holder       TEXT NOT NULL,
    iban         TEXT NOT NULL,
    bic          TEXT NOT NULL,
    bank_name    TEXT NOT NULL,
    change_id    UUID NOT NULL,
    approved_by  UUID NOT NULL REFERENCES users (id),
    approved_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

-- Every request, kept after its decision (the history the buyer reads when a payment goes astray).
CREATE TABLE supplier_bank_changes (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    supplier_id     UUID NOT NULL,
    holder          TEXT NOT NULL,
    iban            TEXT NOT NULL,
    bic             TEXT NOT NULL,
    bank_name       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    requested_by    UUID NOT NULL REFERENCES users (id),
    requested_at    TIMESTAMPTZ NOT NULL,
    -- When the requester's second factor was checked, in the request that stored this row.
    verified_at     TIMESTAMPTZ NOT NULL,
    decided_by      UUID REFERENCES users (id),
    decided_at      TIMESTAMPTZ,
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

-- Suppliers read their own account; only the buyer's side (no supplier in the context) writes it, so a supplier's
-- request can never change where money goes even if a bug let it try.
ALTER TABLE supplier_bank_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_bank_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_bank_accounts_visible ON supplier_bank_accounts
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
REVOKE DELETE ON supplier_bank_accounts FROM portico_app;

-- Requests: a supplier's context may only add its own pending request and withdraw its own; deciding (approved,
-- rejected) happens only in the buyer's context.
ALTER TABLE supplier_bank_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_bank_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_bank_changes_visible ON supplier_bank_changes FOR SELECT
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
CREATE POLICY supplier_bank_changes_request ON supplier_bank_changes FOR INSERT
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NOT NULL AND supplier_id = app_supplier()
                AND status = 'pending');
CREATE POLICY supplier_bank_changes_update ON supplier_bank_changes FOR UPDATE
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant()
                AND (app_supplier() IS NULL OR (supplier_id = app_supplier() AND status = 'withdrawn')));
REVOKE DELETE ON supplier_bank_changes FROM portico_app;
