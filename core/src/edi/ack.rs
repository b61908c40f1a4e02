//! The 997 functional acknowledgement (X12 004010): one functional group per inbound group, one 997 set per group,
//! an AK2/AK5 per transaction set (accepted, or rejected with the AK3 segment and AK4 element at fault), and AK9 for
//! the group (accepted, partially accepted, rejected).

use super::Problem;
use portico_edi::x12::{self, Group, Interchange, IsaHeader, Separators, TransactionSet};
use portico_edi::Segment;
use time::OffsetDateTime;

/// Control numbers for the acknowledgement (taken from the partner's counters by the caller).
#[derive(Clone, Copy, Debug)]
pub struct Controls {
    pub interchange: i64,
    /// The first group's number; further groups count up from it.
    pub group: i64,
}

/// The acknowledgement of `inbound`: `outcomes[g][s]` is `None` when set `s` of group `g` was accepted, or the
/// problem that rejected it.
pub fn x12_997(
    inbound: &Interchange,
    outcomes: &[Vec<Option<Problem>>],
    controls: Controls,
    now: OffsetDateTime,
) -> Interchange {
    let separators = Separators {
        line_break: true,
        ..inbound.separators.clone()
    };
    let date6 = format!(
        "{:02}{:02}{:02}",
        now.year() % 100,
        u8::from(now.month()),
        now.day()
    );
    let date8 = format!(
        "{:04}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    let time4 = format!("{:02}{:02}", now.hour(), now.minute());
    let isa = x12::isa(
        &IsaHeader {
            sender_qualifier: inbound.isa.el(7).trim(),
            sender_id: inbound.isa.el(8).trim(),
            receiver_qualifier: inbound.isa.el(5).trim(),
            receiver_id: inbound.isa.el(6).trim(),
            date: &date6,
            time: &time4,
            control: u32::try_from(controls.interchange % 1_000_000_000).unwrap_or(0),
            ack_requested: false,
            test: inbound.isa.el(15) == "T",
        },
        &separators,
    );
    let groups = inbound
        .groups
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(g, (group, results))| {
            let control = (controls.group + g as i64).to_string();
            let gs = Segment::new(
                "GS",
                [
                    "FA",
                    group.gs.el(3),
                    group.gs.el(2),
                    &date8,
                    &time4,
                    &control,
                    "X",
                    "004010",
                ],
            );
            let mut body = vec![Segment::new("AK1", [group.gs.el(1), group.gs.el(6)])];
            for (set, problem) in group.sets.iter().zip(results) {
                body.push(Segment::new("AK2", [set.id.as_str(), set.control.as_str()]));
                match problem {
                    None => body.push(Segment::new("AK5", ["A"])),
                    Some(p) => {
                        let in_set = (p.position + 2).saturating_sub(set.first_position).max(1);
                        let segment_code = if p.element.is_some() { "8" } else { p.code };
                        body.push(Segment::new(
                            "AK3",
                            [
                                p.tag.clone(),
                                in_set.to_string(),
                                String::new(),
                                segment_code.to_owned(),
                            ],
                        ));
                        if let Some(e) = p.element {
                            let value: String = p
                                .value
                                .clone()
                                .unwrap_or_default()
                                .chars()
                                .take(99)
                                .collect();
                            body.push(
                                Segment::new(
                                    "AK4",
                                    [e.to_string(), String::new(), p.code.to_owned(), value],
                                )
                                .trimmed(),
                            );
                        }
                        body.push(Segment::new("AK5", ["R", "5"]));
                    }
                }
            }
            let received = group.sets.len();
            let accepted = results.iter().filter(|r| r.is_none()).count();
            let status = match (accepted, received) {
                (a, r) if a == r => "A",
                (0, _) => "R",
                _ => "P",
            };
            body.push(Segment::new(
                "AK9",
                [
                    status.to_owned(),
                    received.to_string(),
                    received.to_string(),
                    accepted.to_string(),
                ],
            ));
            Group {
                gs,
                sets: vec![TransactionSet::new("997", &format!("{:04}", g + 1), body)],
            }
        })
        .collect();
    Interchange {
        separators,
        isa,
        groups,
    }
}

/// The CONTRL of an EDIFACT interchange (syntax version 3): UCI for the interchange, one UCM per message —
/// `7` acknowledged or `4` rejected with the UCS segment and UCD element at fault. `outcomes[m]` is `None` when
/// message `m` was accepted.
pub fn edifact_contrl(
    inbound: &portico_edi::edifact::Interchange,
    outcomes: &[Option<Problem>],
    control: i64,
    now: OffsetDateTime,
) -> portico_edi::edifact::Interchange {
    use portico_edi::edifact::{Interchange as Edifact, Message};
    // X12 element error codes as the nearest EDIFACT syntax error codes (0085): 13 missing, 39 too long, 12 invalid.
    let code = |c: &str| match c {
        "1" | "13" => "13",
        "5" | "39" => "39",
        _ => "12",
    };
    let mut body = vec![Segment {
        tag: "UCI".to_owned(),
        elements: vec![
            vec![inbound.control().to_owned()],
            inbound.unb.elements.get(1).cloned().unwrap_or_default(),
            inbound.unb.elements.get(2).cloned().unwrap_or_default(),
            vec!["7".to_owned()],
        ],
    }];
    for (message, problem) in inbound.messages.iter().zip(outcomes) {
        let mut ucm = Segment {
            tag: "UCM".to_owned(),
            elements: vec![vec![message.reference.clone()], message.identifier.clone()],
        };
        match problem {
            None => {
                ucm.elements.push(vec!["7".to_owned()]);
                body.push(ucm);
            }
            Some(p) => {
                ucm.elements.push(vec!["4".to_owned()]);
                body.push(ucm);
                let in_message = (p.position + 2)
                    .saturating_sub(message.first_position)
                    .max(1);
                let segment_code = if p.element.is_some() {
                    String::new()
                } else {
                    code(p.code).to_owned()
                };
                body.push(Segment::new("UCS", [in_message.to_string(), segment_code]).trimmed());
                if let Some(e) = p.element {
                    body.push(Segment {
                        tag: "UCD".to_owned(),
                        elements: vec![vec![code(p.code).to_owned()], vec![e.to_string()]],
                    });
                }
            }
        }
    }
    let unb = Segment {
        tag: "UNB".to_owned(),
        elements: vec![
            inbound
                .unb
                .elements
                .first()
                .cloned()
                .unwrap_or_else(|| vec!["UNOC".into(), "3".into()]),
            inbound.unb.elements.get(2).cloned().unwrap_or_default(),
            inbound.unb.elements.get(1).cloned().unwrap_or_default(),
            vec![
                format!(
                    "{:02}{:02}{:02}",
                    now.year() % 100,
                    u8::from(now.month()),
                    now.day()
                ),
                format!("{:02}{:02}", now.hour(), now.minute()),
            ],
            vec![control.to_string()],
        ],
    };
    Edifact {
        separators: portico_edi::edifact::Separators {
            line_break: true,
            ..inbound.separators.clone()
        },
        una: true,
        unb,
        messages: vec![Message::new("1", &["CONTRL", "D", "3", "UN"], body)],
    }
}
