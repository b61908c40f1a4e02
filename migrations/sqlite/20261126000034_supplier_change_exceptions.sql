-- Supplier changes in the buyer's exception queue; see
-- migrations/postgres/20261126000034_supplier_change_exceptions.sql. SQLite cannot change a CHECK: the table is
-- rebuilt. Its comments are set aside meanwhile (dropping a table still referenced would break their foreign keys)
-- and put back against the rebuilt table.
CREATE TEMP TABLE exception_comments_kept AS SELECT * FROM exception_comments;
DELETE FROM exception_comments;

CREATE TABLE exceptions_next (
    id               BLOB PRIMARY KEY NOT NULL,
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    supplier_id      BLOB,
    kind             TEXT NOT NULL CHECK (kind IN ('changes_to_review', 'order_rejected', 'ack_overdue',
                         'asn_overdue', 'shipped_late', 'short_shipment', 'invoice_mismatch', 'invoice_disputed',
                         'delay_reported', 'delivery_failed', 'scorecard_below', 'bank_change_to_review',
                         'profile_change_to_review')),
    document_kind    TEXT NOT NULL CHECK (document_kind IN ('purchase_order', 'ship_notice', 'invoice', 'delivery',
                         'delay_report', 'scorecard', 'supplier_bank', 'supplier_profile')),
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
INSERT INTO exceptions_next (id, tenant_id, supplier_id, kind, document_kind, document_id, document_number, line_number, detail_key,
    detail_args, dedupe_key, status, opened_at, due_at, assignee_id, resolved_at, resolved_by, outcome, note,
    correlation_id)
    SELECT id, tenant_id, supplier_id, kind, document_kind, document_id, document_number, line_number, detail_key,
    detail_args, dedupe_key, status, opened_at, due_at, assignee_id, resolved_at, resolved_by, outcome, note,
    correlation_id FROM exceptions;
DROP TABLE exceptions;
ALTER TABLE exceptions_next RENAME TO exceptions;
CREATE UNIQUE INDEX exceptions_tenant_id_id ON exceptions (tenant_id, id);
CREATE INDEX exceptions_open_due ON exceptions (tenant_id, status, due_at);
CREATE INDEX exceptions_document ON exceptions (tenant_id, document_id, kind) WHERE status = 'open';
INSERT INTO exception_comments (id, tenant_id, exception_id, author_id, body, created_at)
    SELECT id, tenant_id, exception_id, author_id, body, created_at FROM exception_comments_kept;
DROP TABLE exception_comments_kept;
