//! EDI trading partners: control numbers, profiles and the interchange log. Tenant data.

use crate::db::{Context, Db, Tx};
use crate::on_tx;
use portico_domain::edi::EdiStandard;
use portico_domain::{TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// The next control number of `kind` (`interchange`, `group`, `set`) for `partner`, taken in the caller's
/// transaction: the number is used if and only if the transaction commits, and never twice.
pub async fn next_control(
    tx: &mut Tx,
    tenant: TenantId,
    partner: &str,
    kind: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str =
        "INSERT INTO edi_control_numbers (tenant_id, partner, kind, last, updated_at) \
         VALUES ($1, $2, $3, 1, $4) \
         ON CONFLICT (tenant_id, partner, kind) DO UPDATE SET last = edi_control_numbers.last + 1, \
            updated_at = excluded.updated_at \
         RETURNING last";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0)
        .bind(partner)
        .bind(kind)
        .bind(OffsetDateTime::now_utc())
        .fetch_one(&mut **conn)
        .await)
}

/// A stored profile with its supplier.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProfileRow {
    pub supplier_id: Uuid,
    pub standard: String,
    pub supplier_qualifier: String,
    pub supplier_code: String,
    pub buyer_qualifier: String,
    pub buyer_code: String,
    pub element_separator: String,
    pub component_separator: String,
    pub segment_terminator: String,
    pub test: bool,
    pub outbound_dir: Option<String>,
    pub enabled: bool,
    pub updated_at: OffsetDateTime,
}

const PROFILE_COLUMNS: &str = "p.supplier_id, p.standard, p.supplier_qualifier, p.supplier_code, \
    p.buyer_qualifier, p.buyer_code, p.element_separator, p.component_separator, p.segment_terminator, p.test, \
    p.outbound_dir, p.enabled, p.updated_at";

/// A supplier of the tenant and its profile, if it has one.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PartnerRow {
    pub id: Uuid,
    pub name: String,
    pub code: String,
}

/// The tenant's suppliers by name, and their profiles.
pub async fn partners(
    db: &Db,
    tenant: TenantId,
) -> Result<(Vec<PartnerRow>, Vec<ProfileRow>), sqlx::Error> {
    const SUPPLIERS: &str =
        "SELECT id, name, code FROM suppliers WHERE tenant_id = $1 ORDER BY name, id LIMIT 1000";
    let profiles =
        format!("SELECT {PROFILE_COLUMNS} FROM edi_profiles p WHERE p.tenant_id = $1 LIMIT 1000");
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let suppliers = on_tx!(&mut tx, conn => sqlx::query_as(SUPPLIERS).bind(tenant.0).fetch_all(&mut **conn).await)?;
    let profiles = on_tx!(&mut tx, conn => sqlx::query_as(&profiles).bind(tenant.0).fetch_all(&mut **conn).await)?;
    tx.commit().await?;
    Ok((suppliers, profiles))
}

/// One supplier's profile.
pub async fn profile(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Uuid,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM edi_profiles p WHERE p.tenant_id = $1 AND p.supplier_id = $2"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(supplier).fetch_optional(&mut **conn).await)
}

/// The enabled profile whose supplier id (`qualifier`, `code`) an interchange names, if any.
pub async fn profile_by_supplier_party(
    tx: &mut Tx,
    tenant: TenantId,
    qualifier: &str,
    code: &str,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM edi_profiles p WHERE p.tenant_id = $1 AND p.supplier_qualifier = $2 \
         AND p.supplier_code = $3 AND p.enabled ORDER BY p.updated_at DESC LIMIT 1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(qualifier).bind(code).fetch_optional(&mut **conn).await)
}

/// A profile to store.
#[derive(Clone, Debug)]
pub struct ProfileValues<'a> {
    pub supplier: Uuid,
    pub profile: &'a portico_domain::edi::EdiProfile,
    pub user: UserId,
}

/// Stores a supplier's profile, replacing the one it had. Returns whether it is new.
pub async fn upsert_profile(
    tx: &mut Tx,
    tenant: TenantId,
    v: &ProfileValues<'_>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "INSERT INTO edi_profiles (tenant_id, supplier_id, standard, version, supplier_qualifier, \
            supplier_code, buyer_qualifier, buyer_code, element_separator, component_separator, segment_terminator, \
            test, outbound_dir, enabled, updated_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
         ON CONFLICT (tenant_id, supplier_id) DO UPDATE SET standard = excluded.standard, \
            version = excluded.version, supplier_qualifier = excluded.supplier_qualifier, \
            supplier_code = excluded.supplier_code, buyer_qualifier = excluded.buyer_qualifier, \
            buyer_code = excluded.buyer_code, element_separator = excluded.element_separator, \
            component_separator = excluded.component_separator, segment_terminator = excluded.segment_terminator, \
            test = excluded.test, outbound_dir = excluded.outbound_dir, enabled = excluded.enabled, \
            updated_by = excluded.updated_by, updated_at = excluded.updated_at \
         RETURNING created_at = updated_at";
    let p = v.profile;
    let now = OffsetDateTime::now_utc();
    let dir = (!p.outbound_dir.is_empty()).then_some(p.outbound_dir.as_str());
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0)
        .bind(v.supplier)
        .bind(p.standard.as_str())
        .bind(p.standard.version())
        .bind(&p.supplier_qualifier)
        .bind(&p.supplier_code)
        .bind(&p.buyer_qualifier)
        .bind(&p.buyer_code)
        .bind(p.element_separator.to_string())
        .bind(p.component_separator.to_string())
        .bind(p.segment_terminator.to_string())
        .bind(p.test)
        .bind(dir)
        .bind(p.enabled)
        .bind(v.user.0)
        .bind(now)
        .fetch_one(&mut **conn)
        .await)
}

