//! Packing a draft ship notice: add a pallet or a carton (on a pallet or alone), each with the next SSCC of the
//! supplier's GS1 numbering taken in the same transaction; move quantities of a line into a package; remove a
//! package (its cartons and contents with it; a removed SSCC is not given again).

use super::ship_notices::{draft, shipper, Checked};
use crate::db::ship_notices as rows;
use crate::db::{Context, Db};
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::documents::{PackageKind, Sscc};
use portico_domain::shipping;
use portico_domain::CurrentUser;
use uuid::Uuid;

/// Adds a package to a draft: a pallet, or a carton on the pallet `parent` (or alone). Returns the new package.
pub async fn add_package(
    db: &Db,
    user: &CurrentUser,
    notice: Uuid,
    kind: PackageKind,
    parent: Option<Uuid>,
) -> Result<Checked<Uuid>, CoreError> {
    let (scope, supplier) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let n = draft(&mut tx, &scope, notice).await?;
    let parent = match (kind, parent) {
        (PackageKind::Pallet, _) | (PackageKind::Carton, None) => None,
        (PackageKind::Carton, Some(p)) => {
            let on_pallet = n
                .packages
                .iter()
                .any(|(s, _)| s.id == p && s.kind == PackageKind::Pallet);
            if !on_pallet {
                return Ok(Err(vec![FieldError::new("parent", "ship-error-parent")]));
            }
            Some(p)
        }
    };
    let Some((prefix, extension, serial)) = rows::take_serial(&mut tx, tenant, supplier).await?
    else {
        return Ok(Err(vec![FieldError::new(
            "company_prefix",
            "ship-error-no-prefix",
        )]));
    };
    let sscc = u8::try_from(extension)
        .ok()
        .zip(u64::try_from(serial).ok())
        .and_then(|(e, s)| Sscc::new(e, &prefix, s).ok());
    let Some(sscc) = sscc else {
        // The prefix leaves no room for more serial numbers.
        return Ok(Err(vec![FieldError::new(
            "company_prefix",
            "ship-error-serials-used",
        )]));
    };
    let id = Uuid::now_v7();
    rows::insert_package(
        &mut tx,
        tenant,
        &rows::NewPackage {
            id,
            notice,
            supplier,
            sscc: sscc.as_str(),
            kind: match kind {
                PackageKind::Pallet => "pallet",
                PackageKind::Carton => "carton",
            },
            parent,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Moves `quantity` of the draft's `line_index`-th line into `package` (adding to what it holds of that line).
pub async fn pack(
    db: &Db,
    user: &CurrentUser,
    notice: Uuid,
    package: Uuid,
    line_index: usize,
    quantity: &str,
) -> Result<Checked<()>, CoreError> {
    let (scope, supplier) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let n = draft(&mut tx, &scope, notice).await?;
    let states = n.states();
    let Some(target) = states.iter().find(|p| p.id == package) else {
        return Err(CoreError::NotFound);
    };
    let Some((line, shipped)) = n.lines.get(line_index) else {
        return Ok(Err(vec![FieldError::new("line", "ship-error-line")]));
    };
    let q = match shipping::check_pack(
        &states,
        package,
        line.order_id,
        line.line_number,
        *shipped,
        quantity,
    ) {
        Ok(q) => q,
        Err(e) => return Ok(Err(vec![e])),
    };
    let held = target
        .items
        .iter()
        .filter(|i| i.0 == line.order_id && i.1 == line.line_number)
        .map(|i| i.2)
        .sum::<rust_decimal::Decimal>();
    rows::set_item(
        &mut tx,
        tenant,
        supplier,
        notice,
        package,
        line.order_id,
        line.line_number,
        held + q,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Removes a package from a draft, with its cartons and contents (which become loose again).
pub async fn remove_package(
    db: &Db,
    user: &CurrentUser,
    notice: Uuid,
    package: Uuid,
) -> Result<(), CoreError> {
    let (scope, _) = shipper(user)?;
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    draft(&mut tx, &scope, notice).await?;
    if !rows::delete_package(&mut tx, scope.tenant_id(), notice, package).await? {
        return Err(CoreError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
