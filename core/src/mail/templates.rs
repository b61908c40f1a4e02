//! The messages Portico sends, rendered in the recipient's language from the catalogue.

use super::OutgoingMail;
use portico_domain::Email;
use portico_i18n::{Catalogue, Locale};

/// Which message to send, with what it needs to say.
#[derive(Clone, Debug)]
pub enum Template {
    /// A link to choose a new password.
    PasswordReset { minutes: i64 },
    /// An invitation to join an organisation's workspace.
    Invitation {
        inviter: String,
        organisation: String,
        days: i64,
    },
    /// A link that opens one document (a purchase order) without a password, for a limited time.
    DocumentLink {
        sender: String,
        organisation: String,
        document: String,
        days: i64,
    },
    /// A new purchase order, or a new version of one, for the recipient's supplier.
    NewOrder {
        organisation: String,
        document: String,
        version: i32,
    },
    /// To buyers: a supplier's answer has changes outside the change policy.
    AnswerToReview { supplier: String, document: String },
    /// To buyers: a supplier rejected an order.
    OrderRejected { supplier: String, document: String },
    /// To the supplier: the buyer decided on its changes.
    ReviewDecided {
        organisation: String,
        document: String,
        /// `approved`, `changes_rejected` or `countered`.
        outcome: portico_domain::acknowledgement::AckOutcome,
    },
    /// To the buyers: the supplier accepted their counter-proposal.
    CounterAccepted { supplier: String, document: String },
    /// To the other side: someone wrote in an order's comments.
    NewComment { author: String, document: String },
    /// To the supplier: an order waits for its acknowledgement, due in a day (`overdue: false`) or past due.
    AckDue {
        organisation: String,
        document: String,
        overdue: bool,
    },
    /// To the buyers: a supplier sent (or corrected) a ship notice.
    ShipNoticeArrived {
        supplier: String,
        document: String,
        corrected: bool,
    },
    /// To the buyers: an invoice outside the tolerances waits for them.
    InvoiceToReview { supplier: String, document: String },
    /// To the buyers: a supplier credited an invoice.
    CreditMemoArrived {
        supplier: String,
        document: String,
        invoice: String,
    },
    /// To the supplier: the buyer (or its ERP) disputed, approved or paid an invoice.
    InvoiceDecided {
        organisation: String,
        document: String,
        status: portico_domain::invoicing::InvoiceStatus,
    },
    /// To both sides' administrators: someone asked to change where the supplier is paid.
    BankChangeRequested {
        supplier: String,
        organisation: String,
        requester: String,
        /// The new account's IBAN or number, masked.
        account: String,
    },
    /// To both sides' administrators: the buyer approved or rejected a bank account change.
    BankChangeDecided {
        supplier: String,
        organisation: String,
        account: String,
        approved: bool,
    },
    /// To a supplier's administrators: a compliance document runs out soon (or today) and needs a newer one.
    DocumentExpiring {
        organisation: String,
        supplier: String,
        title: String,
        /// The expiry date, `YYYY-MM-DD`.
        expires_on: String,
        /// Days until it runs out (0: today is its last day).
        days: i64,
        /// It ran out already (the job missed its last day).
        expired: bool,
    },
    /// To a supplier's administrators: the buyer activated the supplier, orders come from now on.
    SupplierActivated {
        organisation: String,
        supplier: String,
    },
    /// To the buyer's administrators: a supplier sent its profile (or changes the buyer reviews) for review.
    ProfileToReview {
        organisation: String,
        supplier: String,
        /// The supplier's first profile (onboarding) rather than a change to an active supplier's.
        first: bool,
    },
    /// To a supplier's administrators: the buyer approved changes to the profile, or returned them with a comment.
    ProfileDecided {
        organisation: String,
        supplier: String,
        approved: bool,
        comment: String,
    },
}

