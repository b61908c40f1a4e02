//! ANSI X12: the ISA/GS/ST…SE/GE/IEA envelopes, read with the separators the ISA segment declares and written with
//! counted trailers.
//!
//! The ISA segment is fixed-width in practice but read here by counting its separators: the element separator is
//! the character after `ISA`, the component separator is ISA16 and the segment terminator the character after it.
//! Line breaks after terminators are ignored on reading and written when [`Separators::line_break`] says so. From
//! version 00402 on, ISA11 is the repetition separator; in 004010 it is the standards identifier `U`.

use crate::segment::envelope;
use crate::{EdiError, Segment};

/// The delimiters of an interchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Separators {
    pub element: char,
    pub component: char,
    /// ISA11 when it is a repetition separator (version 00402 and later).
    pub repetition: Option<char>,
    pub segment: char,
    /// Write a line break after each segment terminator (readable files; readers ignore it).
    pub line_break: bool,
}

impl Default for Separators {
    /// `*`, `:` and `~` with a line break per segment: what most trading partners expect for 004010.
    fn default() -> Self {
        Self {
            element: '*',
            component: ':',
            repetition: None,
            segment: '~',
            line_break: true,
        }
    }
}

/// A transaction set (ST…SE) with its segments between ST and SE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionSet {
    /// ST01, e.g. `850`.
    pub id: String,
    /// ST02.
    pub control: String,
    pub segments: Vec<Segment>,
    /// The position in the interchange of the first segment after ST (for errors found while mapping).
    pub first_position: usize,
}

impl TransactionSet {
    /// A set to write (positions are filled in by reading).
    pub fn new(id: &str, control: &str, segments: Vec<Segment>) -> Self {
        Self {
            id: id.to_owned(),
            control: control.to_owned(),
            segments,
            first_position: 0,
        }
    }
}

/// A functional group (GS…GE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub gs: Segment,
    pub sets: Vec<TransactionSet>,
}

/// An interchange (ISA…IEA).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interchange {
    pub separators: Separators,
    pub isa: Segment,
    pub groups: Vec<Group>,
}

impl Interchange {
    /// ISA13, the interchange control number.
    pub fn control(&self) -> &str {
        self.isa.el(13)
    }
}

/// The header fields of an interchange to write.
#[derive(Clone, Debug)]
pub struct IsaHeader<'a> {
    pub sender_qualifier: &'a str,
    pub sender_id: &'a str,
    pub receiver_qualifier: &'a str,
    pub receiver_id: &'a str,
    /// YYMMDD.
    pub date: &'a str,
    /// HHMM.
    pub time: &'a str,
    pub control: u32,
    /// Ask the receiver for a TA1 interchange acknowledgement.
    pub ack_requested: bool,
    pub test: bool,
}

/// An ISA segment for version 00401, its fixed-width fields padded as the standard requires.
pub fn isa(h: &IsaHeader<'_>, separators: &Separators) -> Segment {
    let pad = |s: &str, n: usize| format!("{s:<n$}");
    Segment::new(
        "ISA",
        [
            "00".to_owned(),
            pad("", 10),
            "00".to_owned(),
            pad("", 10),
            pad(h.sender_qualifier, 2),
            pad(h.sender_id, 15),
            pad(h.receiver_qualifier, 2),
            pad(h.receiver_id, 15),
            h.date.to_owned(),
            h.time.to_owned(),
            separators
                .repetition
                .map_or_else(|| "U".to_owned(), String::from),
            "00401".to_owned(),
            format!("{:09}", h.control),
            if h.ack_requested { "1" } else { "0" }.to_owned(),
            if h.test { "T" } else { "P" }.to_owned(),
            separators.component.to_string(),
        ],
    )
}

