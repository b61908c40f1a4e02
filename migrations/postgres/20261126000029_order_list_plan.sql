-- The order list's plan under row-level security. The purchase_orders policy spelled its supplier and document walls
-- as `(app_supplier() IS NULL OR supplier_id = app_supplier()) AND (app_document() IS NULL OR id = app_document())`.
-- The planner estimates `<expression> IS NULL` at 0.5 % and so expected a few rows out of a tenant's thousands; with
-- that estimate walking the (tenant_id, order_date DESC, id DESC) index to the first 50 looked dearer than reading
-- every order of the tenant and sorting them, which is what a buyer's first page then did (docs/PERFORMANCE.md).
--
-- The same two walls now sit in one function the planner cannot see into, which it estimates like any opaque
-- predicate (a third of the rows), so it walks the index and stops after a page. PL/pgSQL keeps the function from
-- being inlined back into the expression; its simple expression is evaluated without a query per call. The walls
-- themselves are unchanged: same tenant, same supplier when one is set, same document when one is set.

CREATE FUNCTION app_sees_order(supplier UUID, document UUID) RETURNS BOOLEAN
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN (app_supplier() IS NULL OR supplier = app_supplier())
       AND (app_document() IS NULL OR document = app_document());
END
$$;
GRANT EXECUTE ON FUNCTION app_sees_order(UUID, UUID) TO portico_app;

DROP POLICY purchase_orders_visible ON purchase_orders;
CREATE POLICY purchase_orders_visible ON purchase_orders
    USING (tenant_id = app_tenant() AND app_sees_order(supplier_id, id))
    WITH CHECK (tenant_id = app_tenant() AND app_sees_order(supplier_id, id));