impl Template {
    /// The kind of notification this is, for the recipient's preferences (`None`: about the person's own account,
    /// always sent at once).
    pub fn kind(&self) -> Option<portico_domain::notifications::NotificationKind> {
        use portico_domain::notifications::NotificationKind as K;
        match self {
            Template::PasswordReset { .. }
            | Template::Invitation { .. }
            | Template::DocumentLink { .. }
            | Template::BankChangeRequested { .. }
            | Template::BankChangeDecided { .. }
            | Template::DocumentExpiring { .. }
            | Template::SupplierActivated { .. }
            | Template::ProfileToReview { .. }
            | Template::ProfileDecided { .. } => None,
            Template::NewOrder { version: 1, .. } => Some(K::NewOrder),
            Template::NewOrder { .. } => Some(K::ChangedOrder),
            Template::AckDue { .. } => Some(K::AckDue),
            Template::AnswerToReview { .. } => Some(K::ChangesToReview),
            Template::OrderRejected { .. } => Some(K::OrderRejected),
            Template::ReviewDecided { .. } => Some(K::ReviewDecided),
            Template::CounterAccepted { .. } => Some(K::CounterAccepted),
            Template::NewComment { .. } => Some(K::Comment),
            Template::ShipNoticeArrived { .. } => Some(K::ShipNotice),
            Template::InvoiceToReview { .. } | Template::CreditMemoArrived { .. } => {
                Some(K::InvoiceToReview)
            }
            Template::InvoiceDecided { .. } => Some(K::InvoiceDecided),
        }
    }

    fn prefix(&self) -> &'static str {
        match self {
            Template::PasswordReset { .. } => "mail-reset",
            Template::Invitation { .. } => "mail-invite",
            Template::DocumentLink { .. } => "mail-doclink",
            Template::NewOrder { version: 1, .. } => "mail-neworder",
            Template::NewOrder { .. } => "mail-changeorder",
            Template::AnswerToReview { .. } => "mail-ack-review",
            Template::OrderRejected { .. } => "mail-ack-rejected",
            Template::ReviewDecided { outcome, .. } => match outcome {
                portico_domain::acknowledgement::AckOutcome::Approved => "mail-review-approved",
                portico_domain::acknowledgement::AckOutcome::Countered => "mail-review-countered",
                _ => "mail-review-rejected",
            },
            Template::CounterAccepted { .. } => "mail-counter-accepted",
            Template::AckDue { overdue: false, .. } => "mail-ack-due-soon",
            Template::AckDue { .. } => "mail-ack-overdue",
            Template::NewComment { .. } => "mail-comment",
            Template::ShipNoticeArrived {
                corrected: false, ..
            } => "mail-asn",
            Template::ShipNoticeArrived { .. } => "mail-asn-corrected",
            Template::InvoiceToReview { .. } => "mail-invoice-review",
            Template::CreditMemoArrived { .. } => "mail-credit",
            Template::InvoiceDecided { status, .. } => match status {
                portico_domain::invoicing::InvoiceStatus::Disputed => "mail-invoice-disputed",
                portico_domain::invoicing::InvoiceStatus::Paid => "mail-invoice-paid",
                _ => "mail-invoice-approved",
            },
            Template::BankChangeRequested { .. } => "mail-bank-requested",
            Template::BankChangeDecided { approved: true, .. } => "mail-bank-approved",
            Template::BankChangeDecided { .. } => "mail-bank-rejected",
            Template::DocumentExpiring { expired: true, .. } => "mail-doc-expired",
            Template::DocumentExpiring { .. } => "mail-doc-expiring",
            Template::SupplierActivated { .. } => "mail-supplier-activated",
            Template::ProfileToReview { first: true, .. } => "mail-profile-submitted",
            Template::ProfileToReview { .. } => "mail-profile-change",
            Template::ProfileDecided { approved: true, .. } => "mail-profile-approved",
            Template::ProfileDecided { .. } => "mail-profile-returned",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Template::PasswordReset { minutes } => vec![("minutes", minutes.to_string())],
            Template::Invitation {
                inviter,
                organisation,
                days,
            } => vec![
                ("inviter", inviter.clone()),
                ("organisation", organisation.clone()),
                ("days", days.to_string()),
            ],
            Template::DocumentLink {
                sender,
                organisation,
                document,
                days,
            } => vec![
                ("sender", sender.clone()),
                ("organisation", organisation.clone()),
                ("document", document.clone()),
                ("days", days.to_string()),
            ],
            Template::NewOrder {
                organisation,
                document,
                version,
            } => vec![
                ("organisation", organisation.clone()),
                ("document", document.clone()),
                ("version", version.to_string()),
            ],
            Template::AnswerToReview { supplier, document }
            | Template::OrderRejected { supplier, document }
            | Template::CounterAccepted { supplier, document } => vec![
                ("supplier", supplier.clone()),
                ("document", document.clone()),
            ],
            Template::ReviewDecided {
                organisation,
                document,
                ..
            }
            | Template::AckDue {
                organisation,
                document,
                ..
            } => vec![
                ("organisation", organisation.clone()),
                ("document", document.clone()),
            ],
            Template::NewComment { author, document } => {
                vec![("author", author.clone()), ("document", document.clone())]
            }
            Template::ShipNoticeArrived {
                supplier, document, ..
            }
            | Template::InvoiceToReview { supplier, document } => vec![
                ("supplier", supplier.clone()),
                ("document", document.clone()),
            ],
            Template::CreditMemoArrived {
                supplier,
                document,
                invoice,
            } => vec![
                ("supplier", supplier.clone()),
                ("document", document.clone()),
                ("invoice", invoice.clone()),
            ],
            Template::InvoiceDecided {
                organisation,
                document,
                ..
            } => vec![
                ("organisation", organisation.clone()),
                ("document", document.clone()),
            ],
            Template::BankChangeRequested {
                supplier,
                organisation,
                requester,
                account,
            } => vec![
                ("supplier", supplier.clone()),
                ("organisation", organisation.clone()),
                ("requester", requester.clone()),
                ("account", account.clone()),
            ],
            Template::BankChangeDecided {
                supplier,
                organisation,
                account,
                ..
            } => vec![
                ("supplier", supplier.clone()),
                ("organisation", organisation.clone()),
                ("account", account.clone()),
            ],
            Template::DocumentExpiring {
                organisation,
                supplier,
                title,
                expires_on,
                days,
                ..
            } => vec![
                ("organisation", organisation.clone()),
                ("supplier", supplier.clone()),
                ("title", title.clone()),
                ("expires_on", expires_on.clone()),
                ("days", days.to_string()),
            ],
            Template::SupplierActivated {
                organisation,
                supplier,
            }
            | Template::ProfileToReview {
                organisation,
                supplier,
                ..
            } => vec![
                ("organisation", organisation.clone()),
                ("supplier", supplier.clone()),
            ],
            Template::ProfileDecided {
                organisation,
                supplier,
                comment,
                ..
            } => vec![
                ("organisation", organisation.clone()),
                ("supplier", supplier.clone()),
                ("comment", comment.clone()),
            ],
        }
    }
}

