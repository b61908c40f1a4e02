//! The acknowledgement rules and the change policy, on a two-line order dated 2026-11-02.

use super::*;
use crate::ids::{PurchaseOrderId, SupplierId};
use crate::money::{CurrencyCode, UnitOfMeasure};
use crate::purchase_order::{PoLine, PoStatus};
use time::macros::date;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn order() -> PoDetail {
    let line = |n: i32, q: &str, p: &str| PoLine {
        line_number: n,
        buyer_item: format!("ITEM-{n}"),
        supplier_part: None,
        description: "Widget".into(),
        quantity: dec(q),
        unit_of_measure: UnitOfMeasure::parse("EA").unwrap(),
        unit_price: dec(p),
        requested_date: Some(date!(2026 - 11 - 20)),
    };
    PoDetail {
        id: PurchaseOrderId(uuid::Uuid::nil()),
        number: "4500000001".into(),
        version: 2,
        status: PoStatus::New,
        order_date: date!(2026 - 11 - 02),
        currency: CurrencyCode::parse("EUR").unwrap(),
        buyer_name: "Buyer".into(),
        supplier_id: SupplierId(uuid::Uuid::nil()),
        supplier_name: "Supplier".into(),
        supplier_code: "S1".into(),
        ship_to_name: "DC".into(),
        ship_to_address: "Street".into(),
        payment_terms: "Net 30".into(),
        incoterms: None,
        notes: None,
        lines: vec![line(1, "100", "2.50"), line(2, "10", "40")],
    }
}

fn form(decision: &str) -> AckForm {
    AckForm {
        decision: decision.into(),
        ..AckForm::prefilled(&order(), "t".into())
    }
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

#[test]
fn accepting_answers_every_line_as_ordered() {
    let ack = form("accept").validate(&order()).unwrap();
    assert_eq!(ack.kind, AckKind::Accepted);
    assert_eq!(ack.lines.len(), 2);
    assert_eq!(
        ack.lines[0].schedule,
        vec![ScheduleLine {
            quantity: dec("100"),
            date: date!(2026 - 11 - 20)
        }]
    );
    let verdicts: Vec<_> = ack
        .lines
        .iter()
        .map(|l| ChangePolicy::default().judge(l))
        .collect();
    assert_eq!(AckOutcome::of(ack.kind, &verdicts), AckOutcome::Accepted);
}

#[test]
fn rejecting_the_order_needs_a_reason_and_other_needs_a_comment() {
    let errors = form("reject").validate(&order()).unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![("reason", "ack-error-reason-required")]
    );
    let mut f = form("reject");
    f.reason = "other".into();
    assert_eq!(
        fields(&f.validate(&order()).unwrap_err()),
        vec![("comment", "ack-error-comment-required")]
    );
    f.comment = "Plant closed for maintenance".into();
    let ack = f.validate(&order()).unwrap();
    assert_eq!(ack.kind, AckKind::Rejected);
    assert!(ack
        .lines
        .iter()
        .all(|l| l.answer == LineAnswer::Rejected && l.schedule.is_empty()));
    assert_eq!(AckOutcome::of(ack.kind, &[]), AckOutcome::OrderRejected);
}

#[test]
fn an_unknown_decision_is_named() {
    assert_eq!(
        fields(&form("maybe").validate(&order()).unwrap_err()),
        vec![("decision", "ack-error-decision")]
    );
}

#[test]
fn a_changed_line_keeps_every_rule_and_reports_every_mistake() {
    let mut f = form("lines");
    f.lines[0].answer = "change".into();
    f.lines[0].quantity = "-5".into();
    f.lines[0].price = "abc".into();
    f.lines[1].answer = "change".into();
    f.lines[1].quantity = "10".into();
    f.lines[1].reason = "lead_time".into();
    f.lines[1].schedule = vec![ScheduleForm {
        quantity: String::new(),
        date: "2026-11-01".into(),
    }];
    let errors = f.validate(&order()).unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![
            ("line-1-reason", "ack-error-reason-required"),
            ("line-1-quantity", "ack-error-quantity-negative"),
            ("line-1-price", "ack-error-price"),
            ("line-2-schedule-0-date", "ack-error-date-before-order"),
        ]
    );
    assert_eq!(
        errors[3].args,
        vec![("date".to_owned(), "2026-11-02".to_owned())]
    );
}