/// Reads one interchange, checking its envelopes. Errors name the segment (position, tag) and element.
pub fn parse(input: &str) -> Result<Interchange, EdiError> {
    let text = input.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with("ISA") {
        return Err(EdiError::at(0, "", "an X12 interchange starts with ISA"));
    }
    let element = text[3..]
        .chars()
        .next()
        .ok_or_else(|| EdiError::at(1, "ISA", "the interchange ends inside ISA"))?;
    if element.is_alphanumeric() || element.is_whitespace() {
        return Err(EdiError::at_element(
            1,
            "ISA",
            1,
            format!("'{element}' cannot be the element separator"),
        ));
    }
    // ISA16 follows the 16th element separator; the segment terminator follows ISA16.
    let mut seen = 0;
    let mut chars = text.char_indices();
    let mut isa16_at = None;
    for (i, c) in chars.by_ref() {
        if c == element {
            seen += 1;
            if seen == 16 {
                isa16_at = Some(i + c.len_utf8());
                break;
            }
        }
    }
    let isa16_at =
        isa16_at.ok_or_else(|| EdiError::at(1, "ISA", "ISA has fewer than 16 elements"))?;
    let mut rest = text[isa16_at..].chars();
    let component = rest
        .next()
        .ok_or_else(|| EdiError::at_element(1, "ISA", 16, "the component separator is missing"))?;
    let segment = rest
        .next()
        .ok_or_else(|| EdiError::at(1, "ISA", "the segment terminator after ISA16 is missing"))?;
    if component == element || segment == element || segment == component {
        return Err(EdiError::at_element(
            1,
            "ISA",
            16,
            "the element, component and segment separators must differ",
        ));
    }
    let isa_end = isa16_at + component.len_utf8();
    let isa_elements: Vec<Vec<String>> = text[3 + element.len_utf8()..isa_end]
        .split(element)
        .map(|e| vec![e.to_owned()])
        .collect();
    let isa = Segment {
        tag: "ISA".to_owned(),
        elements: isa_elements,
    };
    if let Some(found) = crate::segment::control_character(&isa) {
        return Err(crate::segment::control_error(1, &isa, found));
    }
    let version = isa.el(12);
    let isa11 = isa.el(11);
    let repetition = (version >= "00402" && isa11.chars().count() == 1)
        .then(|| isa11.chars().next())
        .flatten()
        .filter(|c| !c.is_alphanumeric());
    if !isa.el(13).chars().all(|c| c.is_ascii_digit()) || isa.el(13).len() != 9 {
        return Err(EdiError::at_element(
            1,
            "ISA",
            13,
            format!("control number '{}' is not 9 digits", isa.el(13)),
        ));
    }
    let separators = Separators {
        element,
        component,
        repetition,
        segment,
        line_break: text[isa_end + segment.len_utf8()..].starts_with(['\r', '\n']),
    };

    let mut groups: Vec<Group> = Vec::new();
    let mut group: Option<Group> = None;
    let mut set: Option<(TransactionSet, usize)> = None;
    let mut ended = false;
    let body = &text[isa_end + segment.len_utf8()..];
    let mut position = 1;
    for raw in body.split(segment) {
        // Line breaks (and indentation) between segments are layout, not data; spaces at the end of a value are data.
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
            return Err(EdiError::at(position, tag, "data after IEA"));
        }
        match tag {
            "ISA" => return Err(EdiError::at(position, tag, "a second ISA before IEA")),
            "GS" => {
                if group.is_some() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "GS inside a group: GE is missing",
                    ));
                }
                group = Some(Group {
                    gs: seg,
                    sets: Vec::new(),
                });
            }
            "ST" => {
                if group.is_none() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "ST outside a functional group (GS)",
                    ));
                }
                if set.is_some() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "ST inside a transaction set: SE is missing",
                    ));
                }
                if seg.el(1).is_empty() || seg.el(2).is_empty() {
                    return Err(EdiError::at_element(
                        position,
                        tag,
                        if seg.el(1).is_empty() { 1 } else { 2 },
                        "required",
                    ));
                }
                set = Some((
                    TransactionSet {
                        id: seg.el(1).to_owned(),
                        control: seg.el(2).to_owned(),
                        segments: Vec::new(),
                        first_position: position + 1,
                    },
                    position,
                ));
            }
            "SE" => {
                let Some((ts, st_position)) = set.take() else {
                    return Err(EdiError::at(position, tag, "SE without ST"));
                };
                let counted = position - st_position + 1;
                envelope::check_count(&seg, position, 1, counted, "segments")?;
                envelope::check_control(
                    &seg,
                    position,
                    2,
                    &ts.control,
                    "ST02",
                    "control number",
                    true,
                )?;
                if let Some(g) = group.as_mut() {
                    g.sets.push(ts);
                }
            }
            "GE" => {
                if set.is_some() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "GE inside a transaction set: SE is missing",
                    ));
                }
                let Some(g) = group.take() else {
                    return Err(EdiError::at(position, tag, "GE without GS"));
                };
                envelope::check_count(&seg, position, 1, g.sets.len(), "transaction sets")?;
                envelope::check_control(
                    &seg,
                    position,
                    2,
                    g.gs.el(6),
                    "GS06",
                    "control number",
                    true,
                )?;
                groups.push(g);
            }
            "IEA" => {
                if set.is_some() || group.is_some() {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "IEA inside a group: GE is missing",
                    ));
                }
                envelope::check_count(&seg, position, 1, groups.len(), "functional groups")?;
                envelope::check_control(
                    &seg,
                    position,
                    2,
                    isa.el(13),
                    "ISA13",
                    "control number",
                    true,
                )?;
                ended = true;
            }
            _ => match set.as_mut() {
                Some((ts, _)) => ts.segments.push(seg),
                None => {
                    return Err(EdiError::at(
                        position,
                        tag,
                        "segment outside a transaction set (ST…SE)",
                    ))
                }
            },
        }
    }
    if !ended {
        return Err(EdiError::at(
            position + 1,
            "IEA",
            "the interchange ends without IEA",
        ));
    }
    Ok(Interchange {
        separators,
        isa,
        groups,
    })
}

