//! The command line.

use clap::{Parser, Subcommand};
use portico::config::Settings;
use portico::startup;

#[derive(Debug, Parser)]
#[command(
    name = "portico",
    version,
    about = "Portico supplier collaboration portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web portal (the default).
    Serve {
        /// Apply migrations and load the demo data set if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the deterministic demo data set into an empty database and print the demo logins.
    SeedDemo,
    /// Write the benchmark data set into an empty database (docs/PERFORMANCE.md) and print the query plans of the
    /// order lists over it.
    BenchData {
        /// Buyer organisations (`bench-01`, `bench-02`, …).
        #[arg(long, default_value_t = 20)]
        buyers: u32,
        /// Suppliers, spread evenly over the organisations.
        #[arg(long, default_value_t = 1000)]
        suppliers: u32,
        /// Purchase orders, spread evenly over the suppliers, with 10 lines on average.
        #[arg(long, default_value_t = 100_000)]
        orders: u32,
        /// Only print the query plans of a database that already holds the set.
        #[arg(long)]
        explain_only: bool,
    },
    /// Audit log maintenance.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Deliver events to their endpoints without serving pages: for scale-out, next to servers started with
    /// `relay_in_server = false`. Several relays may run at once on PostgreSQL.
    Relay {
        /// Deliver what is due now, wait for the attempts to finish, and exit.
        #[arg(long)]
        once: bool,
    },
    /// Remove delivered deliveries and their attempts older than `delivery_retention_days`, and stored API answers
    /// older than a day (running relays do this every hour). Events and dead letters stay.
    Prune,
    /// EDI interchanges (docs/EDI.md).
    Edi {
        #[command(subcommand)]
        command: EdiCommand,
    },
    /// A tenant's webhook endpoints and their deliveries.
    Webhooks {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// Operator actions on a login (which spans every buyer organisation it works for).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

/// What to do with a login.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Disable the login: it cannot sign in, and every session ends at once.
    Disable { email: String },
    /// Re-enable a disabled login.
    Enable { email: String },
    /// Clear two-factor sign-in (for someone who lost phone and recovery codes) and end every session.
    ResetTwoFactor { email: String },
}

/// EDI operations.
#[derive(Debug, Subcommand)]
pub enum EdiCommand {
    /// Import an interchange of purchase orders for a buyer organisation — X12 850 or EDIFACT ORDERS: each set or
    /// message becomes a purchase order (or is rejected with the segment and element at fault), and the 997 or
    /// CONTRL acknowledgement is written.
    Import {
        /// The buyer organisation's slug.
        #[arg(long)]
        tenant: String,
        /// Where to write the 997 or CONTRL (default: standard output after the report).
        #[arg(long)]
        ack: Option<std::path::PathBuf>,
        /// The interchange file.
        file: std::path::PathBuf,
    },
    /// Write one of every outbound document for both standards from an order of the organisation (855, 856, 810;
    /// ORDRSP, DESADV, INVOIC), with the supplier's EDI profile when it has one, for certifying a trading partner.
    Samples {
        /// The buyer organisation's slug.
        #[arg(long, default_value = "northwind")]
        tenant: String,
        /// The directory to write to (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

/// What to do with a tenant's webhooks.
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// List the endpoints with their delivery figures.
    List {
        /// The buyer organisation's slug, e.g. `northwind`.
        #[arg(long)]
        tenant: String,
    },
    /// Deliver events again (same event ids, so receivers de-duplicate): one event, a time range, or every dead
    /// letter; to every subscribed active endpoint or only `--endpoint`.
    Replay {
        #[arg(long)]
        tenant: String,
        /// One event id.
        #[arg(long, conflicts_with_all = ["since", "dead"])]
        event: Option<uuid::Uuid>,
        /// Events created at or after this time (RFC 3339, e.g. 2026-11-27T08:00:00Z).
        #[arg(long, conflicts_with = "dead")]
        since: Option<String>,
        /// … and before this time (default: now).
        #[arg(long, requires = "since")]
        until: Option<String>,
        /// Every dead-lettered delivery.
        #[arg(long)]
        dead: bool,
        /// Only this endpoint.
        #[arg(long)]
        endpoint: Option<uuid::Uuid>,
    },
}

/// What to do with the audit log.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Re-compute every hash chain and report altered or missing entries (exit code 1 if any). Runs as the database
    /// owner, which can read every tenant's entries.
    Verify,
}

/// Parses the command line; no subcommand means `serve`.
pub fn parse() -> Command {
    Cli::parse()
        .command
        .unwrap_or(Command::Serve { demo: false })
}

/// Runs a command.
pub async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => {
            let app = startup::Application::build(settings, demo).await?;
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let db = startup::open_owner(&settings).await?;
            startup::migrate(&db).await?;
            println!("portico: migrations applied");
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let db = startup::open_owner(&settings).await?;
            let report = portico_core::audit::verify(&db).await?;
            for problem in &report.problems {
                println!("portico: audit: {problem}");
            }
            println!(
                "portico: audit: {} chains, {} entries, {} problems",
                report.chains,
                report.entries,
                report.problems.len()
            );
            if report.problems.is_empty() {
                Ok(())
            } else {
                anyhow::bail!("the audit log does not verify")
            }
        }
        Command::User { command } => {
            use portico_core::services::accounts;
            let db = startup::prepare_database(&settings).await?;
            let meta = portico_core::audit::RequestMeta {
                user_agent: Some("portico cli".into()),
                ..Default::default()
            };
            let outcome = match &command {
                UserCommand::Disable { email } => {
                    accounts::disable(&db, &meta, email)
                        .await
                        .map(|ended| match ended {
                            Some(n) => format!("{email} disabled; {n} sessions ended"),
                            None => format!("{email} was already disabled"),
                        })
                }
                UserCommand::Enable { email } => {
                    accounts::enable(&db, &meta, email)
                        .await
                        .map(|changed| match changed {
                            true => format!("{email} enabled"),
                            false => format!("{email} was not disabled"),
                        })
                }
                UserCommand::ResetTwoFactor { email } => {
                    accounts::reset_two_factor(&db, &meta, email)
                        .await
                        .map(|n| format!("{email}: two-factor sign-in cleared; {n} sessions ended"))
                }
            };
            match outcome {
                Ok(line) => {
                    println!("portico: {line}");
                    Ok(())
                }
                Err(portico_core::CoreError::NotFound) => {
                    anyhow::bail!("no login with that e-mail address")
                }
                Err(portico_core::CoreError::Validation { .. }) => {
                    anyhow::bail!("that is not an e-mail address")
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Edi { command } => {
            let db = startup::prepare_database(&settings).await?;
            let result = edi(&db, command, &settings.public_base()).await;
            db.close().await;
            result
        }
        Command::Webhooks { command } => {
            let db = startup::prepare_database(&settings).await?;
            let result = webhooks(&db, command).await;
            db.close().await;
            result
        }
        Command::Relay { once } => {
            let db = startup::prepare_database(&settings).await?;
            let relay = settings.relay(db.clone()).await?;
            if once {
                let idle = relay
                    .run_until_idle(std::time::Duration::from_secs(300))
                    .await?;
                println!(
                    "{}",
                    if idle {
                        "relay: nothing more is due"
                    } else {
                        "relay: stopped after 5 minutes with work left"
                    }
                );
            } else {
                let (stop, stopped) = tokio::sync::watch::channel(false);
                let handle = portico::workers::spawn_relay(relay, stopped);
                startup::shutdown_signal().await;
                let _ = stop.send(true);
                let _ = handle.await;
            }
            db.close().await;
            Ok(())
        }
        Command::Prune => {
            let db = startup::prepare_database(&settings).await?;
            let relay = settings.relay(db.clone()).await?;
            let pruned = relay.prune().await;
            db.close().await;
            let pruned = pruned?;
            println!(
                "pruned: {} deliveries, {} attempts, {} stored API answers",
                pruned.deliveries, pruned.attempts, pruned.idempotency_keys
            );
            Ok(())
        }
        Command::SeedDemo => {
            let db = startup::prepare_database(&settings).await?;
            startup::seed_demo(&db).await
        }
        Command::BenchData {
            buyers,
            suppliers,
            orders,
            explain_only,
        } => {
            use portico_core::bench_data;
            let db = startup::prepare_database(&settings).await?;
            if !explain_only {
                let spec = bench_data::BenchSpec {
                    buyers,
                    suppliers,
                    orders,
                };
                let started = std::time::Instant::now();
                let today = time::OffsetDateTime::now_utc().date();
                let outcome = bench_data::generate(&db, spec, today)
                    .await
                    .map_err(|e| anyhow::anyhow!("bench-data: {e}"))?;
                let owner = startup::open_owner(&settings).await?;
                bench_data::analyze(&owner).await?;
                owner.close().await;
                println!(
                    "bench-data: {} organisations, {} suppliers, {} orders, {} lines in {:.1} s",
                    outcome.tenants,
                    outcome.suppliers,
                    outcome.orders,
                    outcome.lines,
                    started.elapsed().as_secs_f64()
                );
                println!(
                    "bench-data: logins {} and {} (…{:02}), password {}",
                    bench_data::bench_login(0, false),
                    bench_data::bench_login(0, true),
                    buyers,
                    bench_data::BENCH_PASSWORD
                );
            }
            for (who, plan) in bench_data::explain_inbox(&db)
                .await
                .map_err(|e| anyhow::anyhow!("bench-data: {e}"))?
            {
                println!("plan ({who}'s first page):");
                for line in plan.lines() {
                    println!("  {line}");
                }
            }
            db.close().await;
            Ok(())
        }
    }
}

fn timestamp(setting: &str, text: &str) -> anyhow::Result<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| anyhow::anyhow!("--{setting}: not an RFC 3339 time ({e}): '{text}'"))
}