#[test]
fn deliveries_must_add_up_to_the_line_quantity() {
    let mut f = form("lines");
    f.lines[0].answer = "change".into();
    f.lines[0].reason = "out_of_stock".into();
    f.lines[0].quantity = "100".into();
    f.lines[0].schedule = vec![
        ScheduleForm {
            quantity: "60".into(),
            date: "2026-11-20".into(),
        },
        ScheduleForm {
            quantity: "30".into(),
            date: "2026-11-27".into(),
        },
        ScheduleForm::default(),
    ];
    let errors = f.validate(&order()).unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![("line-1-quantity", "ack-error-schedule-sum")]
    );
    assert_eq!(
        errors[0].args,
        vec![
            ("sum".into(), "90".into()),
            ("quantity".into(), "100".into())
        ]
    );

    f.lines[0].schedule[1].quantity = "40".into();
    let ack = f.validate(&order()).unwrap();
    assert_eq!(ack.kind, AckKind::AcceptedWithChanges);
    assert_eq!(ack.lines[0].schedule.len(), 2);
    assert_eq!(
        ack.lines[0].status(),
        crate::documents::LineStatus::DateChanged
    );
}

#[test]
fn a_zero_quantity_is_a_rejection_not_a_change_and_decimal_commas_are_read() {
    let mut f = form("lines");
    f.lines[0].answer = "change".into();
    f.lines[0].reason = "price_change".into();
    f.lines[0].quantity = "0".into();
    assert_eq!(
        fields(&f.validate(&order()).unwrap_err()),
        vec![("line-1-quantity", "ack-error-quantity-zero")]
    );
    f.lines[0].quantity = "100".into();
    f.lines[0].price = "2,45".into();
    let ack = f.validate(&order()).unwrap();
    assert_eq!(ack.lines[0].price, dec("2.45"));
    assert_eq!(ack.lines[0].reason.as_deref(), Some("price_change"));
}

#[test]
fn a_change_that_changes_nothing_reads_as_accepted() {
    let mut f = form("lines");
    f.lines[1].answer = "change".into();
    f.lines[1].reason = "other".into();
    f.lines[1].comment = "no change after all".into();
    let ack = f.validate(&order()).unwrap();
    assert_eq!(ack.kind, AckKind::Accepted);
    assert_eq!(ack.lines[1].answer, LineAnswer::Accepted);
    assert_eq!(ack.lines[1].reason, None);
}

#[test]
fn a_missing_line_is_named() {
    let mut f = form("lines");
    f.lines.pop();
    assert_eq!(
        fields(&f.validate(&order()).unwrap_err()),
        vec![("line-2-answer", "ack-error-line-missing")]
    );
}

fn policy() -> ChangePolicy {
    ChangePolicy {
        price_increase_pct: Decimal::ZERO,
        price_decrease_pct: dec("100"),
        quantity_under_pct: dec("10"),
        quantity_over_pct: dec("10"),
        date_later_days: 5,
        date_earlier_days: 0,
        splits_allowed: true,
        line_rejections_allowed: false,
    }
}

fn line(quantity: &str, price: &str, dates: &[(&str, Date)]) -> AckLine {
    let base = form("accept").validate(&order()).unwrap().lines.remove(0);
    let schedule: Vec<ScheduleLine> = if dates.is_empty() {
        vec![ScheduleLine {
            quantity: dec(quantity),
            date: date!(2026 - 11 - 20),
        }]
    } else {
        dates
            .iter()
            .map(|(q, d)| ScheduleLine {
                quantity: dec(q),
                date: *d,
            })
            .collect()
    };
    AckLine {
        answer: LineAnswer::Changed,
        price: dec(price),
        schedule,
        ..base
    }
}

