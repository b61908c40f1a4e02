-- Supplier changes in the buyer's exception queue (docs/SUPPLIERS.md, docs/EXCEPTIONS.md): a bank details change to
-- approve and a profile (or profile change) to review are exceptions about the supplier's bank details or profile.
-- Kept in step with migrations/sqlite/20261126000034_supplier_change_exceptions.sql.

ALTER TABLE exceptions DROP CONSTRAINT exceptions_kind_check;
ALTER TABLE exceptions ADD CONSTRAINT exceptions_kind_check
    CHECK (kind IN ('changes_to_review', 'order_rejected', 'ack_overdue',
                         'asn_overdue', 'shipped_late', 'short_shipment', 'invoice_mismatch', 'invoice_disputed',
                         'delay_reported', 'delivery_failed', 'scorecard_below', 'bank_change_to_review',
                         'profile_change_to_review'));
ALTER TABLE exceptions DROP CONSTRAINT exceptions_document_kind_check;
ALTER TABLE exceptions ADD CONSTRAINT exceptions_document_kind_check
    CHECK (document_kind IN ('purchase_order', 'ship_notice', 'invoice', 'delivery',
                         'delay_report', 'scorecard', 'supplier_bank', 'supplier_profile'));
