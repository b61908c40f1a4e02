//! Resolving a session to the signed-in person.

use crate::db::{self, Db};
use crate::CoreError;
use portico_domain::{CurrentUser, UserId};
use uuid::Uuid;

/// The person a session belongs to, in the workspace the session is on. A disabled user or a removed membership
/// yields [`CoreError::Unauthenticated`] at once.
pub async fn current_user(
    db: &Db,
    user: UserId,
    membership: Uuid,
) -> Result<CurrentUser, CoreError> {
    db::users::session_user(db, user, membership)
        .await?
        .ok_or(CoreError::Unauthenticated)
}
