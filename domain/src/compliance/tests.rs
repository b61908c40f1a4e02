use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 28);

fn input(kind: &str, title: &str, issued: &str, expires: &str) -> DocumentInput {
    DocumentInput {
        kind: kind.into(),
        title: title.into(),
        issued_on: issued.into(),
        expires_on: expires.into(),
        replaces: String::new(),
    }
}

fn mistakes(i: &DocumentInput) -> Vec<(String, String)> {
    i.parse(TODAY)
        .expect_err("should be refused")
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn status_follows_the_expiry_date() {
    assert_eq!(DocumentStatus::on(None, TODAY), DocumentStatus::NoExpiry);
    assert_eq!(
        DocumentStatus::on(Some(date!(2026 - 11 - 27)), TODAY),
        DocumentStatus::Expired
    );
    // Valid through its expiry day.
    assert_eq!(
        DocumentStatus::on(Some(TODAY), TODAY),
        DocumentStatus::Expiring
    );
    assert_eq!(
        DocumentStatus::on(Some(date!(2026 - 12 - 28)), TODAY),
        DocumentStatus::Expiring
    );
    assert_eq!(
        DocumentStatus::on(Some(date!(2026 - 12 - 29)), TODAY),
        DocumentStatus::Valid
    );
    for s in [
        DocumentStatus::Expired,
        DocumentStatus::Expiring,
        DocumentStatus::Valid,
        DocumentStatus::NoExpiry,
    ] {
        assert_eq!(DocumentStatus::parse(s.code()), Some(s));
    }
}

#[test]
fn reminders_come_once_each_and_never_in_a_burst() {
    let expires = date!(2026 - 12 - 20); // 22 days from TODAY
    assert_eq!(
        reminder_due(expires, date!(2026 - 11 - 10), None),
        None,
        "40 days ahead"
    );
    assert_eq!(reminder_due(expires, TODAY, None), Some(30));
    assert_eq!(reminder_due(expires, TODAY, Some(30)), None, "sent already");
    assert_eq!(
        reminder_due(expires, date!(2026 - 12 - 13), Some(30)),
        Some(7)
    );
    assert_eq!(reminder_due(expires, date!(2026 - 12 - 14), Some(7)), None);
    assert_eq!(
        reminder_due(expires, expires, Some(7)),
        Some(0),
        "the day it runs out"
    );
    assert_eq!(reminder_due(expires, expires, Some(0)), None);
    // A job that missed the month and the week sends only the latest reminder.
    assert_eq!(reminder_due(expires, date!(2026 - 12 - 22), None), Some(0));
    // Long expired: nothing more.
    assert_eq!(reminder_due(expires, date!(2027 - 01 - 10), None), None);
}

#[test]
fn a_complete_form_passes() {
    let mut i = input(
        "certificate",
        "  ISO 9001:2015 certificate ",
        "2026-01-15",
        "2029-01-14",
    );
    i.replaces = "0193f000-0000-7000-8000-000000000001".into();
    let form = i.parse(TODAY).unwrap();
    assert_eq!(form.kind, DocumentKind::Certificate);
    assert_eq!(form.title, "ISO 9001:2015 certificate");
    assert_eq!(form.issued_on, Some(date!(2026 - 01 - 15)));
    assert_eq!(form.expires_on, Some(date!(2029 - 01 - 14)));
    assert!(form.replaces.is_some());
    // A tax form needs no expiry date.
    let form = input("tax_form", "W-9", "", "").parse(TODAY).unwrap();
    assert_eq!(form.expires_on, None);
}

#[test]
fn each_mistake_names_its_field_and_rule() {
    assert_eq!(
        mistakes(&input("licence", "", "", "")),
        vec![
            ("kind".to_owned(), "doc-error-kind".to_owned()),
            ("title".to_owned(), "profile-error-required".to_owned()),
        ]
    );
    assert_eq!(
        mistakes(&input("insurance", "Liability", "", "")),
        vec![(
            "expires_on".to_owned(),
            "doc-error-expiry-required".to_owned()
        )]
    );
    assert_eq!(
        mistakes(&input("certificate", "FSC", "15.01.2026", "2027-02-30")),
        vec![
            ("issued_on".to_owned(), "doc-error-date".to_owned()),
            ("expires_on".to_owned(), "doc-error-date".to_owned()),
        ]
    );
    assert_eq!(
        mistakes(&input("certificate", "FSC", "2026-12-01", "2027-01-01")),
        vec![("issued_on".to_owned(), "doc-error-issued-future".to_owned())]
    );
    assert_eq!(
        mistakes(&input("certificate", "FSC", "", "2026-11-27")),
        vec![("expires_on".to_owned(), "doc-error-expired".to_owned())]
    );
    assert_eq!(
        mistakes(&input("other", "Audit", "2026-11-28", "2026-11-28")),
        vec![(
            "expires_on".to_owned(),
            "doc-error-expiry-before-issue".to_owned()
        )]
    );
    assert_eq!(
        mistakes(&input("other", "Audit\u{202E}fdp.exe", "", "")),
        vec![("title".to_owned(), "profile-error-characters".to_owned())]
    );
    let mut i = input("other", "Audit", "", "");
    i.replaces = "not-an-id".into();
    assert_eq!(
        mistakes(&i),
        vec![("replaces".to_owned(), "doc-error-replaces".to_owned())]
    );
    assert_eq!(
        mistakes(&input("other", &"x".repeat(TITLE_MAX + 1), "", "")),
        vec![("title".to_owned(), "profile-error-too-long".to_owned())]
    );
}

#[test]
fn odd_input_is_refused_without_panicking() {
    for text in [
        "",
        " ",
        "\0",
        "２０２６-01-01",
        "9999999-12-31",
        "-1",
        "2026-13-01",
        "ü",
    ] {
        let i = input(text, text, text, text);
        assert!(i.parse(TODAY).is_err(), "{text:?}");
    }
}

#[test]
fn attention_order_is_expired_then_expiring_then_the_rest() {
    let view = |title: &str, expires: Option<Date>| DocumentView {
        id: Uuid::nil(),
        supplier_id: Uuid::nil(),
        supplier_name: "S".into(),
        kind: DocumentKind::Other,
        title: title.into(),
        issued_on: None,
        expires_on: expires,
        status: DocumentStatus::on(expires, TODAY),
        days_left: expires.map(|d| (d - TODAY).whole_days()),
        file_name: "a.pdf".into(),
        size_bytes: 1,
        uploaded_by: "P".into(),
        uploaded_at: OffsetDateTime::UNIX_EPOCH,
        replaced_at: None,
    };
    let mut docs = vec![
        view("none", None),
        view("valid", Some(date!(2027 - 06 - 01))),
        view("soon", Some(date!(2026 - 12 - 01))),
        view("later", Some(date!(2026 - 12 - 20))),
        view("old", Some(date!(2026 - 01 - 01))),
        view("recent", Some(date!(2026 - 11 - 01))),
    ];
    sort_for_attention(&mut docs);
    let order: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(order, ["old", "recent", "soon", "later", "valid", "none"]);
}
