-- Bank accounts outside the IBAN countries (docs/SUPPLIERS.md "Bank details"): an account is an IBAN, or a domestic
-- routing code (US ABA routing number, Canadian routing number) with a local account number. `iban` becomes
-- `account_number` (the IBAN, or the local number); the BIC is optional for a domestic account. Kept in step with
-- migrations/sqlite/20261126000036_domestic_bank_accounts.sql. The row-level-security policies are unchanged.

ALTER TABLE supplier_bank_accounts RENAME COLUMN iban TO account_number;
ALTER TABLE supplier_bank_accounts
    ALTER COLUMN bic DROP NOT NULL,
    ADD COLUMN scheme TEXT NOT NULL DEFAULT 'iban' CHECK (scheme IN ('iban', 'us_aba', 'ca_eft')),
    ADD COLUMN routing_code TEXT,
    ADD CONSTRAINT supplier_bank_accounts_routing CHECK ((scheme = 'iban') = (routing_code IS NULL)),
    ADD CONSTRAINT supplier_bank_accounts_bic CHECK (scheme <> 'iban' OR bic IS NOT NULL);

ALTER TABLE supplier_bank_changes RENAME COLUMN iban TO account_number;
ALTER TABLE supplier_bank_changes
    ALTER COLUMN bic DROP NOT NULL,
    ADD COLUMN scheme TEXT NOT NULL DEFAULT 'iban' CHECK (scheme IN ('iban', 'us_aba', 'ca_eft')),
    ADD COLUMN routing_code TEXT,
    ADD CONSTRAINT supplier_bank_changes_routing CHECK ((scheme = 'iban') = (routing_code IS NULL)),
    ADD CONSTRAINT supplier_bank_changes_bic CHECK (scheme <> 'iban' OR bic IS NOT NULL);

-- The bank events move to v2, and an endpoint's `*` now takes current types only (docs/EVENTS.md). Endpoints that
-- took every type before keep receiving the four v1 bank events they took then: their filters name them from now on
-- (they receive v2 beside, with `causationid` linking the two). An administrator drops the names once the ERP reads
-- v2.
UPDATE webhook_endpoints
SET event_types = event_types || ' org.portico.supplier.bank_details_change_requested.v1'
    || ' org.portico.supplier.bank_details_change_approved.v1'
    || ' org.portico.supplier.bank_details_change_rejected.v1'
    || ' org.portico.supplier.bank_details_change_withdrawn.v1'
WHERE kind <> 'edi' AND (' ' || event_types || ' ') LIKE '% * %';