/// An interchange to log.
#[derive(Clone, Debug)]
pub struct NewInterchange<'a> {
    pub supplier: Option<Uuid>,
    /// `in` or `out`.
    pub direction: &'a str,
    pub standard: EdiStandard,
    pub control_number: &'a str,
    pub sender: &'a str,
    pub receiver: &'a str,
    pub documents: &'a str,
    pub set_count: i64,
    pub accepted_count: i64,
    pub status: &'a str,
    pub channel: &'a str,
    pub file_name: Option<&'a str>,
    pub error: Option<&'a str>,
    pub body: &'a str,
    pub answer: Option<&'a str>,
    /// Each set's outcome, as JSON.
    pub sets: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
}

/// Logs an interchange in the caller's transaction; returns its id.
pub async fn log_interchange(
    tx: &mut Tx,
    tenant: TenantId,
    i: &NewInterchange<'_>,
) -> Result<Uuid, sqlx::Error> {
    const SQL: &str = "INSERT INTO edi_interchanges (id, tenant_id, supplier_id, direction, standard, \
            control_number, sender, receiver, documents, set_count, accepted_count, status, channel, file_name, \
            error, body, answer, correlation_id, created_at, sets) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";
    let id = Uuid::now_v7();
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(tenant.0)
        .bind(i.supplier)
        .bind(i.direction)
        .bind(i.standard.as_str())
        .bind(i.control_number)
        .bind(i.sender)
        .bind(i.receiver)
        .bind(i.documents)
        .bind(i.set_count)
        .bind(i.accepted_count)
        .bind(i.status)
        .bind(i.channel)
        .bind(i.file_name)
        .bind(i.error)
        .bind(i.body)
        .bind(i.answer)
        .bind(i.correlation_id)
        .bind(OffsetDateTime::now_utc())
        .bind(i.sets)
        .execute(&mut **conn)
        .await
        .map(|_| ()))?;
    Ok(id)
}

/// An interchange of the log, without its text.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InterchangeRow {
    pub id: Uuid,
    pub direction: String,
    pub standard: String,
    pub control_number: String,
    pub sender: String,
    pub receiver: String,
    pub supplier_name: Option<String>,
    pub documents: String,
    pub set_count: i64,
    pub accepted_count: i64,
    pub status: String,
    pub channel: String,
    pub file_name: Option<String>,
    pub error: Option<String>,
    pub created_at: OffsetDateTime,
}

const INTERCHANGE_COLUMNS: &str = "i.id, i.direction, i.standard, i.control_number, i.sender, i.receiver, \
    s.name AS supplier_name, i.documents, i.set_count, i.accepted_count, i.status, i.channel, i.file_name, \
    i.error, i.created_at";

/// The tenant's latest interchanges, newest first.
pub async fn interchanges(
    db: &Db,
    tenant: TenantId,
    limit: i64,
) -> Result<Vec<InterchangeRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {INTERCHANGE_COLUMNS} FROM edi_interchanges i \
         LEFT JOIN suppliers s ON s.tenant_id = i.tenant_id AND s.id = i.supplier_id \
         WHERE i.tenant_id = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT $2"
    );
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows = on_tx!(&mut tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(limit).fetch_all(&mut **conn).await)?;
    tx.commit().await?;
    Ok(rows)
}

/// One interchange with its text, answer and set outcomes.
pub async fn interchange(
    db: &Db,
    tenant: TenantId,
    id: Uuid,
) -> Result<Option<FullRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {INTERCHANGE_COLUMNS}, i.body, i.answer, i.sets FROM edi_interchanges i \
         LEFT JOIN suppliers s ON s.tenant_id = i.tenant_id AND s.id = i.supplier_id \
         WHERE i.tenant_id = $1 AND i.id = $2"
    );
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let row: Option<FullRow> = on_tx!(&mut tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(id).fetch_optional(&mut **conn).await)?;
    tx.commit().await?;
    Ok(row)
}

/// An interchange with its text, answer and set outcomes (JSON).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FullRow {
    #[sqlx(flatten)]
    pub row: InterchangeRow,
    pub body: String,
    pub answer: Option<String>,
    pub sets: Option<String>,
}

/// Whether the tenant has this supplier.
pub async fn supplier_exists(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Uuid,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM suppliers WHERE tenant_id = $1 AND id = $2";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(supplier).fetch_one(&mut **conn).await)?;
    Ok(n > 0)
}