#[test]
fn the_policy_allows_inside_its_limits_and_names_what_is_outside() {
    let p = policy();
    // 10 % fewer, cheaper, three days later, split in two: all inside.
    let inside = p.judge(&line(
        "90",
        "2.00",
        &[("50", date!(2026 - 11 - 23)), ("40", date!(2026 - 11 - 20))],
    ));
    assert_eq!(
        inside.changed,
        vec![
            ChangedField::Quantity,
            ChangedField::Price,
            ChangedField::Date,
            ChangedField::Split
        ]
    );
    assert!(inside.within_policy(), "{inside:?}");
    // 11 % more, dearer by one cent, six days later.
    let outside = p.judge(&line("111", "2.51", &[("111", date!(2026 - 11 - 26))]));
    assert_eq!(
        outside.outside,
        vec![
            ChangedField::Quantity,
            ChangedField::Price,
            ChangedField::Date
        ]
    );
    // A day early is outside when earlier deliveries are not allowed.
    let early = p.judge(&line("100", "2.50", &[("100", date!(2026 - 11 - 19))]));
    assert_eq!(early.outside, vec![ChangedField::Date]);
    // A rejected line is outside unless line rejections are allowed.
    let mut rejected = line("100", "2.50", &[]);
    rejected.answer = LineAnswer::Rejected;
    rejected.schedule.clear();
    assert_eq!(p.judge(&rejected).outside, vec![ChangedField::Rejected]);
    assert!(ChangePolicy {
        line_rejections_allowed: true,
        ..p.clone()
    }
    .judge(&rejected)
    .within_policy());
    // No policy: every change goes to the buyer.
    assert!(!ChangePolicy::default()
        .judge(&line("99", "2.50", &[]))
        .within_policy());
}

#[test]
fn outcome_follows_the_verdicts() {
    let p = policy();
    let inside = p.judge(&line("95", "2.50", &[]));
    let outside = p.judge(&line("80", "2.50", &[]));
    assert_eq!(
        AckOutcome::of(AckKind::AcceptedWithChanges, std::slice::from_ref(&inside)),
        AckOutcome::AutoAccepted
    );
    assert_eq!(
        AckOutcome::of(AckKind::AcceptedWithChanges, &[inside, outside]),
        AckOutcome::PendingReview
    );
    for o in AckOutcome::ALL {
        assert_eq!(AckOutcome::parse(o.code()), Some(o));
    }
    for r in ReasonCode::ALL {
        assert_eq!(ReasonCode::parse(r.code()), Some(r));
    }
}

fn pending_view() -> AckView {
    let mut f = form("lines");
    f.lines[0].answer = "change".into();
    f.lines[0].reason = "price_change".into();
    f.lines[0].price = "2.60".into();
    f.lines[1].answer = "change".into();
    f.lines[1].reason = "out_of_stock".into();
    f.lines[1].quantity = "8".into();
    let ack = f.validate(&order()).unwrap();
    let notes = ack
        .lines
        .iter()
        .map(|l| {
            let v = policy().judge(l);
            AckLineNote {
                line_number: l.line_number,
                comment: None,
                changed: v.changed,
                outside: v.outside,
            }
        })
        .collect();
    AckView {
        id: uuid::Uuid::nil(),
        outcome: AckOutcome::PendingReview,
        submitted_at: time::macros::datetime!(2026-11-03 10:00 UTC),
        submitted_by: None,
        reason: None,
        comment: None,
        document: ack.document(&order(), "4500000001-1".into(), date!(2026 - 11 - 03)),
        notes,
        review: None,
    }
}

