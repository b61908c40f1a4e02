//! Installing the tools the build and the browser tests need, each only if missing.

use crate::{sh, Result};
use std::path::Path;
use std::process::Command;

fn output(program: &str, args: &[&str]) -> Option<String> {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The version of a package recorded in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    Ok(lock[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// The wasm target, cargo-leptos, and the wasm-bindgen CLI at the version the workspace locks.
pub fn ensure_build_tools(root: &Path) -> Result {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        sh(
            root,
            "rustup",
            &["target", "add", "wasm32-unknown-unknown"],
            &[],
        )
        .map_err(|e| format!("{e} (the wasm32 target is needed to build the browser bundle)"))?;
    }
    if output("cargo", &["leptos", "--version"]).is_none() {
        // A dependency of cargo-leptos declares a newer rust-version than it needs.
        sh(
            root,
            "cargo",
            &[
                "install",
                "cargo-leptos",
                "--locked",
                "--ignore-rust-version",
            ],
            &[],
        )?;
    }
    let wanted = locked_version(root, "wasm-bindgen")?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if !have.split_whitespace().any(|w| w == wanted) {
        // Not --locked: one of its locked dependencies is not on the registry mirror.
        sh(
            root,
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &wanted],
            &[],
        )?;
    }
    Ok(())
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|o| o.trim() == "0")
}

/// Chromium (Debian's package) and the Playwright npm packages of `end2end/`.
pub fn ensure_browser_tools(root: &Path) -> Result {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        if is_root() {
            apt_install(root, "chromium")?;
        } else {
            return Err(format!(
                "Chromium not found at {chromium}: install Debian's chromium package (sudo apt-get install chromium) \
                 or set CHROMIUM_PATH"
            ));
        }
    }
    let e2e = root.join("end2end");
    if !e2e.join("node_modules/@playwright/test").exists() {
        let args: &[&str] = if e2e.join("package-lock.json").exists() {
            &["ci"]
        } else {
            &["install"]
        };
        sh(
            &e2e,
            "npm",
            args,
            &[("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")],
        )?;
    }
    Ok(())
}

/// wrk, the load generator of `cargo xtask bench` (Debian's package).
pub fn ensure_wrk(root: &Path) -> Result {
    if Command::new("wrk").arg("-v").output().is_ok() {
        return Ok(());
    }
    if !is_root() {
        return Err(
            "wrk not found: install Debian's wrk package (sudo apt-get install wrk)".into(),
        );
    }
    apt_install(root, "wrk")
}

/// Installs one of Debian's packages (as root).
fn apt_install(root: &Path, package: &str) -> Result {
    sh(root, "apt-get", &["update", "-qq"], &[])?;
    sh(
        root,
        "apt-get",
        &["install", "-y", "-qq", package],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )
}

/// Drops and re-creates database `name` on the server of `admin_url`; returns the new database's URL.
pub fn fresh_postgres_database(admin_url: &str, name: &str) -> Result<String> {
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        sh(
            Path::new("."),
            "psql",
            &[admin_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", &sql],
            &[],
        )?;
    }
    let (base, _) = admin_url
        .rsplit_once('/')
        .ok_or_else(|| format!("not a database URL: {admin_url}"))?;
    Ok(format!("{base}/{name}"))
}
