-- Invoices; see migrations/postgres/20261126000021_invoices.sql.
ALTER TABLE tenants ADD COLUMN price_over_pct TEXT NOT NULL DEFAULT '0';
ALTER TABLE tenants ADD COLUMN price_over_abs TEXT NOT NULL DEFAULT '0';
ALTER TABLE tenants ADD COLUMN quantity_over_pct TEXT NOT NULL DEFAULT '0';

CREATE TABLE invoices (
    id                 BLOB PRIMARY KEY NOT NULL,
    tenant_id          BLOB NOT NULL REFERENCES tenants (id),
    supplier_id        BLOB NOT NULL,
    number             TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_memo')),
    purchase_order_id  BLOB NOT NULL,
    ship_notice_id     BLOB,
    invoice_date       TEXT NOT NULL,
    due_date           TEXT,
    payment_terms      TEXT NOT NULL,
    currency           TEXT NOT NULL CHECK (length(currency) = 3),
    lines_total        TEXT NOT NULL,
    charges_total      TEXT NOT NULL,
    tax_total          TEXT NOT NULL,
    total              TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'matched', 'disputed', 'approved', 'paid')),
    dispute_reason     TEXT,
    paid_on            TEXT,
    form_token         TEXT NOT NULL,
    correlation_id     TEXT,
    created_by         BLOB REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
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
    tenant_id          BLOB NOT NULL,
    invoice_id         BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    purchase_order_id  BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    quantity           TEXT NOT NULL ,
    unit_price         TEXT NOT NULL ,
    tax_rate           TEXT NOT NULL,
    amount             TEXT NOT NULL,
        match_outcome      TEXT NOT NULL,
    PRIMARY KEY (invoice_id, line_number),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX invoice_lines_order ON invoice_lines (tenant_id, purchase_order_id);

CREATE TABLE invoice_charges (
    tenant_id    BLOB NOT NULL,
    invoice_id   BLOB NOT NULL,
    supplier_id  BLOB NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('freight', 'handling', 'discount')),
    description  TEXT NOT NULL,
    amount       TEXT NOT NULL ,
    tax_rate     TEXT NOT NULL,
    PRIMARY KEY (invoice_id, position),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);

CREATE TABLE invoice_taxes (
    tenant_id    BLOB NOT NULL,
    invoice_id   BLOB NOT NULL,
    supplier_id  BLOB NOT NULL,
    rate         TEXT NOT NULL,
    taxable      TEXT NOT NULL,
    amount       TEXT NOT NULL,
    PRIMARY KEY (invoice_id, rate),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
