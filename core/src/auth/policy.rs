//! What a new password must be: long enough, not absurdly long, and not easy to guess. No composition rules (no
//! "one digit, one symbol"): length and a check against common passwords and the person's own details do more.
//!
//! The guessability check is zxcvbn, whose frequency lists (common passwords, names, words) are compiled in, so it
//! works offline.

use crate::CoreError;

/// Fewest characters accepted.
pub const MIN_CHARS: usize = 12;
/// Most characters accepted (long passphrases are welcome; this only bounds the hashing work).
pub const MAX_CHARS: usize = 1024;

/// Checks a new password. `related` are the person's own details (e-mail, name), which make a password guessable.
/// Errors name the field `password` and carry a catalogue id as the message.
pub fn check(password: &str, related: &[&str]) -> Result<(), CoreError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(CoreError::validation("password", "password-too-short"));
    }
    if chars > MAX_CHARS {
        return Err(CoreError::validation("password", "password-too-long"));
    }
    // zxcvbn's cost grows with length; beyond 100 characters a passphrase is not guessable by its lists anyway.
    let head: String = password.chars().take(100).collect();
    let inputs: Vec<&str> = related
        .iter()
        .flat_map(|r| r.split(['@', '.', ' ', '-', '_']))
        .filter(|p| p.len() >= 3)
        .chain(related.iter().copied())
        .collect();
    let estimate = zxcvbn::zxcvbn(&head, &inputs);
    if u8::from(estimate.score()) < 3 {
        return Err(CoreError::validation("password", "password-too-common"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Result<(), CoreError>) -> String {
        match r {
            Ok(()) => "ok".into(),
            Err(CoreError::Validation { message, .. }) => message,
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn length_and_guessability_decide_not_composition() {
        assert_eq!(message(check("short", &[])), "password-too-short");
        assert_eq!(message(check(&"x".repeat(1025), &[])), "password-too-long");
        for common in [
            "password1234",
            "qwertyuiop123",
            "iloveyou12345",
            "123456789012",
        ] {
            assert_eq!(
                message(check(common, &[])),
                "password-too-common",
                "{common}"
            );
        }
        assert_eq!(
            message(check(
                "Anna@Acme.example",
                &["anna@acme.example", "Anna Schmidt"]
            )),
            "password-too-common"
        );
        // No digits, no symbols, no capitals: fine when long and unusual.
        assert_eq!(message(check("plum velvet harbour kettle", &[])), "ok");
        // 64+ characters are accepted.
        let long = "the quick brown fox jumps over the lazy dog near the river bank at dawn";
        assert!(long.chars().count() > 64);
        assert_eq!(message(check(long, &[])), "ok");
    }
}
