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
    /// Audit log maintenance.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
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
        Command::SeedDemo => {
            let db = startup::prepare_database(&settings).await?;
            startup::seed_demo(&db).await
        }
    }
}
