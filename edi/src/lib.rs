//! Portico's EDI codecs: readers and writers for ANSI X12 (004010) and UN/EDIFACT (syntax 3, D96A) interchanges.
//!
//! Both standards are the same shape — segments made of elements made of components, wrapped in envelopes whose
//! trailers count what they enclose and repeat the header's control number — so both share [`Segment`] and
//! [`EdiError`]. Each reader honours the separators the interchange declares (X12 in the fixed-width ISA segment,
//! EDIFACT in the optional UNA service string advice, with its release character) and checks every envelope: counts,
//! matching control numbers, nothing outside an envelope. Errors name the segment by its position in the
//! interchange, its tag, and the element and component where there is one, as a person fixing the file needs.
//!
//! Mapping segments to and from Portico's documents (850/855/856/810, ORDERS/ORDRSP/DESADV/INVOIC) lives in
//! `portico-core`; this crate knows only syntax. See docs/EDI.md.

pub mod edifact;
mod error;
mod segment;
pub mod x12;

pub use error::{EdiError, Place};
pub use segment::Segment;
