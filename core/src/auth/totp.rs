//! Two-factor sign-in: time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of
//! clock drift either way) and one-time recovery codes.
//!
//! A code is accepted once: the step it matched is stored (`users.totp_last_step`) and a code of that step or an
//! earlier one is refused, so a code read over someone's shoulder cannot be replayed. Recovery codes are 50 random
//! bits each, shown once and stored as SHA-256 hashes.

use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The name authenticator apps show next to the account.
pub const ISSUER: &str = "Portico";

/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// A fresh 160-bit secret (RFC 4226's recommended length), base32 encoded as authenticator apps expect.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes.to_vec()).to_base32()
}

fn totp(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn uri(secret_base32: &str, account: &str) -> Option<String> {
    totp(secret_base32, account)?.to_url().ok()
}

/// The QR code of an `otpauth://` URI as a standalone SVG document (shown as an image; no script, no style).
pub fn qr_svg(uri: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(uri.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

/// The secret grouped in fours, for typing into an app that cannot scan.
pub fn grouped(secret_base32: &str) -> String {
    secret_base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code a person typed, without spaces (apps show "123 456").
pub fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a typed code has the shape of an authenticator code (six digits) rather than a recovery code.
pub fn is_app_code(code: &str) -> bool {
    let c = normalise(code);
    c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())
}

/// Checks an authenticator code at `now` (unix seconds). Returns the matched step if the code is valid for the
/// current step or one either side *and* newer than `last_step` (the last accepted code's step).
pub fn check(secret_base32: &str, code: &str, now: i64, last_step: Option<i64>) -> Option<i64> {
    let code = normalise(code);
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "")?;
    let now = u64::try_from(now).ok()?;
    let step = i64::try_from(totp.check(&code, now)?).ok()?;
    match last_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The code an authenticator app would show at `now` (for tests and the enrolment self-check).
pub fn code_at(secret_base32: &str, now: i64) -> Option<String> {
    let totp = totp(secret_base32, "")?;
    Some(totp.generate(u64::try_from(now).ok()?).to_string())
}

/// A fresh set of recovery codes, written `xxxxx-xxxxx` in an alphabet without look-alike characters.
pub fn recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let chars: String = bytes
                .iter()
                .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// The stored form of a recovery code (case, spaces and dashes do not matter).
pub fn hash_recovery(code: &str) -> String {
    crate::audit::hex(&Sha256::digest(normalise(code).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc_6238_reference_values() {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (8-digit values, last 6 digits here).
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(&secret, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(code_at(&secret, 2_000_000_000).as_deref(), Some("279037"));
    }

    #[test]
    fn accepts_one_step_of_drift_and_never_the_same_step_twice() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = check(&secret, &code, now, None).expect("current code accepted");
        assert_eq!(step, now / 30);
        assert_eq!(
            check(&secret, &code, now, Some(step)),
            None,
            "replay refused"
        );
        let previous = code_at(&secret, now - 30).unwrap();
        assert!(
            check(&secret, &previous, now, None).is_some(),
            "one step late is fine"
        );
        let old = code_at(&secret, now - 90).unwrap();
        assert_eq!(
            check(&secret, &old, now, None),
            None,
            "three steps late is not"
        );
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(check(&secret, &spaced, now, None).is_some());
        assert_eq!(check(&secret, "12345", now, None), None);
        assert_eq!(check(&secret, "abcdef", now, None), None);
    }

    #[test]
    fn enrolment_material_is_readable_by_apps() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let uri = uri(&secret, "anna@acme.example").unwrap();
        assert!(uri.starts_with("otpauth://totp/Portico:anna%40acme.example?"));
        assert!(uri.contains(&format!("secret={secret}")));
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.contains("<svg") && !svg.contains("<script"));
        assert_eq!(grouped("ABCDEFGH"), "ABCD EFGH");
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_forgivingly() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let c = &codes[0];
        assert_eq!(c.len(), 11);
        assert!(!is_app_code(c));
        assert_eq!(
            hash_recovery(c),
            hash_recovery(&c.to_uppercase().replace('-', " "))
        );
        assert!(is_app_code("123 456"));
    }
}
