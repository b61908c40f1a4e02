//! People, memberships and what a session resolves to.

use crate::db::{Context, Db};
use crate::{on_db, on_tx};
use portico_domain::{CurrentUser, Email, MembershipRole, SupplierId, TenantId, UserId, Workspace};
use uuid::Uuid;

/// What login needs to know about an account.
#[derive(Debug, sqlx::FromRow)]
pub struct LoginRow {
    pub id: Uuid,
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// Finds the account with this e-mail address (stored lower-cased).
pub async fn find_login(db: &Db, email: &Email) -> Result<Option<LoginRow>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE email = $1";
    on_db!(db, pool => sqlx::query_as::<_, LoginRow>(SQL).bind(email.as_str()).fetch_optional(pool).await)
}

#[derive(Debug, sqlx::FromRow)]
struct WorkspaceRow {
    membership_id: Uuid,
    user_id: Uuid,
    email: String,
    display_name: String,
    tenant_id: Uuid,
    tenant_name: String,
    supplier_id: Option<Uuid>,
    supplier_name: Option<String>,
    role: String,
    mfa_missing: bool,
}

impl WorkspaceRow {
    fn into_user(self) -> Option<(Uuid, CurrentUser)> {
        Some((
            self.membership_id,
            CurrentUser {
                id: UserId(self.user_id),
                email: Email::parse(&self.email).ok()?,
                display_name: self.display_name,
                workspace: Workspace {
                    tenant_id: TenantId(self.tenant_id),
                    tenant_name: self.tenant_name,
                    supplier_id: self.supplier_id.map(SupplierId),
                    supplier_name: self.supplier_name,
                    role: MembershipRole::from_code(&self.role)?,
                },
                mfa_enrolment_required: self.mfa_missing,
            },
        ))
    }
}

const WORKSPACE_SELECT: &str = "SELECT m.id AS membership_id, u.id AS user_id, u.email, u.display_name, \
            t.id AS tenant_id, t.name AS tenant_name, s.id AS supplier_id, s.name AS supplier_name, m.role, \
            (u.totp_enabled_at IS NULL AND CASE WHEN m.role IN ('buyer_admin', 'buyer') \
                THEN t.require_mfa_buyers ELSE t.require_mfa_suppliers END) AS mfa_missing \
     FROM memberships m \
     JOIN users u ON u.id = m.user_id \
     JOIN tenants t ON t.id = m.tenant_id \
     LEFT JOIN suppliers s ON s.tenant_id = m.tenant_id AND s.id = m.supplier_id \
     WHERE u.id = $1 AND u.disabled_at IS NULL";

/// Every workspace (membership) of an active user, as `(membership id, user in that workspace)`, oldest first.
pub async fn workspaces(db: &Db, user: UserId) -> Result<Vec<(Uuid, CurrentUser)>, sqlx::Error> {
    workspaces_where(db, user, "", None).await
}

/// Every workspace of an active user whose session record `session` is open, oldest first (empty when the user is
/// disabled or the session ended): what a signed-in request needs to know about its person, in one statement.
pub async fn session_workspaces(
    db: &Db,
    user: UserId,
    session: Uuid,
) -> Result<Vec<(Uuid, CurrentUser)>, sqlx::Error> {
    const OPEN_SESSION: &str = " AND EXISTS (SELECT 1 FROM user_sessions us \
         WHERE us.id = $2 AND us.user_id = u.id AND us.ended_at IS NULL)";
    workspaces_where(db, user, OPEN_SESSION, Some(session)).await
}

/// The user's workspaces under one more condition (binding `$2` to `extra` when given), oldest first.
async fn workspaces_where(
    db: &Db,
    user: UserId,
    condition: &str,
    extra: Option<Uuid>,
) -> Result<Vec<(Uuid, CurrentUser)>, sqlx::Error> {
    let sql = format!("{WORKSPACE_SELECT}{condition} ORDER BY m.created_at, m.id");
    let rows = crate::read_single!(db, &Context::user(user), conn => {
        let mut query = sqlx::query_as::<_, WorkspaceRow>(&sql).bind(user.0);
        if let Some(value) = extra {
            query = query.bind(value);
        }
        query.fetch_all(&mut **conn).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(WorkspaceRow::into_user)
        .collect())
}

/// The user as seen through one membership, if the user is active, still holds it, and the session record is open.
pub async fn session_user(
    db: &Db,
    user: UserId,
    membership: Uuid,
    session: Uuid,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let sql = format!(
        "{WORKSPACE_SELECT} AND m.id = $2 AND EXISTS (SELECT 1 FROM user_sessions us \
             WHERE us.id = $3 AND us.user_id = u.id AND us.ended_at IS NULL)"
    );
    let row = crate::read_single!(db, &Context::user(user), conn => sqlx::query_as::<_, WorkspaceRow>(&sql)
        .bind(user.0)
        .bind(membership)
        .bind(session)
        .fetch_optional(&mut **conn)
        .await)?;
    Ok(row.and_then(WorkspaceRow::into_user).map(|(_, u)| u))
}

/// Replaces a person's password hash.
pub async fn set_password(
    tx: &mut crate::db::Tx,
    user: UserId,
    hash: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0)
        .bind(hash)
        .bind(time::OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await.map(|_| ()))?;
    Ok(())
}

/// A person's stored password hash (for changing the password, which needs the current one).
pub async fn password_hash(db: &Db, user: UserId) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL";
    let row: Option<Option<String>> =
        on_db!(db, pool => sqlx::query_scalar(SQL).bind(user.0).fetch_optional(pool).await)?;
    Ok(row.flatten())
}
