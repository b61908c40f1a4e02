-- Tighter second walls for a supplier's context (docs/SUPPLIERS.md): it may change only its own proposals and
-- requests that are still open — a decided one (approved, returned, rejected) stays as decided — and it never
-- deletes the buyer's profile rules.

DROP POLICY supplier_profile_changes_update ON supplier_profile_changes;
CREATE POLICY supplier_profile_changes_update ON supplier_profile_changes FOR UPDATE
    USING (tenant_id = app_tenant()
           AND (app_supplier() IS NULL OR (supplier_id = app_supplier() AND status IN ('draft', 'pending'))))
    WITH CHECK (tenant_id = app_tenant()
                AND (app_supplier() IS NULL
                     OR (supplier_id = app_supplier() AND status IN ('draft', 'pending', 'withdrawn'))));

DROP POLICY supplier_bank_changes_update ON supplier_bank_changes;
CREATE POLICY supplier_bank_changes_update ON supplier_bank_changes FOR UPDATE
    USING (tenant_id = app_tenant()
           AND (app_supplier() IS NULL OR (supplier_id = app_supplier() AND status = 'pending')))
    WITH CHECK (tenant_id = app_tenant()
                AND (app_supplier() IS NULL OR (supplier_id = app_supplier() AND status = 'withdrawn')));

REVOKE DELETE ON supplier_profile_rules FROM portico_app;
