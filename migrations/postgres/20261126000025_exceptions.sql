-- The buyer's exception workbench (docs/EXCEPTIONS.md): one row per thing a buyer must look at, about one document,
-- opened by the system in the transaction of its cause (or by the overdue job), closed by a person with an outcome or
-- by the system when its cause goes away. `dedupe_key` names the occurrence (e.g. `ack_overdue:{order}:{version}`):
-- unique per tenant, so a job that runs twice, or two servers at once, open it once, and a resolved one is not opened
-- again for the same cause. A failed delivery to the ERP concerns no one supplier (`supplier_id` empty). Kept in
-- step with migrations/sqlite/20261126000025_exceptions.sql.
CREATE TABLE exceptions (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    supplier_id      UUID,
    kind             TEXT NOT NULL CHECK (kind IN ('changes_to_review', 'order_rejected', 'ack_overdue',
                         'asn_overdue', 'shipped_late', 'short_shipment', 'invoice_mismatch', 'invoice_disputed',
                         'delay_reported', 'delivery_failed', 'scorecard_below')),
    document_kind    TEXT NOT NULL CHECK (document_kind IN ('purchase_order', 'ship_notice', 'invoice', 'delivery',
                         'delay_report', 'scorecard')),
    document_id      UUID NOT NULL,
    document_number  TEXT NOT NULL,
    line_number      INTEGER,
    detail_key       TEXT,
    detail_args      TEXT NOT NULL DEFAULT '[]',
    dedupe_key       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    opened_at        TIMESTAMPTZ NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    assignee_id      UUID REFERENCES users (id),
    resolved_at      TIMESTAMPTZ,
    resolved_by      UUID REFERENCES users (id),
    outcome          TEXT CHECK (outcome IN ('accepted', 'returned', 'corrected', 'escalated', 'no_action', 'cleared')),
    note             TEXT,
    correlation_id   TEXT,
    UNIQUE (tenant_id, dedupe_key),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    CHECK ((status = 'open') = (resolved_at IS NULL AND outcome IS NULL))
);
CREATE UNIQUE INDEX exceptions_tenant_id_id ON exceptions (tenant_id, id);
-- The workbench: open ones by due time; resolved ones newest first; one document's.
CREATE INDEX exceptions_open_due ON exceptions (tenant_id, status, due_at);
CREATE INDEX exceptions_document ON exceptions (tenant_id, document_id, kind) WHERE status = 'open';

CREATE TABLE exception_comments (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL,
    exception_id  UUID NOT NULL,
    author_id     UUID NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (tenant_id, exception_id) REFERENCES exceptions (tenant_id, id)
);
CREATE INDEX exception_comments_exception ON exception_comments (tenant_id, exception_id, created_at);

ALTER TABLE exceptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE exceptions FORCE ROW LEVEL SECURITY;
CREATE POLICY exceptions_visible ON exceptions
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE DELETE ON exceptions FROM portico_app;

ALTER TABLE exception_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE exception_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY exception_comments_visible ON exception_comments
    USING (tenant_id = app_tenant() AND app_supplier() IS NULL)
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);
REVOKE UPDATE, DELETE ON exception_comments FROM portico_app;

-- The relay opens `delivery_failed` when a delivery to the ERP is dead-lettered, across tenants.
GRANT SELECT, INSERT ON exceptions TO portico_relay;
CREATE POLICY exceptions_relay ON exceptions FOR ALL TO portico_relay USING (true) WITH CHECK (true);
