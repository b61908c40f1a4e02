//! The database contract: one API over SQLite (embedded default) and PostgreSQL (production, scale-out).
//!
//! [`Db`] wraps a concrete pool per backend. Repository functions write one SQL body with `$n` placeholders (SQLite
//! accepts them too) and expand it into both arms with [`on_db!`]; only where SQL really differs does a function
//! write a per-backend arm. This module and its children are the only place in Portico that contains SQL.

pub mod acknowledgements;
pub mod answer_files;
pub mod api;
pub mod attachments;
pub mod audit;
pub mod bank_details;
pub mod bench_data;
pub mod comments;
mod context;
mod decimal;
pub mod devices;
pub mod edi;
pub mod exceptions;
pub mod invoices;
pub mod mail;
pub mod mfa;
pub mod notifications;
pub mod outbox;
pub mod people;
pub mod promises;
pub mod purchase_orders;
pub mod receipts;
pub mod relay;
pub mod scorecards;
pub mod sessions;
pub mod setup;
pub mod ship_notices;
pub mod supplier_documents;
pub mod supplier_profiles;
pub mod suppliers;
pub mod throttle;
pub mod tokens;
pub mod users;
pub mod webhooks;

pub use context::Context;
pub use decimal::DbDecimal;

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// The PostgreSQL role requests run as: no ownership, no `BYPASSRLS`, created by the migrations.
pub const APP_ROLE: &str = "portico_app";

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
        match &mut (*$tx).inner {
            $crate::db::TxInner::Sqlite($conn) => $body,
            $crate::db::TxInner::Postgres($conn) => $body,
        }
    };
}

/// Runs exactly one read statement in `context` and evaluates to its `Result`: on PostgreSQL inside a read
/// transaction (row-level security needs the context's settings), on SQLite straight on a pooled connection — one
/// statement is its own consistent snapshot there, and `BEGIN`/`COMMIT` would cost two more trips to the
/// connection's worker thread (docs/PERFORMANCE.md). Reads of more than one statement use [`Db::read`].
///
/// `read_single!(db, &context, conn => sqlx::query(…).fetch_all(&mut **conn).await)`
#[macro_export]
macro_rules! read_single {
    ($db:expr, $context:expr, $conn:ident => $body:expr) => {
        async {
            match $db {
                $crate::db::Db::Sqlite(pool) => {
                    let mut pooled = pool.acquire().await?;
                    let $conn = &mut pooled;
                    $body
                }
                $crate::db::Db::Postgres(pool) => {
                    let mut tx = pool
                        .begin_with($crate::db::postgres_begin_read($context))
                        .await?;
                    let $conn = &mut tx;
                    let value = $body?;
                    tx.commit().await?;
                    Ok(value)
                }
            }
        }
        .await
    };
}

/// An open transaction on either backend. Dropping it without [`Tx::commit`] rolls back.
pub struct Tx {
    /// The backend's transaction ([`on_tx!`] works on it).
    #[doc(hidden)]
    pub inner: TxInner,
    /// Whether it appended events to the outbox: its commit then wakes this process's relay.
    events: bool,
}

/// The transaction of one backend.
pub enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    fn new(inner: TxInner) -> Self {
        Self {
            inner,
            events: false,
        }
    }

    /// Notes that this transaction appended events (called by the outbox).
    pub(crate) fn note_events(&mut self) {
        self.events = true;
    }

    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        if self.events {
            crate::outbox::wake();
        }
        Ok(())
    }
}

/// The statement that opens a PostgreSQL transaction working on `context`'s data: `BEGIN`, the relay's role for a
/// relay, and the row-level-security settings (`app.tenant_id`, `app.supplier_id`, `app.user_id`, `app.token_hash`,
/// `app.document_id`) for this transaction only (`set_config(…, true)`), so they vanish at commit or rollback and
/// never leak to the connection's next user. One simple query, so one round trip instead of three; the values are
/// ids and hashes this crate formatted, quoted as literals all the same. SQLite has no row-level security; its
/// queries are scoped in their SQL alone.
#[doc(hidden)]
pub fn postgres_begin(context: &Context) -> String {
    begin_statement(context, "")
}

/// [`postgres_begin`] for a read transaction, which also runs its prepared statements on their generic plans
/// (`plan_cache_mode = force_generic_plan`, for this transaction only). Each read has one fixed text per shape; the
/// order list's generic plans walk its keyed indexes (docs/PERFORMANCE.md checks every shape). Under
/// PostgreSQL's default, a statement whose `LIMIT` is a parameter was planned again on every execution: its generic
/// plan, not knowing the limit, always looked dearer than the custom ones. Writes keep the default.
#[doc(hidden)]
pub fn postgres_begin_read(context: &Context) -> String {
    begin_statement(
        context,
        ", set_config('plan_cache_mode', 'force_generic_plan', true)",
    )
}

