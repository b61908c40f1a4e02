//! Limits on failed attempts, counted in fixed one-hour windows per protected key.
//!
//! Sign-in failures are counted per e-mail address (known or not, so the answer never tells which) and, for a
//! browser that signed in to that account before, per trusted device instead: someone guessing from elsewhere can
//! exhaust the address's budget but not the owner's usual browser's.

/// How long a window lasts, in seconds.
pub const WINDOW_SECS: i64 = 3600;

/// A limit on failures per window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The key's prefix, naming what is counted.
    pub prefix: &'static str,
    /// Failures allowed per window; the next attempt is refused.
    pub max: i64,
}

impl Limit {
    /// The stored key for one subject.
    pub fn key(&self, subject: &str) -> String {
        format!("{}:{}", self.prefix, subject.trim().to_lowercase())
    }
}

/// Failed sign-ins per e-mail address from browsers not trusted for that account.
pub const LOGIN: Limit = Limit {
    prefix: "login",
    max: 100,
};
/// Failed sign-ins from one trusted browser.
pub const DEVICE: Limit = Limit {
    prefix: "device",
    max: 20,
};
/// Password-reset requests per e-mail address.
pub const RESET: Limit = Limit {
    prefix: "reset",
    max: 5,
};
/// Wrong two-factor codes per person.
pub const TOTP: Limit = Limit {
    prefix: "totp",
    max: 10,
};
/// Requests for a fresh document link per e-mail address (every request counts).
pub const LINK_RENEWAL: Limit = Limit {
    prefix: "relink",
    max: 5,
};
/// Failed token redemptions (invitations, resets, magic links) per client address.
pub const TOKEN: Limit = Limit {
    prefix: "token",
    max: 30,
};
