-- The buyer's exception workbench; see migrations/postgres/20261126000025_exceptions.sql.
CREATE TABLE exceptions (
    id               BLOB PRIMARY KEY NOT NULL,
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    supplier_id      BLOB,
    kind             TEXT NOT NULL CHECK (kind IN ('changes_to_review', 'order_rejected', 'ack_overdue',
                         'asn_overdue', 'shipped_late', 'short_shipment', 'invoice_mismatch', 'invoice_disputed',
                         'delay_reported', 'delivery_failed', 'scorecard_below')),
    document_kind    TEXT NOT NULL CHECK (document_kind IN ('purchase_order', 'ship_notice', 'invoice', 'delivery',
                         'delay_report', 'scorecard')),
    document_id      BLOB NOT NULL,
    document_number  TEXT NOT NULL,
    line_number      INTEGER,
    detail_key       TEXT,
    detail_args      TEXT NOT NULL DEFAULT '[]',
    dedupe_key       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    opened_at        TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    assignee_id      BLOB REFERENCES users (id),
    resolved_at      TEXT,
    resolved_by      BLOB REFERENCES users (id),
    outcome          TEXT CHECK (outcome IN ('accepted', 'returned', 'corrected', 'escalated', 'no_action', 'cleared')),
    note             TEXT,
    correlation_id   TEXT,
    UNIQUE (tenant_id, dedupe_key),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    CHECK ((status = 'open') = (resolved_at IS NULL AND outcome IS NULL))
);
CREATE UNIQUE INDEX exceptions_tenant_id_id ON exceptions (tenant_id, id);
CREATE INDEX exceptions_open_due ON exceptions (tenant_id, status, due_at);
CREATE INDEX exceptions_document ON exceptions (tenant_id, document_id, kind) WHERE status = 'open';

CREATE TABLE exception_comments (
    id            BLOB PRIMARY KEY NOT NULL,
    tenant_id     BLOB NOT NULL,
    exception_id  BLOB NOT NULL,
    author_id     BLOB NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    FOREIGN KEY (tenant_id, exception_id) REFERENCES exceptions (tenant_id, id)
);
CREATE INDEX exception_comments_exception ON exception_comments (tenant_id, exception_id, created_at);
