//! Where events go. Only these modules talk to systems outside Portico: the ERP webhook (signed HTTP POST), and —
//! arriving with their issues — alerting, NATS JetStream and EDI. Each sink turns a claimed delivery into one
//! outbound attempt and says what came back; the relay ([`super::Relay`]) decides what that means.

pub mod erp_webhook;