async fn edi(db: &portico_core::Db, command: EdiCommand, public_url: &str) -> anyhow::Result<()> {
    use portico_core::services::edi_inbound;
    match command {
        EdiCommand::Import { tenant, ack, file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("{}: cannot read ({e})", file.display()))?;
            let tenant_id = portico_core::db::relay::tenant_by_slug(db, &tenant)
                .await?
                .ok_or_else(|| anyhow::anyhow!("--tenant: no tenant '{tenant}'"))?;
            let meta = portico_core::audit::RequestMeta::default();
            let name = file.file_name().and_then(|n| n.to_str());
            let source = edi_inbound::Source {
                channel: "cli",
                file_name: name,
            };
            let report =
                match edi_inbound::import(db, &meta, tenant_id, &text, public_url, source).await? {
                    Ok(report) => report,
                    Err(e) => anyhow::bail!("{}: nothing imported: {e}", file.display()),
                };
            let mut accepted = 0;
            for set in &report.sets {
                match &set.outcome {
                    Ok((number, outcome)) => {
                        accepted += 1;
                        println!("{} {}: order {number} {outcome:?}", set.id, set.control);
                    }
                    Err(problem) => println!(
                        "{} {}: rejected: {}",
                        set.id,
                        set.control,
                        problem.describe()
                    ),
                }
            }
            println!(
                "interchange {}: {accepted} of {} orders accepted",
                report.interchange_control,
                report.sets.len()
            );
            match ack {
                Some(path) => {
                    std::fs::write(&path, &report.acknowledgement).map_err(|e| {
                        anyhow::anyhow!("--ack {}: cannot write ({e})", path.display())
                    })?;
                    println!("acknowledgement written to {}", path.display());
                }
                None => print!("{}", report.acknowledgement),
            }
            Ok(())
        }
        EdiCommand::Samples { tenant, out } => {
            use portico_core::services::edi_samples;
            let files = match edi_samples::write(db, &tenant, &out).await {
                Err(portico_core::CoreError::NotFound) => {
                    anyhow::bail!("--tenant: no tenant '{tenant}'")
                }
                Err(portico_core::CoreError::Validation { .. }) => {
                    anyhow::bail!(
                        "--tenant: '{tenant}' has no purchase orders to make samples from"
                    )
                }
                other => other?,
            };
            for f in files {
                println!("{}", f.display());
            }
            Ok(())
        }
    }
}

