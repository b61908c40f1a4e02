//! The people page (members and invitations) and accepting an invitation.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::{InvitationView, PeopleView};

/// Members, pending invitations and what the signed-in administrator may invite.
#[server(prefix = "/api", endpoint = "people", input = server_fn::codec::GetUrl)]
pub async fn people_page() -> Result<PeopleView, AppError> {
    let user = crate::ssr::require_user().await?;
    Ok(portico_core::services::invitations::people(&crate::ssr::state()?.db, &user).await?)
}

/// Invites someone by e-mail into a role (and, for supplier roles, a supplier).
#[server(prefix = "/api", endpoint = "people/invite")]
pub async fn invite_person(
    email: String,
    role: String,
    supplier: Option<String>,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{is_plain_form_post, request_locale, request_meta, require_user, state};
    use portico_core::services::invitations::{invite, Invite};
    use portico_domain::{MembershipRole, SupplierId};

    let user = require_user().await?;
    let state = state()?;
    let role = MembershipRole::from_code(role.trim()).ok_or_else(|| AppError::Invalid {
        field: "role".into(),
        message: "invite-role-not-allowed".into(),
    })?;
    let supplier = supplier
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| uuid::Uuid::parse_str(s).map(SupplierId))
        .transpose()
        .map_err(|_| AppError::Invalid {
            field: "supplier".into(),
            message: "invite-supplier-missing".into(),
        })?;
    let request = Invite {
        email: &email,
        role,
        supplier,
        locale: request_locale(),
    };
    let result = invite(
        &state.db,
        &request_meta(),
        &state.public_url,
        &user,
        request,
    )
    .await
    .map_err(AppError::from);
    match &result {
        Ok(()) => leptos_axum::redirect(&format!(
            "/people?invited={}",
            encode_query_value(email.trim())
        )),
        Err(e) if is_plain_form_post() => leptos_axum::redirect(&format!(
            "/people?error={}",
            encode_query_value(&e.text_id())
        )),
        Err(_) => {}
    }
    result
}

/// What an invitation link offers, or why it cannot be used.
#[server(prefix = "/api", endpoint = "invitation", input = server_fn::codec::GetUrl)]
pub async fn inspect_invitation(token: String) -> Result<InvitationView, AppError> {
    let state = crate::ssr::state()?;
    Ok(portico_core::services::invitations::inspect(&state.db, &token).await?)
}

/// Accepts an invitation (a new person: name and password twice; an existing login: its password), signs the person
/// in to the new workspace and opens its order list.
#[server(prefix = "/api", endpoint = "invitation/accept")]
pub async fn accept_invitation(
    token: String,
    display_name: Option<String>,
    password: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{is_plain_form_post, request_meta, session, state, SessionAuth, AUTH_KEY};

    let state = state()?;
    let result = portico_core::services::invitations::accept(
        &state.db,
        &request_meta(),
        &token,
        display_name.as_deref().unwrap_or_default(),
        &password,
        confirm.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(AppError::from);
    match result {
        Ok(done) => {
            let session = session().await?;
            session.cycle_id().await.map_err(|_| AppError::Internal)?;
            session
                .insert(
                    AUTH_KEY,
                    SessionAuth::new(done.user.id, done.membership_id, done.session_id),
                )
                .await
                .map_err(|_| AppError::Internal)?;
            leptos_axum::redirect("/orders");
            Ok(())
        }
        Err(e) => {
            if is_plain_form_post() {
                leptos_axum::redirect(&format!(
                    "/invitation?token={}&error={}",
                    encode_query_value(&token),
                    encode_query_value(&e.text_id())
                ));
            }
            Err(e)
        }
    }
}
