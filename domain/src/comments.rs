//! The comments thread of a purchase order: what the buyer and the supplier write to each other about one order.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The longest comment, in characters.
pub const MAX_BODY_CHARS: usize = 4000;

/// Which side wrote a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Buyer,
    Supplier,
}

impl Side {
    pub const fn code(self) -> &'static str {
        match self {
            Side::Buyer => "buyer",
            Side::Supplier => "supplier",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Side::Buyer, Side::Supplier]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One comment as the order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: Uuid,
    pub side: Side,
    /// The author's name (none when the account was removed).
    pub author: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

/// A comment's text as it is kept: trimmed, not empty, at most [`MAX_BODY_CHARS`]; else the catalogue id of the
/// rule it breaks.
pub fn body(text: &str) -> Result<String, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        Err("comment-error-empty")
    } else if t.chars().count() > MAX_BODY_CHARS {
        Err("comment-error-long")
    } else {
        Ok(t.replace("\r\n", "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_trimmed_and_bounded() {
        assert_eq!(
            body("  Can you ship Friday?\r\nThanks ").unwrap(),
            "Can you ship Friday?\nThanks"
        );
        assert_eq!(body(" \n "), Err("comment-error-empty"));
        assert_eq!(
            body(&"ä".repeat(MAX_BODY_CHARS)).map(|b| b.chars().count()),
            Ok(MAX_BODY_CHARS)
        );
        assert_eq!(
            body(&"x".repeat(MAX_BODY_CHARS + 1)),
            Err("comment-error-long")
        );
        assert_eq!(Side::parse("buyer"), Some(Side::Buyer));
    }
}
