//! The alerting sinks: a chat-style JSON webhook (Slack, Teams, a pager's intake) and e-mail to a list of
//! recipients. Both speak to people, so an alert is a short translated text with a link to the page in Portico that
//! explains it, in the endpoint's language. Both are rate-limited per endpoint ([`crate::delivery::AlertLimit`]):
//! the relay folds what has queued up for an endpoint into one message (a digest) and, once the endpoint's window is
//! used up, holds further alerts until the next window opens — a storm of failures becomes a few messages, and none
//! is lost.

use crate::db::relay::Claimed;
use crate::events::{DeliveryFailed, EventType, ExceptionPayload};
use crate::mail::OutgoingMail;
use portico_domain::Email;
use portico_i18n::{Catalogue, Locale};
use serde::Serialize;

/// One alert as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlertItem {
    pub event_id: uuid::Uuid,
    #[serde(rename = "type")]
    pub event_type: String,
    pub subject: String,
    pub text: String,
    pub link: String,
}

/// The alert for one delivery, in `locale`, linking into the portal at `public_url`.
pub fn item(claimed: &Claimed, locale: Locale, public_url: &str) -> AlertItem {
    let c = Catalogue::new(locale);
    let base = public_url.trim_end_matches('/');
    let organisation = claimed.tenant_name.as_str();
    let data = serde_json::from_str::<serde_json::Value>(&claimed.envelope)
        .ok()
        .and_then(|v| v.get("data").cloned());
    let failed = (claimed.event_type == EventType::DeliveryFailed.name())
        .then(|| data.and_then(|d| serde_json::from_value::<DeliveryFailed>(d).ok()))
        .flatten();
    let (text, link) = match failed {
        Some(f) => {
            let endpoint = if f.endpoint.description.is_empty() {
                f.endpoint.url.clone()
            } else {
                format!("{} ({})", f.endpoint.description, f.endpoint.url)
            };
            let attempts = f.attempts.to_string();
            let error = f
                .last_error
                .clone()
                .unwrap_or_else(|| c.tr("alert-no-error"));
            let args = [
                ("organisation", organisation),
                ("endpoint", endpoint.as_str()),
                ("type", f.event.event_type.as_str()),
                ("subject", f.event.subject.as_str()),
                ("attempts", attempts.as_str()),
                ("error", error.as_str()),
            ];
            let id = if f.reason == "endpoint_gone" {
                "alert-endpoint-gone"
            } else {
                "alert-dead-letter"
            };
            (
                c.tr_args(id, &args),
                format!("{base}/integration/deliveries/{}", f.delivery_id),
            )
        }
        None if claimed.subject.starts_with("exceptions/") => {
            exception_alert(&c, claimed, organisation, base)
        }
        None => {
            let link = match claimed.subject.strip_prefix("purchase-orders/") {
                Some(id) => format!("{base}/orders/{id}"),
                None => format!("{base}/integration"),
            };
            let text = c.tr_args(
                "alert-event",
                &[
                    ("organisation", organisation),
                    ("type", claimed.event_type.as_str()),
                    ("subject", claimed.subject.as_str()),
                ],
            );
            (text, link)
        }
    };
    AlertItem {
        event_id: claimed.event_id,
        event_type: claimed.event_type.clone(),
        subject: claimed.subject.clone(),
        text,
        link,
    }
}