#[test]
fn a_review_decides_every_line_outside_the_policy_and_explains_a_rejection() {
    let view = pending_view();
    // Line 1 is dearer, line 2 is 20 % short: both outside the demo policy.
    assert_eq!(view.lines_to_review(), vec![1, 2]);
    let mut review = ReviewForm {
        acknowledgement: "x".into(),
        token: "t".into(),
        ..ReviewForm::default()
    };
    review.lines = vec![ReviewLineForm {
        line: 1,
        decision: "approve".into(),
        ..ReviewLineForm::default()
    }];
    let errors = review.validate(&view).unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![("line-2-decision", "review-error-decision")]
    );
    review.lines.push(ReviewLineForm {
        line: 2,
        decision: "reject".into(),
        ..ReviewLineForm::default()
    });
    assert_eq!(
        fields(&review.validate(&view).unwrap_err()),
        vec![("comment", "review-error-comment-required")]
    );
    review.comment = "We need the full quantity; split it instead.".into();
    let valid = review.validate(&view).unwrap();
    assert_eq!(valid.outcome(), AckOutcome::ChangesRejected);
    review.lines[1].decision = "approve".into();
    review.comment.clear();
    assert_eq!(
        review.validate(&view).unwrap().outcome(),
        AckOutcome::Approved
    );
}

#[test]
fn a_counter_proposal_is_checked_by_field_and_accepting_it_answers_with_the_buyers_values() {
    let mut view = pending_view();
    let review = ReviewForm {
        acknowledgement: "x".into(),
        token: "t".into(),
        comment: String::new(),
        lines: vec![
            ReviewLineForm {
                line: 1,
                decision: "counter".into(),
                quantity: "-1".into(),
                price: "two".into(),
                date: "2026-11-01".into(),
            },
            ReviewLineForm {
                line: 2,
                decision: "approve".into(),
                ..ReviewLineForm::default()
            },
        ],
    };
    assert_eq!(
        fields(&review.validate(&view).unwrap_err()),
        vec![
            ("line-1-counter-quantity", "ack-error-quantity-negative"),
            ("line-1-counter-price", "ack-error-price"),
            ("line-1-counter-date", "ack-error-date-before-order"),
        ]
    );
    let mut review = review;
    review.lines[0].quantity = "100".into();
    review.lines[0].price = "2,55".into();
    review.lines[0].date = "2026-11-25".into();
    let valid = review.validate(&view).unwrap();
    assert_eq!(valid.outcome(), AckOutcome::Countered);
    let terms = CounterTerms {
        quantity: dec("100"),
        price: dec("2.55"),
        date: date!(2026 - 11 - 25),
    };
    assert_eq!(valid.decisions[0].counter, Some(terms.clone()));
    // Stored and sent as JSON with the date as YYYY-MM-DD.
    let json = serde_json::to_value(&valid.decisions[0]).unwrap();
    assert_eq!(json["counter"]["date"], "2026-11-25");
    assert_eq!(
        serde_json::from_value::<LineDecision>(json).unwrap(),
        valid.decisions[0]
    );

    // Nothing to accept until the buyer countered.
    assert!(view.accepting_counter().is_none());
    view.outcome = AckOutcome::Countered;
    view.review = Some(ReviewView {
        decided_by: None,
        decided_at: time::macros::datetime!(2026-11-04 10:00 UTC),
        comment: None,
        decisions: valid.decisions.clone(),
    });
    let agreed = view.accepting_counter().unwrap();
    assert_eq!(agreed.kind, AckKind::AcceptedWithChanges);
    assert_eq!(agreed.lines[0].price, dec("2.55"));
    assert_eq!(
        agreed.lines[0].schedule,
        vec![ScheduleLine {
            quantity: dec("100"),
            date: date!(2026 - 11 - 25)
        }]
    );
    // The approved line keeps the supplier's answer (8 instead of 10).
    assert_eq!(agreed.lines[1].promised_quantity(), dec("8"));
    assert!(may_accept_counter(
        MembershipRole::SupplierUser,
        PoStatus::Countered,
        Some(AckOutcome::Countered)
    ));
    assert!(may_answer(
        MembershipRole::SupplierUser,
        PoStatus::Countered
    ));
    assert!(!may_accept_counter(
        MembershipRole::Buyer,
        PoStatus::Countered,
        Some(AckOutcome::Countered)
    ));
}

