-- Notification kinds for ship notices and invoices; see
-- migrations/postgres/20261126000024_shipping_notifications.sql. SQLite cannot change a CHECK: the table is rebuilt.
CREATE TABLE notification_preferences_next (
    user_id     BLOB NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind IN ('new_order', 'changed_order', 'ack_due', 'review_decided',
                    'changes_to_review', 'order_rejected', 'counter_accepted', 'comment', 'ship_notice',
                    'invoice_to_review', 'invoice_decided')),
    delivery    TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
INSERT INTO notification_preferences_next (user_id, kind, delivery, updated_at)
    SELECT user_id, kind, delivery, updated_at FROM notification_preferences;
DROP TABLE notification_preferences;
ALTER TABLE notification_preferences_next RENAME TO notification_preferences;
