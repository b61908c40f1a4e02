//! The people of a tenant (or of one supplier of it) and their pending invitations. Scoped like every tenant query.

use crate::db::tokens::Purpose;
use crate::db::{Context, Db};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::{MembershipRole, SupplierId, SupplierOption, TenantId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A membership with its person.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub supplier_id: Option<Uuid>,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub supplier_name: Option<String>,
    pub disabled: bool,
    pub two_factor: bool,
}

const MEMBER_SELECT: &str =
    "SELECT m.id, m.user_id, m.supplier_id, u.email, u.display_name, m.role, \
            s.name AS supplier_name, u.disabled_at IS NOT NULL AS disabled, \
            u.totp_enabled_at IS NOT NULL AS two_factor \
     FROM memberships m JOIN users u ON u.id = m.user_id \
     LEFT JOIN suppliers s ON s.tenant_id = m.tenant_id AND s.id = m.supplier_id \
     WHERE m.tenant_id = $1";

/// The members visible in `scope` (a supplier scope: that supplier's people only), by name.
pub async fn members(db: &Db, scope: &Scope) -> Result<Vec<MemberRow>, sqlx::Error> {
    let mut sql = String::from(MEMBER_SELECT);
    if scope.supplier_id().is_some() {
        sql.push_str(" AND m.supplier_id = $2");
    }
    sql.push_str(" ORDER BY s.name NULLS FIRST, u.display_name, u.email LIMIT 500");
    let mut tx = db.read(&Context::scope(scope)).await?;
    let rows = on_tx!(&mut tx, conn => {
        let mut q = sqlx::query_as::<_, MemberRow>(&sql).bind(scope.tenant_id().0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })?;
    tx.commit().await?;
    Ok(rows)
}

/// An invitation not yet accepted.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PendingRow {
    pub id: Uuid,
    pub email: String,
    pub role: Option<String>,
    pub supplier_name: Option<String>,
    pub expires_at: OffsetDateTime,
}

/// Unused invitations of `scope` (expired ones included; the caller filters by time), newest first.
pub async fn pending_invitations(db: &Db, scope: &Scope) -> Result<Vec<PendingRow>, sqlx::Error> {
    let mut sql = format!(
        "SELECT t.id, t.email, t.role, s.name AS supplier_name, t.expires_at FROM auth_tokens t \
         LEFT JOIN suppliers s ON s.tenant_id = t.tenant_id AND s.id = t.supplier_id \
         WHERE t.tenant_id = $1 AND t.purpose = '{}' AND t.used_at IS NULL AND t.revoked_at IS NULL",
        Purpose::Invitation.code()
    );
    if scope.supplier_id().is_some() {
        sql.push_str(" AND t.supplier_id = $2");
    }
    sql.push_str(" ORDER BY t.created_at DESC LIMIT 200");
    let mut tx = db.read(&Context::scope(scope)).await?;
    let rows = on_tx!(&mut tx, conn => {
        let mut q = sqlx::query_as::<_, PendingRow>(&sql).bind(scope.tenant_id().0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })?;
    tx.commit().await?;
    Ok(rows)
}

/// The suppliers of `scope`'s tenant (only its own for a supplier scope), by name.
pub async fn suppliers(db: &Db, scope: &Scope) -> Result<Vec<SupplierOption>, sqlx::Error> {
    let mut sql = String::from("SELECT id, name FROM suppliers WHERE tenant_id = $1");
    if scope.supplier_id().is_some() {
        sql.push_str(" AND id = $2");
    }
    sql.push_str(" ORDER BY name LIMIT 1000");
    let mut tx = db.read(&Context::scope(scope)).await?;
    let rows: Vec<(Uuid, String)> = on_tx!(&mut tx, conn => {
        let mut q = sqlx::query_as(&sql).bind(scope.tenant_id().0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| SupplierOption { id, name })
        .collect())
}

/// Whether the person with this e-mail already holds `role`'s kind of membership here: in the tenant (buyer roles)
/// or at that supplier (supplier roles).
pub async fn is_member(
    db: &Db,
    scope: &Scope,
    email: &str,
    supplier: Option<SupplierId>,
    role: MembershipRole,
) -> Result<bool, sqlx::Error> {
    let sql = if role.is_buyer_side() {
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.tenant_id = $1 AND u.email = $2 AND m.supplier_id IS NULL"
    } else {
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.tenant_id = $1 AND u.email = $2 AND m.supplier_id = $3"
    };
    let mut tx = db.read(&Context::scope(scope)).await?;
    let n: i64 = on_tx!(&mut tx, conn => {
        let mut q = sqlx::query_scalar(sql).bind(scope.tenant_id().0).bind(email);
        if !role.is_buyer_side() {
            q = q.bind(supplier.map(|s| s.0));
        }
        q.fetch_one(&mut **conn).await
    })?;
    tx.commit().await?;
    Ok(n > 0)
}

/// The names shown on an invitation: the tenant's, the supplier's (if any) and the inviter's.
pub async fn invitation_names(
    tx: &mut crate::db::Tx,
    tenant: Uuid,
    supplier: Option<Uuid>,
    inviter: Option<Uuid>,
) -> Result<(String, Option<String>, String), sqlx::Error> {
    const SQL: &str = "SELECT t.name, \
            (SELECT s.name FROM suppliers s WHERE s.tenant_id = t.id AND s.id = $2), \
            COALESCE((SELECT u.display_name FROM users u WHERE u.id = $3), '') \
         FROM tenants t WHERE t.id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant)
        .bind(supplier)
        .bind(inviter)
        .fetch_one(&mut **conn)
        .await)
}

/// One membership visible in `scope` (a supplier scope: that supplier's people only), inside a transaction that has
/// entered the scope's context.
pub async fn member(
    tx: &mut crate::db::Tx,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<MemberRow>, sqlx::Error> {
    let mut sql = format!("{MEMBER_SELECT} AND m.id = $2");
    if scope.supplier_id().is_some() {
        sql.push_str(" AND m.supplier_id = $3");
    }
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, MemberRow>(&sql).bind(scope.tenant_id().0).bind(id);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}

/// Gives a membership of the tenant another role.
pub async fn set_role(
    tx: &mut crate::db::Tx,
    tenant: portico_domain::TenantId,
    id: Uuid,
    role: MembershipRole,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE memberships SET role = $3 WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(id).bind(role.code()).execute(&mut **conn).await
        .map(|_| ()))
}

/// Removes a membership of the tenant (the person keeps their login and other customers).
pub async fn remove(
    tx: &mut crate::db::Tx,
    tenant: portico_domain::TenantId,
    id: Uuid,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM memberships WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(id).execute(&mut **conn).await.map(|_| ()))
}

