-- Supplier profiles (docs/SUPPLIERS.md "Profile"): the profile in force per supplier, every proposal that changes it
-- (filled in during onboarding, then reviewed; after activation, the fields the buyer reviews), and the buyer's rule
-- per field. Kept in step with migrations/sqlite/20261126000033_supplier_profiles.sql.

-- The profile in force: the whole profile as JSON (portico_domain::profile::Profile), versioned.
CREATE TABLE supplier_profiles (
    tenant_id    UUID NOT NULL,
    supplier_id  UUID NOT NULL,
    profile      TEXT NOT NULL,
    version      BIGINT NOT NULL,
    updated_by   UUID NOT NULL REFERENCES users (id),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

-- Proposals, kept after their decision.
CREATE TABLE supplier_profile_changes (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    supplier_id     UUID NOT NULL,
    -- The whole profile as proposed, and the fields (JSON array of names) the decision applies.
    profile         TEXT NOT NULL,
    fields          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'returned', 'withdrawn')),
    proposed_by     UUID NOT NULL REFERENCES users (id),
    proposed_at     TIMESTAMPTZ NOT NULL,
    decided_by      UUID REFERENCES users (id),
    decided_at      TIMESTAMPTZ,
    comment         TEXT,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
-- One open proposal per supplier: a newer one withdraws the older in the same transaction.
CREATE UNIQUE INDEX supplier_profile_changes_one_open ON supplier_profile_changes (tenant_id, supplier_id)
    WHERE status IN ('draft', 'pending');
CREATE INDEX supplier_profile_changes_supplier ON supplier_profile_changes (tenant_id, supplier_id, proposed_at DESC);
CREATE INDEX supplier_profile_changes_status ON supplier_profile_changes (tenant_id, status, proposed_at);

-- The buyer's rule per field where it differs from the default (portico_domain::profile::ProfileField).
CREATE TABLE supplier_profile_rules (
    tenant_id  UUID NOT NULL REFERENCES tenants (id),
    field      TEXT NOT NULL,
    rule       TEXT NOT NULL CHECK (rule IN ('auto', 'review')),
    PRIMARY KEY (tenant_id, field)
);

-- A supplier's context reads and writes only its own profile (fields the buyer does not review apply at once);
-- proposals it may add and keep as draft, pending or withdrawn, never decide.
ALTER TABLE supplier_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_profiles_visible ON supplier_profiles
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE DELETE ON supplier_profiles FROM portico_app;

ALTER TABLE supplier_profile_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_profile_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_profile_changes_visible ON supplier_profile_changes FOR SELECT
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
CREATE POLICY supplier_profile_changes_propose ON supplier_profile_changes FOR INSERT
    WITH CHECK (tenant_id = app_tenant()
                AND (app_supplier() IS NULL OR (supplier_id = app_supplier() AND status IN ('draft', 'pending'))));
CREATE POLICY supplier_profile_changes_update ON supplier_profile_changes FOR UPDATE
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant()
                AND (app_supplier() IS NULL
                     OR (supplier_id = app_supplier() AND status IN ('draft', 'pending', 'withdrawn'))));
REVOKE DELETE ON supplier_profile_changes FROM portico_app;

-- Rules are the buyer's: a supplier's context reads them (its form marks the reviewed fields) and writes nothing.
ALTER TABLE supplier_profile_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_profile_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_profile_rules_visible ON supplier_profile_rules
    USING (tenant_id = app_tenant())
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);

-- Submitting a profile for review is the supplier's one change to its own row: onboarding to in review.
CREATE POLICY suppliers_submit ON suppliers FOR UPDATE
    USING (tenant_id = app_tenant() AND id = app_supplier() AND status = 'onboarding')
    WITH CHECK (tenant_id = app_tenant() AND id = app_supplier() AND status = 'in_review');
