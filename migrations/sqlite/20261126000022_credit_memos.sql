-- Credit memos; see migrations/postgres/20261126000022_credit_memos.sql. (SQLite cannot add a table constraint to
-- an existing table: the service keeps kind, credit_of and credit_reason together.)
ALTER TABLE invoices ADD COLUMN credit_of BLOB REFERENCES invoices (id);
ALTER TABLE invoices ADD COLUMN credit_reason TEXT
    CHECK (credit_reason IN ('returned', 'damaged', 'quantity_correction', 'price_correction', 'other'));
CREATE INDEX invoices_credit_of ON invoices (tenant_id, credit_of);