/// Renders a message with a call-to-action `link` (built from the configured public URL by the caller).
pub fn render(locale: Locale, to: &Email, template: &Template, link: &str) -> OutgoingMail {
    let c = Catalogue::new(locale);
    let owned = template.args();
    let args: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let part = |name: &str| c.tr_args(&format!("{}-{name}", template.prefix()), &args);
    let subject = part("subject");
    let intro = part("intro");
    let action = part("action");
    let outro = part("outro");
    let footer = c.tr("mail-footer");
    let text = format!("{intro}\n\n{action}:\n{link}\n\n{outro}\n\n-- \n{footer}\n");
    let body = format!(
        "<p>{intro_h}</p><p><a href=\"{link_h}\" style=\"display:inline-block;background:#1d4ed8;color:#ffffff;\
         padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600\">{action_h}</a></p>\
         <p style=\"color:#3e4c59\">{outro_h}</p><p style=\"font-size:12px;color:#52606d;word-break:break-all\">\
         {link_h}</p>",
        intro_h = escape(&intro),
        link_h = escape(link),
        action_h = escape(&action),
        outro_h = escape(&outro),
    );
    let html = layout(locale, &subject, &body, &footer);
    OutgoingMail {
        to: to.clone(),
        subject,
        text,
        html,
    }
}

