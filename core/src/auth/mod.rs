//! Authentication primitives: password hashing, one-time tokens, attempt throttling.

pub mod password;
pub mod policy;
pub mod throttle;
pub mod token;
