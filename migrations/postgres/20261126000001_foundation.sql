-- Foundation schema: tenants (buyer organisations), their suppliers, people and memberships, purchase orders.
-- Kept in step with migrations/sqlite/20261126000001_foundation.sql: same tables, columns and constraints.
-- Native types here: UUID ids (v7), NUMERIC decimals, DATE and TIMESTAMPTZ (UTC).

CREATE TABLE tenants (
    id          UUID PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE suppliers (
    id          UUID PRIMARY KEY,
    tenant_id   UUID NOT NULL REFERENCES tenants (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, code)
);

-- Every tenant-scoped child table carries tenant_id and a composite foreign key to its parent that includes it, so a
-- row can never point at another tenant's parent.
CREATE UNIQUE INDEX suppliers_tenant_id_id ON suppliers (tenant_id, id);

CREATE TABLE users (
    id              UUID PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT,
    locale          TEXT,
    disabled_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    id           UUID PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    tenant_id    UUID NOT NULL REFERENCES tenants (id),
    supplier_id  UUID,
    role         TEXT NOT NULL CHECK (role IN ('buyer_admin', 'buyer', 'supplier_admin', 'supplier_user')),
    created_at   TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    -- Supplier roles need a supplier; buyer roles must not have one.
    CHECK ((role IN ('supplier_admin', 'supplier_user')) = (supplier_id IS NOT NULL))
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE purchase_orders (
    id                    UUID PRIMARY KEY,
    tenant_id             UUID NOT NULL REFERENCES tenants (id),
    supplier_id           UUID NOT NULL,
    number                TEXT NOT NULL,
    -- Lower-cased number for case-insensitive search with the same SQL on both backends.
    number_lower          TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    status                TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'change_pending', 'rejected',
                              'partially_shipped', 'shipped', 'invoiced', 'closed', 'cancelled')),
    order_date            DATE NOT NULL,
    currency              TEXT NOT NULL CHECK (length(currency) = 3),
    ship_to_name          TEXT NOT NULL,
    ship_to_address       TEXT NOT NULL,
    payment_terms         TEXT NOT NULL,
    incoterms             TEXT,
    notes                 TEXT,
    -- Denormalised from the lines so that lists never aggregate: maintained by the service that writes lines.
    total_amount          NUMERIC(20, 6) NOT NULL,
    line_count            INTEGER NOT NULL,
    first_requested_date  DATE,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE UNIQUE INDEX purchase_orders_tenant_id_id ON purchase_orders (tenant_id, id);
-- Keyset paging: supplier inbox, supplier inbox by status, buyer list, buyer list by status.
CREATE INDEX purchase_orders_supplier_page ON purchase_orders (tenant_id, supplier_id, order_date DESC, id DESC);
CREATE INDEX purchase_orders_supplier_status_page
    ON purchase_orders (tenant_id, supplier_id, status, order_date DESC, id DESC);
CREATE INDEX purchase_orders_tenant_page ON purchase_orders (tenant_id, order_date DESC, id DESC);
CREATE INDEX purchase_orders_tenant_status_page ON purchase_orders (tenant_id, status, order_date DESC, id DESC);

CREATE TABLE purchase_order_lines (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID NOT NULL,
    purchase_order_id  UUID NOT NULL,
    line_number        INTEGER NOT NULL CHECK (line_number >= 1),
    buyer_item         TEXT NOT NULL,
    supplier_part      TEXT,
    description        TEXT NOT NULL,
    quantity           NUMERIC(20, 6) NOT NULL,
    unit_of_measure    TEXT NOT NULL,
    unit_price         NUMERIC(20, 6) NOT NULL,
    requested_date     DATE,
    UNIQUE (purchase_order_id, line_number),
    FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES purchase_orders (tenant_id, id)
);
