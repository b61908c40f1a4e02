//! UN/EDIFACT (syntax versions 3 and earlier, as D96A uses): the UNA service string advice, the release character,
//! and the UNB/UNH…UNT/UNZ envelopes (functional groups UNG…UNE are read too), written with counted trailers.
//!
//! Without UNA the syntax's defaults apply: `:` components, `+` elements, `.` decimal mark, `?` release, `'`
//! terminator. A released character (`?+`, `?'`, `??`) is data, never a separator; writing releases every separator
//! and the release character in values, so any text survives a round trip.

use crate::segment::envelope;
use crate::{EdiError, Segment};

/// The service characters of an interchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Separators {
    pub component: char,
    pub element: char,
    pub decimal: char,
    pub release: char,
    pub segment: char,
    /// Write a line break after each segment terminator (readers ignore it).
    pub line_break: bool,
}

impl Default for Separators {
    fn default() -> Self {
        Self {
            component: ':',
            element: '+',
            decimal: '.',
            release: '?',
            segment: '\'',
            line_break: true,
        }
    }
}

/// A message (UNH…UNT) with the segments between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// UNH01, the message reference.
    pub reference: String,
    /// UNH02's components: type, version, release, agency, association code (`ORDERS:D:96A:UN`).
    pub identifier: Vec<String>,
    pub segments: Vec<Segment>,
    /// The position in the interchange of the first segment after UNH.
    pub first_position: usize,
}

impl Message {
    /// A message to write.
    pub fn new(reference: &str, identifier: &[&str], segments: Vec<Segment>) -> Self {
        Self {
            reference: reference.to_owned(),
            identifier: identifier.iter().map(|s| (*s).to_owned()).collect(),
            segments,
            first_position: 0,
        }
    }

    /// The message type, e.g. `ORDERS`.
    pub fn message_type(&self) -> &str {
        self.identifier.first().map_or("", String::as_str)
    }
}

/// An interchange (UNB…UNZ). Messages inside functional groups are listed in order; groups are not kept (Portico
/// writes none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interchange {
    pub separators: Separators,
    /// Whether the interchange began with UNA (written always).
    pub una: bool,
    pub unb: Segment,
    pub messages: Vec<Message>,
}

impl Interchange {
    /// UNB05, the interchange control reference.
    pub fn control(&self) -> &str {
        self.unb.el(5)
    }
}

/// Splits the interchange into raw segments at unreleased terminators, keeping release characters in place (the
/// element and component split removes them). Borrows: nothing is copied until a segment is read.
fn raw_segments<'a>(text: &'a str, sep: &Separators) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(text.len() / 16);
    let mut start = 0;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == sep.release {
            chars.next();
        } else if c == sep.segment {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// Splits one raw segment into elements and components in one pass, honouring the release character: runs of
/// plain characters are copied as slices, a released character on its own.
fn read_segment(raw: &str, sep: &Separators, position: usize) -> Result<Segment, EdiError> {
    // The tag is everything before the first element separator: three capital letters, nothing released.
    let tag_end = raw.find(sep.element).unwrap_or(raw.len());
    let tag = &raw[..tag_end];
    if tag.len() != 3 || !tag.chars().all(|c| c.is_ascii_uppercase()) {
        let shown: String = tag.chars().take(20).collect();
        return Err(EdiError::at(
            position,
            "",
            format!("'{shown}' is not a segment tag"),
        ));
    }
    let mut elements: Vec<Vec<String>> = Vec::with_capacity(6);
    // Whether a control character was seen; only then is the place looked up.
    let mut control = false;
    if tag_end < raw.len() {
        let body = &raw[tag_end + sep.element.len_utf8()..];
        let mut element: Vec<String> = Vec::new();
        let mut component = String::new();
        let mut start = 0;
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            control |= c.is_control();
            if c == sep.release {
                component.push_str(&body[start..i]);
                match chars.next() {
                    Some((j, next)) => {
                        control |= next.is_control();
                        component.push(next);
                        start = j + next.len_utf8();
                    }
                    None => start = body.len(),
                }
            } else if c == sep.component || c == sep.element {
                component.push_str(&body[start..i]);
                start = i + c.len_utf8();
                element.push(std::mem::take(&mut component));
                if c == sep.element {
                    elements.push(std::mem::take(&mut element));
                }
            }
        }
        component.push_str(&body[start..]);
        element.push(component);
        elements.push(element);
    }
    let tag = tag.to_owned();
    let seg = Segment { tag, elements };
    if !control {
        return Ok(seg);
    }
    match crate::segment::control_character(&seg) {
        Some(found) => Err(crate::segment::control_error(position, &seg, found)),
        None => Ok(seg),
    }
}

