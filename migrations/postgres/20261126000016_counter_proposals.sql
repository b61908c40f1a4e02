-- Counter-proposals (docs/ACKNOWLEDGEMENTS.md): the buyer answers a change outside the policy with values of its own;
-- the order is `countered` until the supplier accepts them or answers anew. Kept in step with
-- migrations/sqlite/20261126000016_counter_proposals.sql.
ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_status_check;
ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_status_check
    CHECK (status IN ('new', 'acknowledged', 'change_pending', 'countered', 'rejected', 'partially_shipped',
                      'shipped', 'invoiced', 'closed', 'cancelled'));

ALTER TABLE po_reviews DROP CONSTRAINT po_reviews_outcome_check;
ALTER TABLE po_reviews ADD CONSTRAINT po_reviews_outcome_check
    CHECK (outcome IN ('approved', 'changes_rejected', 'countered'));
