//! `spawn_app()`: a real server on a random port with a fresh database, and a cookie-keeping client.

#![allow(dead_code)]

use figment::providers::Serialized;
use figment::Figment;
use portico::config::Settings;
use portico::startup::Application;
use portico_core::seed;
use portico_core::testing::TestDb;
use reqwest::redirect::Policy;
use serde_json::json;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub test_db: TestDb,
    pub backend: &'static str,
}

/// Every backend to run the HTTP tests on: SQLite, plus PostgreSQL when configured.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for test_db in TestDb::all().await.expect("test databases") {
        apps.push(spawn_app(test_db).await);
    }
    apps
}

/// Starts the portal on `test_db` (seeded with the demo and a second tenant) on a random port.
pub async fn spawn_app(test_db: TestDb) -> TestApp {
    spawn_app_with(test_db, json!({})).await
}

/// [`spawn_app`] with extra settings (e.g. `{"smtp_url": …}`) over the test defaults. With `PORTICO_TEST_LOG` set
/// (a tracing filter such as `debug`), the servers' logs go to standard error.
pub async fn spawn_app_with(test_db: TestDb, extra: serde_json::Value) -> TestApp {
    if let Ok(filter) = std::env::var("PORTICO_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    }
    seed::seed_demo(&test_db.db).await.expect("seed demo");
    seed::seed_other_tenant(&test_db.db)
        .await
        .expect("seed second tenant");
    let settings = Settings::from_figment(
        Figment::from(Serialized::defaults(json!({
            "database_url": test_db.url,
            "database_max_connections": 4,
            "bind_address": "127.0.0.1:0",
            "public_url": "http://127.0.0.1:3000",
            "site_root": "target/site",
            "log_format": "pretty",
            "log_filter": "warn",
        })))
        .merge(Serialized::defaults(extra)),
    )
    .expect("test settings");
    let app = Application::build(settings, false)
        .await
        .expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: client(),
        backend: test_db.label,
        test_db,
    }
}

/// Posts a form with `client` as a script does (`Accept: application/json`).
pub async fn post_form_with(
    client: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(url)
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .expect("POST")
}

/// A client that keeps cookies and does not follow redirects (tests look at them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        // A request that gets no answer fails the test with its URL instead of holding the suite.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Signs in through the login server function as a JavaScript client would.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/login"))
            .header("accept", "application/json")
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("login request")
    }

    /// Posts the login form as a browser without JavaScript does (`Accept: text/html`).
    pub async fn login_form(&self, email: &str, password: &str, next: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/login"))
            .header("accept", "text/html")
            .form(&[("email", email), ("password", password), ("next", next)])
            .send()
            .await
            .expect("login form post")
    }

    /// GETs a page as a browser does (`Accept: text/html`), or an API path (`/api/…`) as a script does.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        let accept = if path.starts_with("/api/") {
            "application/json"
        } else {
            "text/html,application/xhtml+xml"
        };
        self.client
            .get(self.url(path))
            .header("accept", accept)
            .send()
            .await
            .expect("GET")
    }

    /// Posts a form as a script does (`Accept: application/json`), with this app's client.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form_with(&self.client, &self.url(path), form).await
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    /// The `<main>` element of a page: what differs between pages, without per-response nonces.
    pub fn main_of(body: &str) -> &str {
        let start = body.find("<main").unwrap_or(0);
        let end = body.find("</main>").map(|i| i + 7).unwrap_or(body.len());
        &body[start..end]
    }

    pub async fn cleanup(self) {
        self.test_db.cleanup().await;
    }
}
