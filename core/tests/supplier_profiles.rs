//! Supplier profiles on every backend (docs/SUPPLIERS.md "Profile"): a supplier being onboarded saves drafts, is told
//! what a review needs, submits; a buyer administrator returns it with a comment or approves it — which activates the
//! supplier and publishes the whole profile; once active, fields the buyer does not review take effect at once and
//! the others wait for approval, each change that takes effect publishing `supplier.profile_updated.v1` with the
//! changed fields old and new; on PostgreSQL a supplier's context cannot decide its own proposal.

use portico_core::audit::RequestMeta;
use portico_core::db::{Context, TxInner};
use portico_core::services::supplier_profiles::{self, Saved};
use portico_core::services::{mailbox, suppliers};
use portico_core::testing::{accept_mailed_invitation, demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db};
use portico_domain::onboarding::{NewSupplierInput, SupplierStatus};
use portico_domain::profile::{
    AddressInput, ChangeStatus, ContactInput, ProfileDecision, ProfileField, ProfileInput,
};
use portico_domain::{CurrentUser, SupplierId};
use serde_json::Value;

const PORTAL: &str = "http://portal.test";
const DANA_PASSWORD: &str = "amber quartz meadow lantern";

async fn user(db: &Db, email: &str, password: &str) -> CurrentUser {
    sign_in(db, email, password).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

/// The profile exceptions by status and outcome: `(open, accepted, returned, cleared)`.
async fn profile_exceptions(owner: &Db) -> (i64, i64, i64, i64) {
    let n = |sql: &'static str| async move { count(owner, sql).await };
    (
        n("SELECT COUNT(*) FROM exceptions WHERE kind = 'profile_change_to_review' AND status = 'open'").await,
        n("SELECT COUNT(*) FROM exceptions WHERE kind = 'profile_change_to_review' AND outcome = 'accepted'").await,
        n("SELECT COUNT(*) FROM exceptions WHERE kind = 'profile_change_to_review' AND outcome = 'returned'").await,
        n("SELECT COUNT(*) FROM exceptions WHERE kind = 'profile_change_to_review' AND outcome = 'cleared'").await,
    )
}

async fn events(owner: &Db, event_type: &str) -> Vec<Value> {
    let rows: Vec<String> = on_db!(owner, pool => sqlx::query_scalar(
        "SELECT envelope FROM outbox_events WHERE event_type = $1 ORDER BY created_at, id"
    ).bind(event_type).fetch_all(pool).await)
    .unwrap();
    rows.iter()
        .map(|r| serde_json::from_str::<Value>(r).unwrap()["data"].clone())
        .collect()
}

async fn subjects_to(db: &Db, address: &str) -> Vec<String> {
    mailbox::recent(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to_address == address)
        .map(|m| m.subject)
        .collect()
}

fn decision(change: uuid::Uuid, approve: bool, comment: &str) -> ProfileDecision {
    ProfileDecision {
        change,
        approve,
        comment: comment.into(),
    }
}

fn complete(legal_name: &str) -> ProfileInput {
    let address = |line1: &str| AddressInput {
        line1: line1.into(),
        postal_code: "10115".into(),
        city: "Berlin".into(),
        country: "de".into(),
        ..Default::default()
    };
    ProfileInput {
        legal_name: legal_name.into(),
        ordering: address("Invalidenstraße 1"),
        remit_to: address("Postfach 12 34"),
        tax_scheme: "eu_vat".into(),
        tax_id: "DE 136 695 976".into(),
        gs1_prefix: "4012345".into(),
        edi_capability: "edifact".into(),
        language: "de".into(),
        orders: ContactInput {
            name: "Dana Delta".into(),
            email: "orders@delta.example".into(),
            phone: "+49 30 1234567".into(),
        },
        invoicing: ContactInput {
            name: "Ivo Berg".into(),
            email: "ap@delta.example".into(),
            phone: String::new(),
        },
        ..Default::default()
    }
}

/// Adds Delta with Dana as its administrator (signed up) and returns the supplier and Dana.
async fn delta(db: &Db, admin: &CurrentUser) -> (SupplierId, CurrentUser) {
    let meta = RequestMeta::default();
    let id = suppliers::add(
        db,
        &meta,
        admin,
        &NewSupplierInput {
            code: "DLT".into(),
            name: "Delta Labels".into(),
            admin_email: "dana@delta.example".into(),
            language: "en".into(),
        },
        PORTAL,
    )
    .await
    .unwrap()
    .unwrap();
    let dana =
        accept_mailed_invitation(db, "dana@delta.example", "Dana Delta", DANA_PASSWORD).await;
    (id, dana.user)
}

#[tokio::test]
async fn an_onboarding_profile_is_drafted_submitted_returned_and_approved_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let admin = user(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD).await;
        let buyer = user(&t.db, "buyer@northwind.example", seed::DEMO_PASSWORD).await;
        let (id, dana) = delta(&t.db, &admin).await;

        // A first look: nothing approved, the form starts from the name the buyer typed.
        let view = supplier_profiles::own(&t.db, &dana).await.unwrap();
        assert_eq!(view.status, SupplierStatus::Onboarding, "{b}");
        assert!(
            view.may_edit && view.current.is_none() && view.open.is_none(),
            "{b}"
        );
        assert_eq!(view.form.legal_name, "Delta Labels", "{b}");

        // Mistakes store nothing and name their fields.
        let mut wrong = complete("Delta Labels GmbH");
        wrong.tax_id = "DE136695977".into();
        wrong.ordering.country = "XX".into();
        let errors = supplier_profiles::save(&t.db, &meta, &dana, &wrong, true, PORTAL)
            .await
            .unwrap()
            .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("ordering.country", "profile-error-country"),
                ("tax_id", "profile-error-vat-check")
            ],
            "{b}"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM supplier_profile_changes").await,
            0,
            "{b}"
        );

        // A partial profile is kept as a draft; submitting it says what a review needs.
        let partial = ProfileInput {
            legal_name: "Delta Labels GmbH".into(),
            language: "en".into(),
            ..complete("x")
        };
        let partial = ProfileInput {
            remit_to: AddressInput::default(),
            invoicing: ContactInput::default(),
            ..partial
        };
        let saved = supplier_profiles::save(&t.db, &meta, &dana, &partial, true, PORTAL)
            .await
            .unwrap()
            .unwrap();
        match saved {
            Saved::Incomplete(missing) => {
                let fields: Vec<_> = missing.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["remit_to.line1", "invoicing.name"], "{b}");
            }
            other => panic!("{b}: {other:?}"),
        }
        let view = supplier_profiles::own(&t.db, &dana).await.unwrap();
        assert_eq!(view.status, SupplierStatus::Onboarding, "{b}");
        assert_eq!(
            view.open.as_ref().map(|o| o.status),
            Some(ChangeStatus::Draft),
            "{b}"
        );
        assert_eq!(view.form.legal_name, "Delta Labels GmbH", "{b}");
        // The buyer does not see a draft's content.
        let seen = supplier_profiles::of_supplier(&t.db, &admin, id)
            .await
            .unwrap();
        assert!(seen.open.is_none() && !seen.may_decide, "{b}");

        // Submitted: in review, published, the buyer's administrators told; the supplier cannot change it meanwhile.
        let saved = supplier_profiles::save(
            &t.db,
            &meta,
            &dana,
            &complete("Delta Labels GmbH"),
            true,
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(saved, Saved::Submitted, "{b}");
        let view = supplier_profiles::own(&t.db, &dana).await.unwrap();
        assert_eq!(view.status, SupplierStatus::InReview, "{b}");
        assert_eq!(
            profile_exceptions(&t.owner).await,
            (1, 0, 0, 0),
            "{b}: in the buyer's queue"
        );
        assert!(!view.may_edit, "{b}");
        let submitted = events(&t.owner, "org.portico.supplier.profile_submitted.v1").await;
        assert_eq!(submitted.len(), 1, "{b}");
        assert_eq!(
            submitted[0]["profile"]["tax_id"]["value"], "DE136695976",
            "{b}"
        );
        assert_eq!(submitted[0]["submitted_by"], "Dana Delta", "{b}");
        assert!(
            subjects_to(&t.db, "admin@northwind.example")
                .await
                .iter()
                .any(|s| s.contains("Delta Labels") && s.contains("review")),
            "{b}"
        );
        let again =
            supplier_profiles::save(&t.db, &meta, &dana, &complete("Delta"), true, PORTAL).await;
        assert!(
            matches!(again, Err(CoreError::Conflict(_))),
            "{b}: {again:?}"
        );
        // Activating from the list is refused while the profile waits: its review decides.
        let activate = suppliers::activate(&t.db, &meta, &admin, id, PORTAL).await;
        assert!(
            matches!(&activate, Err(CoreError::Conflict(c)) if c == "supplier-in-review"),
            "{b}: {activate:?}"
        );

        // The buyer's review: only administrators decide; returning needs a comment.
        let seen = supplier_profiles::of_supplier(&t.db, &admin, id)
            .await
            .unwrap();
        assert!(seen.may_decide, "{b}");
        let change = seen.open.as_ref().unwrap().id;
        assert!(
            seen.open
                .as_ref()
                .unwrap()
                .changes
                .iter()
                .any(|c| c.field == ProfileField::TaxId),
            "{b}"
        );
        let refused = supplier_profiles::decide(
            &t.db,
            &meta,
            &buyer,
            id,
            &decision(change, false, "no"),
            PORTAL,
        )
        .await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden)),
            "{b}: {refused:?}"
        );
        let errors = supplier_profiles::decide(
            &t.db,
            &meta,
            &admin,
            id,
            &decision(change, false, "  "),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(errors[0].field, "comment", "{b}");
        supplier_profiles::decide(
            &t.db,
            &meta,
            &admin,
            id,
            &decision(
                change,
                false,
                "The remit-to address must be a street address.",
            ),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let view = supplier_profiles::own(&t.db, &dana).await.unwrap();
        assert_eq!(view.status, SupplierStatus::Onboarding, "{b}");
        let returned = view.returned.as_ref().expect("the returned proposal");
        assert_eq!(
            returned.comment.as_deref(),
            Some("The remit-to address must be a street address."),
            "{b}"
        );
        assert_eq!(
            view.form.remit_to.line1, "Postfach 12 34",
            "{b}: the form starts from what was sent"
        );
        let returned_events = events(&t.owner, "org.portico.supplier.profile_returned.v1").await;
        assert_eq!(profile_exceptions(&t.owner).await, (0, 0, 1, 0), "{b}");
        assert_eq!(returned_events.len(), 1, "{b}");
        assert_eq!(returned_events[0]["returned_by"], "Nadia Brooks", "{b}");
        assert!(
            subjects_to(&t.db, "dana@delta.example")
                .await
                .iter()
                .any(|s| s.contains("returned")),
            "{b}"
        );
        let decided_again = supplier_profiles::decide(
            &t.db,
            &meta,
            &admin,
            id,
            &decision(change, true, ""),
            PORTAL,
        )
        .await;
        assert!(
            matches!(decided_again, Err(CoreError::Conflict(_))),
            "{b}: {decided_again:?}"
        );

        // Mended — a draft saved meanwhile keeps the comment in view — and submitted again; approval activates the
        // supplier and publishes the whole profile.
        let mut mended = complete("Delta Labels GmbH");
        mended.remit_to.line1 = "Chausseestraße 9".into();
        let saved = supplier_profiles::save(&t.db, &meta, &dana, &mended, false, PORTAL)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved, Saved::Draft, "{b}");
        let view = supplier_profiles::own(&t.db, &dana).await.unwrap();
        assert_eq!(view.form.remit_to.line1, "Chausseestraße 9", "{b}");
        assert!(
            view.returned
                .as_ref()
                .and_then(|r| r.comment.as_deref())
                .is_some_and(|c| c.contains("street address")),
            "{b}"
        );
        let saved = supplier_profiles::save(&t.db, &meta, &dana, &mended, true, PORTAL)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved, Saved::Submitted, "{b}");
        let change = supplier_profiles::of_supplier(&t.db, &admin, id)
            .await
            .unwrap()
            .open
            .unwrap()
            .id;
        supplier_profiles::decide(
            &t.db,
            &meta,
            &admin,
            id,
            &decision(change, true, ""),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let view = supplier_profiles::own(&t.db, &dana).await.unwrap();
        assert_eq!(view.status, SupplierStatus::Active, "{b}");
        let (profile, version) = view.current.clone().unwrap();
        assert_eq!(
            (profile.legal_name.as_str(), version),
            ("Delta Labels GmbH", 1),
            "{b}"
        );
        assert_eq!(
            events(&t.owner, "org.portico.supplier.activated.v1")
                .await
                .len(),
            1,
            "{b}"
        );
        let updated = events(&t.owner, "org.portico.supplier.profile_updated.v1").await;
        assert_eq!(updated.len(), 1, "{b}");
        assert_eq!(updated[0]["version"], 1, "{b}");
        assert_eq!(profile_exceptions(&t.owner).await, (0, 1, 1, 0), "{b}");
        assert_eq!(updated[0]["approved_by"], "Nadia Brooks", "{b}");
        assert_eq!(updated[0]["proposed_by"], "Dana Delta", "{b}");
        let fields: Vec<&str> = updated[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"remit_to_address") && fields.contains(&"tax_id"),
            "{b}: {fields:?}"
        );
        assert!(
            !fields.contains(&"shipping_contact"),
            "{b}: not given, not published"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'supplier.profile_%'"
            )
            .await,
            8,
            "{b}: saved ×4, submitted ×2, returned, approved"
        );

        // PostgreSQL's second wall: a supplier's context cannot reopen a decided proposal, nor delete the buyer's
        // rules.
        if matches!(t.db, Db::Postgres(_)) {
            let scope = portico_core::Scope::of(&dana.workspace);
            let mut tx = t.db.write(&Context::scope(&scope)).await.unwrap();
            let TxInner::Postgres(conn) = &mut tx.inner else {
                unreachable!()
            };
            let reopened = sqlx::query(
                "UPDATE supplier_profile_changes SET status = 'withdrawn' \
                 WHERE status IN ('approved', 'returned')",
            )
            .execute(&mut **conn)
            .await
            .unwrap()
            .rows_affected();
            assert_eq!(reopened, 0, "{b}: decided proposals stay decided");
            let deleted = sqlx::query("DELETE FROM supplier_profile_rules")
                .execute(&mut **conn)
                .await;
            assert!(deleted.is_err(), "{b}: {deleted:?}");
            drop(tx);
            let decided = count(
                &t.owner,
                "SELECT COUNT(*) FROM supplier_profile_changes WHERE status IN ('approved', 'returned')",
            )
            .await;
            assert_eq!(decided, 2, "{b}");
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_active_supplier_changes_its_profile_under_the_buyers_rules_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let admin = user(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD).await;
        let anna = user(&t.db, "anna@acme.example", seed::DEMO_PASSWORD).await;
        let sam = user(&t.db, "sam@acme.example", seed::DEMO_PASSWORD).await;
        let acme = SupplierId(anna.workspace.supplier_id.unwrap().0);

        // The demo profile is in force; Sam (not an administrator) reads it and cannot change it.
        let view = supplier_profiles::own(&t.db, &sam).await.unwrap();
        assert!(!view.may_edit, "{b}");
        let (before, version) = view.current.clone().unwrap();
        assert_eq!(version, 1, "{b}");
        let refused = supplier_profiles::save(&t.db, &meta, &sam, &view.form, false, PORTAL).await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden)),
            "{b}: {refused:?}"
        );

        // A new phone applies at once; a new legal name waits for the buyer.
        let mut form = supplier_profiles::own(&t.db, &anna).await.unwrap().form;
        form.orders.phone = "+1 312 555 0199".into();
        form.legal_name = "Acme Industrial Supply LLC".into();
        let saved = supplier_profiles::save(&t.db, &meta, &anna, &form, false, PORTAL)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            saved,
            Saved::Changed {
                applied: 1,
                pending: 1
            },
            "{b}"
        );
        let view = supplier_profiles::own(&t.db, &anna).await.unwrap();
        let (now_in_force, version) = view.current.clone().unwrap();
        assert_eq!(version, 2, "{b}");
        assert_eq!(now_in_force.legal_name, before.legal_name, "{b}");
        assert_eq!(
            now_in_force.orders_contact.unwrap().phone.as_deref(),
            Some("+1 312 555 0199"),
            "{b}"
        );
        let pending = view.open.clone().unwrap();
        assert_eq!(pending.status, ChangeStatus::Pending, "{b}");
        assert_eq!(
            pending.changes.iter().map(|c| c.field).collect::<Vec<_>>(),
            [ProfileField::LegalName],
            "{b}"
        );
        assert_eq!(
            view.form.legal_name, "Acme Industrial Supply LLC",
            "{b}: the form shows what waits"
        );
        assert_eq!(profile_exceptions(&t.owner).await, (1, 0, 0, 0), "{b}");
        let updated = events(&t.owner, "org.portico.supplier.profile_updated.v1").await;
        assert_eq!(updated.len(), 1, "{b}");
        assert_eq!(updated[0]["version"], 2, "{b}");
        assert_eq!(updated[0]["changes"][0]["field"], "orders_contact", "{b}");
        assert_eq!(
            updated[0]["changes"][0]["old"]["phone"], "+1 312 555 0142",
            "{b}"
        );
        assert_eq!(
            updated[0]["changes"][0]["new"]["phone"], "+1 312 555 0199",
            "{b}"
        );
        assert!(updated[0]["approved_by"].is_null(), "{b}");
        assert!(
            subjects_to(&t.db, "admin@northwind.example")
                .await
                .iter()
                .any(|s| s.contains("Acme") && s.contains("approval")),
            "{b}"
        );

        // Saving the same again changes nothing and keeps the proposal waiting as it is.
        let saved = supplier_profiles::save(&t.db, &meta, &anna, &view.form, false, PORTAL)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved, Saved::Unchanged, "{b}");
        assert_eq!(
            supplier_profiles::own(&t.db, &anna)
                .await
                .unwrap()
                .open
                .unwrap()
                .id,
            pending.id,
            "{b}"
        );

        // PostgreSQL's second wall: a supplier's context cannot approve its own proposal.
        if matches!(t.db, Db::Postgres(_)) {
            let scope = portico_core::Scope::of(&anna.workspace);
            let mut tx = t.db.write(&Context::scope(&scope)).await.unwrap();
            let TxInner::Postgres(conn) = &mut tx.inner else {
                unreachable!()
            };
            let approved = sqlx::query(
                "UPDATE supplier_profile_changes SET status = 'approved' WHERE status = 'pending'",
            )
            .execute(&mut **conn)
            .await;
            assert!(approved.is_err(), "{b}: {approved:?}");
        }

        // The buyer's rules: once the orders contact needs review too, a new phone waits as well.
        supplier_profiles::save_rules(
            &t.db,
            &meta,
            &admin,
            &[
                "legal_name".into(),
                "tax_id".into(),
                "remit_to_address".into(),
                "orders_contact".into(),
            ],
        )
        .await
        .unwrap()
        .unwrap();
        let rules = supplier_profiles::rules(&t.db, &admin).await.unwrap();
        assert!(rules.contains(&(ProfileField::OrdersContact, true)), "{b}");
        assert!(
            rules.contains(&(ProfileField::RegistrationId, false)),
            "{b}"
        );
        let mut form = supplier_profiles::own(&t.db, &anna).await.unwrap().form;
        form.orders.phone = "+1 312 555 0100".into();
        let saved = supplier_profiles::save(&t.db, &meta, &anna, &form, false, PORTAL)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            saved,
            Saved::Changed {
                applied: 0,
                pending: 2
            },
            "{b}"
        );
        let seen = supplier_profiles::of_supplier(&t.db, &admin, acme)
            .await
            .unwrap();
        let open = seen.open.unwrap();
        assert_eq!(
            open.changes.iter().map(|c| c.field).collect::<Vec<_>>(),
            [ProfileField::LegalName, ProfileField::OrdersContact],
            "{b}: the newer proposal replaced the older"
        );
        assert_eq!(profile_exceptions(&t.owner).await, (1, 0, 0, 1), "{b}");
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM supplier_profile_changes WHERE status = 'withdrawn'"
            )
            .await,
            1,
            "{b}"
        );

        // Approved: both fields take effect and are published with the approver.
        supplier_profiles::decide(
            &t.db,
            &meta,
            &admin,
            acme,
            &decision(open.id, true, ""),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let (profile, version) = supplier_profiles::own(&t.db, &anna)
            .await
            .unwrap()
            .current
            .unwrap();
        assert_eq!(version, 3, "{b}");
        assert_eq!(profile.legal_name, "Acme Industrial Supply LLC", "{b}");
        let updated = events(&t.owner, "org.portico.supplier.profile_updated.v1").await;
        assert_eq!(updated.len(), 2, "{b}");
        assert_eq!(profile_exceptions(&t.owner).await, (0, 1, 0, 1), "{b}");
        assert_eq!(updated[1]["version"], 3, "{b}");
        assert_eq!(updated[1]["approved_by"], "Nadia Brooks", "{b}");
        assert_eq!(updated[1]["changes"].as_array().unwrap().len(), 2, "{b}");
        assert!(
            subjects_to(&t.db, "anna@acme.example")
                .await
                .iter()
                .any(|s| s.contains("approved")),
            "{b}"
        );

        // Another supplier's person sees only its own profile; the buyer's page is not theirs.
        let carl = user(&t.db, "carl@cascade.example", seed::DEMO_PASSWORD).await;
        let own = supplier_profiles::own(&t.db, &carl).await.unwrap();
        assert_ne!(own.supplier_id, acme.0, "{b}");
        let refused = supplier_profiles::of_supplier(&t.db, &carl, acme).await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden)),
            "{b}: {refused:?}"
        );
        t.cleanup().await;
    }
}
