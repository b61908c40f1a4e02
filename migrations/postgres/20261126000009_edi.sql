-- EDI (docs/EDI.md): interchange, group and set control numbers per trading partner, so a number is never used
-- twice with a partner. Kept in step with migrations/sqlite/20261126000009_edi.sql.
CREATE TABLE edi_control_numbers (
    tenant_id  UUID NOT NULL REFERENCES tenants (id),
    -- The partner as its interchange names it: "<qualifier>:<id>" (X12 ISA05/06 or ISA07/08, EDIFACT UNB02/03).
    partner    TEXT NOT NULL,
    -- 'interchange', 'group' or 'set'.
    kind       TEXT NOT NULL CHECK (kind IN ('interchange', 'group', 'set')),
    last       BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, partner, kind)
);
ALTER TABLE edi_control_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE edi_control_numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY edi_control_numbers_tenant ON edi_control_numbers
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE ON edi_control_numbers TO portico_app;
REVOKE DELETE, TRUNCATE ON edi_control_numbers FROM portico_app;
