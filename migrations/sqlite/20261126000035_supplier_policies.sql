-- Kept in step with migrations/postgres/20261126000035_supplier_policies.sql, which tightens the row-level-security
-- policies of profile proposals, bank change requests and profile rules. SQLite has no such policies (the services
-- carry the walls), so nothing changes here.
SELECT 1;