async fn webhooks(db: &portico_core::Db, command: WebhookCommand) -> anyhow::Result<()> {
    use portico_core::services::webhooks::{self, Replay};
    let meta = portico_core::audit::RequestMeta::default();
    match command {
        WebhookCommand::List { tenant } => {
            let endpoints = match webhooks::endpoints_as_operator(db, &tenant).await {
                Err(portico_core::CoreError::NotFound) => {
                    anyhow::bail!("--tenant: no tenant '{tenant}'")
                }
                other => other?,
            };
            if endpoints.is_empty() {
                println!("{tenant}: no webhook endpoints");
            }
            for e in endpoints {
                let state = match (&e.disabled_at, &e.disabled_reason) {
                    (Some(_), Some(reason)) => format!("off ({reason})"),
                    (Some(_), None) => "off".to_owned(),
                    _ => "on".to_owned(),
                };
                println!(
                    "{}  {}  {}  {state}  types: {}  pending {}  delivered {}  dead {}",
                    e.id, e.kind, e.url, e.event_types, e.pending, e.delivered, e.dead
                );
            }
            Ok(())
        }
        WebhookCommand::Replay {
            tenant,
            event,
            since,
            until,
            dead,
            endpoint,
        } => {
            let what = match (event, since, dead) {
                (Some(id), None, false) => Replay::Event(id),
                (None, Some(since), false) => Replay::Created {
                    from: timestamp("since", &since)?,
                    to: match until {
                        Some(u) => timestamp("until", &u)?,
                        None => time::OffsetDateTime::now_utc(),
                    },
                },
                (None, None, true) => Replay::DeadLetters,
                _ => anyhow::bail!(
                    "say what to replay: --event ID, --since TIME [--until TIME], or --dead"
                ),
            };
            match webhooks::replay_as_operator(db, &meta, &tenant, what, endpoint).await {
                Ok(done) => {
                    println!(
                        "{tenant}: {} event(s) scheduled again as {} delivery(ies)",
                        done.events, done.deliveries
                    );
                    Ok(())
                }
                Err(portico_core::CoreError::NotFound) => {
                    anyhow::bail!("no such tenant, event or endpoint in '{tenant}'")
                }
                Err(portico_core::CoreError::Validation { field, message }) => {
                    anyhow::bail!("--{field}: {message}")
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
