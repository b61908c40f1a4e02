//! Webhook signatures per the Standard Webhooks specification, so a receiver's existing library verifies what
//! Portico sends: headers `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (Unix seconds of
//! this attempt) and `webhook-signature` (`v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, one per active
//! secret, space-separated, so a secret can be rotated without a gap). Secrets are `whsec_` plus base64 of the key.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The prefix of a secret as shown to people.
pub const SECRET_PREFIX: &str = "whsec_";

/// How far a receiver should accept a timestamp from its own clock (the specification's suggestion).
pub const TOLERANCE_SECS: i64 = 300;

/// A signing key.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

impl SigningKey {
    /// A fresh 256-bit key from the operating system, with its `whsec_…` text (shown once to the endpoint's owner).
    pub fn generate() -> (Self, String) {
        let mut bytes = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let text = format!("{SECRET_PREFIX}{}", STANDARD.encode(&bytes));
        (Self(bytes), text)
    }

    /// Reads a `whsec_…` secret (the prefix is optional, as in the reference libraries).
    pub fn parse(text: &str) -> Option<Self> {
        let b64 = text
            .trim()
            .strip_prefix(SECRET_PREFIX)
            .unwrap_or(text.trim());
        let bytes = STANDARD.decode(b64).ok()?;
        (!bytes.is_empty()).then_some(Self(bytes))
    }

    /// The `v1,…` signature of one message with this key.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        format!("v1,{}", STANDARD.encode(self.mac(id, timestamp, body)))
    }

    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.finalize().into_bytes().to_vec()
    }
}

/// The `webhook-signature` header value: one signature per key (the current one first; during a rotation also the
/// previous one), space-separated.
pub fn signature_header(keys: &[SigningKey], id: &str, timestamp: i64, body: &[u8]) -> String {
    keys.iter()
        .map(|k| k.sign(id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a received webhook does not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The timestamp is further than [`TOLERANCE_SECS`] from now (a replay, or a badly wrong clock).
    Timestamp,
    /// No `v1` signature in the header matches.
    Signature,
}

/// Verifies a received webhook as a receiver does (used by Portico's tests and documentation): the timestamp within
/// [`TOLERANCE_SECS`] of `now`, and any `v1` signature of the header made with `key`, compared in constant time.
pub fn verify(
    key: &SigningKey,
    header: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
    now: i64,
) -> Result<(), VerifyError> {
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(VerifyError::Timestamp);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).unwrap_or_else(|_| unreachable!());
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let found = header
        .split_whitespace()
        .filter_map(|s| s.strip_prefix("v1,"))
        .filter_map(|b64| STANDARD.decode(b64).ok())
        .any(|sig| mac.clone().verify_slice(&sig).is_ok());
    if found {
        Ok(())
    } else {
        Err(VerifyError::Signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const VECTOR_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const VECTOR_TS: i64 = 1_614_265_330;
    const VECTOR_BODY: &[u8] = br#"{"test": 2432232314}"#;

    #[test]
    fn reproduces_the_specification_test_vector() {
        let key = SigningKey::parse(VECTOR_SECRET).unwrap();
        assert_eq!(
            key.sign(VECTOR_ID, VECTOR_TS, VECTOR_BODY),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        let header = signature_header(
            std::slice::from_ref(&key),
            VECTOR_ID,
            VECTOR_TS,
            VECTOR_BODY,
        );
        assert_eq!(
            verify(
                &key,
                &header,
                VECTOR_ID,
                VECTOR_TS,
                VECTOR_BODY,
                VECTOR_TS + 10
            ),
            Ok(())
        );
        // Without the prefix the same key.
        assert_eq!(SigningKey::parse(&VECTOR_SECRET[6..]), Some(key));
    }

    #[test]
    fn rotation_signs_with_both_keys_and_tampering_fails() {
        let (new, text) = SigningKey::generate();
        assert!(text.starts_with("whsec_"));
        assert_eq!(SigningKey::parse(&text).as_ref(), Some(&new));
        let old = SigningKey::parse(VECTOR_SECRET).unwrap();
        let header = signature_header(&[new.clone(), old.clone()], "evt_1", 1_800_000_000, b"{}");
        assert_eq!(header.split(' ').count(), 2);
        for key in [&new, &old] {
            assert_eq!(
                verify(key, &header, "evt_1", 1_800_000_000, b"{}", 1_800_000_100),
                Ok(())
            );
        }
        let (stranger, _) = SigningKey::generate();
        assert_eq!(
            verify(
                &stranger,
                &header,
                "evt_1",
                1_800_000_000,
                b"{}",
                1_800_000_000
            ),
            Err(VerifyError::Signature)
        );
        assert_eq!(
            verify(&new, &header, "evt_1", 1_800_000_000, b"{ }", 1_800_000_000),
            Err(VerifyError::Signature),
            "body changed"
        );
        assert_eq!(
            verify(&new, &header, "evt_2", 1_800_000_000, b"{}", 1_800_000_000),
            Err(VerifyError::Signature),
            "id changed"
        );
        assert_eq!(
            verify(
                &new,
                &header,
                "evt_1",
                1_800_000_000,
                b"{}",
                1_800_000_000 + 301
            ),
            Err(VerifyError::Timestamp),
            "too old"
        );
        assert_eq!(SigningKey::parse("whsec_!!!"), None);
        assert_eq!(SigningKey::parse(""), None);
    }
}
