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
        Ok(None) => {
            // A login with two-factor sign-in: the customer is added; signing in asks for the code.
            leptos_axum::redirect("/login?notice=invitation-accepted");
            Ok(())
        }
        Ok(Some(done)) => {
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

/// The form's id field as a UUID (an unknown or malformed id is simply not found).
#[cfg(feature = "ssr")]
fn form_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::from(portico_core::CoreError::NotFound))
}

/// Back to the people page with a notice naming the person, or with the reason the action failed.
#[cfg(feature = "ssr")]
fn back_to_people(result: &Result<String, AppError>, notice: &str) {
    crate::ssr::redirect_back("/people", result, |email| {
        format!(
            "notice={notice}&email={}",
            crate::nav::encode_query_value(email)
        )
    });
}

/// Gives a member another role (on the same side: buyer or supplier).
#[server(prefix = "/api", endpoint = "people/role")]
pub async fn change_member_role(membership: String, role: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_domain::MembershipRole;

    let user = require_user().await?;
    let result = async {
        let id = form_id(&membership)?;
        let role = MembershipRole::from_code(role.trim()).ok_or_else(|| AppError::Invalid {
            field: "role".into(),
            message: "invite-role-not-allowed".into(),
        })?;
        portico_core::services::invitations::change_role(
            &state()?.db,
            &request_meta(),
            &user,
            id,
            role,
        )
        .await?;
        Ok::<_, AppError>(String::new())
    }
    .await;
    back_to_people(&result, "role-changed");
    result.map(|_| ())
}

/// Removes a member from the organisation (or supplier); their sessions here end on their next request.
#[server(prefix = "/api", endpoint = "people/remove")]
pub async fn remove_member(membership: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};

    let user = require_user().await?;
    let result = async {
        let id = form_id(&membership)?;
        Ok::<_, AppError>(
            portico_core::services::invitations::remove_member(
                &state()?.db,
                &request_meta(),
                &user,
                id,
            )
            .await?,
        )
    }
    .await;
    back_to_people(&result, "removed");
    result.map(|_| ())
}

/// Sends a pending invitation again with a fresh link.
#[server(prefix = "/api", endpoint = "people/invitation/resend")]
pub async fn resend_invitation(id: String) -> Result<(), AppError> {
    use crate::ssr::{request_locale, request_meta, require_user, state};

    let user = require_user().await?;
    let result = async {
        let id = form_id(&id)?;
        let state = state()?;
        let email = portico_core::services::invitations::resend(
            &state.db,
            &request_meta(),
            &state.public_url,
            &user,
            id,
            request_locale(),
        )
        .await?;
        Ok::<_, AppError>(email.to_string())
    }
    .await;
    back_to_people(&result, "resent");
    result.map(|_| ())
}

/// Withdraws a pending invitation; its link then says so.
#[server(prefix = "/api", endpoint = "people/invitation/revoke")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};

    let user = require_user().await?;
    let result = async {
        let id = form_id(&id)?;
        let email =
            portico_core::services::invitations::revoke(&state()?.db, &request_meta(), &user, id)
                .await?;
        Ok::<_, AppError>(email.to_string())
    }
    .await;
    back_to_people(&result, "revoked");
    result.map(|_| ())
}
