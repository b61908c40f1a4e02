-- Counter-proposals; see migrations/postgres/20261126000016_counter_proposals.sql.
--
-- SQLite cannot change a column's CHECK constraint in place: the order status and the review outcome move to new
-- columns with the wider checks (the indexes that name the status are dropped first and made again).
DROP INDEX purchase_orders_supplier_status_page;
DROP INDEX purchase_orders_tenant_status_page;
ALTER TABLE purchase_orders ADD COLUMN status_next TEXT NOT NULL DEFAULT 'new'
    CHECK (status_next IN ('new', 'acknowledged', 'change_pending', 'countered', 'rejected', 'partially_shipped',
                           'shipped', 'invoiced', 'closed', 'cancelled'));
UPDATE purchase_orders SET status_next = status;
ALTER TABLE purchase_orders DROP COLUMN status;
ALTER TABLE purchase_orders RENAME COLUMN status_next TO status;
CREATE INDEX purchase_orders_supplier_status_page
    ON purchase_orders (tenant_id, supplier_id, status, order_date DESC, id DESC);
CREATE INDEX purchase_orders_tenant_status_page ON purchase_orders (tenant_id, status, order_date DESC, id DESC);

ALTER TABLE po_reviews ADD COLUMN outcome_next TEXT NOT NULL DEFAULT 'approved'
    CHECK (outcome_next IN ('approved', 'changes_rejected', 'countered'));
UPDATE po_reviews SET outcome_next = outcome;
ALTER TABLE po_reviews DROP COLUMN outcome;
ALTER TABLE po_reviews RENAME COLUMN outcome_next TO outcome;
