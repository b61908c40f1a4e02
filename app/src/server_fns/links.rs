//! Document links ("magic links"): sending one from a purchase order, opening one, the shared document page, asking
//! for a fresh link, and turning the visit into a full account.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::{AccountOffer, DocumentLinkView, PoDetail};
use serde::{Deserialize, Serialize};

/// The shared document page: the order, for whom it was shared, until when, and the account offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedOrderView {
    pub po: PoDetail,
    pub email: String,
    pub expires_at: time::OffsetDateTime,
    pub offer: AccountOffer,
}

/// The session key of the document grants of this browser (one per opened link).
#[cfg(feature = "ssr")]
pub const GRANTS_KEY: &str = "document_grants";

/// How many opened links one browser session keeps at a time.
#[cfg(feature = "ssr")]
const MAX_GRANTS: usize = 20;

#[cfg(feature = "ssr")]
async fn grants() -> Result<Vec<portico_domain::DocumentGrant>, AppError> {
    let list: Option<Vec<portico_domain::DocumentGrant>> = crate::ssr::session()
        .await?
        .get(GRANTS_KEY)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(list
        .unwrap_or_default()
        .into_iter()
        .filter(portico_core::services::magic_links::valid)
        .collect())
}

#[cfg(feature = "ssr")]
async fn grant_for(id: &str) -> Result<portico_domain::DocumentGrant, AppError> {
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::Unauthenticated)?;
    grants()
        .await?
        .into_iter()
        .find(|g| g.document_id == id)
        .ok_or_else(|| crate::ssr::fail(http::StatusCode::UNAUTHORIZED, AppError::Unauthenticated))
}

/// Sends a link to this purchase order to a supplier contact's e-mail address (buyers).
#[server(prefix = "/api", endpoint = "purchase-order/share")]
pub async fn share_purchase_order(id: String, email: String) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_locale, request_meta, require_user, state};

    let user = require_user().await?;
    let result = async {
        let po = id
            .parse()
            .map_err(|_| AppError::from(portico_core::CoreError::NotFound))?;
        let state = state()?;
        let to = portico_core::services::magic_links::send(
            &state.db,
            &request_meta(),
            &state.public_url,
            &user,
            po,
            &email,
            request_locale(),
        )
        .await?;
        Ok::<_, AppError>(to)
    }
    .await;
    let page = format!("/orders/{}", encode_query_value(id.trim()));
    crate::ssr::redirect_back(&page, &result, |to| {
        format!("notice=link-sent&email={}", encode_query_value(to.as_str()))
    });
    result.map(|_| ())
}

/// What a document link opens, or why it cannot be opened.
#[server(prefix = "/api", endpoint = "link", input = server_fn::codec::GetUrl)]
pub async fn inspect_link(token: String) -> Result<DocumentLinkView, AppError> {
    Ok(portico_core::services::magic_links::inspect(&crate::ssr::state()?.db, &token).await?)
}

/// Opens a document link: the link is spent and this browser may see that one document for a few hours.
#[server(prefix = "/api", endpoint = "link/open")]
pub async fn open_link(token: String) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_meta, session, state};

    let result = portico_core::services::magic_links::open(&state()?.db, &request_meta(), &token)
        .await
        .map_err(AppError::from);
    match result {
        Ok(grant) => {
            let mut list = grants().await?;
            list.retain(|g| g.document_id != grant.document_id);
            list.push(grant.clone());
            if list.len() > MAX_GRANTS {
                list.remove(0);
            }
            let session = session().await?;
            // New access for this browser: a new session id.
            session.cycle_id().await.map_err(|_| AppError::Internal)?;
            session
                .insert(GRANTS_KEY, list)
                .await
                .map_err(|_| AppError::Internal)?;
            leptos_axum::redirect(&format!("/shared/orders/{}", grant.document_id));
            Ok(())
        }
        Err(e) => {
            leptos_axum::redirect(&format!(
                "/link?token={}&error={}",
                encode_query_value(&token),
                encode_query_value(&e.text_id())
            ));
            Err(e)
        }
    }
}

/// Asks for a fresh link in place of a used or expired one; it goes to the address the old one was sent to.
#[server(prefix = "/api", endpoint = "link/renew")]
pub async fn renew_link(token: String) -> Result<(), AppError> {
    use crate::ssr::{request_locale, request_meta, state};

    let state = state()?;
    portico_core::services::magic_links::renew(
        &state.db,
        &request_meta(),
        &state.public_url,
        &token,
        request_locale(),
    )
    .await?;
    leptos_axum::redirect("/link?renewed=1");
    Ok(())
}

/// The document an opened link gives this browser access to.
#[server(prefix = "/api", endpoint = "shared/order", input = server_fn::codec::GetUrl)]
pub async fn shared_order(id: String) -> Result<SharedOrderView, AppError> {
    let grant = grant_for(&id).await?;
    let (po, offer) =
        portico_core::services::magic_links::shared_document(&crate::ssr::state()?.db, &grant)
            .await?;
    Ok(SharedOrderView {
        po,
        email: grant.email,
        expires_at: time::OffsetDateTime::from_unix_timestamp(grant.expires_at)
            .map_err(|_| AppError::Internal)?,
        offer,
    })
}

/// Turns the visit into a full account: an invitation is e-mailed to the link's address (a new person chooses a
/// password; someone with a Portico login confirms theirs and gains this customer).
#[server(prefix = "/api", endpoint = "link/account")]
pub async fn account_from_link(id: String) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_locale, request_meta, state};

    let page = format!("/shared/orders/{}", encode_query_value(id.trim()));
    let result = async {
        let grant = grant_for(&id).await?;
        let state = state()?;
        Ok::<_, AppError>(
            portico_core::services::magic_links::account_invitation(
                &state.db,
                &request_meta(),
                &state.public_url,
                &grant,
                request_locale(),
            )
            .await?,
        )
    }
    .await;
    crate::ssr::redirect_back(&page, &result, |email| {
        format!(
            "notice=offer-sent&email={}",
            encode_query_value(email.as_str())
        )
    });
    result.map(|_| ())
}
