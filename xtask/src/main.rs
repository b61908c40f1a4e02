//! Developer commands, run as `cargo xtask <command>`:
//!
//! - `run`: install missing tools, build (debug profile), and serve the portal with demo data at http://127.0.0.1:3000
//!   on the embedded SQLite database under `data/`.
//! - `test`: install missing tools (including Chromium and the Playwright packages), run every Rust test, build the
//!   site, then run the browser tests against SQLite and, when `PORTICO_TEST_POSTGRES_URL` is set, PostgreSQL.
//! - `bench [--tiny] [--backend sqlite|postgres] [--no-p5]`: the measurements of docs/PERFORMANCE.md, each against its
//!   baseline in the same run, printed as Markdown tables (`--tiny`: the debug build and a small data set, only to
//!   keep the command working).
//! - `setup`: only install the tools.
//!
//! Every install step is idempotent: a tool that is present at the right version is left alone.

mod bench;
mod tools;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => run(&root),
        Some("test") => test(&root),
        Some("reliability") => reliability(&root),
        Some("bench") => bench::bench(&root, &args[1..]),
        Some("setup") => {
            tools::ensure_build_tools(&root).and_then(|()| tools::ensure_browser_tools(&root))
        }
        _ => {
            eprintln!("usage: cargo xtask <run | test | reliability | bench [--tiny] [--backend sqlite|postgres] [--no-p5] | setup>");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The delivery checks of RELIABILITY.md (19–24) at full size, printing their figures: 1000 submissions with 10
/// `kill -9` of the server, 1000 deliveries with 10 `kill -9` of the relay, 1000 transient receiver faults, long and
/// short writers, one tenant down. `cargo xtask test` runs the same checks in short mode.
fn reliability(root: &Path) -> Result {
    sh(
        root,
        "cargo",
        &[
            "test",
            "-p",
            "portico",
            "--test",
            "reliability",
            "--",
            "--test-threads=1",
            "--nocapture",
        ],
        &[("PORTICO_RELIABILITY", "full")],
    )
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where cargo puts build output (honours `CARGO_TARGET_DIR`).
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Runs a command in `dir`, failing with its name if it does not succeed.
pub(crate) fn sh(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result {
    println!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().copied())
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        ))
    }
}

fn leptos_build(root: &Path) -> Result {
    sh(root, "cargo", &["leptos", "build"], &[])
}

fn server_binary(root: &Path) -> PathBuf {
    target_dir(root).join("debug").join("portico")
}

fn site_root(root: &Path) -> PathBuf {
    root.join("target").join("site")
}

fn run(root: &Path) -> Result {
    tools::ensure_build_tools(root)?;
    leptos_build(root)?;
    std::fs::create_dir_all(root.join("data")).map_err(|e| format!("cannot create data/: {e}"))?;
    let site = site_root(root);
    let database_url =
        std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/portico.db".into());
    println!("xtask: serving on http://127.0.0.1:3000 (database {database_url}); Ctrl-C stops");
    let status = Command::new(server_binary(root))
        .args(["serve", "--demo"])
        .current_dir(root)
        .env("DATABASE_URL", &database_url)
        .env("LEPTOS_SITE_ROOT", &site)
        // A demo on this machine: webhook endpoints may be local receivers (never in production).
        .env("PORTICO_WEBHOOK_ALLOW_PRIVATE", "true")
        .status()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the server exited with {status}"))
    }
}

/// Totals of the test runners' own summaries.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl Tally {
    /// Reads `test result: ok. 5 passed; 0 failed; 1 ignored` (cargo) and `  12 passed (3.1s)` (Playwright).
    fn read_line(&mut self, line: &str) {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                if let [.., n, kind] = words.as_slice() {
                    let n: u64 = n.parse().unwrap_or(0);
                    match *kind {
                        "passed" => self.passed += n,
                        "failed" => self.failed += n,
                        "ignored" => self.skipped += n,
                        _ => {}
                    }
                }
            }
        } else if let [n, kind, ..] = t.split_whitespace().collect::<Vec<_>>().as_slice() {
            if let Ok(n) = n.parse::<u64>() {
                match *kind {
                    "passed" => self.passed += n,
                    "failed" => self.failed += n,
                    "skipped" | "flaky" => self.skipped += n,
                    _ => {}
                }
            }
        }
    }
}

