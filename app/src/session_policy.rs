//! When a signed-in session is still good, when it needs its expiry pushed forward, and when it is over.
//!
//! The session store expires a session 30 minutes after its last save. A session is saved only when it changes, so
//! to make the 30 minutes count from the last *activity*, a request re-saves the session when its last refresh is
//! more than [`REFRESH_AFTER`] old: at most one session write per five minutes of activity, not one per request.
//! Independently of activity, a session ends [`ABSOLUTE_LIMIT`] after sign-in.

use time::{Duration, OffsetDateTime};

/// Idle time after which a session is over.
pub const IDLE_LIMIT: Duration = Duration::minutes(30);
/// Time after sign-in at which a session is over, however active.
pub const ABSOLUTE_LIMIT: Duration = Duration::hours(12);
/// Age of the last refresh after which a request pushes the idle expiry forward.
pub const REFRESH_AFTER: Duration = Duration::minutes(5);

/// What to do with a session on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    /// Good as it is.
    Fresh,
    /// Good; save it again so the idle expiry restarts now.
    Refresh,
    /// Over: end it and ask the person to sign in.
    Expired,
}

/// Decides from the sign-in time and the last refresh (both Unix seconds).
pub fn check(signed_in_at: i64, refreshed_at: i64, now: OffsetDateTime) -> SessionCheck {
    let at =
        |secs: i64| OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let (signed_in, refreshed) = (at(signed_in_at), at(refreshed_at));
    if now - signed_in >= ABSOLUTE_LIMIT
        || now - refreshed >= IDLE_LIMIT
        || refreshed > now + Duration::minutes(5)
    {
        SessionCheck::Expired
    } else if now - refreshed >= REFRESH_AFTER {
        SessionCheck::Refresh
    } else {
        SessionCheck::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_slide_while_active_and_end_when_idle_or_too_old() {
        let t0 = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let s = t0.unix_timestamp();
        let at = |m: i64| t0 + Duration::minutes(m);
        assert_eq!(check(s, s, at(1)), SessionCheck::Fresh);
        assert_eq!(check(s, s, at(6)), SessionCheck::Refresh);
        assert_eq!(
            check(s, s, at(31)),
            SessionCheck::Expired,
            "idle 31 minutes"
        );
        let refreshed = at(11 * 60 + 50).unix_timestamp();
        assert_eq!(
            check(s, refreshed, at(11 * 60 + 55)),
            SessionCheck::Refresh,
            "active for 11 h 55"
        );
        assert_eq!(
            check(s, refreshed, at(12 * 60)),
            SessionCheck::Expired,
            "12 h after sign-in"
        );
        assert_eq!(
            check(s, at(60).unix_timestamp(), at(0)),
            SessionCheck::Expired,
            "refresh in the future"
        );
    }
}
