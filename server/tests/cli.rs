//! The binary's start-up errors: one line naming the setting, non-zero exit.

use std::process::Command;

fn portico(env: &[(&str, &str)], args: &[&str]) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("PORTICO_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run portico");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).trim().to_owned(),
    )
}

#[test]
fn unsupported_database_scheme_is_refused_in_one_line() {
    let (ok, err) = portico(
        &[("DATABASE_URL", "mysql://root@localhost/portico")],
        &["migrate"],
    );
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("database_url: unsupported scheme 'mysql'"),
        "{err}"
    );
}

#[test]
fn unreachable_database_names_the_setting() {
    let (ok, err) = portico(
        &[(
            "DATABASE_URL",
            "postgres://portico:secret@127.0.0.1:1/portico",
        )],
        &["migrate"],
    );
    assert!(!ok);
    assert!(err.contains("database_url: cannot open"), "{err}");
    assert!(!err.contains("secret"), "password leaked: {err}");
}

#[test]
fn missing_config_file_and_bad_values_are_named() {
    let (ok, err) = portico(
        &[("PORTICO_CONFIG", "/nonexistent/portico.toml")],
        &["migrate"],
    );
    assert!(!ok);
    assert!(
        err.contains("PORTICO_CONFIG names /nonexistent/portico.toml"),
        "{err}"
    );
    let (ok, err) = portico(&[("PORTICO_BIND_ADDRESS", "not-an-address")], &["migrate"]);
    assert!(!ok);
    assert!(err.contains("bind_address:"), "{err}");
}

#[test]
fn migrate_and_seed_work_on_a_fresh_sqlite_file() {
    let dir = std::env::temp_dir().join(format!("portico-cli-{}", std::process::id()));
    let url = format!("sqlite://{}/portico.db", dir.display());
    let (ok, err) = portico(&[("DATABASE_URL", &url)], &["migrate"]);
    assert!(ok, "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("seed-demo")
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("demo data loaded (62 purchase orders, two buyer organisations)"),
        "{stdout}"
    );
    assert!(stdout.contains("anna@acme.example"));
    // The audit chains of a fresh database verify.
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("0 problems"), "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn operators_disable_and_enable_a_login_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("portico-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/portico.db", dir.display());
    let env = [("DATABASE_URL", url.as_str())];
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_portico"))
            .args(args)
            .env_remove("PORTICO_CONFIG")
            .env("DATABASE_URL", &url)
            .output()
            .expect("run portico");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        )
    };
    let (ok, _, err) = run(&["seed-demo"]);
    assert!(ok, "{err}");
    let (ok, out, err) = run(&["user", "disable", "sam@acme.example"]);
    assert!(ok, "{err}");
    assert_eq!(out, "portico: sam@acme.example disabled; 0 sessions ended");
    let (ok, out, _) = run(&["user", "enable", "sam@acme.example"]);
    assert!(ok);
    assert_eq!(out, "portico: sam@acme.example enabled");
    let (ok, err) = portico(&env, &["user", "reset-two-factor", "nobody@acme.example"]);
    assert!(!ok);
    assert!(err.contains("no login with that e-mail address"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
