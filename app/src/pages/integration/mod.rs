//! The integration pages of buyer administrators: endpoints, the delivery log, one delivery, EDI partners and
//! interchanges.

pub mod deliveries;
pub mod delivery;
pub mod edi;
pub mod edi_interchange;
pub mod edi_profile;
pub mod endpoints;

use crate::i18n::I18n;
use portico_domain::integration::DeliveryStatus;

/// A delivery status as a coloured, translated badge's class and text.
pub fn status_badge(i18n: I18n, status: DeliveryStatus) -> (String, String) {
    (
        format!("badge badge-delivery-{}", status.code()),
        i18n.tr(&format!("delivery-status-{}", status.code())),
    )
}

/// The short form of an event type for tables: `purchase_order.received.v1`.
pub fn short_type(name: &str) -> &str {
    name.strip_prefix("org.portico.").unwrap_or(name)
}
