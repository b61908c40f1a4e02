//! Settings: defaults, then an optional TOML file, then environment variables.
//!
//! The file is `portico.toml` in the working directory, or the path in `PORTICO_CONFIG` (which must exist).
//! Every setting can be given as `PORTICO_<NAME>` (e.g. `PORTICO_BIND_ADDRESS`); `DATABASE_URL` is accepted for the
//! database as the common convention.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Every setting of the server.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `database_url` / `DATABASE_URL`: `sqlite://PATH` (embedded default, created if missing) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DB`. Default `sqlite://data/portico.db`.
    pub database_url: SecretString,
    /// `database_max_connections`: pool size. Default 8 on SQLite, 16 on PostgreSQL ([`Settings::database_pool_size`]).
    #[serde(default)]
    pub database_max_connections: Option<u32>,
    /// `bind_address`: where the HTTP server listens. Default `127.0.0.1:3000`.
    pub bind_address: SocketAddr,
    /// `public_url`: the URL people reach the portal at; links in e-mails are built from it, never from the request's
    /// Host header, and an `https` URL turns on secure cookies. Default `http://127.0.0.1:3000`.
    pub public_url: url::Url,
    /// `site_root`: the folder with the built front-end (`pkg/`, assets). Default `LEPTOS_SITE_ROOT` or
    /// `target/site`.
    pub site_root: PathBuf,
    /// `log_format`: `pretty` (default) or `json`.
    pub log_format: LogFormat,
    /// `log_filter`: a tracing filter such as `info,portico=debug`. Default `RUST_LOG` or `info`.
    pub log_filter: String,
    /// `smtp_url`: the SMTP server mail goes to, e.g. `smtp://user:password@mail.example.com:587?tls=required`,
    /// `smtps://…:465`, or `smtp://127.0.0.1:2525` for a local relay without TLS. Unset (the default): mail stays
    /// on this machine and the development mailbox at `/dev/mailbox` shows it.
    pub smtp_url: Option<SecretString>,
    /// `dev_mailbox`: show queued mail, with its links, at `/dev/mailbox`. Default: on only when `smtp_url` is unset
    /// and `public_url` is on this machine (localhost or a loopback address), because anyone who can open the page can
    /// follow every password-reset link in it.
    #[serde(default)]
    pub dev_mailbox: Option<bool>,
    /// `mail_from`: the sender of Portico's mail. Default `Portico <portico@localhost>`.
    #[serde(default = "default_mail_from")]
    pub mail_from: String,
    /// `relay_in_server`: deliver events from this process (default true). Turn it off where separate
    /// `portico relay` processes do the delivering (scale-out; several may run at once on PostgreSQL).
    #[serde(default = "default_true")]
    pub relay_in_server: bool,
    /// `relay_per_tenant`: delivery attempts in flight per tenant in one relay. Default 4.
    #[serde(default = "default_relay_per_tenant")]
    pub relay_per_tenant: usize,
    /// `relay_max_in_flight`: delivery attempts in flight in one relay. Default 64.
    #[serde(default = "default_relay_max_in_flight")]
    pub relay_max_in_flight: usize,
    /// `webhook_timeout_secs`: how long one webhook attempt may take, connecting included. Default 10.
    #[serde(default = "default_webhook_timeout")]
    pub webhook_timeout_secs: u64,
    /// `webhook_allow_private`: allow webhook endpoints on loopback and private addresses, and plain http
    /// (development and tests only; never in production, where it would let a tenant reach internal services).
    /// Default false.
    #[serde(default)]
    pub webhook_allow_private: bool,
    /// `nats_url`: publish every event to NATS JetStream (e.g. `nats://127.0.0.1:4222`), on subjects
    /// `portico.<tenant>.<event type>`. Unset (the default): no NATS.
    #[serde(default)]
    pub nats_url: Option<String>,
    /// `nats_stream`: the JetStream stream, created for `portico.>` if missing. Default `PORTICO`.
    #[serde(default = "default_nats_stream")]
    pub nats_stream: String,
    /// `alert_per_hour`: messages per hour at most to one alert endpoint; more alerts wait and go out together as
    /// one digest. Default 10.
    #[serde(default = "default_alert_per_hour")]
    pub alert_per_hour: i32,
    /// `delivery_retention_days`: delivered deliveries and their attempts are removed after this many days (events
    /// and dead letters stay), stored API answers after one day. Default 30.
    #[serde(default = "default_retention_days")]
    pub delivery_retention_days: i64,
    /// `edi_dir`: the root of EDI file transport. Each organisation has a folder named by its slug:
    /// `<edi_dir>/<slug>/inbound/` is watched every 5 seconds (X12 850s and EDIFACT ORDERS become orders, the
    /// files move to `processed/` or `rejected/`) and the 997 or CONTRL is written to `<edi_dir>/<slug>/outbound/`;
    /// the relay writes EDI partners' documents (855 / ORDRSP) to `<edi_dir>/<slug>/outbound/<profile directory>/`.
    /// Unset (the default): no directory transport, and EDI deliveries wait for a relay that has the directory.
    #[serde(default)]
    pub edi_dir: Option<PathBuf>,
}

