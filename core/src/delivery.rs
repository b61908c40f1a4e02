//! The rules of delivering an event to an endpoint, as pure functions the relay applies: what an answer means, when
//! to try again, and which destinations may be called at all. See `docs/EVENTS.md`.

use std::net::IpAddr;
use std::time::Duration;

/// The Standard Webhooks retry schedule: the delay before each attempt after the first (immediately, 5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 10 h). After the last attempt fails the delivery is dead-lettered.
pub const SCHEDULE: [Duration; 8] = [
    Duration::from_secs(0),
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
];

/// The most attempts a delivery gets: one per entry of the schedule (the first, immediately, and seven retries).
pub const MAX_ATTEMPTS: u32 = SCHEDULE.len() as u32;

/// The longest `Retry-After` honoured; a receiver asking for more is retried on the schedule instead.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

pub use portico_domain::integration::SinkKind;

/// How many messages an alert endpoint sends per window; what arrives beyond that waits for the next window and goes
/// out as one digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertLimit {
    pub per_window: i32,
    pub window: Duration,
}

impl Default for AlertLimit {
    fn default() -> Self {
        Self {
            per_window: 10,
            window: Duration::from_secs(3600),
        }
    }
}

/// What one attempt's answer means for the delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: delivered.
    Delivered,
    /// 410 Gone: the receiver says the endpoint is gone for good; disable it.
    Gone,
    /// Anything else (other status, timeout, connection failure): try again later, or at `at_least` if the receiver
    /// said when (429/503 with `Retry-After`).
    Retry { at_least: Option<Duration> },
}

/// Classifies an HTTP answer (`None` for a timeout or a connection that failed before any answer).
pub fn classify(status: Option<u16>, retry_after: Option<&str>) -> Outcome {
    match status {
        Some(200..=299) => Outcome::Delivered,
        Some(410) => Outcome::Gone,
        Some(429 | 503) => Outcome::Retry {
            at_least: retry_after.and_then(parse_retry_after),
        },
        _ => Outcome::Retry { at_least: None },
    }
}

/// Reads a `Retry-After` given in seconds (the HTTP-date form is rare for webhooks and falls back to the schedule).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: u64 = value.trim().parse().ok()?;
    let d = Duration::from_secs(secs);
    (d <= MAX_RETRY_AFTER).then_some(d)
}

/// When to try again after `attempts` failed attempts, or `None` when the delivery is dead. `jitter` in `[0, 1)`
/// spreads retries of many deliveries by up to a tenth of the delay, so a recovering receiver is not hit all at once;
/// the receiver's own `Retry-After` is a floor.
pub fn next_delay(attempts: u32, at_least: Option<Duration>, jitter: f64) -> Option<Duration> {
    if attempts == 0 || attempts >= MAX_ATTEMPTS {
        return None;
    }
    let base = SCHEDULE[(attempts as usize).min(SCHEDULE.len() - 1)];
    let spread = base.mul_f64(jitter.clamp(0.0, 0.999) / 10.0);
    let planned = base + spread;
    Some(match at_least {
        Some(floor) if floor > planned => floor,
        _ => planned,
    })
}

/// Why an endpoint address is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DestinationError {
    /// Not a URL, or not http(s).
    Malformed,
    /// Plain http outside development.
    NotHttps,
    /// User name or password in the URL (credentials belong in the signature, not the address).
    Credentials,
    /// The address is private, loopback, link-local or otherwise not on the public internet.
    NotPublic(IpAddr),
}

/// Checks an endpoint URL when it is configured: https (unless `allow_private`, for development), no credentials, and
/// a literal IP address only if public. Host names are checked again against their resolved addresses at each
/// connection ([`is_public`]), which is what stops DNS tricks.
pub fn check_url(raw: &str, allow_private: bool) -> Result<url::Url, DestinationError> {
    let url = url::Url::parse(raw.trim()).map_err(|_| DestinationError::Malformed)?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err(DestinationError::NotHttps),
        _ => return Err(DestinationError::Malformed),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(DestinationError::Credentials);
    }
    let host = url.host().ok_or(DestinationError::Malformed)?;
    let ip = match host {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(d)
            if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") =>
        {
            Some(IpAddr::from([127, 0, 0, 1]))
        }
        url::Host::Domain(_) => None,
    };
    match ip {
        Some(ip) if !allow_private && !is_public(ip) => Err(DestinationError::NotPublic(ip)),
        _ => Ok(url),
    }
}

