//! One-time secrets: invitation, password-reset and magic-link tokens, and trusted-device cookies.
//!
//! A token is 256 random bits from the operating system, written as unpadded base64url (43 characters). Only its
//! SHA-256 is stored, so a copy of the database does not let anyone follow a link or impersonate a device.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token and the hash to store for it.
#[derive(Clone, Debug)]
pub struct NewToken {
    /// What goes into the link or cookie; never stored.
    pub token: String,
    /// What the database keeps.
    pub hash: String,
}

/// Generates a token.
pub fn generate() -> NewToken {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    NewToken { token, hash }
}

/// The stored form of a presented token. Malformed input hashes like anything else and simply matches nothing.
pub fn hash(token: &str) -> String {
    crate::audit::hex(&Sha256::digest(token.trim().as_bytes()))
}

/// Whether a presented token has the shape of one of ours (43 base64url characters), checked before any lookup.
pub fn well_formed(token: &str) -> bool {
    let t = token.trim();
    t.len() == 43 && URL_SAFE_NO_PAD.decode(t).is_ok_and(|b| b.len() == 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_only_their_hash_is_kept() {
        let a = generate();
        let b = generate();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 43);
        assert!(well_formed(&a.token));
        assert_eq!(a.hash, hash(&a.token));
        assert_eq!(a.hash.len(), 64);
        assert!(!a.hash.contains(&a.token));
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}!", &a.token[..42])));
    }
}
