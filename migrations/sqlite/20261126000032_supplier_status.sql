-- Onboarding: a supplier's status; see migrations/postgres/20261126000032_supplier_status.sql (which also narrows the
-- row-level-security policy). Suppliers that existed before are active.

ALTER TABLE suppliers ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('onboarding', 'in_review', 'active'));
ALTER TABLE suppliers ADD COLUMN activated_at TEXT;
ALTER TABLE suppliers ADD COLUMN activated_by BLOB REFERENCES users (id);