/// The daily digest: the held notifications (`(organisation, line, link)`, grouped by organisation in the order
/// given), and where to change the choice (`settings_link`).
pub fn render_digest(
    locale: Locale,
    to: &Email,
    items: &[(String, String, String)],
    settings_link: &str,
) -> OutgoingMail {
    let c = Catalogue::new(locale);
    let count = items.len().to_string();
    let subject = c.tr_args("mail-digest-subject", &[("count", &count)]);
    let intro = c.tr("mail-digest-intro");
    let outro = c.tr("mail-digest-outro");
    let footer = c.tr("mail-footer");
    let mut text = format!("{intro}\n");
    let mut body = format!("<p>{}</p>", escape(&intro));
    let mut current: Option<&str> = None;
    for (organisation, line, link) in items {
        if current != Some(organisation.as_str()) {
            if current.is_some() {
                body.push_str("</ul>");
            }
            text.push_str(&format!("\n{organisation}\n"));
            body.push_str(&format!(
                "<h3 style=\"margin:16px 0 4px;font-size:15px\">{}</h3><ul style=\"padding-left:18px;margin:0\">",
                escape(organisation)
            ));
            current = Some(organisation);
        }
        text.push_str(&format!("- {line}\n  {link}\n"));
        body.push_str(&format!(
            "<li style=\"margin:4px 0\"><a href=\"{}\">{}</a></li>",
            escape(link),
            escape(line)
        ));
    }
    if current.is_some() {
        body.push_str("</ul>");
    }
    text.push_str(&format!("\n{outro}\n{settings_link}\n\n-- \n{footer}\n"));
    body.push_str(&format!(
        "<p style=\"color:#3e4c59\">{} <a href=\"{link_h}\">{link_h}</a></p>",
        escape(&outro),
        link_h = escape(settings_link)
    ));
    let html = layout(locale, &subject, &body, &footer);
    OutgoingMail {
        to: to.clone(),
        subject,
        text,
        html,
    }
}

/// The HTML frame every message shares: `body_html` (already escaped) under the Portico heading, `footer` below.
pub fn layout(locale: Locale, subject: &str, body_html: &str, footer: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{subject_h}</title></head>\
         <body style=\"margin:0;padding:24px;background:#f4f6f8;font-family:Segoe UI,Helvetica,Arial,sans-serif;\
         color:#1f2933;line-height:1.5\"><div style=\"max-width:560px;margin:0 auto;background:#ffffff;\
         border-radius:8px;padding:24px\"><p style=\"font-weight:600;color:#1d4ed8;margin-top:0\">Portico</p>\
         {body_html}<hr style=\"border:none;border-top:1px solid #e4e7eb\"><p style=\"font-size:12px;\
         color:#52606d\">{footer_h}</p></div></body></html>\n",
        lang = locale.tag(),
        subject_h = escape(subject),
        footer_h = escape(footer),
    )
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_carry_the_link_and_html_is_escaped() {
        let to = Email::parse("anna@acme.example").unwrap();
        let t = Template::Invitation {
            inviter: "Nadia <script>".into(),
            organisation: "Northwind & Co".into(),
            days: 7,
        };
        let link = "https://portal.example/invitation?token=abc&x=1";
        for locale in [Locale::En, Locale::De] {
            let m = render(locale, &to, &t, link);
            assert!(m.text.contains(link), "{locale:?}");
            assert!(m.html.contains("token=abc&amp;x=1"), "{locale:?}");
            assert!(m.html.contains("Nadia &lt;script&gt;"), "{locale:?}");
            assert!(!m.html.contains("<script>"), "{locale:?}");
            assert!(
                m.subject.contains("Northwind & Co"),
                "{locale:?}: {}",
                m.subject
            );
            assert!(
                !m.subject.contains("mail-invite"),
                "{locale:?}: missing key"
            );
        }
        let de = render(
            Locale::De,
            &to,
            &Template::PasswordReset { minutes: 30 },
            link,
        );
        let en = render(
            Locale::En,
            &to,
            &Template::PasswordReset { minutes: 30 },
            link,
        );
        assert_ne!(de.subject, en.subject);
        assert!(en.text.contains("30"));
    }
}
