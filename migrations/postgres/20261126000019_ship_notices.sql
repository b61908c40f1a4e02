-- Advance ship notices (docs/SHIPPING.md): what a supplier ships against acknowledged orders, packed in pallets and
-- cartons that carry SSCC-18 labels. A notice is a draft while the supplier builds it, then submitted (its event goes
-- to the ERP and, for EDI partners, as an 856 / DESADV), corrected (a new revision) or cancelled until the buyer has
-- received it. Kept in step with migrations/sqlite/20261126000019_ship_notices.sql.

-- The buyer's shipping rules: how far a line may be over-shipped, and whether orders not yet acknowledged may ship.
ALTER TABLE tenants ADD COLUMN over_ship_pct NUMERIC(9, 4) NOT NULL DEFAULT 0
    CHECK (over_ship_pct >= 0 AND over_ship_pct <= 100);
ALTER TABLE tenants ADD COLUMN ship_unacknowledged BOOLEAN NOT NULL DEFAULT false;

-- Per supplier of a tenant: its GS1 company prefix and extension digit for SSCCs, the next serial reference, and the
-- next notice number. Both counters are taken with UPDATE … RETURNING inside the transaction that uses them, so two
-- notices never share a number and no SSCC is given twice.
CREATE TABLE supplier_shipping (
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    supplier_id     UUID NOT NULL,
    company_prefix  TEXT CHECK (company_prefix ~ '^[0-9]{6,12}$'),
    extension_digit INTEGER NOT NULL DEFAULT 0 CHECK (extension_digit BETWEEN 0 AND 9),
    next_serial     BIGINT NOT NULL DEFAULT 1 CHECK (next_serial >= 1),
    next_notice     INTEGER NOT NULL DEFAULT 1 CHECK (next_notice >= 1),
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);

CREATE TABLE ship_notices (
    id                UUID PRIMARY KEY,
    tenant_id         UUID NOT NULL REFERENCES tenants (id),
    supplier_id       UUID NOT NULL,
    number            TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'received', 'cancelled')),
    -- 1 for the first submission; a correction submits revision 2, 3, …
    revision          INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    ship_to_name      TEXT NOT NULL,
    ship_to_address   TEXT NOT NULL,
    shipped_on        DATE,
    expected_delivery DATE,
    carrier_scac      TEXT,
    service_level     TEXT,
    tracking_number   TEXT,
    bill_of_lading    TEXT,
    gross_weight_kg   NUMERIC(20, 6),
    correlation_id    TEXT,
    created_by        UUID REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    submitted_at      TIMESTAMPTZ,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX ship_notices_tenant_id_id ON ship_notices (tenant_id, id);
CREATE INDEX ship_notices_supplier_page ON ship_notices (tenant_id, supplier_id, created_at DESC, id DESC);
CREATE INDEX ship_notices_tenant_page ON ship_notices (tenant_id, created_at DESC, id DESC);

-- What a notice ships of each order line.
CREATE TABLE ship_notice_lines (
    tenant_id          UUID NOT NULL,
    ship_notice_id     UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    quantity           NUMERIC(20, 6) NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (ship_notice_id, purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
-- Open quantities: what submitted notices have shipped of an order.
CREATE INDEX ship_notice_lines_order ON ship_notice_lines (tenant_id, purchase_order_id);

-- Pallets and cartons. A carton sits on a pallet or stands alone; its SSCC is unique within the tenant.
CREATE TABLE ship_notice_packages (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    ship_notice_id  UUID NOT NULL,
    supplier_id     UUID NOT NULL,
    sscc            TEXT NOT NULL CHECK (sscc ~ '^[0-9]{18}$'),
    kind            TEXT NOT NULL CHECK (kind IN ('pallet', 'carton')),
    parent_id       UUID REFERENCES ship_notice_packages (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, sscc),
    FOREIGN KEY (tenant_id, ship_notice_id) REFERENCES ship_notices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ship_notice_packages_notice ON ship_notice_packages (tenant_id, ship_notice_id, created_at);

-- What a package holds of a notice line.
CREATE TABLE ship_notice_package_items (
    tenant_id          UUID NOT NULL,
    package_id         UUID NOT NULL REFERENCES ship_notice_packages (id) ON DELETE CASCADE,
    ship_notice_id     UUID NOT NULL,
    supplier_id        UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL,
    quantity           NUMERIC(20, 6) NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (package_id, purchase_order_id, line_number),
    FOREIGN KEY (ship_notice_id, purchase_order_id, line_number)
        REFERENCES ship_notice_lines (ship_notice_id, purchase_order_id, line_number) ON DELETE CASCADE
);
CREATE INDEX ship_notice_package_items_notice ON ship_notice_package_items (tenant_id, ship_notice_id);

-- Both sides read; the supplier writes its own, the buyer none of these rows.
ALTER TABLE supplier_shipping ENABLE ROW LEVEL SECURITY;
ALTER TABLE supplier_shipping FORCE ROW LEVEL SECURITY;
CREATE POLICY supplier_shipping_visible ON supplier_shipping
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));

ALTER TABLE ship_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE ship_notices FORCE ROW LEVEL SECURITY;
CREATE POLICY ship_notices_visible ON ship_notices
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));

ALTER TABLE ship_notice_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE ship_notice_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY ship_notice_lines_visible ON ship_notice_lines
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));

ALTER TABLE ship_notice_packages ENABLE ROW LEVEL SECURITY;
ALTER TABLE ship_notice_packages FORCE ROW LEVEL SECURITY;
CREATE POLICY ship_notice_packages_visible ON ship_notice_packages
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));

ALTER TABLE ship_notice_package_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE ship_notice_package_items FORCE ROW LEVEL SECURITY;
CREATE POLICY ship_notice_package_items_visible ON ship_notice_package_items
    USING (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()))
    WITH CHECK (tenant_id = app_tenant() AND (app_supplier() IS NULL OR supplier_id = app_supplier()));
