//! Sessions: resolving one to the signed-in person, listing a person's sessions, ending them.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::CoreError;
use portico_domain::{CurrentUser, SessionInfo, UserId, WorkspaceChoice};
use uuid::Uuid;

/// The person a session belongs to, in the workspace the session is on. A disabled user, a removed membership or an
/// ended session record yields [`CoreError::Unauthenticated`] at once.
pub async fn current_user(
    db: &Db,
    user: UserId,
    membership: Uuid,
    session: Uuid,
) -> Result<CurrentUser, CoreError> {
    Ok(resolve(db, user, membership, session).await?.0)
}

/// [`current_user`] with every workspace the person may switch to, in one read (a signed-in page shows the list in
/// its frame, so each request needs both).
pub async fn resolve(
    db: &Db,
    user: UserId,
    membership: Uuid,
    session: Uuid,
) -> Result<(CurrentUser, Vec<WorkspaceChoice>), CoreError> {
    let rows = db::users::session_workspaces(db, user, session).await?;
    let current = rows
        .iter()
        .find(|(id, _)| *id == membership)
        .map(|(_, u)| u.clone())
        .ok_or(CoreError::Unauthenticated)?;
    Ok((current, choices(rows, membership)))
}

fn choices(rows: Vec<(Uuid, CurrentUser)>, current: Uuid) -> Vec<WorkspaceChoice> {
    rows.into_iter()
        .map(|(membership_id, u)| WorkspaceChoice {
            membership_id,
            tenant_name: u.workspace.tenant_name,
            supplier_name: u.workspace.supplier_name,
            role: u.workspace.role,
            current: membership_id == current,
        })
        .collect()
}

/// Notes that a session is in use (called when its idle expiry slides, at most every few minutes).
pub async fn touch(db: &Db, session: Uuid) -> Result<(), CoreError> {
    Ok(db::sessions::touch(db, session).await?)
}

/// Signs out: ends this session's record.
pub async fn sign_out(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    session: Uuid,
) -> Result<(), CoreError> {
    end_record(db, meta, user, session, Action::SignedOut, "signed_out").await?;
    Ok(())
}

/// Ends one of the person's session records and audits it, in one transaction. Returns whether it was open.
async fn end_record(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    session: Uuid,
    action: Action,
    reason: &str,
) -> Result<bool, CoreError> {
    let tenant = user.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    let ended = db::sessions::end(&mut tx, user.id, session, reason).await?;
    if ended {
        let entry = Entry::new(Some(tenant), Some(user.id), action).subject("session", session);
        audit::append(&mut tx, meta, entry).await?;
    }
    tx.commit().await?;
    Ok(ended)
}

/// The person's open sessions, most recent first; `current` marks the one asking.
pub async fn list(db: &Db, user: UserId, current: Uuid) -> Result<Vec<SessionInfo>, CoreError> {
    Ok(db::sessions::open(db, user)
        .await?
        .into_iter()
        .map(|r| SessionInfo {
            id: r.id,
            signed_in_at: r.created_at,
            last_seen_at: r.last_seen_at,
            user_agent: r.user_agent,
            ip: r.ip,
            current: r.id == current,
        })
        .collect())
}

/// Ends one of the person's sessions (from the session list). Ending an unknown or foreign session is `NotFound`.
pub async fn end(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    session: Uuid,
) -> Result<(), CoreError> {
    if end_record(
        db,
        meta,
        user,
        session,
        Action::SessionEnded,
        "ended_by_user",
    )
    .await?
    {
        Ok(())
    } else {
        Err(CoreError::NotFound)
    }
}

/// Moves the session to another of the person's workspaces ("select customer"). A membership that is not the
/// person's is `NotFound`. Returns the person as seen in the new workspace.
pub async fn switch(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    session: Uuid,
    membership: Uuid,
) -> Result<CurrentUser, CoreError> {
    let target = db::users::session_user(db, user.id, membership, session)
        .await?
        .ok_or(CoreError::NotFound)?;
    let tenant = target.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::WorkspaceSwitched)
        .subject("membership", membership)
        .detail(serde_json::json!({ "session": session }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(target)
}
