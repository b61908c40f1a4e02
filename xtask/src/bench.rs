//! `cargo xtask bench [--tiny] [--backend sqlite|postgres] [--no-p5]`: the measurements of docs/PERFORMANCE.md, each against a
//! baseline measured in the same run, printed as one Markdown table per backend.
//!
//! Full size builds release binaries and generates 100 000 orders (and 1 000 000 for P5); `--tiny` uses the debug
//! build and a few thousand orders so CI keeps the command working — its figures mean nothing. No figure is ever
//! compared against a limit here: the goals are printed next to them for the reader.

use crate::{free_port, sh, target_dir, tools, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Client connections for the load: docs/PERFORMANCE.md fixes 64.
const CONNECTIONS: u32 = 64;

struct Size {
    buyers: u32,
    suppliers: u32,
    orders: u32,
    seconds: u32,
}

const FULL: Size = Size {
    buyers: 20,
    suppliers: 1000,
    orders: 100_000,
    seconds: 15,
};
const TINY: Size = Size {
    buyers: 4,
    suppliers: 40,
    orders: 2000,
    seconds: 2,
};

/// One wrk run's figures.
#[derive(Clone, Copy, Debug, Default)]
struct Load {
    rps: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
}

/// wrk reports its latency percentiles (microseconds) and errors through this script.
const WRK_SCRIPT: &str = r#"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("portico-bench requests=%d duration_us=%d errors=%d p50=%d p95=%d p99=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"#;

pub fn bench(root: &Path, args: &[String]) -> Result {
    let tiny = args.iter().any(|a| a == "--tiny");
    let scale = !args.iter().any(|a| a == "--no-p5");
    let backend_arg = args
        .iter()
        .position(|a| a == "--backend")
        .map(|i| args.get(i + 1).cloned().unwrap_or_default());
    let pg = std::env::var("PORTICO_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty());
    let backends: Vec<&str> = match backend_arg.as_deref() {
        Some("sqlite") => vec!["sqlite"],
        Some("postgres") if pg.is_some() => vec!["postgres"],
        Some("postgres") => {
            return Err("--backend postgres needs PORTICO_TEST_POSTGRES_URL (a server the benchmark may create a database on)".into())
        }
        Some(other) => return Err(format!("--backend: '{other}' is neither sqlite nor postgres")),
        None if pg.is_some() => vec!["sqlite", "postgres"],
        None => vec!["sqlite"],
    };
    let size = if tiny { TINY } else { FULL };
    tools::ensure_wrk(root)?;

    let profile = if tiny { "debug" } else { "release" };
    let mut build = vec![
        "build",
        "-p",
        "portico",
        "--bin",
        "portico",
        "--example",
        "bench_baseline",
        "--example",
        "bench_events",
    ];
    if !tiny {
        build.push("--release");
    }
    sh(root, "cargo", &build, &[])?;
    let bin = target_dir(root).join(profile);
    let portico = bin.join("portico");
    let baseline = bin.join("examples").join("bench_baseline");
    let work = target_dir(root).join("bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let script = work.join("report.lua");
    std::fs::write(&script, WRK_SCRIPT).map_err(|e| e.to_string())?;

    // P2 first, on its own fresh databases (the example makes and drops them).
    println!("bench: P2, supplier actions to delivered webhooks");
    let mut events = Command::new(bin.join("examples").join("bench_events"));
    events
        .arg(if tiny { "200" } else { "2000" })
        .current_dir(root)
        .stderr(Stdio::inherit());
    if !backends.contains(&"postgres") {
        events.env_remove("PORTICO_TEST_POSTGRES_URL");
    }
    let out = events
        .output()
        .map_err(|e| format!("cannot run bench_events: {e}"))?;
    let p2 = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!("bench_events exited with {}:\n{p2}", out.status));
    }

    let machine = machine();
    let mut tables = Vec::new();
    for backend in backends {
        let run = Run {
            root,
            portico: &portico,
            baseline: &baseline,
            work: &work,
            script: &script,
            backend,
            admin_url: pg.as_deref(),
            size: &size,
            scale,
        };
        tables.push(run.measure()?);
    }
    println!();
    println!(
        "bench: {} build, {machine}; wrk (2 threads, {CONNECTIONS} connections, {} s per figure) shares the cores with \
         the server",
        if tiny { "debug (tiny: figures mean nothing)" } else { "release" },
        size.seconds
    );
    println!("{}", wasm_size(root));
    for table in tables {
        println!("{table}");
    }
    println!("\nP2: supplier actions → delivered, signed webhooks (goal ≥ 0.5 of the lesser baseline; p99 ≤ 250 ms)");
    println!("{p2}");
    Ok(())
}

struct Run<'a> {
    root: &'a Path,
    portico: &'a Path,
    baseline: &'a Path,
    work: &'a Path,
    script: &'a Path,
    backend: &'a str,
    admin_url: Option<&'a str>,
    size: &'a Size,
    /// Whether to measure P5 (ten times the data: about 12 minutes of generating at full size on SQLite).
    scale: bool,
}