fn begin_statement(context: &Context, extra: &str) -> String {
    fn literal(value: &str) -> String {
        format!("'{}'", value.replace('\'', "''"))
    }
    let role = if context.is_relay() {
        "SET LOCAL ROLE portico_relay; "
    } else {
        ""
    };
    format!(
        "BEGIN; {role}SELECT set_config('app.tenant_id', {}, true), set_config('app.supplier_id', {}, true), \
            set_config('app.user_id', {}, true), set_config('app.token_hash', {}, true), \
            set_config('app.document_id', {}, true){extra}",
        literal(&context.tenant_setting()),
        literal(&context.supplier_setting()),
        literal(&context.user_setting()),
        literal(&context.token_setting()),
        literal(&context.document_setting()),
    )
}

/// How long a PostgreSQL connection may have sat idle in the pool before it is pinged on its way out.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// A PostgreSQL pool's options: a connection that sat idle for a while (the server may have restarted, a firewall
/// may have dropped it) is pinged before use and replaced if dead; one in steady use is not, which would cost every
/// transaction a round trip.
fn postgres_pool_options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for < PING_AFTER_IDLE {
                    return Ok(true);
                }
                Ok(sqlx::Connection::ping(conn).await.is_ok())
            })
        })
}

fn scheme(url: &str) -> &str {
    url.split_once(':').map(|(s, _)| s).unwrap_or(url)
}

/// The pool size for `url` when none is configured.
///
/// SQLite runs statements in this process, one thread per connection: on a machine of a few cores more
/// connections do not read faster, and each maps the database and keeps its own statement cache, so eight keep the
/// memory down (docs/PERFORMANCE.md, "what P6 counts"). A PostgreSQL connection's work runs in the database server,
/// which 16 keep busy.
pub fn default_pool_size(url: &str) -> u32 {
    if scheme(url) == "sqlite" {
        8
    } else {
        16
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
        match scheme(url) {
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
                    // An embedded database's connections do not drop: no ping (one more trip to the connection's
                    // worker thread) before every use.
                    .test_before_acquire(false)
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
                let pool = postgres_pool_options(max_connections)
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

    /// Begins a write transaction working on `context`'s data. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`) so two writers never deadlock upgrading read locks.
    pub async fn write(&self, context: &Context) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::new(TxInner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?)),
            Db::Postgres(pool) => Tx::new(TxInner::Postgres(
                pool.begin_with(postgres_begin(context)).await?,
            )),
        })
    }

    /// Begins a read transaction working on `context`'s data (one consistent snapshot; no write lock on SQLite;
    /// generic plans on PostgreSQL, see [`postgres_begin_read`]).
    pub async fn read(&self, context: &Context) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::new(TxInner::Sqlite(pool.begin().await?)),
            Db::Postgres(pool) => Tx::new(TxInner::Postgres(
                pool.begin_with(postgres_begin_read(context)).await?,
            )),
        })
    }

    /// Opens the pool requests use. On PostgreSQL every connection switches to [`APP_ROLE`] first, a role that owns
    /// nothing and is subject to row-level security, whatever login the URL names (which must own the schema or be
    /// a member of the role). On SQLite this is [`Db::connect`].
    pub async fn connect_app(url: &str, max_connections: u32) -> Result<Self, ConnectError> {
        match scheme(url) {
            "postgres" | "postgresql" => {
                let opts = PgConnectOptions::from_str(url)
                    .map_err(|e| ConnectError::Invalid(e.to_string()))?;
                let pool = postgres_pool_options(max_connections)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            sqlx::Executor::execute(&mut *conn, "SET ROLE portico_app").await?;
                            Ok(())
                        })
                    })
                    .connect_with(opts)
                    .await
                    .map_err(|e| ConnectError::Unreachable {
                        url: redact_url(url),
                        reason: format!(
                            "{e} (requests run as role {APP_ROLE}; run the migrations first)"
                        ),
                    })?;
                Ok(Db::Postgres(pool))
            }
            _ => Db::connect(url, max_connections).await,
        }
    }

    /// Closes every connection (graceful shutdown).
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_transaction_begins_with_its_settings_quoted_as_literals() {
        let sql = postgres_begin(&Context::token("ab'c"));
        assert!(sql.starts_with("BEGIN; SELECT set_config("), "{sql}");
        assert!(
            sql.contains("set_config('app.token_hash', 'ab''c', true)"),
            "{sql}"
        );
        assert!(
            sql.contains("set_config('app.tenant_id', '', true)"),
            "{sql}"
        );
        assert!(!sql.contains("portico_relay"), "{sql}");
        assert!(!sql.contains("plan_cache_mode"), "{sql}");
        let relay = postgres_begin(&Context::relay());
        assert!(
            relay.starts_with("BEGIN; SET LOCAL ROLE portico_relay; SELECT"),
            "{relay}"
        );
        let read = postgres_begin_read(&Context::token("ab'c"));
        assert!(
            read.ends_with(", set_config('plan_cache_mode', 'force_generic_plan', true)"),
            "{read}"
        );
        assert!(
            read.contains("set_config('app.token_hash', 'ab''c', true)"),
            "{read}"
        );
    }

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
