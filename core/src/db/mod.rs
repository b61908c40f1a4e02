//! The database contract: one API over SQLite (embedded default) and PostgreSQL (production, scale-out).
//!
//! [`Db`] wraps a concrete pool per backend. Repository functions write one SQL body with `$n` placeholders (SQLite
//! accepts them too) and expand it into both arms with [`on_db!`]; only where SQL really differs does a function
//! write a per-backend arm. This module and its children are the only place in Portico that contains SQL.

mod decimal;
pub mod purchase_orders;
pub mod setup;
pub mod users;

pub use decimal::DbDecimal;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// A connection pool to one of the supported backends.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which backend a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why a database could not be opened. Messages are one line and name what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("database_url: unsupported scheme '{0}'; use sqlite://PATH (embedded default) or postgres://USER@HOST/DB")]
    UnsupportedScheme(String),
    #[error("database_url: {0}")]
    Invalid(String),
    #[error("database_url: cannot open {url}: {reason}")]
    Unreachable { url: String, reason: String },
}

/// Expands one generic body into both backend arms: `on_db!(db, pool => sqlx::query(..).execute(pool).await)`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Same as [`on_db!`] for an open transaction: `on_tx!(tx, conn => query.execute(&mut **conn).await)`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite($conn) => $body,
            $crate::db::Tx::Postgres($conn) => $body,
        }
    };
}

/// An open transaction on either backend. Dropping it without [`Tx::commit`] rolls back.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

/// Hides the password of a database URL for messages and logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

impl Db {
    /// Opens a pool for `url`; the scheme picks the backend. SQLite files (and their folder) are created if missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, ConnectError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or(url);
        match scheme {
            "sqlite" => {
                let opts = SqliteConnectOptions::from_str(url)
                    .map_err(|e| ConnectError::Invalid(e.to_string()))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    .pragma("cache_size", "-32000")
                    .pragma("mmap_size", "268435456")
                    .pragma("temp_store", "memory");
                let path = opts.get_filename().to_owned();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| ConnectError::Unreachable {
                        url: url.to_owned(),
                        reason: format!("cannot create folder {}: {e}", dir.display()),
                    })?;
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| ConnectError::Unreachable {
                        url: url.to_owned(),
                        reason: e.to_string(),
                    })?;
                Ok(Db::Sqlite(pool))
            }
            "postgres" | "postgresql" => {
                let opts = PgConnectOptions::from_str(url)
                    .map_err(|e| ConnectError::Invalid(e.to_string()))?;
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| ConnectError::Unreachable {
                        url: redact_url(url),
                        reason: e.to_string(),
                    })?;
                Ok(Db::Postgres(pool))
            }
            other => Err(ConnectError::UnsupportedScheme(other.to_owned())),
        }
    }

    /// The backend behind this pool.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies every pending migration of this backend's folder.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
        .context("applying database migrations")
    }

    /// Checks that the database answers (used by `/healthz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// Begins a write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`) so two writers
    /// never deadlock upgrading read locks.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Closes every connection (graceful shutdown).
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn unknown_schemes_are_refused_with_a_clear_message() {
        let err = Db::connect("mysql://localhost/portico", 1)
            .await
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("database_url: unsupported scheme 'mysql'"),
            "{msg}"
        );
        assert!(
            msg.contains("sqlite://") && msg.contains("postgres://"),
            "{msg}"
        );
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db/portico"),
            "postgres://app:***@db/portico"
        );
        assert_eq!(
            redact_url("sqlite://data/portico.db"),
            "sqlite://data/portico.db"
        );
    }
}