/// A child process killed when dropped (a failed measurement leaves no server behind).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Run<'_> {
    fn database(&self, name: &str) -> Result<String> {
        match self.backend {
            "postgres" => tools::fresh_postgres_database(self.admin_url.unwrap_or_default(), name),
            _ => Ok(format!("sqlite://{}/{name}.db", self.work.display())),
        }
    }

    /// Writes the data set (`scale` times the size) and returns the generator's report (counts, then plans).
    fn generate(&self, url: &str, scale: u32) -> Result<String> {
        let s = self.size;
        let out = Command::new(self.portico)
            .args([
                "bench-data",
                "--buyers",
                &s.buyers.to_string(),
                "--suppliers",
                &(s.suppliers * scale).to_string(),
                "--orders",
                &(s.orders * scale).to_string(),
            ])
            .current_dir(self.root)
            .env("DATABASE_URL", url)
            .env("PORTICO_LOG_FILTER", "warn")
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run portico bench-data: {e}"))?;
        let report = String::from_utf8_lossy(&out.stdout).into_owned();
        print!("{report}");
        if !out.status.success() {
            return Err(format!("portico bench-data exited with {}", out.status));
        }
        Ok(report)
    }

    fn serve(&self, url: &str) -> Result<(Guard, u16)> {
        let port = free_port()?;
        let child = Command::new(self.portico)
            .arg("serve")
            .current_dir(self.root)
            .env("DATABASE_URL", url)
            .env("PORTICO_BIND_ADDRESS", format!("127.0.0.1:{port}"))
            .env("PORTICO_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("PORTICO_LOG_FILTER", "warn")
            .env("LEPTOS_SITE_ROOT", crate::site_root(self.root))
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let mut guard = Guard(child);
        crate::wait_ready(port, &mut guard.0)?;
        Ok((guard, port))
    }

    /// Signs in as the first organisation's buyer and returns the session cookie.
    fn sign_in(&self, port: u16) -> Result<String> {
        let out = Command::new("curl")
            .args([
                "-sS",
                "-o",
                "/dev/null",
                "-D",
                "-",
                "-H",
                "accept: application/json",
                "--data-urlencode",
                "email=buyer@bench-01.example",
                "--data-urlencode",
                "password=portico-bench",
                &format!("http://127.0.0.1:{port}/api/login"),
            ])
            .output()
            .map_err(|e| format!("cannot run curl: {e}"))?;
        let headers = String::from_utf8_lossy(&out.stdout);
        headers
            .lines()
            .filter_map(|l| {
                l.strip_prefix("set-cookie: ")
                    .or(l.strip_prefix("Set-Cookie: "))
            })
            .find(|c| c.starts_with("portico_session="))
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
            .ok_or_else(|| format!("signing in as the benchmark's buyer failed:\n{headers}"))
    }

    /// Fetches the order list with the session and checks it is the signed-in list with a full page.
    fn fetch_page(&self, port: u16, cookie: &str) -> Result<PathBuf> {
        let file = self.work.join(format!("orders-{}.html", self.backend));
        let status = Command::new("curl")
            .args([
                "-sS",
                "-f",
                "-H",
                "accept: text/html",
                "-H",
                &format!("cookie: {cookie}"),
                "-o",
                &file.display().to_string(),
                &format!("http://127.0.0.1:{port}/orders"),
            ])
            .status()
            .map_err(|e| format!("cannot run curl: {e}"))?;
        if !status.success() {
            return Err(format!("GET /orders failed ({status})"));
        }
        let body = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let rows = body.matches("<a href=\"/orders/0").count();
        if rows < 50 {
            return Err(format!(
                "GET /orders with the benchmark's session shows {rows} order links, not a full page of 50 ({})",
                file.display()
            ));
        }
        Ok(file)
    }

    fn wrk(&self, url: &str, cookie: Option<&str>) -> Result<Load> {
        let mut args = vec![
            "-t2".to_owned(),
            format!("-c{CONNECTIONS}"),
            format!("-d{}s", self.size.seconds),
            "-s".to_owned(),
            self.script.display().to_string(),
            "-H".to_owned(),
            "accept: text/html".to_owned(),
        ];
        if let Some(c) = cookie {
            args.push("-H".into());
            args.push(format!("cookie: {c}"));
        }
        args.push(url.to_owned());
        let out = Command::new("wrk")
            .args(&args)
            .output()
            .map_err(|e| format!("cannot run wrk: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.starts_with("portico-bench "))
            .ok_or_else(|| format!("wrk printed no figures for {url}:\n{text}"))?;
        let field = |name: &str| -> f64 {
            line.split_whitespace()
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        if field("errors") > 0.0 {
            return Err(format!(
                "{url}: {} of {} requests failed or were not 2xx/3xx",
                field("errors"),
                field("requests")
            ));
        }
        Ok(Load {
            rps: field("requests") / (field("duration_us") / 1e6),
            p50_ms: field("p50") / 1000.0,
            p95_ms: field("p95") / 1000.0,
            p99_ms: field("p99") / 1000.0,
        })
    }

    /// P4's paint half: `end2end/bench/lcp.spec.ts` against the running server; the paint's "median / worst" and
    /// the median time at which the page's islands ran, in ms.
    fn lcp(&self, port: u16) -> Result<(String, String)> {
        if !crate::site_root(self.root).join("pkg").exists() {
            return Ok(("no site build".into(), "no site build".into()));
        }
        tools::ensure_browser_tools(self.root)?;
        let out = Command::new("npx")
            .args(["playwright", "test", "--config", "bench.config.ts"])
            .current_dir(self.root.join("end2end"))
            .env("BASE_URL", format!("http://127.0.0.1:{port}"))
            .output()
            .map_err(|e| format!("cannot run Playwright: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("portico-lcp "))
            .filter(|_| out.status.success())
            .ok_or_else(|| format!("the paint measurement failed:\n{text}"))?;
        let field = |name: &str| {
            line.split_whitespace()
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .unwrap_or("?")
                .to_owned()
        };
        Ok((
            format!("{} / {}", field("median_ms"), field("worst_ms")),
            field("hydrated_median_ms"),
        ))
    }

    fn measure(&self) -> Result<String> {
        let s = self.size;
        println!(
            "bench: {}: generating {} organisations, {} suppliers, {} orders",
            self.backend, s.buyers, s.suppliers, s.orders
        );
        let url = self.database("portico_bench")?;
        let report = self.generate(&url, 1)?;
        let (server, port) = self.serve(&url)?;
        let cookie = self.sign_in(port)?;
        let page = self.fetch_page(port, &cookie)?;
        let page_bytes = std::fs::metadata(&page).map(|m| m.len()).unwrap_or(0);

        let base_port = free_port()?;
        let mut base = Guard(
            Command::new(self.baseline)
                .args([
                    &format!("127.0.0.1:{base_port}"),
                    &url,
                    &page.display().to_string(),
                    "bench-01",
                ])
                .stdout(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start the baseline: {e}"))?,
        );
        crate::wait_ready(base_port, &mut base.0)?;

        let orders = format!("http://127.0.0.1:{port}/orders");
        // A short warm-up of each, so caches and pools are filled before anything counts.
        let warm = Run {
            size: &Size { seconds: 1, ..*s },
            ..*self
        };
        warm.wrk(&orders, Some(&cookie))?;
        warm.wrk(&format!("http://127.0.0.1:{base_port}/query"), None)?;
        let static_page = self.wrk(&format!("http://127.0.0.1:{base_port}/static"), None)?;
        let query = self.wrk(&format!("http://127.0.0.1:{base_port}/query"), None)?;
        let p1 = self.wrk(&orders, Some(&cookie))?;
        let memory = Memory::read(server.0.id());
        drop(base);
        let (lcp, hydrated) = self.lcp(port)?;
        drop(server);

        let (report10, p5) = if self.scale {
            println!("bench: {}: P5, ten times the orders", self.backend);
            let url10 = self.database("portico_bench_10x")?;
            let report10 = self.generate(&url10, 10)?;
            let (server10, port10) = self.serve(&url10)?;
            let cookie10 = self.sign_in(port10)?;
            self.fetch_page(port10, &cookie10)?;
            let orders10 = format!("http://127.0.0.1:{port10}/orders");
            warm.wrk(&orders10, Some(&cookie10))?;
            let p5 = self.wrk(&orders10, Some(&cookie10))?;
            drop(server10);
            (report10, Some(p5))
        } else {
            (String::new(), None)
        };

        let mut t = String::new();
        let _ = writeln!(t, "\n### {}\n", self.backend);
        let _ = writeln!(t, "```");
        for line in report.lines().chain(report10.lines()) {
            let _ = writeln!(t, "{line}");
        }
        let _ = writeln!(t, "```\n");
        let _ = writeln!(t, "The order list's page: {page_bytes} bytes.\n");
        let _ = writeln!(t, "| id | figure | Portico | baseline | ratio | goal |");
        let _ = writeln!(t, "|---|---|---|---|---|---|");
        let _ = writeln!(
            t,
            "| P1 | `GET /orders` req/s vs (a) static page | {:.0} | {:.0} | {:.3} | ≥ 0.08 |",
            p1.rps,
            static_page.rps,
            p1.rps / static_page.rps
        );
        let _ = writeln!(
            t,
            "| P1 | `GET /orders` req/s vs (b) bare query + `format!` | {:.0} | {:.0} | {:.2} | ≥ 0.7 |",
            p1.rps,
            query.rps,
            p1.rps / query.rps
        );
        let _ = writeln!(
            t,
            "| P1 | latency p50 / p95 / p99 (ms) | {:.1} / {:.1} / {:.1} | (b) {:.1} / {:.1} / {:.1} | | p99 ≤ 50 |",
            p1.p50_ms, p1.p95_ms, p1.p99_ms, query.p50_ms, query.p95_ms, query.p99_ms
        );
        if let Some(p5) = p5 {
            let _ = writeln!(
                t,
                "| P5 | 10× orders: p50 / p99 (ms) | {:.1} / {:.1} | P1 {:.1} / {:.1} | {:.2} / {:.2} | ≤ 1.2 |",
                p5.p50_ms,
                p5.p99_ms,
                p1.p50_ms,
                p1.p99_ms,
                p5.p50_ms / p1.p50_ms,
                p5.p99_ms / p1.p99_ms
            );
            let _ = writeln!(
                t,
                "| P5 | 10× orders: req/s | {:.0} | P1 {:.0} | {:.2} | |",
                p5.rps,
                p1.rps,
                p5.rps / p1.rps
            );
        }
        let _ = writeln!(
            t,
            "| P4 | Largest Contentful Paint of `/orders` in Chromium, median / worst of 10 (ms) | {lcp} | | | ≤ 300 |"
        );
        let _ = writeln!(
            t,
            "| P4 | `/orders` interactive (wasm loaded, its islands running), median of 10 (ms) | {hydrated} | | | |"
        );
        let _ = writeln!(
            t,
            "| P6 | server peak resident memory during P1 (MB) | {} | | | ≤ 150 |",
            memory
                .as_ref()
                .map(|m| format!("{:.0}", m.peak))
                .unwrap_or_else(|| "unknown".into())
        );
        if let Some(m) = memory.as_ref().and_then(|m| m.proportional.as_ref()) {
            let _ = writeln!(
                t,
                "| P6 | resident at P1's end, proportional (`Pss`): the heap and stacks / mapped files (MB) | {:.0} / {:.0} | | | |",
                m.anonymous, m.file
            );
        }
        Ok(t)
    }
}

/// A process's resident memory, in MB (Linux `/proc/<pid>/status` and `smaps_rollup`).
struct Memory {
    /// `VmHWM`: the most it has had resident (P6's figure).
    peak: f64,
    /// `Pss_Anon` and `Pss_File` (below), when the kernel gives `smaps_rollup`.
    proportional: Option<Proportional>,
}

/// What a process has resident, each page divided by the number of its mappings, in MB.
struct Proportional {
    /// `Pss_Anon`: its heap, stacks and other private memory.
    anonymous: f64,
    /// `Pss_File`: the files it maps (its binary, its libraries, SQLite's memory-mapped database). `VmHWM` counts
    /// a page of a file once per mapping, and every pooled SQLite connection maps the database file on its own.
    file: f64,
}

impl Memory {
    fn read(pid: u32) -> Option<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let field = |text: &str, name: &str| -> Option<f64> {
            let kb: f64 = text
                .lines()
                .find_map(|l| l.strip_prefix(name))?
                .split_whitespace()
                .next()?
                .parse()
                .ok()?;
            Some(kb / 1024.0)
        };
        let proportional = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|rollup| {
                Some(Proportional {
                    anonymous: field(&rollup, "Pss_Anon:")?,
                    file: field(&rollup, "Pss_File:")?,
                })
            });
        Some(Memory {
            peak: field(&status, "VmHWM:")?,
            proportional,
        })
    }
}

/// The CPU and the number of cores, for the table's heading.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cpu}, {cores} cores")
}

/// P4's size half: the browser bundle of the last site build, raw and gzip-compressed.
fn wasm_size(root: &Path) -> String {
    let wasm = root.join("target/site/pkg/portico.wasm");
    let Ok(raw) = std::fs::metadata(&wasm).map(|m| m.len()) else {
        return format!(
            "P4: no browser bundle at {} (`cargo leptos build --release` makes one)",
            wasm.display()
        );
    };
    let gz = Command::new("sh")
        .args(["-c", &format!("gzip -9 -c '{}' | wc -c", wasm.display())])
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<u64>()
                .ok()
        });
    let age = std::fs::metadata(&wasm)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .map(|d| format!(", built {} min ago", d.as_secs() / 60))
        .unwrap_or_default();
    format!(
        "P4: browser bundle {} KB raw, {} KB gzip (goal ≤ 250 KB gzip){age}",
        raw / 1024,
        gz.map(|g| (g / 1024).to_string())
            .unwrap_or_else(|| "unknown".into())
    )
}
