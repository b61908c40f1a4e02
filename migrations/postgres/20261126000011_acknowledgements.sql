-- Purchase order acknowledgements (docs/ACKNOWLEDGEMENTS.md "Tables"): the supplier's answers, line by line with
-- their deliveries, and the buyer's change policies that decide which changes need the buyer. Kept in step with
-- migrations/sqlite/20261126000011_acknowledgements.sql.

-- The correlation id an order arrived with: every event of the order's life carries it, so one id finds the PO,
-- its acknowledgements, reviews and the EDI documents they became.
ALTER TABLE purchase_orders ADD COLUMN correlation_id TEXT;

-- A buyer organisation's change policy (supplier_id NULL) and its overrides per supplier. Percentages of the
-- ordered value; 0 means "not without the buyer".
CREATE TABLE change_policies (
    id                       UUID PRIMARY KEY,
    tenant_id                UUID NOT NULL REFERENCES tenants (id),
    supplier_id              UUID,
    price_increase_pct       NUMERIC NOT NULL,
    price_decrease_pct       NUMERIC NOT NULL,
    quantity_under_pct       NUMERIC NOT NULL,
    quantity_over_pct        NUMERIC NOT NULL,
    date_later_days          INTEGER NOT NULL CHECK (date_later_days >= 0),
    date_earlier_days        INTEGER NOT NULL CHECK (date_earlier_days >= 0),
    splits_allowed           BOOLEAN NOT NULL,
    line_rejections_allowed  BOOLEAN NOT NULL,
    updated_by               UUID REFERENCES users (id),
    updated_at               TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX change_policies_default ON change_policies (tenant_id) WHERE supplier_id IS NULL;
CREATE UNIQUE INDEX change_policies_supplier ON change_policies (tenant_id, supplier_id) WHERE supplier_id IS NOT NULL;

-- One row per submitted answer. The form token is unique: the same form sent twice applies once.
CREATE TABLE po_acknowledgements (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID NOT NULL REFERENCES tenants (id),
    purchase_order_id  UUID NOT NULL,
    supplier_id        UUID NOT NULL,
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
    submitted_by       UUID REFERENCES users (id),
    submitted_at       TIMESTAMPTZ NOT NULL,
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
    tenant_id          UUID NOT NULL,
    acknowledgement_id UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    answer             TEXT NOT NULL CHECK (answer IN ('accepted', 'changed', 'rejected')),
    -- The promised quantity in all and the confirmed unit price.
    quantity           NUMERIC(20, 6) NOT NULL,
    price              NUMERIC(20, 6) NOT NULL,
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
    tenant_id          UUID NOT NULL,
    acknowledgement_id UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    position           INTEGER NOT NULL,
    quantity           NUMERIC(20, 6) NOT NULL,
    promised_date      DATE NOT NULL,
    PRIMARY KEY (acknowledgement_id, line_number, position),
    FOREIGN KEY (tenant_id, acknowledgement_id) REFERENCES po_acknowledgements (tenant_id, id)
);

ALTER TABLE change_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_policies FORCE ROW LEVEL SECURITY;
-- Suppliers read the policy that applies to them (the page says what will be accepted at once).
CREATE POLICY change_policies_tenant ON change_policies
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND app_supplier() IS NULL);

ALTER TABLE po_acknowledgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE po_acknowledgements FORCE ROW LEVEL SECURITY;
CREATE POLICY po_acknowledgements_visible ON po_acknowledgements
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
-- Answers are kept as sent; only the outcome moves on (the buyer's review, a new version). The default privileges
-- (migration 2) give the application every right on a new table, so what it must not do is revoked here.
REVOKE UPDATE, DELETE ON po_acknowledgements FROM portico_app;
GRANT UPDATE (outcome) ON po_acknowledgements TO portico_app;

ALTER TABLE po_ack_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE po_ack_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY po_ack_lines_visible ON po_ack_lines
    USING (tenant_id = app_tenant()
           AND EXISTS (SELECT 1 FROM po_acknowledgements a
                       WHERE a.tenant_id = po_ack_lines.tenant_id AND a.id = po_ack_lines.acknowledgement_id))
    WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE ON po_ack_lines FROM portico_app;

ALTER TABLE po_ack_schedule ENABLE ROW LEVEL SECURITY;
ALTER TABLE po_ack_schedule FORCE ROW LEVEL SECURITY;
CREATE POLICY po_ack_schedule_visible ON po_ack_schedule
    USING (tenant_id = app_tenant()
           AND EXISTS (SELECT 1 FROM po_acknowledgements a
                       WHERE a.tenant_id = po_ack_schedule.tenant_id AND a.id = po_ack_schedule.acknowledgement_id))
    WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE ON po_ack_schedule FROM portico_app;

-- The EDI interchange log was meant to be append-only for the application (migration 10 granted only SELECT and
-- INSERT, but the default privileges had already given it UPDATE and DELETE).
REVOKE UPDATE, DELETE ON edi_interchanges FROM portico_app;
