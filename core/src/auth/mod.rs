//! Authentication primitives: password hashing, one-time tokens, attempt throttling, two-factor codes.

pub mod password;
pub mod policy;
pub mod throttle;
pub mod token;
pub mod totp;
