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
        Command::SeedDemo => {
            let db = startup::prepare_database(&settings).await?;
            startup::seed_demo(&db).await
        }
    }
}
