//! EDI over directories, the transport most gateways speak: under the EDI root each organisation has a folder named
//! by its slug with `inbound/` (watched) and `outbound/` (written). A file put in `inbound/` is claimed by moving it
//! to `inbound/processing/` (one rename wins when several servers watch the same folder), imported like any other
//! interchange ([`super::edi_inbound::import`]), then moved to `inbound/processed/` — or `inbound/rejected/` when it
//! could not be read — under a name that starts with the time it was taken; the 997 or CONTRL is written to
//! `outbound/`. A file left in `processing/` by a server that stopped mid-import goes back to `inbound/` after
//! [`STALE_CLAIM`]. Every file written out is written atomically: a hidden temporary file, then a rename.

use super::edi_inbound::{self, Source};
use crate::audit::RequestMeta;
use crate::db::{self, Db};
use crate::CoreError;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// A file claimed longer ago than this was left by a server that stopped mid-import; it goes back to `inbound/`
/// (importing it again changes nothing that was done: every order carries its idempotency key).
pub const STALE_CLAIM: std::time::Duration = std::time::Duration::from_secs(600);

/// The largest file taken from an inbound directory; larger ones are moved to `rejected/` unread.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What one pass over the inbound directories did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Files imported (whatever became of their sets).
    pub imported: usize,
    /// Files that could not be read as an interchange, or were too large, moved to `rejected/`.
    pub rejected: usize,
}

/// Writes `text` to `dir/name` atomically: a hidden temporary file in the same directory, flushed to disk, then
/// renamed, so a reader never sees half a file. Creates `dir` when missing.
pub async fn write_atomic(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    use tokio::io::AsyncWriteExt;
    tokio::fs::create_dir_all(dir).await?;
    let target = dir.join(name);
    let temporary = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::now_v7().simple()));
    let mut file = tokio::fs::File::create(&temporary).await?;
    file.write_all(text.as_bytes()).await?;
    file.sync_all().await?;
    drop(file);
    tokio::fs::rename(&temporary, &target).await?;
    Ok(target)
}

/// A file name for something written out: `<kind>_<control>_<unique>.<ext>`, safe on every file system.
pub fn file_name(kind: &str, control: &str, extension: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    };
    format!(
        "{}_{}_{}.{extension}",
        clean(kind),
        clean(control),
        uuid::Uuid::now_v7().simple()
    )
}

/// One pass over every organisation folder under `root`: imports each file waiting in its `inbound/`. Files whose
/// names start with `.` or end in `.tmp` or `.part` are being written by someone and are left alone.
pub async fn scan(db: &Db, root: &Path, public_url: &str) -> Result<ScanReport, CoreError> {
    let mut report = ScanReport::default();
    let mut tenants = match tokio::fs::read_dir(root).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(report),
        Err(e) => return Err(io(e, root)),
    };
    while let Some(entry) = tenants.next_entry().await.map_err(|e| io(e, root))? {
        let Some(slug) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let inbound = entry.path().join("inbound");
        if !tokio::fs::metadata(&inbound)
            .await
            .is_ok_and(|m| m.is_dir())
        {
            continue;
        }
        let Some(tenant) = db::relay::tenant_by_slug(db, &slug).await? else {
            tracing::warn!(folder = %entry.path().display(), "EDI folder names no organisation");
            continue;
        };
        release_stale(&inbound).await?;
        let mut files = tokio::fs::read_dir(&inbound)
            .await
            .map_err(|e| io(e, &inbound))?;
        let mut names = Vec::new();
        while let Some(file) = files.next_entry().await.map_err(|e| io(e, &inbound))? {
            let name = file.file_name().to_string_lossy().into_owned();
            let waiting = file.file_type().await.is_ok_and(|t| t.is_file())
                && !name.starts_with('.')
                && !name.ends_with(".tmp")
                && !name.ends_with(".part");
            if waiting {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            let outcome = take(db, tenant, &entry.path(), &name, public_url).await?;
            match outcome {
                Some(true) => report.imported += 1,
                Some(false) => report.rejected += 1,
                None => {}
            }
        }
    }
    Ok(report)
}

