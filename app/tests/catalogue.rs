//! Every message id the pages use exists in the catalogue (in every language, which `portico-i18n` checks).

use portico_domain::PoStatus;
use portico_i18n::{message_ids, Locale};
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Literal ids passed to `tr(…)`, `tr_args(…)` and `message_id` arms in the UI sources.
fn used_ids() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut ids = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read file");
        // Calls that always take an id, and match arms that return ids (`=> "login-failed"`), which are told
        // apart from other strings by the id shape: lower-case words joined by hyphens.
        let looks_like_id = |s: &str| {
            s.contains('-')
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
        };
        for (call, always) in [
            ("tr(\"", true),
            ("tr_args(\"", true),
            ("fact(\"", true),
            ("=> \"", false),
            ("=> Some(\"", false),
        ] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(call) {
                rest = &rest[i + call.len()..];
                if let Some(end) = rest.find('"') {
                    let id = &rest[..end];
                    if always || looks_like_id(id) {
                        ids.push((id.to_owned(), file.display().to_string()));
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn every_id_used_by_the_pages_is_in_the_catalogue() {
    let known = message_ids(Locale::En);
    let used = used_ids();
    assert!(
        used.len() > 40,
        "the scan found too few ids ({}); did the call names change?",
        used.len()
    );
    let missing: Vec<_> = used.iter().filter(|(id, _)| !known.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "ids used but not in the catalogue: {missing:?}"
    );
}

#[test]
fn every_status_has_a_label() {
    let known = message_ids(Locale::En);
    for status in PoStatus::ALL {
        let id = format!("status-{}", status.code());
        assert!(known.contains(&id), "{id} missing");
    }
}
