//! Building and running the application: database, migrations, router, listener.

use crate::config::Settings;
use crate::http;
use crate::session_store::DbSessionStore;
use anyhow::Context;
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use portico_app::ssr::{RequestUser, ServerState};
use portico_app::{shell, App};
use portico_core::seed::{self, SeedOutcome, DEMO_ACCOUNTS, DEMO_PASSWORD};
use portico_core::Db;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The router's state: what handlers and server functions need.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// The configured public URL without a trailing slash (links in e-mails).
    pub public_url: String,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Joins an error and its causes into one line.
pub fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

/// Opens the configured database as its owner (the URL scheme picks the backend): for migrations and maintenance.
pub async fn open_owner(settings: &Settings) -> anyhow::Result<Db> {
    Ok(Db::connect(settings.database_url(), 1).await?)
}

/// Applies pending migrations as the owner, then opens the pool requests use: on PostgreSQL its connections run as
/// the row-level-security-bound application role ([`portico_core::db::APP_ROLE`]).
pub async fn prepare_database(settings: &Settings) -> anyhow::Result<Db> {
    let owner = open_owner(settings).await?;
    migrate(&owner).await?;
    owner.close().await;
    Ok(Db::connect_app(settings.database_url(), settings.database_pool_size()).await?)
}

/// Applies Portico's migrations and the session table's.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    db.migrate().await?;
    DbSessionStore::new(db)
        .migrate()
        .await
        .context("creating the session table")?;
    Ok(())
}

/// Loads the demo data set if the database is empty and prints the demo logins.
pub async fn seed_demo(db: &Db) -> anyhow::Result<()> {
    match seed::seed_demo(db)
        .await
        .map_err(|e| anyhow::anyhow!("seeding the demo data failed: {e}"))?
    {
        SeedOutcome::Seeded { purchase_orders } => {
            seed::seed_other_tenant(db)
                .await
                .map_err(|e| anyhow::anyhow!("seeding the second demo buyer failed: {e}"))?;
            println!(
                "portico: demo data loaded ({} purchase orders, two buyer organisations)",
                purchase_orders + 2
            );
        }
        SeedOutcome::AlreadyPresent => {
            println!("portico: database already has data; demo not loaded again")
        }
    }
    println!("portico: demo logins (password for all: {DEMO_PASSWORD})");
    for a in DEMO_ACCOUNTS {
        let shared = if a.email == seed::SHARED_SUPPLIER_EMAIL {
            " (also supplies Contoso Retail)"
        } else {
            ""
        };
        println!(
            "  {:<28} {:<15} {}{shared}",
            a.email,
            a.role.code(),
            a.supplier.unwrap_or("Northwind Distribution")
        );
    }
    for a in seed::OTHER_TENANT_ACCOUNTS {
        println!(
            "  {:<28} {:<15} {}",
            a.email,
            a.role.code(),
            a.supplier
                .map_or("Contoso Retail", |_| "Contoso Retail's ACME")
        );
    }
    Ok(())
}

/// A built application bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    relay: Option<(
        tokio::sync::watch::Sender<bool>,
        tokio::task::JoinHandle<()>,
    )>,
}

impl Application {
    /// Opens and migrates the database, optionally seeds the demo, builds the router and binds the listener.
    pub async fn build(settings: Settings, demo: bool) -> anyhow::Result<Self> {
        let db = prepare_database(&settings).await?;
        if demo {
            seed_demo(&db).await?;
        }
        let transport = settings.mail_transport()?;
        crate::workers::spawn_mail_delivery(db.clone(), transport);
        crate::workers::spawn_notification_jobs(db.clone(), settings.public_base());
        if let Some(dir) = &settings.edi_dir {
            crate::workers::spawn_edi_directory(db.clone(), dir.clone(), settings.public_base());
        }
        let relay = if settings.relay_in_server {
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let handle = crate::workers::spawn_relay(settings.relay(db.clone()).await?, stopped);
            Some((stop, handle))
        } else {
            None
        };
        let listener = TcpListener::bind(settings.bind_address)
            .await
            .with_context(|| format!("bind_address: cannot listen on {}", settings.bind_address))?;
        let router = router(&settings, db.clone(), listener.local_addr()?);
        Ok(Self {
            listener,
            router,
            db,
            relay,
        })
    }

    /// The port actually bound (tests bind port 0).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM, then drains in-flight requests and closes the pool.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tracing::info!(address = %self.listener.local_addr()?, backend = ?self.db.backend(), "portico listening");
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        // Attempts in flight finish and are recorded before the pool closes (or come back when their lease ends).
        if let Some((stop, handle)) = self.relay {
            let _ = stop.send(true);
            let _ = tokio::time::timeout(std::time::Duration::from_secs(15), handle).await;
        }
        self.db.close().await;
        Ok(())
    }
}

fn leptos_options(settings: &Settings, addr: std::net::SocketAddr) -> LeptosOptions {
    let dev = std::env::var("LEPTOS_ENV").is_ok_and(|v| v.eq_ignore_ascii_case("dev"));
    LeptosOptions::builder()
        .output_name("portico")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(if dev { Env::DEV } else { Env::PROD })
        .build()
}

/// The whole HTTP surface: pages, server functions, static files, health, metrics.
pub fn router(settings: &Settings, db: Db, addr: std::net::SocketAddr) -> Router {
    // Install the metrics recorder before the first request is counted.
    let _ = crate::telemetry::prometheus();
    let leptos_options = leptos_options(settings, addr);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        public_url: settings.public_base(),
    };
    let server_state = ServerState {
        db: db.clone(),
        secure_cookies: settings.secure_cookies(),
        public_url: settings.public_base(),
        dev_mailbox: settings.dev_mailbox_enabled(),
        webhook_allow_private: settings.webhook_allow_private,
    };
    let context = move || {
        provide_context(server_state.clone());
        provide_context(RequestUser::default());
    };

    let session_layer = SessionManagerLayer::new(DbSessionStore::new(&db))
        .with_name(if settings.secure_cookies() {
            "__Host-portico_session"
        } else {
            "portico_session"
        })
        .with_secure(settings.secure_cookies())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(30)));

    let routes = generate_route_list(App);
    let shell_options = leptos_options.clone();
    Router::new()
        .route("/healthz", get(http::health::healthz))
        .route("/metrics", get(http::metrics::render))
        .route("/api/events/catalogue", get(http::events::catalogue))
        .route("/api/events/schemas/{file}", get(http::events::schema))
        .merge(http::api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(shell_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(session_layer)
        .layer(axum::middleware::from_fn_with_state(
            http::security::AllowedOrigin::from_public_url(&settings.public_url),
            http::security::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn(http::metrics::track))
        .layer(http::security::headers())
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let correlation_id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    correlation_id = %correlation_id,
                )
            }),
        )
        // Outermost: every request gets a correlation id (kept if the caller sent one), echoed in the response and
        // carried into logs and audit entries.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(
            http::api::MakeCorrelationId,
        ))
        .with_state(state)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