/// An exception opened or resolved, in people's words: its kind, document and supplier, linking to it.
fn exception_alert(
    c: &Catalogue,
    claimed: &Claimed,
    organisation: &str,
    base: &str,
) -> (String, String) {
    let envelope = serde_json::from_str::<serde_json::Value>(&claimed.envelope).ok();
    let exception = envelope
        .as_ref()
        .and_then(|v| v.pointer("/data/exception"))
        .and_then(|e| serde_json::from_value::<ExceptionPayload>(e.clone()).ok());
    let outcome = envelope
        .as_ref()
        .and_then(|v| v.pointer("/data/resolution/outcome"))
        .and_then(|o| o.as_str())
        .and_then(portico_domain::exceptions::Outcome::parse);
    let link = format!(
        "{base}/exceptions/{}",
        claimed.subject.trim_start_matches("exceptions/")
    );
    let Some(e) = exception else {
        let text = c.tr_args(
            "alert-event",
            &[
                ("organisation", organisation),
                ("type", claimed.event_type.as_str()),
                ("subject", claimed.subject.as_str()),
            ],
        );
        return (text, link);
    };
    let kind = portico_domain::exceptions::ExceptionKind::parse(&e.kind)
        .map(|k| c.tr(&k.label_key()))
        .unwrap_or_else(|| e.kind.clone());
    let supplier = e
        .supplier
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| c.tr("exceptions-no-supplier"));
    let mut args = vec![
        ("organisation", organisation.to_owned()),
        ("kind", kind),
        ("document", e.document.number.clone()),
        ("supplier", supplier),
    ];
    let id = match outcome {
        Some(o) => {
            args.push(("outcome", c.tr(&o.label_key())));
            "alert-exception-resolved"
        }
        None => "alert-exception-opened",
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    (c.tr_args(id, &args), link)
}

fn headline(c: &Catalogue, organisation: &str, count: usize) -> String {
    if count == 1 {
        c.tr_args("alert-headline-one", &[("organisation", organisation)])
    } else {
        let n = count.to_string();
        c.tr_args(
            "alert-headline-many",
            &[("organisation", organisation), ("count", n.as_str())],
        )
    }
}

/// The JSON body of a chat-style alert webhook: `text` (what Slack, Teams and most chat intakes show) and the alerts
/// as data for anything that reads more.
pub fn webhook_body(
    locale: Locale,
    tenant_slug: &str,
    organisation: &str,
    items: &[AlertItem],
) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        text: String,
        tenant: &'a str,
        alerts: &'a [AlertItem],
    }
    let c = Catalogue::new(locale);
    let mut text = headline(&c, organisation, items.len());
    for i in items {
        text.push_str(&format!("\n• {} {}", i.text, i.link));
    }
    serde_json::to_string(&Body {
        text,
        tenant: tenant_slug,
        alerts: items,
    })
    .unwrap_or_default()
}

/// The recipients of an e-mail alert endpoint, stored as a `mailto:` URL with comma-separated addresses.
pub fn recipients(url: &str) -> Result<Vec<Email>, String> {
    let list = url
        .strip_prefix("mailto:")
        .ok_or_else(|| "not a mailto: address list".to_owned())?;
    let mut out = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        out.push(Email::parse(part).map_err(|_| format!("not an e-mail address: {part}"))?);
    }
    if out.is_empty() {
        return Err("no recipients".to_owned());
    }
    Ok(out)
}

/// One alert e-mail per recipient (plain text and HTML, in `locale`).
pub fn mails(
    locale: Locale,
    organisation: &str,
    to: &[Email],
    items: &[AlertItem],
) -> Vec<OutgoingMail> {
    let c = Catalogue::new(locale);
    let subject = headline(&c, organisation, items.len());
    let footer = c.tr_args("alert-mail-footer", &[("organisation", organisation)]);
    let open = c.tr("alert-open");
    let mut text = String::new();
    let mut list = String::new();
    for i in items {
        text.push_str(&format!("- {}\n  {}: {}\n\n", i.text, open, i.link));
        list.push_str(&format!(
            "<li style=\"margin-bottom:12px\">{}<br><a href=\"{}\" style=\"color:#1d4ed8\">{}</a></li>",
            crate::mail::escape(&i.text),
            crate::mail::escape(&i.link),
            crate::mail::escape(&open)
        ));
    }
    let text = format!("{subject}\n\n{text}-- \n{footer}\n");
    let html = crate::mail::layout(
        locale,
        &subject,
        &format!("<ul style=\"padding-left:18px\">{list}</ul>"),
        &footer,
    );
    to.iter()
        .map(|address| OutgoingMail {
            to: address.clone(),
            subject: subject.clone(),
            text: text.clone(),
            html: html.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_read_from_a_mailto_list() {
        let r = recipients("mailto:ops@northwind.example, erp-team@northwind.example").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].as_str(), "erp-team@northwind.example");
        assert!(recipients("mailto:").is_err());
        assert!(recipients("mailto:ops@northwind.example,nobody").is_err());
        assert!(recipients("https://x.example").is_err());
    }
}
