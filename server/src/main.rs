//! `portico`: the Portico server binary.
//!
//! `portico serve` (the default) runs the web portal; `portico migrate` applies database migrations; `portico
//! seed-demo` loads the demo data set. Configuration comes from `portico.toml` and `PORTICO_*` variables
//! ([`config::Settings`]). Every failure is one line on standard error and a non-zero exit code.

mod cli;

use portico::{config::Settings, startup, telemetry};
use std::process::ExitCode;

/// mimalloc instead of the C library's allocator: rendering a page makes many small, short-lived allocations from
/// several threads at once, where glibc's arenas spent a quarter of the server's time (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let command = cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("portico: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings);
    match cli::run(command, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, naming what to fix; the chain of causes is joined with ": ".
            eprintln!("portico: {}", startup::one_line(&e));
            ExitCode::FAILURE
        }
    }
}
