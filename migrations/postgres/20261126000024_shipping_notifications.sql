-- Notification kinds for ship notices and invoices (docs/SHIPPING.md "Mail"): buyers hear of ship notices and of
-- invoices that wait for them; suppliers of the buyer's decision on their invoices. Kept in step with
-- migrations/sqlite/20261126000024_shipping_notifications.sql.
ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_kind_check;
ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_kind_check
    CHECK (kind IN ('new_order', 'changed_order', 'ack_due', 'review_decided', 'changes_to_review',
                    'order_rejected', 'counter_accepted', 'comment', 'ship_notice', 'invoice_to_review',
                    'invoice_decided'));
