//! E-mail to the people of one side of an order, queued in the caller's transaction (so a message exists if and
//! only if the change it reports was committed), each in the recipient's language, with a deep link to the
//! document that opens after sign-in. Used by every use case that tells someone about an order.

use crate::db::{self, Tx};
use crate::mail::{self, Template};
use crate::CoreError;
use portico_domain::notifications::Delivery;
use portico_domain::{Email, PurchaseOrderId, SupplierId, TenantId};

/// The order page's address under the configured public URL.
pub fn order_link(public_url: &str, order: PurchaseOrderId) -> String {
    format!("{}/orders/{}", public_url.trim_end_matches('/'), order.0)
}

/// A page's address (`/shipments/…`, `/invoices/…`) under the configured public URL.
pub fn page_link(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim_end_matches('/'))
}

/// Queues `template` to every active person of `supplier` but `except` (the author of what is reported).
pub async fn supplier_people(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    template: &Template,
    link: &str,
    except: Option<&Email>,
) -> Result<usize, CoreError> {
    let people = db::purchase_orders::supplier_contacts(tx, tenant, supplier).await?;
    queue(tx, tenant, people, template, link, except).await
}

/// Queues `template` to every active buyer and buyer administrator of `tenant` but `except`.
pub async fn buyer_people(
    tx: &mut Tx,
    tenant: TenantId,
    template: &Template,
    link: &str,
    except: Option<&Email>,
) -> Result<usize, CoreError> {
    let people = db::purchase_orders::buyer_contacts(tx, tenant).await?;
    queue(tx, tenant, people, template, link, except).await
}

/// Queues the message to each person, or holds it for their daily digest when they chose so for its kind.
/// Returns how many were queued or held. A message about someone's account or money (no notification kind) is
/// always queued at once.
pub(crate) async fn queue(
    tx: &mut Tx,
    tenant: TenantId,
    people: Vec<db::purchase_orders::Contact>,
    template: &Template,
    link: &str,
    except: Option<&Email>,
) -> Result<usize, CoreError> {
    let mut queued = 0;
    let mut organisation: Option<String> = None;
    for (user, email, locale) in people {
        let Ok(email) = Email::parse(&email) else {
            continue;
        };
        if except.is_some_and(|e| e.as_str().eq_ignore_ascii_case(email.as_str())) {
            continue;
        }
        let locale = locale
            .as_deref()
            .and_then(portico_i18n::Locale::from_tag)
            .unwrap_or_default();
        let message = mail::render(locale, &email, template, link);
        let digest = match template.kind() {
            Some(kind) => {
                db::notifications::delivery_of(tx, user, kind.code())
                    .await?
                    .and_then(|d| Delivery::parse(&d))
                    == Some(Delivery::Digest)
            }
            None => false,
        };
        match (digest, template.kind()) {
            (true, Some(kind)) => {
                if organisation.is_none() {
                    organisation = Some(db::purchase_orders::tenant_name(tx, tenant).await?);
                }
                db::notifications::hold(
                    tx,
                    &db::notifications::HeldItem {
                        user,
                        kind: kind.code(),
                        organisation: organisation.as_deref().unwrap_or_default(),
                        line: &message.subject,
                        link,
                    },
                )
                .await?;
            }
            _ => {
                db::mail::enqueue(tx, &message).await?;
            }
        }
        queued += 1;
    }
    Ok(queued)
}
