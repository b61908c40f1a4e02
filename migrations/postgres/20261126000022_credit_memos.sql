-- Credit memos (docs/SHIPPING.md "Credit memos"): a supplier credits part of an earlier invoice, never more than it
-- charged. A memo is a row of `invoices` with kind `credit_memo`, the invoice it credits and why. Kept in step with
-- migrations/sqlite/20261126000022_credit_memos.sql.

ALTER TABLE invoices ADD COLUMN credit_of UUID;
ALTER TABLE invoices ADD COLUMN credit_reason TEXT
    CHECK (credit_reason IN ('returned', 'damaged', 'quantity_correction', 'price_correction', 'other'));
ALTER TABLE invoices ADD CONSTRAINT invoices_credit_of_fk
    FOREIGN KEY (tenant_id, credit_of) REFERENCES invoices (tenant_id, id);
ALTER TABLE invoices ADD CONSTRAINT invoices_credit_kind
    CHECK ((kind = 'credit_memo') = (credit_of IS NOT NULL AND credit_reason IS NOT NULL));
CREATE INDEX invoices_credit_of ON invoices (tenant_id, credit_of);
