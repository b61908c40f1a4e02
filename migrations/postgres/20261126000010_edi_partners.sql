-- EDI trading partners (docs/EDI.md "Tables"): one EDI profile per supplier, set by the buyer, and a log of every
-- interchange in and out with the acknowledgement that answered it. Kept in step with
-- migrations/sqlite/20261126000010_edi_partners.sql.
--
-- From here on `edi_control_numbers.partner` is the sender and receiver pair "<qualifier>:<id>><qualifier>:<id>":
-- a number must be unique per pair, and the 997s a supplier's id sends share the sequence with its 855s, 856s, 810s.

CREATE TABLE edi_profiles (
    tenant_id            UUID NOT NULL REFERENCES tenants (id),
    supplier_id          UUID NOT NULL,
    standard             TEXT NOT NULL CHECK (standard IN ('x12', 'edifact')),
    -- '004010' for X12, 'D96A' for EDIFACT.
    version              TEXT NOT NULL,
    -- The supplier's interchange id (ISA05/06 or UNB02 as the sender of what Portico writes for it).
    supplier_qualifier   TEXT NOT NULL,
    supplier_code        TEXT NOT NULL,
    -- The buyer's EDI gateway (the receiver of what Portico writes).
    buyer_qualifier      TEXT NOT NULL,
    buyer_code           TEXT NOT NULL,
    -- Separators written in outbound interchanges: one character each.
    element_separator    TEXT NOT NULL,
    component_separator  TEXT NOT NULL,
    segment_terminator   TEXT NOT NULL,
    -- Test interchanges (ISA15 'T', UNB test indicator 1) until the partner is certified.
    test                 BOOLEAN NOT NULL DEFAULT TRUE,
    -- Transport: the directory outbound files are written to (temp file, then rename).
    outbound_dir         TEXT,
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    updated_by           UUID REFERENCES users (id),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

CREATE TABLE edi_interchanges (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    supplier_id     UUID,
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    standard        TEXT NOT NULL CHECK (standard IN ('x12', 'edifact')),
    -- ISA13 / UNB05, as the interchange carries it; empty when it could not be read.
    control_number  TEXT NOT NULL,
    sender          TEXT NOT NULL,
    receiver        TEXT NOT NULL,
    -- The transaction set or message types inside, e.g. '850' or 'ORDERS', space-separated.
    documents       TEXT NOT NULL,
    set_count       BIGINT NOT NULL,
    accepted_count  BIGINT NOT NULL,
    -- in: 'accepted', 'partial', 'rejected', 'unreadable'; out: 'written'.
    status          TEXT NOT NULL CHECK (status IN ('accepted', 'partial', 'rejected', 'unreadable', 'written')),
    -- Where it came from or went: 'cli', 'api', 'directory', 'sink', 'samples'.
    channel         TEXT NOT NULL,
    file_name       TEXT,
    -- Why an unreadable interchange was refused, naming the place.
    error           TEXT,
    body            TEXT NOT NULL,
    -- The 997 or CONTRL sent back for an inbound interchange.
    answer          TEXT,
    -- Each set's outcome (JSON: document, control, order number, outcome, or the error with its place and rule).
    sets            TEXT,
    correlation_id  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX edi_interchanges_recent ON edi_interchanges (tenant_id, created_at DESC, id DESC);

ALTER TABLE edi_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE edi_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY edi_profiles_tenant ON edi_profiles
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE ON edi_profiles TO portico_app;

ALTER TABLE edi_interchanges ENABLE ROW LEVEL SECURITY;
ALTER TABLE edi_interchanges FORCE ROW LEVEL SECURITY;
CREATE POLICY edi_interchanges_tenant ON edi_interchanges
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
-- The log is append-only for the application.
GRANT SELECT, INSERT ON edi_interchanges TO portico_app;
