//! EDI control numbers per trading partner. Tenant data.

use crate::db::Tx;
use crate::on_tx;
use portico_domain::TenantId;
use time::OffsetDateTime;

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
