//! Supplier profiles (docs/SUPPLIERS.md "Profile"): the supplier's page with its form (save a draft, submit for
//! review, or save changes once active), the buyer's page of one supplier with the decision, and the buyer's approval
//! rules per field. Plain forms; a form with mistakes comes back as typed.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::profile::{ProfileField, ProfileInput, ProfileView};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The session key of a profile form sent back with mistakes.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "profile_draft";

/// The form as last sent and its mistakes (or, after a submission that needs more, what a review needs).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileDraft {
    pub input: ProfileInput,
    pub errors: Vec<FieldError>,
    /// The draft was saved; the mistakes say what a review still needs.
    pub saved: bool,
    /// The buyer's comment field as typed, when returning needs one.
    pub comment: String,
}

/// A profile page: the view and the form last sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfilePageData {
    pub view: ProfileView,
    pub draft: Option<ProfileDraft>,
}

/// The supplier's own profile (`/company/profile`).
#[server(prefix = "/api", endpoint = "company/profile", input = server_fn::codec::GetUrl)]
pub async fn own_profile_page(draft: Option<String>) -> Result<ProfilePageData, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let view = portico_core::services::supplier_profiles::own(&state()?.db, &user).await?;
    Ok(ProfilePageData {
        view,
        draft: crate::ssr::kept_draft(DRAFT_KEY, draft).await?,
    })
}

/// Saves the profile form; `submit` (the "Submit for review" button) sends an onboarding draft to the buyer.
#[server(prefix = "/api", endpoint = "company/profile/save")]
pub async fn save_profile(profile: ProfileInput, submit: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::supplier_profiles::{self, Saved};
    use portico_core::CoreError;
    let user = require_user().await?;
    let state = state()?;
    let answer = supplier_profiles::save(
        &state.db,
        &request_meta(),
        &user,
        &profile,
        submit.is_some(),
        &state.public_url,
    )
    .await;
    let target = match answer {
        Ok(Ok(Saved::Draft)) => "/company/profile?notice=profile-saved-draft".to_owned(),
        Ok(Ok(Saved::Submitted)) => "/company/profile?notice=profile-submitted".to_owned(),
        Ok(Ok(Saved::Changed { .. })) => "/company/profile?notice=profile-saved".to_owned(),
        Ok(Ok(Saved::Unchanged)) => "/company/profile?notice=profile-unchanged".to_owned(),
        Ok(Ok(Saved::Incomplete(errors))) => {
            let nonce = crate::ssr::keep_draft(
                DRAFT_KEY,
                &ProfileDraft {
                    input: profile,
                    errors,
                    saved: true,
                    comment: String::new(),
                },
            )
            .await?;
            format!("/company/profile?draft={nonce}#profile-errors")
        }
        Ok(Err(errors)) => {
            let nonce = crate::ssr::keep_draft(
                DRAFT_KEY,
                &ProfileDraft {
                    input: profile,
                    errors,
                    saved: false,
                    comment: String::new(),
                },
            )
            .await?;
            format!("/company/profile?draft={nonce}#profile-errors")
        }
        // Saved by someone else since the form was read: the form comes back as typed, with the notice.
        Err(CoreError::Conflict(code)) if code == "profile-changed" => {
            let nonce = crate::ssr::keep_draft(
                DRAFT_KEY,
                &ProfileDraft {
                    input: profile,
                    errors: Vec::new(),
                    saved: false,
                    comment: String::new(),
                },
            )
            .await?;
            format!("/company/profile?draft={nonce}&notice=profile-changed#profile-notice")
        }
        Err(CoreError::Conflict(_)) => "/company/profile?notice=profile-in-review".to_owned(),
        Err(e) => return Err(e.into()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// One supplier's profile as the buyer sees it (`/suppliers/:id/profile`).
#[server(prefix = "/api", endpoint = "suppliers/profile", input = server_fn::codec::GetUrl)]
pub async fn supplier_profile_page(
    id: String,
    draft: Option<String>,
) -> Result<ProfilePageData, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let supplier = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let view = portico_core::services::supplier_profiles::of_supplier(
        &state()?.db,
        &user,
        portico_domain::SupplierId(supplier),
    )
    .await?;
    Ok(ProfilePageData {
        view,
        draft: crate::ssr::kept_draft(DRAFT_KEY, draft).await?,
    })
}

/// A buyer administrator's decision on the pending proposal (`decision`: `approve` or `return`).
#[server(prefix = "/api", endpoint = "suppliers/profile/decide")]
pub async fn decide_profile(
    supplier: String,
    change: String,
    decision: String,
    comment: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::CoreError;
    let user = require_user().await?;
    let state = state()?;
    let supplier_id = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    let change = uuid::Uuid::parse_str(change.trim()).map_err(|_| AppError::NotFound)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "return" => false,
        _ => {
            return Err(AppError::Invalid {
                field: "decision".into(),
                message: "profile-error-choice".into(),
            })
        }
    };
    let comment = comment.unwrap_or_default();
    let page = format!("/suppliers/{supplier_id}/profile");
    let target = match portico_core::services::supplier_profiles::decide(
        &state.db,
        &request_meta(),
        &user,
        portico_domain::SupplierId(supplier_id),
        &portico_domain::profile::ProfileDecision {
            change,
            approve,
            comment: comment.clone(),
        },
        &state.public_url,
    )
    .await
    {
        Ok(Ok(())) if approve => format!("{page}?notice=profile-approved"),
        Ok(Ok(())) => format!("{page}?notice=profile-returned"),
        Ok(Err(errors)) => {
            let nonce = crate::ssr::keep_draft(
                DRAFT_KEY,
                &ProfileDraft {
                    errors,
                    comment,
                    ..Default::default()
                },
            )
            .await?;
            format!("{page}?draft={nonce}#profile-decision")
        }
        Err(CoreError::Conflict(_)) => format!("{page}?notice=profile-change-decided"),
        Err(e) => return Err(e.into()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The buyer's approval rules (`/suppliers/profile-rules`): each field with whether it waits for approval, and
/// whether the viewer may change them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RulesData {
    pub rules: Vec<(ProfileField, bool)>,
    pub may_edit: bool,
}

#[server(prefix = "/api", endpoint = "suppliers/profile-rules", input = server_fn::codec::GetUrl)]
pub async fn profile_rules_page() -> Result<RulesData, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let rules = portico_core::services::supplier_profiles::rules(&state()?.db, &user).await?;
    Ok(RulesData {
        rules,
        may_edit: user.workspace.role == portico_domain::MembershipRole::BuyerAdmin,
    })
}

/// Saves the rules: `review[field]` present for each field that waits for approval.
#[server(prefix = "/api", endpoint = "suppliers/profile-rules/save")]
pub async fn save_profile_rules(review: Option<BTreeMap<String, String>>) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let state = state()?;
    let fields: Vec<String> = review.unwrap_or_default().into_keys().collect();
    let target = match portico_core::services::supplier_profiles::save_rules(
        &state.db,
        &request_meta(),
        &user,
        &fields,
    )
    .await?
    {
        Ok(()) => "/suppliers/profile-rules?notice=profile-rules-saved",
        Err(_) => {
            return Err(AppError::Invalid {
                field: "review".into(),
                message: "profile-error-choice".into(),
            })
        }
    };
    leptos_axum::redirect(target);
    Ok(())
}
