-- Onboarding (docs/SUPPLIERS.md "Onboarding"): a supplier a buyer adds starts `onboarding` and receives orders only
-- once the buyer has made it `active`. Suppliers that existed before are active. Kept in step with
-- migrations/sqlite/20261126000032_supplier_status.sql.

ALTER TABLE suppliers ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('onboarding', 'in_review', 'active'));
ALTER TABLE suppliers ADD COLUMN activated_at TIMESTAMPTZ;
ALTER TABLE suppliers ADD COLUMN activated_by UUID REFERENCES users (id);

-- Only the buyer's side adds suppliers or changes them (their status above all): a supplier's context reads its own
-- row and nothing more.
DROP POLICY suppliers_visible ON suppliers;
CREATE POLICY suppliers_visible ON suppliers FOR SELECT
    USING ((tenant_id = app_tenant() AND (app_supplier() IS NULL OR id = app_supplier()))
           OR EXISTS (SELECT 1 FROM memberships m
                      WHERE m.user_id = app_user() AND m.tenant_id = suppliers.tenant_id
                        AND m.supplier_id = suppliers.id));
CREATE POLICY suppliers_buyer_insert ON suppliers FOR INSERT
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
CREATE POLICY suppliers_buyer_update ON suppliers FOR UPDATE
    USING (tenant_id = app_tenant() AND app_supplier() IS NULL)
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
