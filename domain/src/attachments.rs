//! Attachments: files a supplier adds to an invoice (its own PDF invoice, a delivery receipt). A file is accepted
//! only when its content is a PDF — whatever its name or declared type says — and it is at most [`MAX_BYTES`]. The
//! name it is stored under is the server's (a UUID); the supplier's file name is kept only as a label, cleaned, and
//! offered back on download as an attachment (docs/SHIPPING.md "Attachments").

use serde::{Deserialize, Serialize};

/// The largest file accepted: 10 MiB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The most files one invoice carries.
pub const MAX_PER_INVOICE: usize = 5;

/// The only type accepted.
pub const PDF: &str = "application/pdf";

/// Why a file was refused; each is a catalogue sentence (`attach-error-…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// No file was chosen, or it is empty.
    Empty,
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// The content is not a PDF (its first bytes are not `%PDF-`).
    NotPdf,
    /// It starts like a PDF but has no end-of-file marker: cut off on the way.
    Truncated,
    /// The invoice already carries [`MAX_PER_INVOICE`] files.
    TooMany,
}

impl Refusal {
    /// The catalogue id of its sentence.
    pub const fn message(self) -> &'static str {
        match self {
            Refusal::Empty => "attach-error-empty",
            Refusal::TooLarge => "attach-error-too-large",
            Refusal::NotPdf => "attach-error-not-pdf",
            Refusal::Truncated => "attach-error-truncated",
            Refusal::TooMany => "attach-error-too-many",
        }
    }

    /// The refusal a catalogue id names, for a page that received it in its address.
    pub fn from_message(message: &str) -> Option<Self> {
        [
            Refusal::Empty,
            Refusal::TooLarge,
            Refusal::NotPdf,
            Refusal::Truncated,
            Refusal::TooMany,
        ]
        .into_iter()
        .find(|r| r.message() == message)
    }
}

/// Checks that `bytes` are a whole PDF by content: the `%PDF-` signature at the start (ISO 32000 §7.5.2) and an
/// `%%EOF` marker in the last kilobyte (§7.5.5; readers tolerate trailing bytes after it).
pub fn check_pdf(bytes: &[u8]) -> Result<(), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(Refusal::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(Refusal::Truncated);
    }
    Ok(())
}

/// The label kept for a file the supplier named `name`: its last path component (browsers may send a whole path),
/// without control characters or quotes, at most 100 characters, ending in `.pdf`.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(100)
        .collect();
    let cleaned = cleaned.trim();
    let stem = if cleaned.to_ascii_lowercase().ends_with(".pdf") {
        &cleaned[..cleaned.len() - 4]
    } else {
        cleaned
    };
    let stem = stem.trim().trim_start_matches('.').trim();
    if stem.is_empty() {
        "attachment.pdf".to_owned()
    } else {
        format!("{stem}.pdf")
    }
}

/// The `Content-Disposition` value that offers a file for download (never shown in the browser): an ASCII fallback
/// name and the exact name in RFC 5987 encoding.
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_. ()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in file_name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// An attachment as the invoice page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: uuid::Uuid,
    pub file_name: String,
    pub size_bytes: i64,
    pub created_at: time::OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(body: &[u8]) -> Vec<u8> {
        let mut b = b"%PDF-1.7\n".to_vec();
        b.extend_from_slice(body);
        b.extend_from_slice(b"\n%%EOF\n");
        b
    }

    #[test]
    fn a_pdf_is_known_by_its_content() {
        assert_eq!(check_pdf(&pdf(b"1 0 obj << >> endobj")), Ok(()));
        // A PNG named invoice.pdf.
        assert_eq!(
            check_pdf(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(Refusal::NotPdf)
        );
        // Text that mentions PDF further in.
        assert_eq!(check_pdf(b"hello %PDF-1.4 %%EOF"), Err(Refusal::NotPdf));
        assert_eq!(check_pdf(b""), Err(Refusal::Empty));
        // Cut off before its end.
        assert_eq!(
            check_pdf(b"%PDF-1.7\n1 0 obj << >>"),
            Err(Refusal::Truncated)
        );
        // Bytes after %%EOF are tolerated, as readers do.
        let mut trailing = pdf(b"x");
        trailing.extend_from_slice(&[0u8; 100]);
        assert_eq!(check_pdf(&trailing), Ok(()));
    }

    #[test]
    fn the_size_limit_is_exact() {
        let mut at_limit = pdf(b"");
        at_limit.resize(MAX_BYTES - 7, b' ');
        at_limit.extend_from_slice(b"%%EOF\n\n");
        assert_eq!(at_limit.len(), MAX_BYTES);
        assert_eq!(check_pdf(&at_limit), Ok(()));
        at_limit.push(b'\n');
        assert_eq!(check_pdf(&at_limit), Err(Refusal::TooLarge));
    }

    #[test]
    fn file_names_are_labels_not_paths() {
        assert_eq!(clean_file_name("C:\\Users\\me\\INV-7.pdf"), "INV-7.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(clean_file_name("..pdf"), "attachment.pdf");
        assert_eq!(clean_file_name(""), "attachment.pdf");
        assert_eq!(clean_file_name("a\"b;\r\nc.PDF"), "abc.pdf");
        assert_eq!(clean_file_name("Rechnung März.pdf"), "Rechnung März.pdf");
        assert_eq!(clean_file_name(&"x".repeat(300)).chars().count(), 104);
    }

    #[test]
    fn downloads_are_offered_as_attachments_with_the_exact_name() {
        assert_eq!(
            content_disposition("Rechnung März.pdf"),
            "attachment; filename=\"Rechnung M_rz.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf"
        );
    }

    #[test]
    fn refusals_round_trip_through_their_messages() {
        for r in [
            Refusal::Empty,
            Refusal::TooLarge,
            Refusal::NotPdf,
            Refusal::Truncated,
            Refusal::TooMany,
        ] {
            assert_eq!(Refusal::from_message(r.message()), Some(r));
        }
        assert_eq!(Refusal::from_message("x"), None);
    }
}
