//! Bank account changes on every backend (docs/SUPPLIERS.md "Bank details"): only a supplier administrator with
//! two-step sign-in may ask, with a right code, and a mistake stores nothing; a request is held (one per supplier)
//! until a buyer administrator — not a buyer, not another organisation — approves or rejects it; each step records
//! its event (the account in full only on approval) and mails every administrator of both sides.

use portico_core::audit::RequestMeta;
use portico_core::auth::totp;
use portico_core::db::{mfa, Context, TxInner};
use portico_core::services::{bank_details, mfa as mfa_service};
use portico_core::testing::{accept_mailed_invitation, demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db};
use portico_domain::supplier_profile::{
    AccountScheme, BankAccountInput, BankChangeForm, BankChangeStatus, BankDecision,
};
use portico_domain::{CurrentUser, SupplierId};
use serde_json::Value;
use uuid::Uuid;

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

async fn envelopes(owner: &Db, event_type: &str) -> Vec<Value> {
    let sql = format!(
        "SELECT envelope FROM outbox_events WHERE event_type = 'org.portico.{event_type}' ORDER BY id"
    );
    let rows: Vec<String> =
        on_db!(owner, pool => sqlx::query_scalar(&sql).fetch_all(pool).await).unwrap();
    rows.iter()
        .map(|r| serde_json::from_str(r).unwrap())
        .collect()
}

fn account(iban: &str, bic: &str) -> BankAccountInput {
    BankAccountInput {
        holder: "Acme Industrial Supply GmbH".into(),
        iban: iban.into(),
        bic: bic.into(),
        bank_name: "Commerzbank".into(),
        ..Default::default()
    }
}

/// Turns two-step sign-in on for `person`; returns the secret and the recovery codes.
async fn enable_two_factor(db: &Db, person: &CurrentUser) -> (String, Vec<String>) {
    enable_two_factor_with(db, person, seed::DEMO_PASSWORD).await
}

/// [`enable_two_factor`] for a person whose password is `password`.
async fn enable_two_factor_with(
    db: &Db,
    person: &CurrentUser,
    password: &str,
) -> (String, Vec<String>) {
    mfa_service::start(db, person).await.unwrap();
    let secret = mfa::totp(db, person.id)
        .await
        .unwrap()
        .unwrap()
        .totp_secret
        .unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let codes = mfa_service::confirm(
        db,
        &RequestMeta::default(),
        person,
        Uuid::nil(),
        &totp::code_at(&secret, now).unwrap(),
        password,
    )
    .await
    .unwrap();
    (secret, codes)
}

fn decision(approve: bool, reason: &str, code: &str) -> BankDecision {
    BankDecision {
        approve,
        reason: reason.into(),
        code: code.into(),
    }
}

