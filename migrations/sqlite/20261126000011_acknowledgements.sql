-- Purchase order acknowledgements and change policies; see migrations/postgres/20261126000011_acknowledgements.sql.

-- The correlation id an order arrived with: every event of the order's life carries it, so one id finds the PO,
-- its acknowledgements, reviews and the EDI documents they became.
ALTER TABLE purchase_orders ADD COLUMN correlation_id TEXT;

-- A buyer organisation's change policy (supplier_id NULL) and its overrides per supplier. Percentages of the
-- ordered value as decimal text; 0 means "not without the buyer".
CREATE TABLE change_policies (
    id                       BLOB PRIMARY KEY NOT NULL,
    tenant_id                BLOB NOT NULL REFERENCES tenants (id),
    supplier_id              BLOB,
    price_increase_pct       TEXT NOT NULL,
    price_decrease_pct       TEXT NOT NULL,
    quantity_under_pct       TEXT NOT NULL,
    quantity_over_pct        TEXT NOT NULL,
    date_later_days          INTEGER NOT NULL CHECK (date_later_days >= 0),
    date_earlier_days        INTEGER NOT NULL CHECK (date_earlier_days >= 0),
    splits_allowed           BOOLEAN NOT NULL,
    line_rejections_allowed  BOOLEAN NOT NULL,
    updated_by               BLOB REFERENCES users (id),
    updated_at               TEXT NOT NULL,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX change_policies_default ON change_policies (tenant_id) WHERE supplier_id IS NULL;
CREATE UNIQUE INDEX change_policies_supplier ON change_policies (tenant_id, supplier_id) WHERE supplier_id IS NOT NULL;

-- One row per submitted answer. The form token is unique: the same form sent twice applies once.
CREATE TABLE po_acknowledgements (
    id                 BLOB PRIMARY KEY NOT NULL,
    tenant_id          BLOB NOT NULL REFERENCES tenants (id),
    purchase_order_id  BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    order_version      INTEGER NOT NULL CHECK (order_version >= 1),
    -- The acknowledgement's own reference (BAK08 / BGM02).
    reference          TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('accepted', 'accepted_with_changes', 'rejected')),
    outcome            TEXT NOT NULL CHECK (outcome IN ('accepted', 'auto_accepted', 'pending_review',
                           'order_rejected', 'approved', 'changes_rejected', 'countered', 'superseded')),
    -- A whole-order rejection's reason code and the supplier's comment.
    reason             TEXT,
    comment            TEXT,
    form_token         TEXT NOT NULL,
    submitted_by       BLOB REFERENCES users (id),
    submitted_at       TEXT NOT NULL,
    -- The canonical document (JSON), as the event carried it.
    document           TEXT NOT NULL,
    correlation_id     TEXT,
    UNIQUE (tenant_id, form_token),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE INDEX po_acknowledgements_order ON po_acknowledgements (tenant_id, purchase_order_id, submitted_at DESC);
CREATE INDEX po_acknowledgements_pending ON po_acknowledgements (tenant_id, submitted_at)
    WHERE outcome = 'pending_review';

CREATE TABLE po_ack_lines (
    tenant_id          BLOB NOT NULL,
    acknowledgement_id BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    answer             TEXT NOT NULL CHECK (answer IN ('accepted', 'changed', 'rejected')),
    -- The promised quantity in all and the confirmed unit price (decimal text).
    quantity           TEXT NOT NULL,
    price              TEXT NOT NULL,
    reason             TEXT,
    comment            TEXT,
    -- What the answer changes ('quantity price date split rejected', space-separated) and what of it is outside
    -- the change policy.
    changed            TEXT NOT NULL,
    outside_policy     TEXT NOT NULL,
    PRIMARY KEY (acknowledgement_id, line_number),
    FOREIGN KEY (tenant_id, acknowledgement_id) REFERENCES po_acknowledgements (tenant_id, id)
);

CREATE TABLE po_ack_schedule (
    tenant_id          BLOB NOT NULL,
    acknowledgement_id BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    position           INTEGER NOT NULL,
    quantity           TEXT NOT NULL,
    promised_date      TEXT NOT NULL,
    PRIMARY KEY (acknowledgement_id, line_number, position),
    FOREIGN KEY (tenant_id, acknowledgement_id) REFERENCES po_acknowledgements (tenant_id, id)
);

