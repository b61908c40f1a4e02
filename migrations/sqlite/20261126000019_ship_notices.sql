-- Advance ship notices; see migrations/postgres/20261126000019_ship_notices.sql.
ALTER TABLE tenants ADD COLUMN over_ship_pct TEXT NOT NULL DEFAULT '0';
ALTER TABLE tenants ADD COLUMN ship_unacknowledged INTEGER NOT NULL DEFAULT 0 CHECK (ship_unacknowledged IN (0, 1));

CREATE TABLE supplier_shipping (
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    supplier_id     BLOB NOT NULL,
    company_prefix  TEXT CHECK (company_prefix IS NULL OR (length(company_prefix) BETWEEN 6 AND 12
                                AND company_prefix NOT GLOB '*[^0-9]*')),
    extension_digit INTEGER NOT NULL DEFAULT 0 CHECK (extension_digit BETWEEN 0 AND 9),
    next_serial     INTEGER NOT NULL DEFAULT 1 CHECK (next_serial >= 1),
    next_notice     INTEGER NOT NULL DEFAULT 1 CHECK (next_notice >= 1),
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

CREATE TABLE ship_notices (
    id                BLOB PRIMARY KEY NOT NULL,
    tenant_id         BLOB NOT NULL REFERENCES tenants (id),
    supplier_id       BLOB NOT NULL,
    number            TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'received', 'cancelled')),
    revision          INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    ship_to_name      TEXT NOT NULL,
    ship_to_address   TEXT NOT NULL,
    shipped_on        TEXT,
    expected_delivery TEXT,
    carrier_scac      TEXT,
    service_level     TEXT,
    tracking_number   TEXT,
    bill_of_lading    TEXT,
    gross_weight_kg   TEXT,
    correlation_id    TEXT,
    created_by        BLOB REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    submitted_at      TEXT,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX ship_notices_tenant_id_id ON ship_notices (tenant_id, id);
CREATE INDEX ship_notices_supplier_page ON ship_notices (tenant_id, supplier_id, created_at DESC, id DESC);
CREATE INDEX ship_notices_tenant_page ON ship_notices (tenant_id, created_at DESC, id DESC);

CREATE TABLE ship_notice_lines (
    tenant_id          BLOB NOT NULL,
    ship_notice_id     BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    purchase_order_id  BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    quantity           TEXT NOT NULL,
    PRIMARY KEY (ship_notice_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX ship_notice_lines_order ON ship_notice_lines (tenant_id, purchase_order_id);

CREATE TABLE ship_notice_packages (
    id              BLOB PRIMARY KEY NOT NULL,
    tenant_id       BLOB NOT NULL,
    ship_notice_id  BLOB NOT NULL,
    supplier_id     BLOB NOT NULL,
    sscc            TEXT NOT NULL CHECK (length(sscc) = 18 AND sscc NOT GLOB '*[^0-9]*'),
    kind            TEXT NOT NULL CHECK (kind IN ('pallet', 'carton')),
    parent_id       BLOB REFERENCES ship_notice_packages (id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    UNIQUE (tenant_id, sscc),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ship_notice_packages_notice ON ship_notice_packages (tenant_id, ship_notice_id, created_at);

CREATE TABLE ship_notice_package_items (
    tenant_id          BLOB NOT NULL,
    package_id         BLOB NOT NULL REFERENCES ship_notice_packages (id) ON DELETE CASCADE,
    ship_notice_id     BLOB NOT NULL,
    supplier_id        BLOB NOT NULL,
    purchase_order_id  BLOB NOT NULL,
    line_number        INTEGER NOT NULL,
    quantity           TEXT NOT NULL,
    PRIMARY KEY (package_id, purchase_order_id, line_number),
    FOREIGN KEY (ship_notice_id, purchase_order_id, line_number)
        REFERENCES ship_notice_lines (ship_notice_id, purchase_order_id, line_number) ON DELETE CASCADE
);
CREATE INDEX ship_notice_package_items_notice ON ship_notice_package_items (tenant_id, ship_notice_id);