fn fields(errors: &[portico_domain::acknowledgement::FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

#[tokio::test]
async fn bank_changes_need_a_second_factor_and_a_buyer_administrators_approval_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let sam = user(&t.db, "sam@acme.example").await;
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let contoso = user(&t.db, "buyer@contoso.example").await;
        let acme = demo.northwind_supplier;
        let good = BankChangeForm {
            account: account("DE89 3704 0044 0532 0130 00", "COBADEFFXXX"),
            code: "123456".into(),
        };

        // Only supplier administrators ask, and only with two-step sign-in on.
        let err = bank_details::request_change(&t.db, &meta, &sam, &good, PORTAL).await;
        assert!(matches!(err, Err(CoreError::Forbidden)), "{b}: {err:?}");
        let err = bank_details::request_change(&t.db, &meta, &buyer, &good, PORTAL).await;
        assert!(matches!(err, Err(CoreError::Forbidden)), "{b}: {err:?}");
        let refused = bank_details::request_change(&t.db, &meta, &anna, &good, PORTAL)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&refused),
            [("code", "bank-error-two-factor-off")],
            "{b}"
        );

        let (secret, recovery) = enable_two_factor(&t.db, &anna).await;
        let view = bank_details::own(&t.db, &anna).await.unwrap();
        assert!(view.may_request && view.two_factor_on, "{b}");
        assert!(view.current.is_none() && view.pending.is_none(), "{b}");

        // The form is checked before the code; then a wrong code. Nothing is stored by either.
        let bad = BankChangeForm {
            account: account("DE89 3704 0044 0532 0130 01", "NEDSZAJJXXX"),
            code: recovery[0].clone(),
        };
        let errors = bank_details::request_change(&t.db, &meta, &anna, &bad, PORTAL)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("iban", "profile-error-iban-check")],
            "{b}"
        );
        let wrong = bank_details::request_change(&t.db, &meta, &anna, &good, PORTAL)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(fields(&wrong), [("code", "bank-error-code-wrong")], "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM supplier_bank_changes").await,
            0,
            "{b}"
        );

        // A right code (a recovery code here): the request is held, with its event and mail to both sides.
        let first = BankChangeForm {
            code: recovery[0].clone(),
            ..good.clone()
        };
        let first_id = bank_details::request_change(&t.db, &meta, &anna, &first, PORTAL)
            .await
            .unwrap()
            .unwrap();
        let requested = envelopes(&t.owner, "supplier.bank_details_change_requested.v2").await;
        assert_eq!(requested.len(), 1, "{b}");
        let data = &requested[0]["data"];
        assert_eq!(data["request"]["status"], "pending", "{b}");
        assert_eq!(
            data["account"]["account_number"],
            Value::Null,
            "{b}: masked in a request"
        );
        assert_eq!(
            data["account"]["account_masked"], "DE89 •••• •••• •••• ••30 00",
            "{b}"
        );
        assert_eq!(data["previous_account"], Value::Null, "{b}");
        assert!(
            !requested[0].to_string().contains("DE89370400440532013000"),
            "{b}: the full IBAN is nowhere in a request's event"
        );
        let mails = count(
            &t.owner,
            "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Bank account change requested%'",
        )
        .await;
        assert_eq!(mails, 2, "{b}: Acme's administrator and Northwind's");

        // The buyer's side: any buyer reads it masked; the administrator sees the new account in full to check it.
        let seen = bank_details::of_supplier(&t.db, &buyer, acme)
            .await
            .unwrap();
        let pending = seen.pending.as_ref().unwrap();
        assert_eq!(pending.status, BankChangeStatus::Pending, "{b}");
        assert!(
            pending.account.number_full.is_none() && !seen.may_decide,
            "{b}"
        );
        let seen = bank_details::of_supplier(&t.db, &admin, acme)
            .await
            .unwrap();
        assert_eq!(
            seen.pending
                .as_ref()
                .unwrap()
                .account
                .number_full
                .as_deref(),
            Some("DE89 3704 0044 0532 0130 00"),
            "{b}"
        );
        assert!(seen.may_decide, "{b}");
        assert_eq!(
            bank_details::pending(&t.db, &admin).await.unwrap().len(),
            1,
            "{b}"
        );
        let err = bank_details::of_supplier(&t.db, &contoso, acme).await;
        assert!(
            matches!(err, Err(CoreError::NotFound)),
            "{b}: another organisation: {err:?}"
        );
        let err = bank_details::of_supplier(&t.db, &anna, acme).await;
        assert!(matches!(err, Err(CoreError::Forbidden)), "{b}: {err:?}");

        // A second request (the next step's code from the app) withdraws the first: one pending per supplier.
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let second = BankChangeForm {
            account: account("GB82 WEST 1234 5698 7654 32", "NWBKGB2L"),
            code: totp::code_at(&secret, now + 30).unwrap(),
        };
        let second_id = bank_details::request_change(&t.db, &meta, &anna, &second, PORTAL)
            .await
            .unwrap()
            .unwrap();
        let view = bank_details::own(&t.db, &anna).await.unwrap();
        assert_eq!(view.pending.as_ref().unwrap().id, second_id, "{b}");
        assert_eq!(view.history[0].id, first_id, "{b}");
        assert_eq!(view.history[0].status, BankChangeStatus::Withdrawn, "{b}");
        let withdrawn = envelopes(&t.owner, "supplier.bank_details_change_withdrawn.v2").await;
        assert_eq!(withdrawn.len(), 1, "{b}");
        assert_eq!(
            withdrawn[0]["data"]["request"]["id"],
            first_id.to_string(),
            "{b}"
        );
        assert_eq!(
            withdrawn[0]["data"]["request"]["status"], "withdrawn",
            "{b}"
        );
        assert!(
            withdrawn[0]["data"]["account"]["account_number"].is_null(),
            "{b}"
        );

        // Buyers do not decide; a rejection needs a reason.
        let err = bank_details::decide(
            &t.db,
            &meta,
            &buyer,
            second_id,
            &decision(true, "", ""),
            PORTAL,
        )
        .await;
        assert!(matches!(err, Err(CoreError::Forbidden)), "{b}: {err:?}");
        let errors = bank_details::decide(
            &t.db,
            &meta,
            &admin,
            second_id,
            &decision(false, " ", ""),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("reason", "bank-error-reason-missing")],
            "{b}"
        );
        bank_details::decide(
            &t.db,
            &meta,
            &admin,
            second_id,
            &decision(false, "Not confirmed by telephone.", ""),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let rejected = envelopes(&t.owner, "supplier.bank_details_change_rejected.v2").await;
        assert_eq!(rejected.len(), 1, "{b}");
        assert_eq!(
            rejected[0]["data"]["request"]["reason"], "Not confirmed by telephone.",
            "{b}"
        );
        assert!(
            bank_details::own(&t.db, &anna)
                .await
                .unwrap()
                .current
                .is_none(),
            "{b}"
        );

        // A third request, approved: the account is in force, the event carries it in full, both sides are told.
        let third = BankChangeForm {
            code: recovery[1].clone(),
            ..good.clone()
        };
        let third_id = bank_details::request_change(&t.db, &meta, &anna, &third, PORTAL)
            .await
            .unwrap()
            .unwrap();
        // Approving needs the approver's own second factor: refused without two-step sign-in, then with a wrong
        // code; the request stays pending.
        let errors = bank_details::decide(
            &t.db,
            &meta,
            &admin,
            third_id,
            &decision(true, "", "123456"),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("code", "bank-error-approver-two-factor-off")],
            "{b}"
        );
        let view = bank_details::of_supplier(&t.db, &admin, acme)
            .await
            .unwrap();
        assert!(view.may_decide && !view.two_factor_on, "{b}");
        let (_, admin_recovery) = enable_two_factor(&t.db, &admin).await;
        for (code, rule) in [
            ("", "bank-error-code-missing"),
            ("000000", "bank-error-code-wrong"),
        ] {
            let errors = bank_details::decide(
                &t.db,
                &meta,
                &admin,
                third_id,
                &decision(true, "", code),
                PORTAL,
            )
            .await
            .unwrap()
            .unwrap_err();
            assert_eq!(fields(&errors), [("code", rule)], "{b}");
        }
        let view = bank_details::of_supplier(&t.db, &admin, acme)
            .await
            .unwrap();
        assert!(view.two_factor_on, "{b}");
        assert_eq!(view.pending.as_ref().map(|p| p.id), Some(third_id), "{b}");
        bank_details::decide(
            &t.db,
            &meta,
            &admin,
            third_id,
            &decision(true, "", &admin_recovery[0]),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let approved = envelopes(&t.owner, "supplier.bank_details_change_approved.v2").await;
        assert_eq!(approved.len(), 1, "{b}");
        assert_eq!(
            approved[0]["data"]["account"]["account_number"], "DE89370400440532013000",
            "{b}"
        );
        assert_eq!(
            approved[0]["data"]["request"]["decided_by"], "Nadia Brooks",
            "{b}"
        );
        let view = bank_details::own(&t.db, &anna).await.unwrap();
        let (current, _) = view.current.unwrap();
        assert_eq!(current.number_masked, "DE89 •••• •••• •••• ••30 00", "{b}");
        assert!(current.number_full.is_none(), "{b}");
        assert!(view.pending.is_none(), "{b}");
        let mails = count(
            &t.owner,
            "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'New bank account of%approved'",
        )
        .await;
        assert_eq!(mails, 2, "{b}");

        // Decided once: deciding again is a conflict; an unknown request is not found.
        let again = bank_details::decide(
            &t.db,
            &meta,
            &admin,
            third_id,
            &decision(false, "x", ""),
            PORTAL,
        )
        .await;
        assert!(
            matches!(again, Err(CoreError::Conflict(_))),
            "{b}: {again:?}"
        );
        let unknown = bank_details::decide(
            &t.db,
            &meta,
            &admin,
            Uuid::now_v7(),
            &decision(true, "", &admin_recovery[1]),
            PORTAL,
        )
        .await;
        assert!(
            matches!(unknown, Err(CoreError::NotFound)),
            "{b}: {unknown:?}"
        );
        let other = bank_details::of_supplier(&t.db, &admin, SupplierId(Uuid::now_v7())).await;
        assert!(matches!(other, Err(CoreError::NotFound)), "{b}: {other:?}");

        // Two requests at once: the later withdraws the earlier, on either backend (none collides with the other).
        let fourth = BankChangeForm {
            code: recovery[2].clone(),
            ..second.clone()
        };
        let fifth = BankChangeForm {
            code: recovery[3].clone(),
            ..second.clone()
        };
        let (x, y) = tokio::join!(
            bank_details::request_change(&t.db, &meta, &anna, &fourth, PORTAL),
            bank_details::request_change(&t.db, &meta, &anna, &fifth, PORTAL),
        );
        assert!(x.unwrap().is_ok() && y.unwrap().is_ok(), "{b}");
        let pending = count(
            &t.owner,
            "SELECT COUNT(*) FROM supplier_bank_changes WHERE status = 'pending'",
        )
        .await;
        assert_eq!(pending, 1, "{b}");

        // PostgreSQL's second wall: even a statement run in a supplier's context cannot change the account in force.
        if matches!(t.db, Db::Postgres(_)) {
            let scope = portico_core::Scope::of(&anna.workspace);
            let mut tx = t.db.write(&Context::scope(&scope)).await.unwrap();
            let TxInner::Postgres(conn) = &mut tx.inner else {
                unreachable!()
            };
            let redirected = sqlx::query(
                "UPDATE supplier_bank_accounts SET account_number = 'GB82WEST12345698765432'",
            )
            .execute(&mut **conn)
            .await;
            assert!(redirected.is_err(), "{b}: {redirected:?}");
            drop(tx);
            let mut tx = t.db.write(&Context::scope(&scope)).await.unwrap();
            let TxInner::Postgres(conn) = &mut tx.inner else {
                unreachable!()
            };
            let self_approved = sqlx::query("UPDATE supplier_bank_changes SET status = 'approved'")
                .execute(&mut **conn)
                .await;
            assert!(self_approved.is_err(), "{b}: {self_approved:?}");
        }

        let audited = count(
            &t.owner,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'supplier.bank_change_%'",
        )
        .await;
        assert_eq!(
            audited, 7,
            "{b}: five requests, a rejection and an approval"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn whoever_invited_the_requester_does_not_approve_the_request_on_every_backend() {
    use portico_core::services::invitations::{self, Invite};
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let admin = user(&t.db, "admin@northwind.example").await;
        let anna = user(&t.db, "anna@acme.example").await;
        let acme = anna.workspace.supplier_id.unwrap();

        // Nadia invites an address as Acme's administrator; whoever holds it signs up and asks for a new account.
        invitations::invite(
            &t.db,
            &meta,
            PORTAL,
            &admin,
            Invite {
                email: "eve@acme.example",
                role: portico_domain::MembershipRole::SupplierAdmin,
                supplier: Some(acme),
                locale: portico_i18n::Locale::En,
            },
        )
        .await
        .unwrap();
        let password = "violet harbour copper signal";
        let eve = accept_mailed_invitation(&t.db, "eve@acme.example", "Eve", password)
            .await
            .user;
        let (eve_secret, _) = enable_two_factor_with(&t.db, &eve, password).await;
        let (nadia_secret, nadia_recovery) = enable_two_factor(&t.db, &admin).await;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let form = BankChangeForm {
            account: account("DE89 3704 0044 0532 0130 00", "COBADEFFXXX"),
            code: totp::code_at(&eve_secret, now + 30).unwrap(),
        };
        let request = bank_details::request_change(&t.db, &meta, &eve, &form, PORTAL)
            .await
            .unwrap()
            .unwrap();

        let open_bank = "SELECT COUNT(*) FROM exceptions WHERE kind = 'bank_change_to_review' AND status = 'open'";
        assert_eq!(
            count(&t.owner, open_bank).await,
            1,
            "{b}: in the buyer's queue"
        );
        // It is decided on the bank page, not resolved by hand in the queue.
        let exception: Uuid = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT id FROM exceptions WHERE kind = 'bank_change_to_review' AND status = 'open'")
            .fetch_one(pool).await)
        .unwrap();
        let by_hand = portico_core::services::exceptions::resolve(
            &t.db,
            &meta,
            &admin,
            exception,
            "cleared",
            "done by hand",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&by_hand),
            [("outcome", "exception-error-decide-change")],
            "{b}"
        );
        assert_eq!(count(&t.owner, open_bank).await, 1, "{b}");
        // Nadia brought Eve in: her approval is refused by field, with a right code, and nothing changes.
        let refused = bank_details::decide(
            &t.db,
            &meta,
            &admin,
            request,
            &decision(true, "", &totp::code_at(&nadia_secret, now + 30).unwrap()),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&refused),
            [("code", "bank-error-approver-invited-requester")],
            "{b}"
        );
        assert_eq!(
            bank_details::own(&t.db, &anna)
                .await
                .unwrap()
                .pending
                .map(|p| p.id),
            Some(request),
            "{b}: still pending"
        );
        // She can still reject it.
        bank_details::decide(
            &t.db,
            &meta,
            &admin,
            request,
            &decision(false, "Not confirmed by telephone.", ""),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        assert!(
            bank_details::own(&t.db, &anna)
                .await
                .unwrap()
                .pending
                .is_none(),
            "{b}"
        );

        assert_eq!(count(&t.owner, open_bank).await, 0, "{b}");
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM exceptions WHERE kind = 'bank_change_to_review' AND outcome = 'returned'"
            )
            .await,
            1,
            "{b}"
        );

        // Through a colleague: Eve invites Mal, Mal asks; Nadia, who brought Eve in, is refused again.
        invitations::invite(
            &t.db,
            &meta,
            PORTAL,
            &eve,
            Invite {
                email: "mal@acme.example",
                role: portico_domain::MembershipRole::SupplierAdmin,
                supplier: Some(acme),
                locale: portico_i18n::Locale::En,
            },
        )
        .await
        .unwrap();
        let mal = accept_mailed_invitation(&t.db, "mal@acme.example", "Mal", password)
            .await
            .user;
        let (mal_secret, _) = enable_two_factor_with(&t.db, &mal, password).await;
        let form = BankChangeForm {
            account: account("DE89 3704 0044 0532 0130 00", "COBADEFFXXX"),
            code: totp::code_at(&mal_secret, now + 30).unwrap(),
        };
        let request = bank_details::request_change(&t.db, &meta, &mal, &form, PORTAL)
            .await
            .unwrap()
            .unwrap();
        let refused = bank_details::decide(
            &t.db,
            &meta,
            &admin,
            request,
            &decision(true, "", &nadia_recovery[0]),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&refused),
            [("code", "bank-error-approver-invited-requester")],
            "{b}"
        );
        t.cleanup().await;
    }
}

