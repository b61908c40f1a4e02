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
            let db = startup::open_database(&settings).await?;
            startup::migrate(&db).await?;
            println!("portico: migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            let db = startup::open_database(&settings).await?;
            startup::migrate(&db).await?;
            startup::seed_demo(&db).await
        }
    }
}