/// The person's buyer-side role in the tenant, if they hold one (inside a transaction in the tenant's context).
pub async fn buyer_role(
    tx: &mut crate::db::Tx,
    tenant: portico_domain::TenantId,
    user: Uuid,
) -> Result<Option<MembershipRole>, sqlx::Error> {
    const SQL: &str = "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.tenant_id = $1 AND m.user_id = $2 AND m.supplier_id IS NULL AND u.disabled_at IS NULL";
    let role: Option<String> = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0)
        .bind(user)
        .fetch_optional(&mut **conn)
        .await)?;
    Ok(role.as_deref().and_then(MembershipRole::from_code))
}

/// Ids, e-mail addresses and languages of the active administrators of a supplier (`Some`) or of the buyer's side
/// of the tenant (`None`): who is told about bank account and profile changes, activation and expiring documents.
pub async fn administrators(
    tx: &mut crate::db::Tx,
    tenant: TenantId,
    supplier: Option<SupplierId>,
) -> Result<Vec<crate::db::purchase_orders::Contact>, sqlx::Error> {
    let sql = match supplier {
        Some(_) => {
            "SELECT u.id, u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.tenant_id = $1 AND m.supplier_id = $2 AND m.role = 'supplier_admin' \
               AND u.disabled_at IS NULL ORDER BY u.email LIMIT 50"
        }
        None => {
            "SELECT u.id, u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.tenant_id = $1 AND m.supplier_id IS NULL AND m.role = 'buyer_admin' \
               AND u.disabled_at IS NULL ORDER BY u.email LIMIT 50"
        }
    };
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as(sql).bind(tenant.0);
        if let Some(s) = supplier {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// Who sent the invitation through which `person` joined `supplier`, if they joined by one (the four-eyes rule of
/// bank approvals walks this chain).
pub async fn inviter(
    tx: &mut crate::db::Tx,
    tenant: TenantId,
    supplier: SupplierId,
    person: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    let sql = format!(
        "SELECT t.created_by FROM auth_tokens t JOIN users u ON u.email = t.email \
         WHERE t.tenant_id = $1 AND t.supplier_id = $2 AND t.purpose = '{}' AND u.id = $3 \
           AND t.used_at IS NOT NULL AND t.created_by IS NOT NULL \
         ORDER BY t.used_at DESC LIMIT 1",
        Purpose::Invitation.code()
    );
    on_tx!(tx, conn => sqlx::query_scalar::<_, Uuid>(&sql)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(person)
        .fetch_optional(&mut **conn)
        .await)
}
