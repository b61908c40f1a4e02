-- Invoices (docs/SHIPPING.md "Invoices"): the supplier invoices an order or a ship notice; the lines are checked
-- against what was ordered, shipped and received under the buyer's match tolerances, and the invoice starts
-- `matched` or `submitted` (for the buyer); the buyer (or the ERP) disputes, approves and marks it paid. The number
-- is unique per supplier; the form token makes a double submission store one invoice. Kept in step with
-- migrations/sqlite/20261126000021_invoices.sql.

-- The buyer's match tolerances.
ALTER TABLE tenants ADD COLUMN price_over_pct NUMERIC(9, 4) NOT NULL DEFAULT 0 CHECK (price_over_pct >= 0);
ALTER TABLE tenants ADD COLUMN price_over_abs NUMERIC(20, 6) NOT NULL DEFAULT 0 CHECK (price_over_abs >= 0);
ALTER TABLE tenants ADD COLUMN quantity_over_pct NUMERIC(9, 4) NOT NULL DEFAULT 0 CHECK (quantity_over_pct >= 0);

CREATE TABLE invoices (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID NOT NULL REFERENCES tenants (id),
    supplier_id        UUID NOT NULL,
    number             TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_memo')),
    purchase_order_id  UUID NOT NULL,
    ship_notice_id     UUID,
    invoice_date       DATE NOT NULL,
    due_date           DATE,
    payment_terms      TEXT NOT NULL,
    currency           TEXT NOT NULL CHECK (length(currency) = 3),
    lines_total        NUMERIC(20, 6) NOT NULL,
    charges_total      NUMERIC(20, 6) NOT NULL,
    tax_total          NUMERIC(20, 6) NOT NULL,
    total              NUMERIC(20, 6) NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'matched', 'disputed', 'approved', 'paid')),
    dispute_reason     TEXT,
    paid_on            DATE,
    form_token         TEXT NOT NULL,
    correlation_id     TEXT,
    created_by         UUID REFERENCES users (id),
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, supplier_id, number),
    UNIQUE (tenant_id, form_token),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id)
);
CREATE UNIQUE INDEX invoices_tenant_id_id ON invoices (tenant_id, id);
CREATE INDEX invoices_supplier_page ON invoices (tenant_id, supplier_id, created_at DESC, id DESC);
CREATE INDEX invoices_tenant_page ON invoices (tenant_id, created_at DESC, id DESC);
CREATE INDEX invoices_order ON invoices (tenant_id, purchase_order_id);

CREATE TABLE invoice_lines (
    tenant_id          UUID NOT NULL,
    invoice_id         UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    quantity           NUMERIC(20, 6) NOT NULL CHECK (quantity > 0),
    unit_price         NUMERIC(20, 6) NOT NULL CHECK (unit_price >= 0),
    tax_rate           NUMERIC(9, 4) NOT NULL,
    amount             NUMERIC(20, 6) NOT NULL,
    -- The match preview's outcome when submitted: matched, price_over, quantity_over_received, not_received.
    match_outcome      TEXT NOT NULL,
    PRIMARY KEY (invoice_id, line_number),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX invoice_lines_order ON invoice_lines (tenant_id, purchase_order_id);

CREATE TABLE invoice_charges (
    tenant_id    UUID NOT NULL,
    invoice_id   UUID NOT NULL,
    supplier_id  UUID NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('freight', 'handling', 'discount')),
    description  TEXT NOT NULL,
    amount       NUMERIC(20, 6) NOT NULL CHECK (amount > 0),
    tax_rate     NUMERIC(9, 4) NOT NULL,
    PRIMARY KEY (invoice_id, position),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);

CREATE TABLE invoice_taxes (
    tenant_id    UUID NOT NULL,
    invoice_id   UUID NOT NULL,
    supplier_id  UUID NOT NULL,
    rate         NUMERIC(9, 4) NOT NULL,
    taxable      NUMERIC(20, 6) NOT NULL,
    amount       NUMERIC(20, 6) NOT NULL,
    PRIMARY KEY (invoice_id, rate),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);

ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_visible ON invoices
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE DELETE ON invoices FROM portico_app;

ALTER TABLE invoice_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoice_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_lines_visible ON invoice_lines
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE UPDATE, DELETE ON invoice_lines FROM portico_app;

ALTER TABLE invoice_charges ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoice_charges FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_charges_visible ON invoice_charges
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE UPDATE, DELETE ON invoice_charges FROM portico_app;

ALTER TABLE invoice_taxes ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoice_taxes FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_taxes_visible ON invoice_taxes
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
REVOKE UPDATE, DELETE ON invoice_taxes FROM portico_app;
