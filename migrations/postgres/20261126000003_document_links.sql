-- Document-scoped magic links and withdrawn invitations. Kept in step with
-- migrations/sqlite/20261126000003_document_links.sql.

-- An invitation (or any e-mailed link) withdrawn before use says so, rather than "unknown link".
ALTER TABLE auth_tokens ADD COLUMN revoked_at TIMESTAMPTZ;

-- A magic link opens one document: the transaction of such a visit sets app.document_id, and purchase orders (and,
-- through their policy, the lines) other than that one are invisible even within the supplier's own scope.
CREATE FUNCTION app_document() RETURNS UUID
    LANGUAGE sql STABLE
    AS $$ SELECT app_setting_uuid('app.document_id') $$;
GRANT EXECUTE ON FUNCTION app_document() TO portico_app;

DROP POLICY purchase_orders_visible ON purchase_orders;
CREATE POLICY purchase_orders_visible ON purchase_orders
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier())
           AND (app_document() IS NULL OR id = app_document()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier())
                AND (app_document() IS NULL OR id = app_document()));