/// Reads one interchange, checking its envelopes. Errors name the segment (position, tag) and element.
pub fn parse(input: &str) -> Result<Interchange, EdiError> {
    let mut text = input.trim_start_matches('\u{feff}').trim_start();
    let mut separators = Separators::default();
    let mut una = false;
    if let Some(rest) = text.strip_prefix("UNA") {
        let advice: Vec<char> = rest.chars().take(6).collect();
        if advice.len() < 6 {
            return Err(EdiError::at(1, "UNA", "UNA needs six service characters"));
        }
        separators = Separators {
            component: advice[0],
            element: advice[1],
            decimal: advice[2],
            release: advice[3],
            segment: advice[5],
            line_break: false,
        };
        let distinct = [advice[0], advice[1], advice[3], advice[5]];
        if (1..4).any(|i| distinct[..i].contains(&distinct[i])) {
            return Err(EdiError::at(
                1,
                "UNA",
                "the component, element, release and segment characters must differ",
            ));
        }
        let skip: usize = advice.iter().map(|c| c.len_utf8()).sum();
        text = &rest[skip..];
        una = true;
    }
    separators.line_break = text.starts_with(['\r', '\n'])
        || text
            .find(separators.segment)
            .is_some_and(|i| text[i + separators.segment.len_utf8()..].starts_with(['\r', '\n']));
    let mut position = usize::from(una);
    let mut unb: Option<Segment> = None;
    let mut messages: Vec<Message> = Vec::new();
    let mut open: Option<(Message, usize)> = None;
    let mut group: Option<(Segment, usize)> = None;
    let mut groups = 0usize;
    let mut ended = false;
    for raw in raw_segments(text, &separators) {
        let raw = raw
            .trim_start_matches(['\r', '\n', ' ', '\t'])
            .trim_end_matches(['\r', '\n']);
        if raw.is_empty() {
            continue;
        }
        position += 1;
        let seg = read_segment(raw, &separators, position)?;
        let tag = seg.tag.as_str();
        if ended {
            return Err(EdiError::at(position, tag, "data after UNZ"));
        }
        if unb.is_none() && tag != "UNB" {
            return Err(EdiError::at(
                position,
                tag,
                "an EDIFACT interchange starts with UNB (after an optional UNA)",
            ));
        }
        match tag {
            "UNB" => {
                if unb.is_some() {
                    return Err(EdiError::at(position, tag, "a second UNB before UNZ"));
                }
                if seg.el(5).is_empty() {
                    return Err(EdiError::at_element(
                        position,
                        tag,
                        5,
                        "the interchange control reference is required",
                    ));
                }
                unb = Some(seg);
            }
            "UNG" => {
                if open.is_some() || group.is_some() {
                    return Err(EdiError::at(position, tag, "UNG inside a message or group"));
                }
                group = Some((seg, 0));
            }
            "UNE" => {
                let Some((ung, count)) = group.take() else {
                    return Err(EdiError::at(position, tag, "UNE without UNG"));
                };
                if open.is_some() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "UNE inside a message: UNT is missing",
                    ));
                }
                envelope::check_count(&seg, position, 1, count, "messages")?;
                envelope::check_control(&seg, position, 2, ung.el(5), "UNG05", "reference", false)?;
                groups += 1;
            }
            "UNH" => {
                if open.is_some() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "UNH inside a message: UNT is missing",
                    ));
                }
                if seg.el(1).is_empty() {
                    return Err(EdiError::at_element(
                        position,
                        tag,
                        1,
                        "the message reference is required",
                    ));
                }
                if seg.el(2).is_empty() {
                    return Err(EdiError::at_element(
                        position,
                        tag,
                        2,
                        "the message identifier is required",
                    ));
                }
                open = Some((
                    Message {
                        reference: seg.el(1).to_owned(),
                        identifier: seg.elements.get(1).cloned().unwrap_or_default(),
                        segments: Vec::new(),
                        first_position: position + 1,
                    },
                    position,
                ));
            }
            "UNT" => {
                let Some((message, unh_position)) = open.take() else {
                    return Err(EdiError::at(position, tag, "UNT without UNH"));
                };
                envelope::check_count(&seg, position, 1, position - unh_position + 1, "segments")?;
                envelope::check_control(
                    &seg,
                    position,
                    2,
                    &message.reference,
                    "UNH01",
                    "reference",
                    false,
                )?;
                if let Some((_, count)) = group.as_mut() {
                    *count += 1;
                }
                messages.push(message);
            }
            "UNZ" => {
                if open.is_some() || group.is_some() {
                    return Err(EdiError::at(position, tag, "UNZ inside a message or group"));
                }
                let (counted, what) = if groups > 0 {
                    (groups, "functional groups")
                } else {
                    (messages.len(), "messages")
                };
                envelope::check_count(&seg, position, 1, counted, what)?;
                let control = unb.as_ref().map(|u| u.el(5).to_owned()).unwrap_or_default();
                envelope::check_control(&seg, position, 2, &control, "UNB05", "reference", false)?;
                ended = true;
            }
            _ => match open.as_mut() {
                Some((message, _)) => message.segments.push(seg),
                None => {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "segment outside a message (UNH…UNT)",
                    ))
                }
            },
        }
    }
    let Some(unb) = unb else {
        return Err(EdiError::at(
            0,
            "",
            "no UNB: this is not an EDIFACT interchange",
        ));
    };
    if !ended {
        return Err(EdiError::at(
            position + 1,
            "UNZ",
            "the interchange ends without UNZ",
        ));
    }
    Ok(Interchange {
        separators,
        una,
        unb,
        messages,
    })
}