fn read_segment(raw: &str, sep: &Separators, position: usize) -> Result<Segment, EdiError> {
    let mut parts = raw.split(sep.element);
    let tag = parts.next().unwrap_or_default().to_owned();
    if !(2..=3).contains(&tag.len())
        || !tag
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        let shown: String = tag.chars().take(20).collect();
        return Err(EdiError::at(
            position,
            "",
            format!("'{shown}' is not a segment tag"),
        ));
    }
    let mut elements = Vec::with_capacity(8);
    elements.extend(parts.map(|e| e.split(sep.component).map(str::to_owned).collect()));
    let seg = Segment { tag, elements };
    match crate::segment::control_character(&seg) {
        Some(found) => Err(crate::segment::control_error(position, &seg, found)),
        None => Ok(seg),
    }
}

/// Writes an interchange, computing SE, GE and IEA from what it holds (their counts and control numbers). A value
/// that contains one of the separators is refused (X12 has no release character), naming the place.
pub fn write(interchange: &Interchange) -> Result<String, EdiError> {
    let sep = &interchange.separators;
    let mut out = String::new();
    let mut position = 0;
    let emit = |seg: &Segment,
                out: &mut String,
                position: &mut usize,
                raw: bool|
     -> Result<(), EdiError> {
        *position += 1;
        out.push_str(&seg.tag);
        for (i, element) in seg.elements.iter().enumerate() {
            out.push(sep.element);
            for (j, component) in element.iter().enumerate() {
                if j > 0 {
                    out.push(sep.component);
                }
                let bad = component.chars().find(|c| {
                    *c == sep.element || *c == sep.segment || (!raw && *c == sep.component)
                });
                if let Some(c) = bad {
                    let mut e = EdiError::at_element(
                        *position,
                        &seg.tag,
                        i + 1,
                        format!(
                            "'{c}' is a separator of this interchange and cannot appear in a value"
                        ),
                    );
                    e.place.component = (element.len() > 1).then_some(j + 1);
                    return Err(e);
                }
                out.push_str(component);
            }
        }
        out.push(sep.segment);
        if sep.line_break {
            out.push('\n');
        }
        Ok(())
    };
    // ISA16 is the component separator itself.
    emit(&interchange.isa, &mut out, &mut position, true)?;
    for group in &interchange.groups {
        emit(&group.gs.clone().trimmed(), &mut out, &mut position, false)?;
        for set in &group.sets {
            let st = Segment::new("ST", [set.id.as_str(), set.control.as_str()]);
            emit(&st, &mut out, &mut position, false)?;
            for seg in &set.segments {
                emit(&seg.clone().trimmed(), &mut out, &mut position, false)?;
            }
            let se = Segment::new(
                "SE",
                [(set.segments.len() + 2).to_string(), set.control.clone()],
            );
            emit(&se, &mut out, &mut position, false)?;
        }
        let ge = Segment::new(
            "GE",
            [group.sets.len().to_string(), group.gs.el(6).to_owned()],
        );
        emit(&ge, &mut out, &mut position, false)?;
    }
    let iea = Segment::new(
        "IEA",
        [
            interchange.groups.len().to_string(),
            interchange.isa.el(13).to_owned(),
        ],
    );
    emit(&iea, &mut out, &mut position, false)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PO: &str = "ISA*00*          *00*          *ZZ*NORTHWIND      *ZZ*ACMESUPPLY     *261127*1030*U*00401*000000905*0*P*>~
GS*PO*NORTHWIND*ACMESUPPLY*20261127*1030*905*X*004010~
ST*850*0001~
BEG*00*SA*4500012207**20261127~
PO1*10*60*RL*42.00**BP*300-3100*VP*VF-PAPER-450~
PO1*20*70.5*EA*1.12**BP*300-4030~
CTT*2~
SE*6*0001~
ST*850*0002~
BEG*00*SA*4500012208**20261127~
PO1*10*5*RL*42.00**BP*300-3100~
CTT*1~
SE*5*0002~
GE*2*905~
IEA*1*000000905~
";

    #[test]
    fn reads_envelopes_and_sets() {
        let i = parse(PO).unwrap();
        assert_eq!(i.separators.element, '*');
        assert_eq!(i.separators.component, '>');
        assert_eq!(i.separators.segment, '~');
        assert_eq!(i.control(), "000000905");
        assert_eq!(i.groups.len(), 1);
        let sets = &i.groups[0].sets;
        assert_eq!(sets.len(), 2);
        assert_eq!(
            (sets[0].id.as_str(), sets[0].control.as_str()),
            ("850", "0001")
        );
        assert_eq!(sets[0].segments.len(), 4);
        assert_eq!(sets[0].segments[1].el(2), "60");
        assert_eq!(sets[0].segments[1].el(9), "VF-PAPER-450");
        assert_eq!(sets[0].first_position, 4);
        assert_eq!(sets[1].first_position, 10);
    }

    #[test]
    fn writing_what_was_read_gives_the_same_interchange() {
        let i = parse(PO).unwrap();
        let text = write(&i).unwrap();
        assert_eq!(text, PO);
        assert_eq!(parse(&text).unwrap(), i);
    }

    #[test]
    fn odd_separators_and_no_line_breaks() {
        let odd = PO
            .replace('*', "|")
            .replace('~', "\u{85}")
            .replace('\n', "");
        let odd = odd.replacen("|>\u{85}", "|^\u{85}", 1);
        let i = parse(&odd).unwrap();
        assert_eq!(
            (
                i.separators.element,
                i.separators.component,
                i.separators.segment
            ),
            ('|', '^', '\u{85}')
        );
        assert!(!i.separators.line_break);
        assert_eq!(i.groups[0].sets[1].segments[1].el(7), "300-3100");
        assert_eq!(write(&i).unwrap(), odd);
    }

    #[test]
    fn envelope_mistakes_name_the_segment_and_element() {
        let e = parse(&PO.replace("SE*6*0001", "SE*7*0001")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 8 (SE), element 1: 6 segments counted, the trailer says 7"
        );
        let e = parse(&PO.replace("SE*5*0002", "SE*5*0003")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 13 (SE), element 2: control number '0003' does not match ST02 '0002'"
        );
        let e = parse(&PO.replace("GE*2*905", "GE*1*905")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("segment 14 (GE), element 1: 2 transaction sets counted"),
            "{e}"
        );
        let e = parse(&PO.replace("IEA*1*000000905~\n", "")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 15 (IEA): the interchange ends without IEA"
        );
        let e = parse(&PO.replace("SE*6*0001~\n", "")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 8 (ST): ST inside a transaction set: SE is missing"
        );
        let e = parse(&PO.replace("CTT*2~", "CTT*2\n*~")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 7 (CTT), element 1: control character U+000A in a value"
        );
        let e = parse(&PO.replace("CTT*2~", "ctt*2~")).unwrap_err();
        assert_eq!(e.to_string(), "segment 7: 'ctt' is not a segment tag");
        let e = parse("GS*PO~").unwrap_err();
        assert_eq!(
            e.to_string(),
            "start of the interchange: an X12 interchange starts with ISA"
        );
        let e = parse(&PO.replace("000000905*0", "00000905*0")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 1 (ISA), element 13: control number '00000905' is not 9 digits"
        );
    }

    #[test]
    fn a_separator_inside_a_value_is_refused_on_writing() {
        let mut i = parse(PO).unwrap();
        i.groups[0].sets[0].segments[1].elements[7] = vec!["300*3100".into()];
        let e = write(&i).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 5 (PO1), element 8: '*' is a separator of this interchange and cannot appear in a value"
        );
    }

    #[test]
    fn isa_fields_are_fixed_width() {
        let sep = Separators::default();
        let seg = isa(
            &IsaHeader {
                sender_qualifier: "ZZ",
                sender_id: "ACMESUPPLY",
                receiver_qualifier: "ZZ",
                receiver_id: "NORTHWIND",
                date: "261127",
                time: "1030",
                control: 42,
                ack_requested: false,
                test: true,
            },
            &sep,
        );
        let i = Interchange {
            separators: sep,
            isa: seg,
            groups: vec![],
        };
        let text = write(&i).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(first.len(), 106, "{first}");
        assert!(first.ends_with("*000000042*0*T*:~"), "{first}");
        assert_eq!(parse(&text).unwrap(), i);
    }
}