/// How many deliveries of events of `event_type` wait for endpoint `endpoint`.
async fn deliveries(owner: &Db, event_type: &str, endpoint: Uuid) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM event_deliveries d JOIN outbox_events o ON o.id = d.event_id \
         WHERE o.event_type = 'org.portico.{event_type}' AND d.endpoint_id = $1"
    );
    on_db!(owner, pool => sqlx::query_scalar(&sql).bind(endpoint).fetch_one(pool).await).unwrap()
}

#[tokio::test]
async fn us_and_canadian_accounts_travel_as_v2_with_v1_beside_for_iban_accounts_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let admin = user(&t.db, "admin@northwind.example").await;
        let acme = demo.northwind_supplier;
        let (_, recovery) = enable_two_factor(&t.db, &anna).await;
        let (_, admin_recovery) = enable_two_factor(&t.db, &admin).await;

        // One ERP takes every current type; an older one still names two v1 types.
        let current = portico_core::services::webhooks::add_endpoint(
            &t.db,
            &meta,
            &admin,
            "http://127.0.0.1:9/all",
            "*",
            "current",
            true,
        )
        .await
        .unwrap()
        .id;
        let legacy = portico_core::services::webhooks::add_endpoint(
            &t.db,
            &meta,
            &admin,
            "http://127.0.0.1:9/legacy",
            "org.portico.supplier.bank_details_change_requested.v1 \
             org.portico.supplier.bank_details_change_approved.v1",
            "legacy",
            true,
        )
        .await
        .unwrap()
        .id;

        // An IBAN account: v2 for everyone on `*`, v1 beside it for the endpoint that names v1 (and for it only).
        let iban = BankChangeForm {
            account: account("DE89 3704 0044 0532 0130 00", "COBADEFFXXX"),
            code: recovery[0].clone(),
        };
        let first = bank_details::request_change(&t.db, &meta, &anna, &iban, PORTAL)
            .await
            .unwrap()
            .unwrap();
        bank_details::decide(
            &t.db,
            &meta,
            &admin,
            first,
            &decision(true, "", &admin_recovery[0]),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let v2 = envelopes(&t.owner, "supplier.bank_details_change_requested.v2").await;
        let v1 = envelopes(&t.owner, "supplier.bank_details_change_requested.v1").await;
        assert_eq!((v2.len(), v1.len()), (1, 1), "{b}");
        assert_eq!(v1[0]["causationid"], v2[0]["id"], "{b}: one fact");
        assert_eq!(
            v1[0]["data"]["account"]["iban_masked"], v2[0]["data"]["account"]["account_masked"],
            "{b}"
        );
        assert_eq!(v2[0]["data"]["account"]["scheme"], "iban", "{b}");
        let approved_v1 = envelopes(&t.owner, "supplier.bank_details_change_approved.v1").await;
        assert_eq!(approved_v1.len(), 1, "{b}");
        assert_eq!(
            approved_v1[0]["data"]["account"]["iban"], "DE89370400440532013000",
            "{b}"
        );
        for (event_type, to_current, to_legacy) in [
            ("supplier.bank_details_change_requested.v2", 1, 0),
            ("supplier.bank_details_change_requested.v1", 0, 1),
            ("supplier.bank_details_change_approved.v1", 0, 1),
        ] {
            assert_eq!(
                (
                    deliveries(&t.owner, event_type, current).await,
                    deliveries(&t.owner, event_type, legacy).await
                ),
                (to_current, to_legacy),
                "{b}: {event_type}"
            );
        }
        // A replay keeps to the same rule: the v1 twin goes again only to the endpoint that names it. A v1 event
        // recorded before v2 existed (no causation) reaches `*` endpoints too, as it did then.
        let replay = |id: Uuid| {
            let (db, meta, admin) = (&t.db, &meta, &admin);
            async move {
                portico_core::services::webhooks::replay(
                    db,
                    meta,
                    admin,
                    portico_core::services::webhooks::Replay::Event(id),
                    None,
                )
                .await
                .unwrap()
                .deliveries
            }
        };
        let twin: Uuid = v1[0]["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            replay(twin).await,
            1,
            "{b}: the twin to the legacy endpoint only"
        );
        let tenant = anna.workspace.tenant_id;
        let mut tx = t.db.write(&Context::tenant(tenant)).await.unwrap();
        let old = portico_core::events::record(
            &mut tx,
            &portico_core::events::NewEvent {
                tenant,
                event_type: portico_core::events::EventType::SupplierBankDetailsChangeRequested,
                subject: "suppliers/old".into(),
                document: Uuid::now_v7(),
                correlation_id: None,
                causation_id: None,
                data: v1[0]["data"].clone(),
                supplier: Some(acme),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            replay(old.id).await,
            2,
            "{b}: an event from before v2 to both"
        );

        // Nobody names the v1 rejection: it is never recorded.
        assert_eq!(count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type LIKE '%.v1' AND event_type LIKE '%bank%' AND event_type NOT LIKE '%requested%' AND event_type NOT LIKE '%approved%'").await, 0, "{b}");

        // A US account: the routing number's check digit is checked, the BIC may be left out.
        let mut us = BankChangeForm {
            account: BankAccountInput {
                holder: "Acme Industrial Supply Inc.".into(),
                scheme: "us_aba".into(),
                routing: "021000022".into(),
                account_number: "0004 5678 9012".into(),
                bank_name: "JPMorgan Chase".into(),
                ..Default::default()
            },
            code: recovery[1].clone(),
        };
        let errors = bank_details::request_change(&t.db, &meta, &anna, &us, PORTAL)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("routing", "profile-error-aba-check")],
            "{b}"
        );
        us.account.routing = "021000021".into();
        let second = bank_details::request_change(&t.db, &meta, &anna, &us, PORTAL)
            .await
            .unwrap()
            .unwrap();
        let seen = bank_details::of_supplier(&t.db, &admin, acme)
            .await
            .unwrap();
        let pending = seen.pending.unwrap().account;
        assert_eq!(
            (
                pending.scheme,
                pending.routing.as_deref(),
                pending.number_full.as_deref(),
                pending.bic
            ),
            (
                AccountScheme::UsAba,
                Some("021000021"),
                Some("000456789012"),
                None
            ),
            "{b}: the approver reads the account in full"
        );
        let v2 = envelopes(&t.owner, "supplier.bank_details_change_requested.v2").await;
        assert_eq!(v2.len(), 2, "{b}");
        let data = &v2[1]["data"];
        assert_eq!(
            (
                &data["account"]["scheme"],
                &data["account"]["country"],
                &data["account"]["account_masked"]
            ),
            (
                &Value::from("us_aba"),
                &Value::from("US"),
                &Value::from("••••••••9012")
            ),
            "{b}"
        );
        assert!(
            data["account"]["account_number"].is_null(),
            "{b}: masked in a request"
        );
        assert_eq!(data["previous_account"]["scheme"], "iban", "{b}");
        assert_eq!(
            envelopes(&t.owner, "supplier.bank_details_change_requested.v1")
                .await
                .len(),
            2, // the IBAN request's twin and the old one planted for the replay
            "{b}: v1 cannot tell a US account"
        );
        bank_details::decide(
            &t.db,
            &meta,
            &admin,
            second,
            &decision(true, "", &admin_recovery[1]),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap();
        let approved = envelopes(&t.owner, "supplier.bank_details_change_approved.v2").await;
        let account = &approved[1]["data"]["account"];
        assert_eq!(
            (
                &account["account_number"],
                &account["routing_code"],
                &account["bic"]
            ),
            (
                &Value::from("000456789012"),
                &Value::from("021000021"),
                &Value::Null
            ),
            "{b}: in full for the vendor master"
        );
        assert_eq!(
            envelopes(&t.owner, "supplier.bank_details_change_approved.v1")
                .await
                .len(),
            1,
            "{b}"
        );
        let (on_file, _) = bank_details::own(&t.db, &anna)
            .await
            .unwrap()
            .current
            .unwrap();
        assert_eq!(
            (
                on_file.number_masked.as_str(),
                on_file.routing.as_deref(),
                on_file.number_full
            ),
            ("••••••••9012", Some("021000021"), None),
            "{b}: the supplier reads its own account masked"
        );

        // A Canadian account typed as on a cheque; stored in the electronic form, shown as typed.
        let ca = BankChangeForm {
            account: BankAccountInput {
                scheme: "ca_eft".into(),
                routing: "00012-003".into(),
                account_number: "1234567".into(),
                bank_name: "Royal Bank of Canada".into(),
                bic: "ROYCCAT2".into(),
                ..us.account.clone()
            },
            code: recovery[2].clone(),
        };
        bank_details::request_change(&t.db, &meta, &anna, &ca, PORTAL)
            .await
            .unwrap()
            .unwrap();
        let pending = bank_details::own(&t.db, &anna)
            .await
            .unwrap()
            .pending
            .unwrap()
            .account;
        assert_eq!(
            (
                pending.scheme,
                pending.routing.as_deref(),
                pending.bic.as_deref()
            ),
            (AccountScheme::CaEft, Some("00012-003"), Some("ROYCCAT2")),
            "{b}"
        );
        let stored = count(
            &t.owner,
            "SELECT COUNT(*) FROM supplier_bank_changes WHERE scheme = 'ca_eft' AND routing_code = '000300012'",
        )
        .await;
        assert_eq!(stored, 1, "{b}");
        t.cleanup().await;
    }
}