/// Writes an interchange with a UNA, computing UNT and UNZ; separators and the release character inside values are
/// released.
pub fn write(interchange: &Interchange) -> String {
    let sep = &interchange.separators;
    let mut out = format!(
        "UNA{}{}{}{} {}",
        sep.component, sep.element, sep.decimal, sep.release, sep.segment
    );
    if sep.line_break {
        out.push('\n');
    }
    let emit = |seg: &Segment, out: &mut String| {
        out.push_str(&seg.tag);
        for element in &seg.elements {
            out.push(sep.element);
            for (j, component) in element.iter().enumerate() {
                if j > 0 {
                    out.push(sep.component);
                }
                for c in component.chars() {
                    if c == sep.component
                        || c == sep.element
                        || c == sep.release
                        || c == sep.segment
                    {
                        out.push(sep.release);
                    }
                    out.push(c);
                }
            }
        }
        out.push(sep.segment);
        if sep.line_break {
            out.push('\n');
        }
    };
    emit(&interchange.unb.clone().trimmed(), &mut out);
    for m in &interchange.messages {
        let unh = Segment {
            tag: "UNH".to_owned(),
            elements: vec![vec![m.reference.clone()], m.identifier.clone()],
        };
        emit(&unh, &mut out);
        for seg in &m.segments {
            emit(&seg.clone().trimmed(), &mut out);
        }
        emit(
            &Segment::new(
                "UNT",
                [(m.segments.len() + 2).to_string(), m.reference.clone()],
            ),
            &mut out,
        );
    }
    emit(
        &Segment::new(
            "UNZ",
            [
                interchange.messages.len().to_string(),
                interchange.control().to_owned(),
            ],
        ),
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDERS: &str = "UNA:+.? '
UNB+UNOC:3+NORTHWIND:ZZ+ACMESUPPLY:ZZ+261127:1030+905'
UNH+1+ORDERS:D:96A:UN'
BGM+220+4500012207+9'
DTM+137:20261127:102'
NAD+BY+NORTHWIND::9'
LIN+10++300-3100:BP'
QTY+21:60:RL'
FTX+AAI+++Boxes 40?+ cm?: fragile?'s edge'
UNS+S'
UNT+9+1'
UNH+2+ORDERS:D:96A:UN'
BGM+220+4500012208+9'
LIN+10++300-3100:BP'
QTY+21:5:RL'
UNT+5+2'
UNZ+2+905'
";

    #[test]
    fn reads_una_release_characters_and_several_messages() {
        let i = parse(ORDERS).unwrap();
        assert!(i.una);
        assert_eq!(i.control(), "905");
        assert_eq!(i.messages.len(), 2);
        let m = &i.messages[0];
        assert_eq!((m.reference.as_str(), m.message_type()), ("1", "ORDERS"));
        assert_eq!(m.identifier, ["ORDERS", "D", "96A", "UN"]);
        assert_eq!(m.segments[4].component(1, 2), "60");
        assert_eq!(m.segments[5].el(4), "Boxes 40+ cm: fragile's edge");
        assert_eq!(m.first_position, 4);
    }

    #[test]
    fn writing_what_was_read_gives_the_same_interchange() {
        let i = parse(ORDERS).unwrap();
        let text = write(&i);
        assert_eq!(text, ORDERS);
        assert_eq!(parse(&text).unwrap(), i);
    }

    #[test]
    fn without_una_the_defaults_apply_and_odd_characters_work_with_una() {
        let plain = ORDERS.replacen("UNA:+.? '\n", "", 1);
        let i = parse(&plain).unwrap();
        assert!(!i.una);
        assert_eq!(
            i.messages[0].segments[5].el(4),
            "Boxes 40+ cm: fragile's edge"
        );
        let odd = "UNA^*,/ !UNB*UNOC^3*A*B*261127^1030*7!UNH*1*DESADV^D^96A^UN!BGM*351*ASN/*1!UNT*3*1!UNZ*1*7!";
        let i = parse(odd).unwrap();
        assert_eq!(i.separators.element, '*');
        assert_eq!(i.messages[0].segments[0].el(2), "ASN*1");
        assert!(!i.separators.line_break);
        assert_eq!(write(&i), odd);
    }

    #[test]
    fn envelope_mistakes_name_the_segment_and_element() {
        let e = parse(&ORDERS.replace("UNT+9+1", "UNT+8+1")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 11 (UNT), element 1: 9 segments counted, the trailer says 8"
        );
        let e = parse(&ORDERS.replace("UNT+5+2", "UNT+5+3")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 16 (UNT), element 2: reference '3' does not match UNH01 '2'"
        );
        let e = parse(&ORDERS.replace("UNZ+2+905", "UNZ+2+906")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 17 (UNZ), element 2: reference '906' does not match UNB05 '905'"
        );
        let e = parse(&ORDERS.replace("UNZ+2+905'\n", "")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 17 (UNZ): the interchange ends without UNZ"
        );
        let e = parse(&ORDERS.replace("UNS+S'", "uns+S'")).unwrap_err();
        assert_eq!(e.to_string(), "segment 10: 'uns' is not a segment tag");
        let e = parse("UNH+1+ORDERS:D:96A:UN'").unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 1 (UNH): an EDIFACT interchange starts with UNB (after an optional UNA)"
        );
    }

    #[test]
    fn control_characters_and_released_tags_are_refused_naming_the_place() {
        let e = parse(&ORDERS.replace("BGM+220+", "BGM+220\u{7}+")).unwrap_err();
        assert_eq!(e.place.tag, "BGM", "{e}");
        assert_eq!(e.place.element, Some(1), "{e}");
        let released = parse(&ORDERS.replace("BGM+220+", "BG?M+220+")).unwrap_err();
        assert!(
            released.to_string().contains("is not a segment tag"),
            "{released}"
        );
    }

    #[test]
    fn groups_are_counted_by_unz() {
        let grouped = "UNB+UNOC:3+A+B+261127:1030+8'UNG+ORDERS+A+B+261127:1030+77+UN+D:96A'UNH+1+ORDERS:D:96A:UN'BGM+220+1+9'UNT+3+1'UNE+1+77'UNZ+1+8'";
        let i = parse(grouped).unwrap();
        assert_eq!(i.messages.len(), 1);
        let e = parse(&grouped.replace("UNE+1+77", "UNE+2+77")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 6 (UNE), element 1: 1 messages counted, the trailer says 2"
        );
    }
}
