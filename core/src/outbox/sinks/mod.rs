//! Where events go. Only these modules talk to systems outside Portico: the ERP webhook (signed HTTP POST), the
//! alerting sinks (chat webhook, e-mail), NATS JetStream, and — arriving with its issue — EDI. Each sink turns a
//! claimed delivery into one outbound attempt and says what came back; the relay ([`super::Relay`]) decides what
//! that means. A new sink is a [`crate::delivery::SinkKind`], a module here and an arm in the relay's dispatch.

pub mod alert;
pub mod erp_webhook;
pub mod nats;
