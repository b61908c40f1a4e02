//! Throw-away databases for tests: a fresh SQLite file always, and a fresh PostgreSQL database when
//! `PORTICO_TEST_POSTGRES_URL` names a server (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).

use crate::db::Db;
use sqlx::Connection;

/// The environment variable that enables the PostgreSQL half of every two-backend test.
pub const POSTGRES_URL_VAR: &str = "PORTICO_TEST_POSTGRES_URL";

/// A migrated, empty database that is removed when dropped (PostgreSQL databases are dropped by
/// [`TestDb::cleanup`]; a test that panics leaves its `portico_test_*` database behind for inspection).
pub struct TestDb {
    /// The pool requests use (on PostgreSQL: the row-level-security-bound application role).
    pub db: Db,
    /// The owner's pool, which migrated the database (maintenance commands, inspecting what the app role cannot).
    pub owner: Db,
    pub url: String,
    pub label: &'static str,
    admin_url: Option<String>,
    name: String,
}

impl TestDb {
    /// A fresh SQLite database in the temporary folder.
    pub async fn sqlite() -> anyhow::Result<Self> {
        let name = format!("portico_test_{}", uuid::Uuid::now_v7().simple());
        let path = std::env::temp_dir().join(format!("{name}.db"));
        let url = format!("sqlite://{}", path.display());
        let owner = Db::connect(&url, 1).await?;
        owner.migrate().await?;
        let db = Db::connect_app(&url, 4).await?;
        Ok(Self {
            db,
            owner,
            url,
            label: "sqlite",
            admin_url: None,
            name,
        })
    }

    /// A fresh PostgreSQL database, if the test server is configured.
    pub async fn postgres() -> anyhow::Result<Option<Self>> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
            return Ok(None);
        };
        let name = format!("portico_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await?;
        admin.close().await?;
        let mut url = url::Url::parse(&admin_url)?;
        url.set_path(&name);
        let url = url.to_string();
        let owner = Db::connect(&url, 1).await?;
        owner.migrate().await?;
        let db = Db::connect_app(&url, 4).await?;
        Ok(Some(Self {
            db,
            owner,
            url,
            label: "postgres",
            admin_url: Some(admin_url),
            name,
        }))
    }

    /// Every configured backend: SQLite, plus PostgreSQL when enabled.
    pub async fn all() -> anyhow::Result<Vec<Self>> {
        let mut dbs = vec![Self::sqlite().await?];
        dbs.extend(Self::postgres().await?);
        Ok(dbs)
    }

    /// Closes the pool and removes the database.
    pub async fn cleanup(self) {
        self.db.close().await;
        self.owner.close().await;
        match self.admin_url {
            Some(admin_url) => {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ))
                    .execute(&mut admin)
                    .await;
                }
            }
            None => {
                let base = std::env::temp_dir().join(format!("{}.db", self.name));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", base.display()));
                }
            }
        }
    }
}

/// Signs in with e-mail and password from a browser without a device cookie (tests of what comes after login).
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
) -> Result<crate::services::login::LoggedIn, crate::CoreError> {
    let creds = crate::services::login::Credentials {
        email,
        password,
        device: None,
    };
    match crate::services::login::login(db, &crate::audit::RequestMeta::default(), creds).await? {
        crate::services::login::LoginStep::Done(done) => Ok(done),
        crate::services::login::LoginStep::SecondFactor(_) => {
            Err(crate::CoreError::Unauthenticated)
        }
    }
}

/// Accepts the newest invitation mailed to `email` (from the development mailbox) as `name` with `password`, and
/// signs the new person in.
pub async fn accept_mailed_invitation(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
) -> crate::services::login::LoggedIn {
    let text = crate::services::mailbox::recent(db)
        .await
        .expect("the mailbox")
        .into_iter()
        .find(|m| m.to_address == email)
        .and_then(|m| m.text_body)
        .expect("an invitation to this address");
    let start = text.find("token=").expect("the invitation link") + "token=".len();
    crate::services::invitations::accept(
        db,
        &crate::audit::RequestMeta::default(),
        &text[start..start + 43],
        name,
        password,
        password,
    )
    .await
    .expect("accept the invitation");
    sign_in(db, email, password).await.expect("sign in")
}