#[test]
fn a_policy_as_typed_is_read_by_field() {
    let input = PolicyInput {
        price_increase_pct: "".into(),
        price_decrease_pct: "100".into(),
        quantity_under_pct: "10".into(),
        quantity_over_pct: "7,5".into(),
        date_later_days: "5".into(),
        date_earlier_days: "".into(),
        splits_allowed: true,
        line_rejections_allowed: false,
    };
    let p = ChangePolicy::parse(&input).unwrap();
    assert_eq!(p.quantity_over_pct, dec("7.5"));
    assert_eq!(
        (p.price_increase_pct, p.date_earlier_days),
        (Decimal::ZERO, 0)
    );
    assert_eq!(PolicyInput::from(&p).quantity_over_pct, "7.5");
    let e = ChangePolicy::parse(&PolicyInput {
        price_decrease_pct: "120".into(),
        ..input.clone()
    })
    .unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("price_decrease_pct", "policy-error-percent")
    );
    let e = ChangePolicy::parse(&PolicyInput {
        date_later_days: "-1".into(),
        ..input
    })
    .unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("date_later_days", "policy-error-days")
    );
}

#[test]
fn who_answers_and_who_reviews() {
    use crate::user::MembershipRole::{Buyer, SupplierUser};
    assert!(may_answer(SupplierUser, PoStatus::New));
    assert!(!may_answer(SupplierUser, PoStatus::Acknowledged));
    assert!(!may_answer(Buyer, PoStatus::New));
    assert!(may_review(
        Buyer,
        PoStatus::ChangePending,
        Some(AckOutcome::PendingReview)
    ));
    assert!(
        !may_review(Buyer, PoStatus::ChangePending, None),
        "a seeded status without an answer"
    );
    assert!(!may_review(
        SupplierUser,
        PoStatus::ChangePending,
        Some(AckOutcome::PendingReview)
    ));
    assert_eq!(form_token("  abc "), Ok("abc"));
    assert_eq!(form_token(" ").unwrap_err().field, "token");
    assert!(form_token(&"x".repeat(MAX_FORM_TOKEN + 1)).is_err());
}

/// Answering by file: the download's rows read back, splits, and every mistake on its row and column.
mod by_file {
    use super::*;
    use crate::acknowledgement::file::{self, FileRow, COLUMNS};

    /// The download of [`order`] read back as an upload would read it.
    fn downloaded() -> Vec<FileRow> {
        let header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        let at = file::header_positions(&header).unwrap();
        file::rows_for(&order())
            .iter()
            .enumerate()
            .map(|(i, r)| file::row_from(i + 2, r, &at))
            .collect()
    }

    fn problems(checked: &file::Checked) -> Vec<(usize, &str, &str)> {
        checked
            .rows
            .iter()
            .flat_map(|r| {
                r.problems
                    .iter()
                    .map(move |p| (r.row.row, p.column.as_str(), p.message.as_str()))
            })
            .collect()
    }

    #[test]
    fn the_download_as_it_is_accepts_every_line() {
        let po = order();
        let checked = file::check(&downloaded(), |n| (n == po.number).then_some(&po), "up");
        assert_eq!(problems(&checked), vec![]);
        assert_eq!(checked.forms.len(), 1);
        assert_eq!(checked.forms[0].form.token, "up-0");
        let ack = checked.forms[0].form.validate(&po).unwrap();
        assert_eq!(ack.kind, AckKind::Accepted);
    }

    #[test]
    fn a_changed_price_and_a_line_split_over_two_rows() {
        let po = order();
        let mut rows = downloaded();
        rows[0].answer = "change".into();
        rows[0].quantity = "60".into();
        rows[0].promised_date = "2026-11-20".into();
        rows[0].reason = "lead_time".into();
        let mut second = rows[0].clone();
        second.row = 4;
        second.quantity = "40".into();
        second.price = String::new();
        second.reason = String::new();
        second.promised_date = "2026-11-27".into();
        rows.push(second);
        rows[1].answer = "change".into();
        rows[1].price = "38,50".into();
        rows[1].reason = "price_change".into();
        let checked = file::check(&rows, |n| (n == po.number).then_some(&po), "up");
        assert_eq!(problems(&checked), vec![]);
        let ack = checked.forms[0].form.validate(&po).unwrap();
        assert_eq!(ack.kind, AckKind::AcceptedWithChanges);
        assert_eq!(
            ack.lines[0].schedule,
            vec![
                ScheduleLine {
                    quantity: dec("60"),
                    date: date!(2026 - 11 - 20)
                },
                ScheduleLine {
                    quantity: dec("40"),
                    date: date!(2026 - 11 - 27)
                },
            ]
        );
        assert_eq!(ack.lines[1].price, dec("38.5"));
        // The line's quantity and its requested date stay; only the price changed.
        assert_eq!(ack.lines[1].schedule[0].quantity, dec("10"));
    }

