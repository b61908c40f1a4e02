//! Two-factor sign-in, document links and people administration, on every configured backend (SQLite always;
//! PostgreSQL when `PORTICO_TEST_POSTGRES_URL` is set).

use portico_core::audit::RequestMeta;
use portico_core::auth::totp;
use portico_core::seed::{self, DEMO_PASSWORD};
use portico_core::services::login::{self, Credentials, LoginStep};
use portico_core::services::{invitations, magic_links, mfa, purchase_orders, session};
use portico_core::testing::{sign_in, TestDb};
use portico_core::{CoreError, Scope};
use portico_domain::{
    AccountOffer, InboxFilter, MembershipRole, MfaPolicy, PurchaseOrderId, TokenProblem,
};
use portico_i18n::Locale;

const URL: &str = "http://portal.test";

fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("192.0.2.7".into()),
        ..RequestMeta::default()
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The token in the newest queued message to `to` whose link contains `path`.
async fn mailed_token(db: &portico_core::Db, to: &str, path: &str) -> String {
    let mails = portico_core::services::mailbox::recent(db).await.unwrap();
    let mail = mails
        .iter()
        .find(|m| m.to_address == to && m.text_body.as_deref().unwrap_or("").contains(path))
        .unwrap_or_else(|| panic!("no mail to {to} with {path}"));
    let text = mail.text_body.clone().unwrap();
    let start = text.find("token=").unwrap() + "token=".len();
    text[start..start + 43].to_owned()
}

#[tokio::test]
async fn two_factor_sign_in_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        println!("two-factor on {}", t.label);
        two_factor(&t).await;
        t.cleanup().await;
    }
}

