//! Navigation helpers shared by pages and server functions.

/// Accepts a post-login destination only if it is a path on this site (`/orders/…`), never another origin
/// (`//evil.example`, `https://…`, `/\evil`), so a crafted login link cannot redirect elsewhere.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 2048
        && !next.starts_with("/api/")
        && !next.starts_with("/login");
    ok.then(|| next.to_owned())
}

/// Percent-encodes a query parameter value.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A form's mistakes for a redirect's query: `field:message` pairs joined by commas.
pub fn field_errors(errors: &[portico_domain::acknowledgement::FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}:{}", e.field, e.message))
        .collect::<Vec<_>>()
        .join(",")
}

/// Where a settings form goes after it was sent: `page` with the `notice` when it was saved, or with its mistakes
/// ([`field_errors`]) and each value as typed, so the page shows both beside their fields.
pub fn form_redirect(
    page: &str,
    outcome: Result<&str, &[portico_domain::acknowledgement::FieldError]>,
    typed: &[(String, String)],
) -> String {
    match outcome {
        Ok(notice) => format!("{page}?notice={}", encode_query_value(notice)),
        Err(errors) => {
            let mut target = format!(
                "{page}?errors={}",
                encode_query_value(&field_errors(errors))
            );
            for (k, v) in typed {
                target.push_str(&format!("&{k}={}", encode_query_value(v)));
            }
            target
        }
    }
}

/// The mistakes [`field_errors`] wrote: `(field, message key)`.
pub fn parse_field_errors(text: &str) -> Vec<(String, String)> {
    text.split(',')
        .filter_map(|p| p.split_once(':'))
        .map(|(f, m)| (f.to_owned(), m.to_owned()))
        .collect()
}

/// The login page URL that returns to `path` afterwards.
pub fn login_url(path: &str) -> String {
    match safe_next(Some(path)) {
        Some(next) if next != "/" => format!("/login?next={}", encode_query_value(&next)),
        _ => "/login".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_accepted_as_destinations() {
        assert_eq!(
            safe_next(Some("/orders/0190?x=1")).as_deref(),
            Some("/orders/0190?x=1")
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "orders",
            "",
            "/login?next=/x",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad}");
        }
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn login_links_carry_the_destination_encoded() {
        assert_eq!(
            login_url("/orders?status=new&q=45"),
            "/login?next=/orders%3Fstatus%3Dnew%26q%3D45"
        );
        assert_eq!(login_url("/"), "/login");
        assert_eq!(login_url("//evil"), "/login");
    }
}
