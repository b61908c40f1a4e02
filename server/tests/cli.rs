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

/// Runs the binary on `url`; returns success, stdout and stderr.
fn run(url: &str, env: &[(&str, &str)], args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    cmd.args(args)
        .env_remove("PORTICO_CONFIG")
        .env("DATABASE_URL", url)
        .env("PORTICO_LOG_FILTER", "error");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run portico");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        String::from_utf8_lossy(&out.stderr).trim().to_owned(),
    )
}

#[tokio::test]
async fn operators_list_replay_and_relay_webhook_deliveries_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("portico-cli-hooks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("sqlite://{}/portico.db", dir.display());
    assert!(run(&url, &[], &["seed-demo"]).0);

    // An endpoint added after the demo orders: none of their events was meant for it yet.
    let db = portico_core::Db::connect(&url, 1).await.unwrap();
    let admin = portico_core::testing::sign_in(
        &db,
        "admin@northwind.example",
        portico_core::seed::DEMO_PASSWORD,
    )
    .await
    .unwrap()
    .user;
    // Port 9 (discard) on loopback: nothing listens, so every attempt fails to connect.
    portico_core::services::webhooks::add_endpoint(
        &db,
        &portico_core::audit::RequestMeta::default(),
        &admin,
        "http://127.0.0.1:9/hook",
        "*",
        "",
        true,
    )
    .await
    .unwrap();
    db.close().await;

    let (ok, out, err) = run(&url, &[], &["webhooks", "list", "--tenant", "northwind"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("erp_webhook  http://127.0.0.1:9/hook  on  types: *  pending 0"),
        "{out}"
    );

    // Replay the demo's events to it: 60 events, 60 deliveries.
    let (ok, out, err) = run(
        &url,
        &[],
        &[
            "webhooks",
            "replay",
            "--tenant",
            "northwind",
            "--since",
            "2000-01-01T00:00:00Z",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "northwind: 60 event(s) scheduled again as 60 delivery(ies)"
    );

    // One relay pass: every attempt fails to connect and is scheduled again; nothing is lost.
    let (ok, out, err) = run(
        &url,
        &[("PORTICO_WEBHOOK_ALLOW_PRIVATE", "true")],
        &["relay", "--once"],
    );
    assert!(ok, "{err}");
    assert_eq!(out, "relay: nothing more is due");
    let (_, out, _) = run(&url, &[], &["webhooks", "list", "--tenant", "northwind"]);
    assert!(out.contains("pending 60  delivered 0  dead 0"), "{out}");

    // Mistakes are named.
    let (ok, _, err) = run(
        &url,
        &[],
        &["webhooks", "replay", "--tenant", "nowhere", "--dead"],
    );
    assert!(!ok);
    assert!(
        err.contains("no such tenant, event or endpoint in 'nowhere'"),
        "{err}"
    );
    let (ok, _, err) = run(&url, &[], &["webhooks", "replay", "--tenant", "northwind"]);
    assert!(!ok);
    assert!(err.contains("say what to replay"), "{err}");
    let (ok, _, err) = run(
        &url,
        &[],
        &[
            "webhooks",
            "replay",
            "--tenant",
            "northwind",
            "--since",
            "yesterday",
        ],
    );
    assert!(!ok);
    assert!(err.contains("--since: not an RFC 3339 time"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn operators_import_an_850_and_get_the_997() {
    let dir = std::env::temp_dir().join(format!("portico-cli-edi-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/portico.db", dir.display());
    let (ok, _, err) = run(&url, &[], &["seed-demo"]);
    assert!(ok, "{err}");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/edi/850-northwind-two-orders.x12"
    );
    let (ok, out, err) = run(&url, &[], &["edi", "import", "--tenant", "northwind", file]);
    assert!(ok, "{err}");
    assert!(
        out.contains("850 0001: order EDI-4500020001 Created"),
        "{out}"
    );
    assert!(
        out.contains("850 0002: rejected: segment 27 (PO1), element 2:"),
        "{out}"
    );
    assert!(out.contains("1 of 2 orders accepted"), "{out}");
    assert!(out.contains("AK9*P*2*2*1~"), "{out}");

    // Mistakes are named: the tenant, and a broken envelope (nothing imported).
    let (ok, _, err) = run(&url, &[], &["edi", "import", "--tenant", "nope", file]);
    assert!(!ok);
    assert!(err.contains("--tenant: no tenant 'nope'"), "{err}");
    let bad = dir.join("bad.x12");
    std::fs::write(
        &bad,
        std::fs::read_to_string(file)
            .unwrap()
            .replace("SE*17*0001", "SE*9*0001"),
    )
    .unwrap();
    let (ok, _, err) = run(
        &url,
        &[],
        &[
            "edi",
            "import",
            "--tenant",
            "northwind",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(
        err.contains(
            "nothing imported: segment 19 (SE), element 1: 17 segments counted, the trailer says 9"
        ),
        "{err}"
    );

    // Samples for certification: every outbound type for both standards from a demo order, read back by our own
    // readers.
    let out_dir = dir.join("samples");
    let (ok, out, err) = run(
        &url,
        &[],
        &["edi", "samples", "--out", out_dir.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let files: Vec<&str> = out.lines().collect();
    assert_eq!(files.len(), 6, "{out}");
    let mut types = Vec::new();
    for f in &files[..3] {
        let x12 = std::fs::read_to_string(f).unwrap();
        let set = portico_edi::x12::parse(&x12).unwrap().groups[0].sets[0].clone();
        if set.id == "855" {
            assert!(
                set.segments
                    .iter()
                    .any(|s| s.tag == "ACK" && s.el(1) == "IC"),
                "{x12}"
            );
        }
        types.push(set.id);
    }
    for f in &files[3..] {
        let edifact = std::fs::read_to_string(f).unwrap();
        let message = portico_edi::edifact::parse(&edifact).unwrap().messages[0].clone();
        types.push(message.message_type().to_owned());
    }
    assert_eq!(
        types,
        ["855", "856", "810", "ORDRSP", "DESADV", "INVOIC"],
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
