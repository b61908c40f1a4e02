//! Keyset paging and list filters.
//!
//! Lists are ordered by `(order_date DESC, id DESC)` and paged by a cursor that carries the last row's key, so page
//! 1000 costs what page 1 costs (no `OFFSET`). Cursors are opaque to the user: URL-safe base64 of `date|uuid`.

use crate::purchase_order::PoStatus;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// Rows per page of the PO lists.
pub const PAGE_SIZE: u32 = 50;

/// Longest accepted PO-number search text.
pub const MAX_SEARCH_LEN: usize = 64;

/// Which way a cursor points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Rows that sort after the cursor (older orders).
    After,
    /// Rows that sort before the cursor (newer orders).
    Before,
}

/// The sort key of one row, encoded into a paging cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCursor {
    pub order_date: Date,
    pub id: Uuid,
    pub direction: Direction,
}

/// A filter or cursor value that could not be understood. The message names the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PagingError {
    #[error("parameter 'after'/'before': the paging cursor is malformed; start again from the first page")]
    Cursor,
    #[error("parameter 'status': {0}")]
    Status(String),
    #[error("parameter 'q': search text is longer than {MAX_SEARCH_LEN} characters")]
    SearchTooLong,
    #[error("parameters 'after' and 'before' cannot be combined")]
    BothDirections,
}

impl InboxCursor {
    /// Encodes the cursor for a URL.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.order_date, self.id.simple()))
    }

    /// Decodes a cursor taken from a URL; anything malformed is [`PagingError::Cursor`].
    pub fn decode(raw: &str, direction: Direction) -> Result<Self, PagingError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(raw.trim())
            .map_err(|_| PagingError::Cursor)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| PagingError::Cursor)?;
        let (date, id) = text.split_once('|').ok_or(PagingError::Cursor)?;
        let order_date = Date::parse(date, &time::format_description::well_known::Iso8601::DATE)
            .map_err(|_| PagingError::Cursor)?;
        let id = Uuid::parse_str(id).map_err(|_| PagingError::Cursor)?;
        Ok(Self {
            order_date,
            id,
            direction,
        })
    }
}

fn non_empty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// A validated PO list request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub status: Option<PoStatus>,
    /// Lower-cased PO-number fragment to search for.
    pub search: Option<String>,
    pub cursor: Option<InboxCursor>,
}

impl InboxFilter {
    /// Builds a filter from raw query parameters. Empty strings mean "not given".
    pub fn parse(
        status: Option<&str>,
        q: Option<&str>,
        after: Option<&str>,
        before: Option<&str>,
    ) -> Result<Self, PagingError> {
        let status = match non_empty(status) {
            None | Some("all") => None,
            Some(s) => Some(
                s.parse::<PoStatus>()
                    .map_err(|e| PagingError::Status(e.to_string()))?,
            ),
        };
        let search = match non_empty(q) {
            None => None,
            Some(s) if s.chars().count() > MAX_SEARCH_LEN => {
                return Err(PagingError::SearchTooLong)
            }
            Some(s) => Some(s.to_lowercase()),
        };
        let cursor = match (non_empty(after), non_empty(before)) {
            (Some(_), Some(_)) => return Err(PagingError::BothDirections),
            (Some(a), None) => Some(InboxCursor::decode(a, Direction::After)?),
            (None, Some(b)) => Some(InboxCursor::decode(b, Direction::Before)?),
            (None, None) => None,
        };
        Ok(Self {
            status,
            search,
            cursor,
        })
    }

    /// The search text as a SQL `LIKE` pattern matching anywhere in the lower-cased number, with `\` escaping.
    pub fn search_pattern(&self) -> Option<String> {
        self.search.as_ref().map(|s| {
            let mut p = String::with_capacity(s.len() + 2);
            p.push('%');
            for c in s.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        })
    }
}

/// One page of a keyset-paged list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Cursor for the following (older) page, if there is one.
    pub next: Option<String>,
    /// Cursor for the preceding (newer) page, if there is one.
    pub prev: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = InboxCursor {
            order_date: time::macros::date!(2026 - 11 - 26),
            id: Uuid::parse_str("0190f5a2-7c3e-7d4a-9a8b-0123456789ab").unwrap(),
            direction: Direction::After,
        };
        assert_eq!(
            InboxCursor::decode(&c.encode(), Direction::After).unwrap(),
            c
        );
    }

    #[test]
    fn malformed_cursors_are_refused() {
        for bad in ["", "%%%", "bm90aGluZw", "MjAyNi0xMy0wMXxhYmM"] {
            assert_eq!(
                InboxCursor::decode(bad, Direction::After),
                Err(PagingError::Cursor),
                "{bad}"
            );
        }
    }

    #[test]
    fn filters_parse_and_name_the_bad_parameter() {
        let f = InboxFilter::parse(Some("new"), Some(" PO-10 "), None, None).unwrap();
        assert_eq!(f.status, Some(PoStatus::New));
        assert_eq!(f.search.as_deref(), Some("po-10"));
        assert_eq!(
            InboxFilter::parse(Some("all"), Some(""), Some(""), None).unwrap(),
            InboxFilter::default()
        );
        let err = InboxFilter::parse(Some("bogus"), None, None, None).unwrap_err();
        assert!(err.to_string().starts_with("parameter 'status'"));
        let long = "x".repeat(MAX_SEARCH_LEN + 1);
        assert_eq!(
            InboxFilter::parse(None, Some(&long), None, None),
            Err(PagingError::SearchTooLong)
        );
        assert_eq!(
            InboxFilter::parse(None, None, Some("a"), Some("b")),
            Err(PagingError::BothDirections)
        );
    }

    #[test]
    fn search_patterns_escape_like_wildcards() {
        let f = InboxFilter::parse(None, Some("10%_\\"), None, None).unwrap();
        assert_eq!(f.search_pattern().unwrap(), "%10\\%\\_\\\\%");
    }
}