/// Runs a test command, echoing its output and counting its results.
fn run_counted(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, String)],
    tally: &mut Tally,
) -> Result {
    println!("xtask: $ {program} {}", args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            tally.read_line(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        ))
    }
}

fn test(root: &Path) -> Result {
    tools::ensure_build_tools(root)?;
    tools::ensure_browser_tools(root)?;
    let pg = std::env::var("PORTICO_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty());
    match &pg {
        Some(_) => println!("xtask: PostgreSQL tests enabled (PORTICO_TEST_POSTGRES_URL)"),
        None => println!(
            "xtask: PostgreSQL tests skipped: set PORTICO_TEST_POSTGRES_URL to enable them"
        ),
    }
    match std::env::var("PORTICO_TEST_NATS_URL") {
        Ok(url) if !url.is_empty() => println!("xtask: NATS test enabled ({url})"),
        _ => println!("xtask: NATS test skipped: set PORTICO_TEST_NATS_URL to enable it"),
    }
    let mut tally = Tally::default();

    run_counted(
        root,
        "cargo",
        // One test at a time per binary: each HTTP test runs its own servers on both backends, and running them
        // side by side on two cores once left a page request without an answer (see docs/IDENTITY.md).
        &[
            "test",
            "--workspace",
            "--exclude",
            "portico-frontend",
            "--",
            "--test-threads=1",
        ],
        &[],
        &mut tally,
    )?;
    leptos_build(root)?;

    let mut backends = vec![("sqlite", None)];
    if let Some(url) = &pg {
        backends.push(("postgres", Some(url.clone())));
    }
    for (label, admin_url) in backends {
        let database_url = match admin_url {
            None => {
                let dir = target_dir(root).join("e2e");
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                format!("sqlite://{}/portico.db", dir.display())
            }
            Some(admin) => tools::fresh_postgres_database(&admin, "portico_e2e")?,
        };
        // EDI file transport for the browser tests: the EDI sink writes partners' documents here.
        let edi_dir = target_dir(root).join(format!("e2e-edi-{label}"));
        let _ = std::fs::remove_dir_all(&edi_dir);
        std::fs::create_dir_all(&edi_dir).map_err(|e| e.to_string())?;
        let port = free_port()?;
        println!("xtask: browser tests on {label} (port {port})");
        let mut server = start_server(root, &database_url, port, &edi_dir)?;
        let result = wait_ready(port, &mut server).and_then(|()| {
            run_counted(
                &root.join("end2end"),
                "npx",
                &["playwright", "test", "--reporter=list"],
                &[
                    ("BASE_URL", format!("http://127.0.0.1:{port}")),
                    ("PORTICO_BACKEND", label.to_owned()),
                    ("PORTICO_EDI_DIR", edi_dir.display().to_string()),
                ],
                &mut tally,
            )
        });
        let _ = server.kill();
        let _ = server.wait();
        result.map_err(|e| format!("browser tests on {label}: {e}"))?;
    }
    println!(
        "summary: {} passed, {} failed, {} skipped",
        tally.passed, tally.failed, tally.skipped
    );
    if tally.failed > 0 {
        return Err(format!("{} tests failed", tally.failed));
    }
    if tally.passed == 0 {
        return Err("no test ran".into());
    }
    Ok(())
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

fn start_server(root: &Path, database_url: &str, port: u16, edi_dir: &Path) -> Result<Child> {
    Command::new(server_binary(root))
        .args(["serve", "--demo"])
        .current_dir(root)
        .env("DATABASE_URL", database_url)
        .env("PORTICO_BIND_ADDRESS", format!("127.0.0.1:{port}"))
        .env("PORTICO_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site_root(root))
        .env("PORTICO_LOG_FILTER", "warn")
        // The browser tests run a webhook receiver on this machine.
        .env("PORTICO_WEBHOOK_ALLOW_PRIVATE", "true")
        .env("PORTICO_EDI_DIR", edi_dir)
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))
}

fn wait_ready(port: u16, server: &mut Child) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = server.try_wait() {
            return Err(format!("the server exited early with {status}"));
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err("the server did not start listening within 60 s".into())
}