/// Claims, imports and files away one inbound file. `Some(true)` imported, `Some(false)` rejected, `None` when
/// another server claimed it first.
async fn take(
    db: &Db,
    tenant: portico_domain::TenantId,
    folder: &Path,
    name: &str,
    public_url: &str,
) -> Result<Option<bool>, CoreError> {
    let inbound = folder.join("inbound");
    let processing = inbound.join("processing");
    tokio::fs::create_dir_all(&processing)
        .await
        .map_err(|e| io(e, &processing))?;
    let stamp = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    let claimed = processing.join(format!("{stamp}-{name}"));
    match tokio::fs::rename(inbound.join(name), &claimed).await {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e, &inbound)),
    }
    let size = tokio::fs::metadata(&claimed)
        .await
        .map_err(|e| io(e, &claimed))?
        .len();
    let text = if size > MAX_FILE_BYTES {
        None
    } else {
        let bytes = tokio::fs::read(&claimed)
            .await
            .map_err(|e| io(e, &claimed))?;
        Some(match String::from_utf8(bytes) {
            Ok(t) => t,
            // ISO 8859-1 (EDIFACT UNOC) maps every byte to the character with its number.
            Err(e) => e.into_bytes().into_iter().map(char::from).collect(),
        })
    };
    let meta = RequestMeta {
        correlation_id: Some(format!("edi-file-{}", uuid::Uuid::now_v7())),
        ..RequestMeta::default()
    };
    let source = Source {
        channel: "directory",
        file_name: Some(name),
    };
    let imported = match &text {
        Some(text) => edi_inbound::import(db, &meta, tenant, text, public_url, source).await?,
        None => {
            tracing::warn!(file = name, size, "EDI file too large; moved to rejected/");
            let error = portico_edi::EdiError::at(
                0,
                "",
                format!("the file has {size} bytes; at most {MAX_FILE_BYTES} are taken"),
            );
            let standard = portico_domain::edi::EdiStandard::X12;
            edi_inbound::log_unreadable(db, &meta, tenant, standard, "", source, &error).await?;
            Err(error)
        }
    };
    let done = inbound.join(if imported.is_ok() {
        "processed"
    } else {
        "rejected"
    });
    tokio::fs::create_dir_all(&done)
        .await
        .map_err(|e| io(e, &done))?;
    tokio::fs::rename(&claimed, done.join(format!("{stamp}-{name}")))
        .await
        .map_err(|e| io(e, &claimed))?;
    match imported {
        Ok(report) => {
            let (kind, extension) = match report.standard {
                portico_domain::edi::EdiStandard::X12 => ("997", "x12"),
                portico_domain::edi::EdiStandard::Edifact => ("CONTRL", "edi"),
            };
            let outbound = folder.join("outbound");
            let file = file_name(kind, &report.interchange_control, extension);
            write_atomic(&outbound, &file, &report.acknowledgement)
                .await
                .map_err(|e| io(e, &outbound))?;
            tracing::info!(file = name, status = report.status(), "EDI file imported");
            Ok(Some(true))
        }
        Err(e) => {
            tracing::warn!(file = name, error = %e, "EDI file could not be read; moved to rejected/");
            Ok(Some(false))
        }
    }
}

/// Moves files claimed longer than [`STALE_CLAIM`] ago from `processing/` back to `inbound/` under their own names.
async fn release_stale(inbound: &Path) -> Result<(), CoreError> {
    let processing = inbound.join("processing");
    let mut entries = match tokio::fs::read_dir(&processing).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e, &processing)),
    };
    while let Some(entry) = entries.next_entry().await.map_err(|e| io(e, &processing))? {
        let stale = entry
            .metadata()
            .await
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_CLAIM);
        if !stale {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        // Claimed files are named `<milliseconds>-<original name>`.
        let original = name.split_once('-').map_or(name.as_str(), |(_, n)| n);
        tracing::warn!(file = original, "EDI file left mid-import; taken up again");
        match tokio::fs::rename(entry.path(), inbound.join(original)).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e, &processing)),
        }
    }
    Ok(())
}

fn io(e: std::io::Error, path: &Path) -> CoreError {
    CoreError::Internal(anyhow::anyhow!("{}: {e}", path.display()))
}
