//! The benchmark's baselines (docs/PERFORMANCE.md, P1), measured in the same run as Portico:
//!
//! - `GET /static`: a minimal axum handler answering with a fixed HTML page (the bytes of Portico's order list as
//!   the benchmark fetched it, so both answers are the same size);
//! - `GET /query`: a minimal axum handler running the order list's first-page keyset query (the same SQL as
//!   Portico, from `portico_core::db::purchase_orders::list_sql`) through a pool opened by the same code with the
//!   same settings and pragmas, and rendering the rows with `format!`. It reads as the database's owner outside a
//!   transaction: what Portico adds on top — its read transaction with row-level-security settings, the session,
//!   the authorisation and Leptos' rendering — is what the ratio against this baseline measures.
//!
//! `bench_baseline <listen address> <database URL> <page file> <organisation slug>`

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use portico_core::db::purchase_orders::list_sql;
use portico_core::db::DbDecimal;
use portico_core::mail::escape;
use portico_core::scope::Scope;
use portico_core::Db;
use portico_domain::{InboxFilter, TenantId};
use std::fmt::Write;
use std::sync::Arc;
use time::Date;
use uuid::Uuid;

struct Baseline {
    page: Vec<u8>,
    db: Db,
    sql: String,
    tenant: Uuid,
}

type Row = (
    Uuid,
    String,
    i32,
    String,
    Date,
    Option<Date>,
    Uuid,
    String,
    String,
    DbDecimal,
    i32,
);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bind, url, page, slug] = args.as_slice() else {
        anyhow::bail!(
            "usage: bench_baseline <listen address> <database URL> <page file> <organisation slug>"
        );
    };
    let page = std::fs::read(page)?;
    // Every connection setting as Portico's; the pool's size as the server takes it: `PORTICO_DATABASE_MAX_CONNECTIONS`,
    // else the backend's default.
    let pool_size = match std::env::var("PORTICO_DATABASE_MAX_CONNECTIONS") {
        Ok(n) => n.parse()?,
        Err(_) => portico_core::db::default_pool_size(url),
    };
    let db = Db::connect(url, pool_size).await?;
    let tenant: Uuid = portico_core::on_db!(&db, pool => sqlx::query_scalar("SELECT id FROM tenants WHERE slug = $1")
        .bind(slug).fetch_one(pool).await)?;
    let sql = list_sql(&Scope::tenant(TenantId(tenant)), &InboxFilter::default());
    let state = Arc::new(Baseline {
        page,
        db,
        sql,
        tenant,
    });
    let app = Router::new()
        .route("/static", get(static_page))
        .route("/query", get(query_page))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(bind.as_str()).await?;
    println!("bench_baseline: listening on {bind}");
    axum::serve(listener, app).await?;
    Ok(())
}

async fn static_page(State(state): State<Arc<Baseline>>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        state.page.clone(),
    )
        .into_response()
}

async fn query_page(State(state): State<Arc<Baseline>>) -> Response {
    let rows: Result<Vec<Row>, sqlx::Error> = portico_core::on_db!(&state.db, pool => {
        sqlx::query_as::<_, Row>(&state.sql).bind(state.tenant).fetch_all(pool).await
    });
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    let mut html = String::with_capacity(32 * 1024);
    html.push_str(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Orders</title></head><body><main>\
         <h1>Purchase orders</h1><table><thead><tr><th>Number</th><th>Supplier</th><th>Status</th>\
         <th>Order date</th><th>Requested</th><th>Lines</th><th>Total</th></tr></thead><tbody>",
    );
    for (
        id,
        number,
        _version,
        status,
        order_date,
        requested,
        _supplier,
        supplier,
        currency,
        total,
        lines,
    ) in rows.iter().take(50)
    {
        let _ = write!(
            html,
            "<tr><td><a href=\"/orders/{id}\">{}</a></td><td>{}</td><td>{}</td><td>{order_date}</td><td>{}</td>\
             <td>{lines}</td><td>{} {currency}</td></tr>",
            escape(number),
            escape(supplier),
            escape(status),
            requested.map(|d| d.to_string()).unwrap_or_default(),
            total.0,
        );
    }
    html.push_str("</tbody></table></main></body></html>");
    Html(html).into_response()
}
