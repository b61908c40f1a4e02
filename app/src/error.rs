//! The error type of every server function, shared by server and browser.

use portico_domain::{PagingError, TokenProblem};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// What a page can be told about a failed request. Internal details never cross this boundary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Unknown, or not visible to this user (deliberately the same answer).
    #[error("not found")]
    NotFound,
    /// No valid session.
    #[error("not signed in")]
    Unauthenticated,
    /// Wrong e-mail or password (never said which).
    #[error("the email or password is not correct")]
    InvalidCredentials,
    /// The person's role does not allow this.
    #[error("not allowed")]
    Forbidden,
    /// The organisation requires two-factor sign-in and the person has not set it up yet.
    #[error("two-factor sign-in must be set up first")]
    TwoFactorSetupRequired,
    /// Too many failed attempts; try again later.
    #[error("too many failed attempts; try again later")]
    TooManyAttempts,
    /// An e-mailed link cannot be used.
    #[error("this link cannot be used")]
    Link(TokenProblem),
    /// A list filter or paging cursor could not be understood.
    #[error("{0}")]
    BadList(PagingError),
    /// A field failed validation.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Something failed on the server; it has been logged with this correlation id.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server function or its answer could not be read.
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Invalid {
                    field: "request".into(),
                    message: msg,
                }
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

impl AppError {
    /// The catalogue id to show for this error: a field error's own message id, else [`AppError::message_id`].
    pub fn text_id(&self) -> String {
        match self {
            AppError::Invalid { message, .. } => message.clone(),
            other => other.message_id().to_owned(),
        }
    }

    /// The catalogue id of a short explanation for users.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found-text",
            AppError::InvalidCredentials => "login-failed",
            AppError::TooManyAttempts => "error-too-many-attempts",
            AppError::Forbidden => "error-forbidden",
            AppError::TwoFactorSetupRequired => "mfa-setup-required",
            AppError::Link(TokenProblem::Invalid) => "link-invalid",
            AppError::Link(TokenProblem::Expired) => "link-expired",
            AppError::Link(TokenProblem::Used) => "link-used",
            AppError::Link(TokenProblem::Revoked) => "link-revoked",
            AppError::BadList(PagingError::Cursor) => "inbox-bad-cursor",
            AppError::BadList(PagingError::Status(_)) => "inbox-bad-status",
            AppError::BadList(PagingError::SearchTooLong) => "inbox-bad-search",
            AppError::BadList(PagingError::BothDirections) => "inbox-bad-both",
            _ => "error-text",
        }
    }
}