/// Receives `n` one-line purchase orders `{prefix}-0`, `{prefix}-1`, … for a supplier of `tenant`, each in its own
/// transaction (one `purchase_order.received` event each, with correlation id `corr-{number}`).
pub async fn receive_orders(
    db: &Db,
    tenant: portico_domain::TenantId,
    supplier: portico_domain::SupplierId,
    prefix: &str,
    n: usize,
) -> Result<(), crate::CoreError> {
    for i in 0..n {
        let number = format!("{prefix}-{i}");
        let mut tx = db.write(&crate::db::Context::tenant(tenant)).await?;
        receive_order_in(&mut tx, tenant, supplier, &number).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Receives one purchase order inside the caller's transaction (tests that hold a transaction open).
pub async fn receive_order_in(
    tx: &mut crate::db::Tx,
    tenant: portico_domain::TenantId,
    supplier: portico_domain::SupplierId,
    number: &str,
) -> Result<(), crate::CoreError> {
    use portico_domain::{CurrencyCode, PoLine, PoStatus, PurchaseOrderId, UnitOfMeasure};
    let currency = CurrencyCode::parse("EUR")
        .map_err(|e| crate::CoreError::Internal(anyhow::anyhow!("{e:?}")))?;
    let lines = vec![PoLine {
        line_number: 10,
        buyer_item: "300-3100".into(),
        supplier_part: None,
        description: "Void fill paper roll".into(),
        quantity: rust_decimal::Decimal::from(5),
        unit_of_measure: UnitOfMeasure::parse("RL")
            .map_err(|e| crate::CoreError::Internal(anyhow::anyhow!("{e:?}")))?,
        unit_price: rust_decimal::Decimal::from(42),
        requested_date: None,
    }];
    let po = crate::db::purchase_orders::NewPoRow {
        id: PurchaseOrderId(uuid::Uuid::now_v7()),
        supplier_id: supplier,
        number,
        status: PoStatus::New,
        order_date: time::macros::date!(2026 - 11 - 27),
        currency: &currency,
        ship_to_name: "DC",
        ship_to_address: "Somewhere 1",
        payment_terms: "Net 30",
        incoterms: None,
        notes: None,
        lines: &lines,
    };
    let supplier_ref = crate::events::SupplierRef {
        id: supplier,
        code: "ACME".into(),
        name: "Acme".into(),
    };
    crate::services::purchase_orders::receive(
        tx,
        &crate::Scope::tenant(tenant),
        &po,
        supplier_ref,
        Some(format!("corr-{number}")),
    )
    .await?;
    Ok(())
}

/// The two demo buyer organisations with the people and suppliers tests act as.
#[derive(Clone, Debug)]
pub struct DemoTenants {
    pub northwind: portico_domain::TenantId,
    pub northwind_admin: portico_domain::UserId,
    /// Acme Industrial Supply, supplying Northwind.
    pub northwind_supplier: portico_domain::SupplierId,
    pub contoso: portico_domain::TenantId,
    pub contoso_buyer: portico_domain::UserId,
    /// Acme's branch that supplies Contoso.
    pub contoso_supplier: portico_domain::SupplierId,
}

/// Seeds the demo and the second buyer organisation and signs their people in. Panics on failure (a test's set-up).
pub async fn demo_tenants(db: &Db) -> DemoTenants {
    crate::seed::seed_demo(db).await.expect("seed demo");
    crate::seed::seed_other_tenant(db)
        .await
        .expect("seed second tenant");
    let user = |email: &'static str| async move {
        sign_in(db, email, crate::seed::DEMO_PASSWORD)
            .await
            .expect("demo sign-in")
            .user
    };
    let supplier = |u: &portico_domain::CurrentUser| {
        portico_domain::SupplierId(u.workspace.supplier_id.expect("a supplier's workspace").0)
    };
    let admin = user("admin@northwind.example").await;
    let anna = user("anna@acme.example").await;
    let olga = user("buyer@contoso.example").await;
    let ivan = user("sales@acme-contoso.example").await;
    DemoTenants {
        northwind: admin.workspace.tenant_id,
        northwind_admin: admin.id,
        northwind_supplier: supplier(&anna),
        contoso: olga.workspace.tenant_id,
        contoso_buyer: olga.id,
        contoso_supplier: supplier(&ivan),
    }
}

/// Adds an ERP webhook endpoint for `tenant` directly (as a buyer administrator `by` would) subscribed to `types`
/// (`*` or names), and returns its id and secret. Panics on failure (a test's set-up).
pub async fn add_endpoint(
    db: &Db,
    tenant: portico_domain::TenantId,
    by: portico_domain::UserId,
    url: &str,
    types: &str,
) -> (uuid::Uuid, String) {
    let (_, secret) = crate::webhooks::SigningKey::generate();
    let id = uuid::Uuid::now_v7();
    let mut tx = db
        .write(&crate::db::Context::tenant(tenant))
        .await
        .expect("transaction");
    crate::db::webhooks::insert_endpoint(
        &mut tx,
        &crate::db::webhooks::NewEndpointRow {
            tenant,
            id,
            kind: crate::delivery::SinkKind::ErpWebhook,
            url,
            event_types: types,
            description: "",
            secret: &secret,
            locale: "en",
            created_by: by,
        },
    )
    .await
    .expect("endpoint stored");
    tx.commit().await.expect("commit");
    (id, secret)
}

pub mod receiver;

/// A directory removed when dropped.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    /// A fresh, empty directory under the system's temporary folder. Panics if it cannot be made (a test's set-up).
    #[expect(
        clippy::new_without_default,
        reason = "each call makes a new directory"
    )]
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("portico-edi-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