async fn two_factor(t: &TestDb) {
    let db = &t.db;
    let b = t.label;
    seed::seed_demo(db).await.unwrap();
    let sam = sign_in(db, "sam@acme.example", DEMO_PASSWORD)
        .await
        .unwrap();

    // Set-up: a pending secret with a QR code; a wrong code does not switch it on.
    mfa::start(db, &sam.user).await.unwrap();
    let status = mfa::status(db, &sam.user).await.unwrap();
    assert!(status.enabled_at.is_none(), "{b}");
    let pending = status.pending.expect("pending set-up");
    assert!(
        pending
            .qr_data_url
            .starts_with("data:image/svg+xml;base64,"),
        "{b}"
    );
    assert!(pending.uri.starts_with("otpauth://totp/Portico:"), "{b}");
    let secret = pending.secret_grouped.replace(' ', "");
    let other_sam = sign_in(db, "sam@acme.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let no_pw = mfa::confirm(db, &meta(), &sam.user, sam.session_id, "000000", "not it").await;
    assert!(
        matches!(no_pw, Err(CoreError::Validation { ref field, .. }) if field == "current_password"),
        "{b}: the password is needed to switch it on"
    );
    let wrong = mfa::confirm(
        db,
        &meta(),
        &sam.user,
        sam.session_id,
        "000000",
        DEMO_PASSWORD,
    )
    .await;
    assert!(
        matches!(wrong, Err(CoreError::Validation { ref message, .. }) if message == "mfa-code-wrong"),
        "{b}"
    );
    let code = totp::code_at(&secret, now()).unwrap();
    let codes = mfa::confirm(db, &meta(), &sam.user, sam.session_id, &code, DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(codes.len(), totp::RECOVERY_CODES, "{b}");
    // Switching it on ends the account's other sessions (whoever had only the password), not this one.
    assert!(
        matches!(
            session::current_user(
                db,
                other_sam.user.id,
                other_sam.membership_id,
                other_sam.session_id
            )
            .await,
            Err(CoreError::Unauthenticated)
        ),
        "{b}"
    );
    session::current_user(db, sam.user.id, sam.membership_id, sam.session_id)
        .await
        .expect("this session stays");
    let status = mfa::status(db, &sam.user).await.unwrap();
    assert!(
        status.enabled_at.is_some() && status.pending.is_none(),
        "{b}"
    );
    assert_eq!(status.recovery_codes_left, 10, "{b}");

    // Sign-in now stops after the password and asks for the second factor.
    let creds = Credentials {
        email: "sam@acme.example",
        password: DEMO_PASSWORD,
        device: None,
    };
    let LoginStep::SecondFactor(pending) = login::login(db, &meta(), creds).await.unwrap() else {
        panic!("{b}: password alone signed in");
    };
    // The code that confirmed the set-up was accepted once already: replaying it fails.
    assert!(
        login::second_factor(db, &meta(), &pending, &code, None)
            .await
            .is_err(),
        "{b}: replay"
    );
    assert!(
        login::second_factor(db, &meta(), &pending, "123456", None)
            .await
            .is_err(),
        "{b}"
    );
    // A code of the next step (as a phone slightly ahead would show) signs in, once.
    let next = totp::code_at(&secret, now() + 30).unwrap();
    let done = login::second_factor(db, &meta(), &pending, &next, None)
        .await
        .unwrap();
    assert_eq!(done.user.email.as_str(), "sam@acme.example", "{b}");
    assert!(
        login::second_factor(db, &meta(), &pending, &next, None)
            .await
            .is_err(),
        "{b}: replay"
    );

    // A recovery code works once.
    let LoginStep::SecondFactor(pending) = login::login(db, &meta(), creds).await.unwrap() else {
        panic!("{b}");
    };
    let spaced = codes[3].to_uppercase().replace('-', " ");
    login::second_factor(db, &meta(), &pending, &spaced, None)
        .await
        .unwrap();
    assert!(
        login::second_factor(db, &meta(), &pending, &codes[3], None)
            .await
            .is_err(),
        "{b}"
    );
    assert_eq!(
        mfa::status(db, &sam.user)
            .await
            .unwrap()
            .recovery_codes_left,
        9,
        "{b}"
    );

    // Wrong codes are limited per person: at the limit even a right code is refused for the hour.
    let mut refused_at = None;
    for attempt in 1..=12 {
        match login::second_factor(db, &meta(), &pending, "999999", None).await {
            Err(CoreError::RateLimited) => {
                refused_at = Some(attempt);
                break;
            }
            Err(_) => {}
            Ok(_) => panic!("{b}: wrong code accepted"),
        }
    }
    // One wrong answer (the spent recovery code) came before, so the limit of 10 is reached sooner.
    assert!(refused_at.is_some_and(|n| n <= 11), "{b}: {refused_at:?}");
    let right = totp::code_at(&secret, now() + 60).unwrap();
    assert!(
        matches!(
            login::second_factor(db, &meta(), &pending, &right, None).await,
            Err(CoreError::RateLimited)
        ),
        "{b}"
    );

    // The organisation can require two-factor sign-in: someone without it must set it up first.
    let admin = sign_in(db, "admin@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let berta = sign_in(db, "berta@bolt.example", DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(!berta.user.mfa_enrolment_required, "{b}");
    let policy = MfaPolicy {
        buyers: false,
        suppliers: true,
    };
    assert!(
        matches!(
            mfa::set_policy(db, &meta(), &berta.user, policy).await,
            Err(CoreError::Forbidden)
        ),
        "{b}"
    );
    mfa::set_policy(db, &meta(), &admin.user, policy)
        .await
        .unwrap();
    let berta_now = session::current_user(db, berta.user.id, berta.membership_id, berta.session_id)
        .await
        .unwrap();
    assert!(berta_now.mfa_enrolment_required, "{b}: supplier must enrol");
    let admin_now = session::current_user(db, admin.user.id, admin.membership_id, admin.session_id)
        .await
        .unwrap();
    assert!(
        !admin_now.mfa_enrolment_required,
        "{b}: buyers not required"
    );
    // Sam has it on: not asked to enrol, and cannot switch it off while it is required.
    let sam_now = session::current_user(db, sam.user.id, sam.membership_id, sam.session_id)
        .await
        .unwrap();
    assert!(!sam_now.mfa_enrolment_required, "{b}");
    let off = mfa::disable(db, &meta(), &sam_now, DEMO_PASSWORD).await;
    assert!(
        matches!(off, Err(CoreError::Validation { ref message, .. }) if message == "mfa-required-cannot-disable"),
        "{b}"
    );
    mfa::set_policy(db, &meta(), &admin.user, MfaPolicy::default())
        .await
        .unwrap();
    let wrong_pw = mfa::disable(db, &meta(), &sam_now, "not the password").await;
    assert!(
        matches!(wrong_pw, Err(CoreError::Validation { ref field, .. }) if field == "current_password"),
        "{b}"
    );
    mfa::disable(db, &meta(), &sam_now, DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(
        sign_in(db, "sam@acme.example", DEMO_PASSWORD).await.is_ok(),
        "{b}: password alone again"
    );
}

#[tokio::test]
async fn document_links_open_one_order_only_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        println!("document links on {}", t.label);
        document_links(&t).await;
        t.cleanup().await;
    }
}

async fn document_links(t: &TestDb) {
    let db = &t.db;
    let b = t.label;
    seed::seed_demo(db).await.unwrap();
    let buyer = sign_in(db, "buyer@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let anna = sign_in(db, "anna@acme.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let acme_orders = purchase_orders::list(
        db,
        &Scope::of(&anna.user.workspace),
        &InboxFilter::default(),
    )
    .await
    .unwrap()
    .items;
    let po = acme_orders[0].id;
    let other = acme_orders[1].id;

    // Only buyers send links; the address is checked.
    let refused = magic_links::send(
        db,
        &meta(),
        URL,
        &anna.user,
        po,
        "x@acme.example",
        Locale::En,
    )
    .await;
    assert!(matches!(refused, Err(CoreError::Forbidden)), "{b}");
    let bad = magic_links::send(
        db,
        &meta(),
        URL,
        &buyer.user,
        po,
        "not an address",
        Locale::En,
    )
    .await;
    assert!(matches!(bad, Err(CoreError::Validation { .. })), "{b}");
    magic_links::send(
        db,
        &meta(),
        URL,
        &buyer.user,
        po,
        "orders@acme.example",
        Locale::En,
    )
    .await
    .unwrap();
    let token = mailed_token(db, "orders@acme.example", "/link?token=").await;

    // Inspecting does not spend it; opening does, once.
    let view = magic_links::inspect(db, &token).await.unwrap();
    assert_eq!(view.email, "orders@acme.example", "{b}");
    magic_links::inspect(db, &token).await.unwrap();
    let grant = magic_links::open(db, &meta(), &token).await.unwrap();
    assert_eq!(grant.document_id, po.0, "{b}");
    assert!(
        matches!(
            magic_links::open(db, &meta(), &token).await,
            Err(CoreError::Token(TokenProblem::Used))
        ),
        "{b}"
    );

    // The grant shows that order and nothing else: not another order of the same supplier, not a list.
    let (order, _) = magic_links::shared_document(db, &grant).await.unwrap();
    assert_eq!(order.id, po, "{b}");
    let scope = Scope::document(grant.tenant_id, grant.supplier_id, grant.document_id);
    assert!(
        matches!(
            purchase_orders::get(db, &scope, other).await,
            Err(CoreError::NotFound)
        ),
        "{b}"
    );
    let listed = purchase_orders::list(db, &scope, &InboxFilter::default())
        .await
        .unwrap();
    assert_eq!(
        listed.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![po],
        "{b}"
    );
    assert!(
        matches!(
            purchase_orders::get(db, &scope, PurchaseOrderId(uuid::Uuid::now_v7())).await,
            Err(CoreError::NotFound)
        ),
        "{b}"
    );

    // A used link can be exchanged for a fresh one, sent to the same address.
    let before = portico_core::services::mailbox::recent(db)
        .await
        .unwrap()
        .len();
    magic_links::renew(db, &meta(), URL, &token, Locale::De)
        .await
        .unwrap();
    let after = portico_core::services::mailbox::recent(db).await.unwrap();
    assert_eq!(after.len(), before + 1, "{b}");
    assert_eq!(after[0].to_address, "orders@acme.example", "{b}");
    let fresh = mailed_token(db, "orders@acme.example", "/link?token=").await;
    assert_ne!(fresh, token, "{b}");
    // An unused link is not renewed (nothing to replace), nor is garbage.
    magic_links::renew(db, &meta(), URL, &fresh, Locale::En)
        .await
        .unwrap();
    magic_links::renew(db, &meta(), URL, "garbage", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        portico_core::services::mailbox::recent(db)
            .await
            .unwrap()
            .len(),
        before + 1,
        "{b}"
    );

    // A plain buyer's link offers no account: only administrators bring people in.
    let (_, offer) = magic_links::shared_document(db, &grant).await.unwrap();
    assert_eq!(offer, AccountOffer::AskContact, "{b}");
    assert!(
        matches!(
            magic_links::account_invitation(db, &meta(), URL, &grant, Locale::En).await,
            Err(CoreError::Forbidden)
        ),
        "{b}"
    );

    // An administrator's link does: the invitation goes by e-mail to the link's address (so a forwarded link cannot
    // be turned into someone else's account), once; accepting it signs the contact in as a supplier user who sees
    // all of the supplier's orders.
    let admin = sign_in(db, "admin@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    magic_links::send(
        db,
        &meta(),
        URL,
        &admin.user,
        po,
        "orders@acme.example",
        Locale::En,
    )
    .await
    .unwrap();
    let admin_link = mailed_token(db, "orders@acme.example", "/link?token=").await;
    let grant = magic_links::open(db, &meta(), &admin_link).await.unwrap();
    let (_, offer) = magic_links::shared_document(db, &grant).await.unwrap();
    assert_eq!(offer, AccountOffer::Create, "{b}");
    let to = magic_links::account_invitation(db, &meta(), URL, &grant, Locale::En)
        .await
        .unwrap();
    assert_eq!(to.as_str(), "orders@acme.example", "{b}");
    let invitation = mailed_token(db, "orders@acme.example", "/invitation?token=").await;
    let mails = portico_core::services::mailbox::recent(db)
        .await
        .unwrap()
        .len();
    magic_links::account_invitation(db, &meta(), URL, &grant, Locale::En)
        .await
        .unwrap();
    assert_eq!(
        portico_core::services::mailbox::recent(db)
            .await
            .unwrap()
            .len(),
        mails,
        "{b}: one open invitation is enough"
    );
    let offered = invitations::inspect(db, &invitation).await.unwrap();
    assert_eq!(offered.role, MembershipRole::SupplierUser, "{b}");
    assert_eq!(
        offered.supplier_name.as_deref(),
        Some("Acme Industrial Supply"),
        "{b}"
    );
    let pw = "orange tractor wanders quietly";
    let joined = invitations::accept(db, &meta(), &invitation, "Olga Orders", pw, pw)
        .await
        .unwrap()
        .expect("signed in");
    let all = purchase_orders::list(
        db,
        &Scope::of(&joined.user.workspace),
        &InboxFilter::default(),
    )
    .await
    .unwrap();
    assert_eq!(all.items.len(), acme_orders.len(), "{b}");
    let (_, offer) = magic_links::shared_document(db, &grant).await.unwrap();
    assert_eq!(offer, AccountOffer::SignIn, "{b}");
}

#[tokio::test]
async fn administrators_manage_members_and_invitations_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        println!("people administration on {}", t.label);
        administration(&t).await;
        t.cleanup().await;
    }
}

async fn administration(t: &TestDb) {
    let db = &t.db;
    let b = t.label;
    seed::seed_demo(db).await.unwrap();
    let anna = sign_in(db, "anna@acme.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let sam = sign_in(db, "sam@acme.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let admin = sign_in(db, "admin@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();

    // Anna (supplier admin) sees her colleagues only and can promote Sam; not herself, not a buyer.
    let people = invitations::people(db, &anna.user).await.unwrap();
    assert!(
        people
            .members
            .iter()
            .all(|m| m.supplier_name.as_deref() == Some("Acme Industrial Supply")),
        "{b}"
    );
    let sam_member = people
        .members
        .iter()
        .find(|m| m.email == "sam@acme.example")
        .unwrap();
    let anna_member = people.members.iter().find(|m| m.is_self).unwrap();
    assert!(
        invitations::change_role(
            db,
            &meta(),
            &anna.user,
            anna_member.membership_id,
            MembershipRole::SupplierUser
        )
        .await
        .is_err(),
        "{b}: own role"
    );
    assert!(
        invitations::change_role(
            db,
            &meta(),
            &anna.user,
            sam_member.membership_id,
            MembershipRole::Buyer
        )
        .await
        .is_err(),
        "{b}: across sides"
    );
    invitations::change_role(
        db,
        &meta(),
        &anna.user,
        sam_member.membership_id,
        MembershipRole::SupplierAdmin,
    )
    .await
    .unwrap();
    let sam_now = session::current_user(db, sam.user.id, sam.membership_id, sam.session_id)
        .await
        .unwrap();
    assert_eq!(
        sam_now.workspace.role,
        MembershipRole::SupplierAdmin,
        "{b}: next request sees the new role"
    );
    let admin_people = invitations::people(db, &admin.user).await.unwrap();
    let ben = admin_people
        .members
        .iter()
        .find(|m| m.email == "buyer@northwind.example")
        .unwrap();
    assert!(
        matches!(
            invitations::remove_member(db, &meta(), &anna.user, ben.membership_id).await,
            Err(CoreError::NotFound)
        ),
        "{b}: a supplier admin cannot reach buyers"
    );
    assert!(
        admin_people.mfa_policy.is_some() && people.mfa_policy.is_none(),
        "{b}"
    );

    // Removing Sam ends his session on its next request; his login stays.
    invitations::remove_member(db, &meta(), &admin.user, sam_member.membership_id)
        .await
        .unwrap();
    assert!(
        matches!(
            session::current_user(db, sam.user.id, sam.membership_id, sam.session_id).await,
            Err(CoreError::Unauthenticated)
        ),
        "{b}"
    );

    // Invitations: resend replaces the link, withdraw voids it with its own message.
    let invite = invitations::Invite {
        email: "new.person@acme.example",
        role: MembershipRole::SupplierUser,
        supplier: None,
        locale: Locale::En,
    };
    invitations::invite(db, &meta(), URL, &anna.user, invite)
        .await
        .unwrap();
    let first = mailed_token(db, "new.person@acme.example", "/invitation?token=").await;
    let pending = invitations::people(db, &anna.user).await.unwrap().pending;
    assert_eq!(pending.len(), 1, "{b}");
    invitations::resend(db, &meta(), URL, &anna.user, pending[0].id, Locale::En)
        .await
        .unwrap();
    let second = mailed_token(db, "new.person@acme.example", "/invitation?token=").await;
    assert_ne!(first, second, "{b}");
    assert!(
        matches!(
            invitations::inspect(db, &first).await,
            Err(CoreError::Token(TokenProblem::Revoked))
        ),
        "{b}"
    );
    invitations::inspect(db, &second).await.unwrap();
    let pending = invitations::people(db, &anna.user).await.unwrap().pending;
    assert_eq!(pending.len(), 1, "{b}: the resent one replaces the first");
    // Another supplier's admin cannot touch it.
    let berta = sign_in(db, "berta@bolt.example", DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(
        matches!(
            invitations::revoke(db, &meta(), &berta.user, pending[0].id).await,
            Err(CoreError::NotFound)
        ),
        "{b}"
    );
    invitations::revoke(db, &meta(), &anna.user, pending[0].id)
        .await
        .unwrap();
    assert!(
        matches!(
            invitations::inspect(db, &second).await,
            Err(CoreError::Token(TokenProblem::Revoked))
        ),
        "{b}"
    );
    assert!(
        invitations::people(db, &anna.user)
            .await
            .unwrap()
            .pending
            .is_empty(),
        "{b}"
    );
}

#[tokio::test]
async fn operators_disable_enable_and_reset_two_factor_on_every_backend() {
    use portico_core::services::accounts;
    for t in TestDb::all().await.expect("test databases") {
        let db = &t.db;
        let b = t.label;
        seed::seed_demo(db).await.unwrap();
        let carl = sign_in(db, "carl@cascade.example", DEMO_PASSWORD)
            .await
            .unwrap();

        // Disabling ends the session at once and refuses sign-in.
        assert_eq!(
            accounts::disable(db, &meta(), "Carl@Cascade.example")
                .await
                .unwrap(),
            Some(1),
            "{b}"
        );
        assert_eq!(
            accounts::disable(db, &meta(), "carl@cascade.example")
                .await
                .unwrap(),
            None,
            "{b}: already disabled"
        );
        assert!(
            matches!(
                session::current_user(db, carl.user.id, carl.membership_id, carl.session_id).await,
                Err(CoreError::Unauthenticated)
            ),
            "{b}"
        );
        assert!(
            matches!(
                sign_in(db, "carl@cascade.example", DEMO_PASSWORD).await,
                Err(CoreError::InvalidCredentials)
            ),
            "{b}"
        );
        assert!(
            accounts::enable(db, &meta(), "carl@cascade.example")
                .await
                .unwrap(),
            "{b}"
        );
        assert!(
            !accounts::enable(db, &meta(), "carl@cascade.example")
                .await
                .unwrap(),
            "{b}: was not disabled"
        );
        let carl = sign_in(db, "carl@cascade.example", DEMO_PASSWORD)
            .await
            .unwrap();

        // A lost phone: the operator clears two-factor sign-in; the password alone works again, sessions ended.
        mfa::start(db, &carl.user).await.unwrap();
        let secret = mfa::status(db, &carl.user)
            .await
            .unwrap()
            .pending
            .unwrap()
            .secret_grouped
            .replace(' ', "");
        mfa::confirm(
            db,
            &meta(),
            &carl.user,
            carl.session_id,
            &totp::code_at(&secret, now()).unwrap(),
            DEMO_PASSWORD,
        )
        .await
        .unwrap();
        assert!(
            sign_in(db, "carl@cascade.example", DEMO_PASSWORD)
                .await
                .is_err(),
            "{b}: second factor needed"
        );
        assert_eq!(
            accounts::reset_two_factor(db, &meta(), "carl@cascade.example")
                .await
                .unwrap(),
            1,
            "{b}"
        );
        let carl = sign_in(db, "carl@cascade.example", DEMO_PASSWORD)
            .await
            .unwrap();
        assert!(
            mfa::status(db, &carl.user)
                .await
                .unwrap()
                .enabled_at
                .is_none(),
            "{b}"
        );
        assert!(
            matches!(
                accounts::disable(db, &meta(), "nobody@cascade.example").await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        t.cleanup().await;
    }
}