/// Whether an address is on the public internet: not loopback, private (RFC 1918, unique local), link-local (which
/// includes cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast, broadcast, documentation
/// or benchmarking ranges; IPv4-mapped IPv6 addresses are judged as their IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..=127).contains(&o[1]))
                || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || s[0] == 0x2001 && s[1] == 0x0db8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_as_the_specification_asks() {
        assert_eq!(classify(Some(200), None), Outcome::Delivered);
        assert_eq!(classify(Some(204), None), Outcome::Delivered);
        assert_eq!(classify(Some(410), None), Outcome::Gone);
        assert_eq!(
            classify(Some(429), Some("120")),
            Outcome::Retry {
                at_least: Some(Duration::from_secs(120))
            }
        );
        assert_eq!(
            classify(Some(503), Some("soon")),
            Outcome::Retry { at_least: None }
        );
        assert_eq!(
            classify(Some(500), Some("120")),
            Outcome::Retry { at_least: None }
        );
        assert_eq!(
            classify(Some(301), None),
            Outcome::Retry { at_least: None },
            "redirects are not followed"
        );
        assert_eq!(
            classify(None, None),
            Outcome::Retry { at_least: None },
            "timeout"
        );
        assert_eq!(
            parse_retry_after("999999"),
            None,
            "over a day: use the schedule"
        );
    }

    #[test]
    fn retries_follow_the_schedule_with_bounded_jitter_then_stop() {
        assert_eq!(next_delay(1, None, 0.0), Some(Duration::from_secs(5)));
        assert_eq!(next_delay(2, None, 0.0), Some(Duration::from_secs(300)));
        let jittered = next_delay(2, None, 0.5).unwrap();
        assert!(
            jittered > Duration::from_secs(300) && jittered <= Duration::from_secs(330),
            "{jittered:?}"
        );
        assert_eq!(next_delay(7, None, 0.0), Some(Duration::from_secs(36_000)));
        assert_eq!(MAX_ATTEMPTS, 8);
        assert_eq!(
            next_delay(MAX_ATTEMPTS, None, 0.0),
            None,
            "dead after the last attempt"
        );
        // The receiver's Retry-After is a floor, never a way to retry sooner than planned.
        assert_eq!(
            next_delay(1, Some(Duration::from_secs(60)), 0.0),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            next_delay(3, Some(Duration::from_secs(1)), 0.0),
            Some(Duration::from_secs(1800))
        );
    }

    #[test]
    fn only_public_https_destinations_are_accepted() {
        assert!(check_url("https://erp.example.com/hooks/portico", false).is_ok());
        assert_eq!(
            check_url("http://erp.example.com/", false),
            Err(DestinationError::NotHttps)
        );
        assert_eq!(
            check_url("ftp://erp.example.com/", false),
            Err(DestinationError::Malformed)
        );
        assert_eq!(
            check_url("not a url", false),
            Err(DestinationError::Malformed)
        );
        assert_eq!(
            check_url("https://user:pw@erp.example.com/", false),
            Err(DestinationError::Credentials)
        );
        for private in [
            "https://127.0.0.1/",
            "https://10.1.2.3/",
            "https://192.168.0.10/",
            "https://172.16.5.5/",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://localhost/",
            "https://0.0.0.0/",
        ] {
            assert!(
                matches!(
                    check_url(private, false),
                    Err(DestinationError::NotPublic(_))
                ),
                "{private}"
            );
            assert!(
                check_url(private, true).is_ok(),
                "{private} allowed in development"
            );
        }
        assert!(is_public("8.8.8.8".parse().unwrap()));
        assert!(is_public("2a00:1450:4001:80e::200e".parse().unwrap()));
        assert!(!is_public("198.18.0.1".parse().unwrap()));
        assert!(!is_public("192.0.2.1".parse().unwrap()));
    }
}