fn default_nats_stream() -> String {
    "PORTICO".into()
}

fn default_alert_per_hour() -> i32 {
    10
}

fn default_retention_days() -> i64 {
    30
}

fn default_true() -> bool {
    true
}

fn default_relay_per_tenant() -> usize {
    4
}

fn default_relay_max_in_flight() -> usize {
    64
}

fn default_webhook_timeout() -> u64 {
    10
}

fn default_mail_from() -> String {
    "Portico <portico@localhost>".into()
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Serialize)]
struct Defaults {
    database_url: String,
    bind_address: String,
    public_url: String,
    site_root: String,
    log_format: LogFormat,
    log_filter: String,
    mail_from: String,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/portico.db".into(),
            bind_address: "127.0.0.1:3000".into(),
            public_url: "http://127.0.0.1:3000".into(),
            site_root: std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()),
            log_format: LogFormat::Pretty,
            log_filter: std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
            mail_from: default_mail_from(),
        }
    }
}

/// A configuration problem, in one line naming the setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("PORTICO_CONFIG names {0}, which does not exist")]
    MissingFile(PathBuf),
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Loads settings from the environment of this process.
    pub fn load() -> Result<Self, ConfigError> {
        let file = match std::env::var_os("PORTICO_CONFIG") {
            Some(path) => {
                let path = PathBuf::from(path);
                if !path.is_file() {
                    return Err(ConfigError::MissingFile(path));
                }
                path
            }
            None => PathBuf::from("portico.toml"),
        };
        Self::from_figment(
            Figment::from(Serialized::defaults(Defaults::default()))
                .merge(Toml::file(file))
                .merge(Env::prefixed("PORTICO_").ignore(&["CONFIG"]))
                .merge(
                    Env::raw()
                        .only(&["DATABASE_URL"])
                        .map(|_| "database_url".into()),
                ),
        )
    }

    /// Extracts and checks settings; errors name the setting (`bind_address: invalid socket address …`).
    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let settings: Settings = figment.extract().map_err(|e| {
            let key = e.path.join(".");
            let what = e.kind.to_string();
            ConfigError::Invalid(if key.is_empty() {
                what
            } else {
                format!("{key}: {what}")
            })
        })?;
        if !matches!(settings.public_url.scheme(), "http" | "https") {
            return Err(ConfigError::Invalid(format!(
                "public_url: must be an http or https URL, got '{}'",
                settings.public_url
            )));
        }
        if settings
            .mail_from
            .parse::<lettre::message::Mailbox>()
            .is_err()
        {
            return Err(ConfigError::Invalid(format!(
                "mail_from: not an e-mail address: '{}'",
                settings.mail_from
            )));
        }
        if settings.relay_per_tenant == 0 || settings.relay_max_in_flight == 0 {
            return Err(ConfigError::Invalid(
                "relay_per_tenant, relay_max_in_flight: must be at least 1".into(),
            ));
        }
        if !(1..=60).contains(&settings.webhook_timeout_secs) {
            return Err(ConfigError::Invalid(format!(
                "webhook_timeout_secs: must be between 1 and 60, got {}",
                settings.webhook_timeout_secs
            )));
        }
        if settings.alert_per_hour < 1 {
            return Err(ConfigError::Invalid(format!(
                "alert_per_hour: must be at least 1, got {}",
                settings.alert_per_hour
            )));
        }
        if settings.delivery_retention_days < 1 {
            return Err(ConfigError::Invalid(format!(
                "delivery_retention_days: must be at least 1, got {}",
                settings.delivery_retention_days
            )));
        }
        if let Some(url) = &settings.nats_url {
            if !(url.starts_with("nats://") || url.starts_with("tls://")) {
                return Err(ConfigError::Invalid(format!(
                    "nats_url: expected nats://host:port or tls://host:port, got '{url}'"
                )));
            }
        }
        if settings.nats_stream.is_empty()
            || !settings
                .nats_stream
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ConfigError::Invalid(format!(
                "nats_stream: letters, digits, '-' and '_' only, got '{}'",
                settings.nats_stream
            )));
        }
        if settings.database_max_connections == Some(0) {
            return Err(ConfigError::Invalid(
                "database_max_connections: must be at least 1".into(),
            ));
        }
        Ok(settings)
    }

    /// The database pool's size: `database_max_connections`, else the backend's default
    /// ([`portico_core::db::default_pool_size`]).
    pub fn database_pool_size(&self) -> u32 {
        self.database_max_connections
            .unwrap_or_else(|| portico_core::db::default_pool_size(self.database_url()))
    }

    /// The database URL (secret: may hold a password).
    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }

    /// The mail transport these settings describe.
    pub fn mail_transport(&self) -> Result<portico_core::mail::Transport, ConfigError> {
        let Some(url) = &self.smtp_url else {
            return Ok(portico_core::mail::Transport::Dev);
        };
        let from = self
            .mail_from
            .parse()
            .map_err(|e| ConfigError::Invalid(format!("mail_from: {e}")))?;
        let mailer =
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url.expose_secret())
                .map_err(|e| ConfigError::Invalid(format!("smtp_url: {e}")))?
                .timeout(Some(std::time::Duration::from_secs(20)))
                .build();
        Ok(portico_core::mail::Transport::Smtp { mailer, from })
    }

    /// Whether the development mailbox is shown (see `dev_mailbox`).
    pub fn dev_mailbox_enabled(&self) -> bool {
        let local = match self.public_url.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        self.smtp_url.is_none() && self.dev_mailbox.unwrap_or(local)
    }

    /// The relay these settings describe, over `db` (connects to NATS when `nats_url` is set).
    pub async fn relay(&self, db: portico_core::Db) -> anyhow::Result<portico_core::outbox::Relay> {
        use portico_core::outbox::sinks::nats::{NatsSettings, NatsSink};
        use portico_core::outbox::{
            sinks::erp_webhook::HttpTransport, Relay, RelaySettings, Sinks,
        };
        let timeout = std::time::Duration::from_secs(self.webhook_timeout_secs);
        let transport = HttpTransport::new(timeout, self.webhook_allow_private)?;
        let mut sinks = Sinks::new(std::sync::Arc::new(transport), self.public_base());
        sinks.alert_limit.per_window = self.alert_per_hour;
        sinks.edi_dir = self.edi_dir.clone();
        if let Some(url) = &self.nats_url {
            let nats = NatsSink::connect(NatsSettings {
                url: url.clone(),
                stream: self.nats_stream.clone(),
                prefix: portico_core::outbox::sinks::nats::DEFAULT_PREFIX.to_owned(),
                timeout,
            })
            .await?;
            sinks.nats = Some(std::sync::Arc::new(nats));
        }
        let relay_settings = RelaySettings {
            per_tenant: self.relay_per_tenant,
            max_in_flight: self.relay_max_in_flight,
            lease: timeout + std::time::Duration::from_secs(30),
            retention: std::time::Duration::from_secs(
                u64::try_from(self.delivery_retention_days).unwrap_or(30) * 24 * 3600,
            ),
            ..RelaySettings::default()
        };
        Ok(Relay::new(db, sinks, relay_settings))
    }

    /// The public URL without a trailing slash, for building links.
    pub fn public_base(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_owned()
    }

    /// Whether cookies must be `Secure` (the portal is served over HTTPS).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let mut f = Figment::from(Serialized::defaults(Defaults::default()));
        for (k, v) in pairs {
            f = f.merge((*k, *v));
        }
        Settings::from_figment(f)
    }

    #[test]
    fn defaults_are_the_embedded_set_up() {
        let s = with(&[]).unwrap();
        assert_eq!(s.database_url(), "sqlite://data/portico.db");
        assert_eq!(s.bind_address.to_string(), "127.0.0.1:3000");
        assert!(!s.secure_cookies());
        assert!(
            s.dev_mailbox_enabled(),
            "local portal without SMTP shows the mailbox"
        );
    }

    /// A tokio test: lettre's SMTP pool starts a task when built, as it is at server start.
    #[tokio::test]
    async fn the_development_mailbox_stays_off_for_public_portals_and_with_smtp() {
        let public = with(&[("public_url", "https://portal.example.com")]).unwrap();
        assert!(!public.dev_mailbox_enabled());
        let forced = Settings::from_figment(
            Figment::from(Serialized::defaults(Defaults::default()))
                .merge(("public_url", "https://portal.example.com"))
                .merge(("dev_mailbox", true)),
        )
        .unwrap();
        assert!(forced.dev_mailbox_enabled());
        let smtp = with(&[("smtp_url", "smtp://127.0.0.1:2525")]).unwrap();
        assert!(!smtp.dev_mailbox_enabled());
        assert!(matches!(
            smtp.mail_transport(),
            Ok(portico_core::mail::Transport::Smtp { .. })
        ));
        let bad = with(&[("smtp_url", "gopher://x")]).unwrap();
        assert!(bad
            .mail_transport()
            .unwrap_err()
            .to_string()
            .starts_with("smtp_url:"));
    }

    #[test]
    fn the_pool_size_follows_the_backend_unless_set() {
        let defaults = || Figment::from(Serialized::defaults(Defaults::default()));
        let sqlite = Settings::from_figment(defaults()).unwrap();
        assert_eq!(sqlite.database_pool_size(), 8);
        let postgres = Settings::from_figment(
            defaults().merge(("database_url", "postgres://portico@127.0.0.1/portico")),
        )
        .unwrap();
        assert_eq!(postgres.database_pool_size(), 16);
        let set =
            Settings::from_figment(defaults().merge(("database_max_connections", 3u32))).unwrap();
        assert_eq!(set.database_pool_size(), 3);
        let err = Settings::from_figment(defaults().merge(("database_max_connections", 0u32)))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("database_max_connections:"), "{err}");
    }

    #[test]
    fn bad_values_name_the_setting() {
        let err = with(&[("bind_address", "nowhere")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bind_address:"), "{err}");
        let err = with(&[("public_url", "ftp://x")]).unwrap_err().to_string();
        assert!(err.starts_with("public_url:"), "{err}");
        let err = with(&[("log_format", "xml")]).unwrap_err().to_string();
        assert!(err.starts_with("log_format:"), "{err}");
    }
}
