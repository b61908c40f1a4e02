//! The core's error type.

use portico_domain::{PagingError, TokenProblem};

/// What can go wrong in a service call, in terms the web layer can map to a response.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The object does not exist *or* is outside the caller's scope: the two are deliberately indistinguishable.
    #[error("not found")]
    NotFound,
    /// Login failed: unknown email, wrong password or disabled account (never said which).
    #[error("the email or password is not correct")]
    InvalidCredentials,
    /// The caller's role does not allow this action (as opposed to [`CoreError::NotFound`] for objects outside
    /// their scope).
    #[error("not allowed")]
    Forbidden,
    /// Too many failed attempts in the current window; try again later (or reset the password).
    #[error("too many failed attempts; try again later")]
    RateLimited,
    /// An e-mailed link cannot be used (it is unknown, expired or used).
    #[error("link cannot be used: {0:?}")]
    Token(TokenProblem),
    /// The session no longer refers to an active user and membership.
    #[error("not signed in")]
    Unauthenticated,
    /// A list request had a malformed filter or cursor.
    #[error(transparent)]
    Paging(#[from] PagingError),
    /// A field failed validation; `field` names it as the form or API does.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// The change conflicts with existing data (a unique key, a stale version).
    #[error("conflict: {0}")]
    Conflict(String),
    /// Anything unexpected: database unreachable, a bug. Logged once at the edge; never shown to users in detail.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for CoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                CoreError::Conflict(db.constraint().unwrap_or("unique key").to_owned())
            }
            _ => CoreError::Internal(anyhow::Error::new(err).context("database operation failed")),
        }
    }
}

impl CoreError {
    /// Builds a validation error for one field.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }
}
