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