    #[test]
    fn every_mistake_is_on_its_row_and_column_and_no_form_is_made() {
        let po = order();
        let mut rows = downloaded();
        // Accepted, yet a different price: the answer should say change.
        rows[0].price = "2.40".into();
        // A change with a quantity that is no number and no reason.
        rows[1].answer = "change".into();
        rows[1].quantity = "ten".into();
        let unknown = FileRow {
            row: 4,
            order: "NOPE".into(),
            version: "1".into(),
            line: "1".into(),
            answer: "accept".into(),
            ..FileRow::default()
        };
        rows.push(unknown);
        let checked = file::check(&rows, |n| (n == po.number).then_some(&po), "up");
        assert_eq!(
            problems(&checked),
            vec![
                (2, "price", "file-error-accept-differs"),
                (3, "reason", "ack-error-reason-required"),
                (3, "quantity", "ack-error-quantity"),
                (4, "order", "file-error-order-unknown"),
            ]
        );
        assert!(checked.forms.is_empty());
    }

    #[test]
    fn a_stale_version_a_missing_line_and_a_line_twice() {
        let po = order();
        let mut rows = downloaded();
        rows[0].version = "1".into();
        let checked = file::check(&rows, |n| (n == po.number).then_some(&po), "up");
        assert_eq!(
            problems(&checked),
            vec![(2, "version", "file-error-version-stale")]
        );
        assert_eq!(
            checked.rows[0].problems[0].args,
            vec![("version".to_owned(), "2".to_owned())]
        );

        let mut rows = downloaded();
        rows.truncate(1);
        let checked = file::check(&rows, |n| (n == po.number).then_some(&po), "up");
        assert_eq!(
            problems(&checked),
            vec![(2, "order", "file-error-line-missing")]
        );

        let mut rows = downloaded();
        let mut again = rows[1].clone();
        again.row = 4;
        rows.push(again);
        let checked = file::check(&rows, |n| (n == po.number).then_some(&po), "up");
        assert_eq!(
            problems(&checked),
            vec![(4, "line", "file-error-line-twice")]
        );

        let mut answered = order();
        answered.status = PoStatus::Acknowledged;
        let checked = file::check(&downloaded(), |_| Some(&answered), "up");
        assert_eq!(
            problems(&checked),
            vec![(2, "order", "file-error-order-not-open")]
        );
    }

    #[test]
    fn texts_from_the_buyer_never_become_formulas() {
        let mut po = order();
        po.lines[0].description = "=HYPERLINK(\"http://evil.example\")".into();
        po.lines[1].buyer_item = "-42".into();
        let rows = file::rows_for(&po);
        assert_eq!(rows[0][5], "'=HYPERLINK(\"http://evil.example\")");
        assert_eq!(rows[1][3], "'-42");
        assert_eq!(rows[0][3], "ITEM-1");
        assert_eq!(file::inert_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(file::inert_cell("Widget"), "Widget");
    }

    #[test]
    fn missing_columns_are_named() {
        let header: Vec<String> = ["Order", " line ", "answer", "quantity"]
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        let e = file::header_positions(&header).unwrap_err();
        assert_eq!(e.message, "file-error-columns");
        assert_eq!(
            e.args,
            vec![(
                "columns".to_owned(),
                "version, price, promised_date, reason".to_owned()
            )]
        );
    }
}
