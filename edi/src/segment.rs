//! A segment: a tag and its elements, each element a list of components (a simple element has one).

/// One segment as read or to be written. Element 1 is `elements[0]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub tag: String,
    pub elements: Vec<Vec<String>>,
}

impl Segment {
    /// A segment of simple elements.
    pub fn new<I, S>(tag: &str, elements: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            tag: tag.to_owned(),
            elements: elements.into_iter().map(|e| vec![e.into()]).collect(),
        }
    }

    /// Element `n` (from 1), first component; empty when absent.
    pub fn el(&self, n: usize) -> &str {
        self.component(n, 1)
    }

    /// Component `c` (from 1) of element `n` (from 1); empty when absent.
    pub fn component(&self, n: usize, c: usize) -> &str {
        n.checked_sub(1)
            .and_then(|i| self.elements.get(i))
            .and_then(|e| c.checked_sub(1).and_then(|j| e.get(j)))
            .map_or("", String::as_str)
    }

    /// Drops trailing empty elements and components (writers must not emit them).
    pub fn trimmed(mut self) -> Self {
        for e in &mut self.elements {
            while e.len() > 1 && e.last().is_some_and(String::is_empty) {
                e.pop();
            }
        }
        while self
            .elements
            .last()
            .is_some_and(|e| e.iter().all(String::is_empty))
        {
            self.elements.pop();
        }
        self
    }
}

/// The first control character (a line break, NUL …) in a segment's values, as `(element, component, char)` from 1:
/// neither standard's character sets have them, and a reader that kept them could not give back what it read.
pub(crate) fn control_character(seg: &Segment) -> Option<(usize, usize, char)> {
    seg.elements.iter().enumerate().find_map(|(i, e)| {
        e.iter().enumerate().find_map(|(j, c)| {
            c.chars()
                .find(|ch| ch.is_control())
                .map(|ch| (i + 1, j + 1, ch))
        })
    })
}

/// The error for a control character at `(element, component)`.
pub(crate) fn control_error(
    position: usize,
    seg: &Segment,
    found: (usize, usize, char),
) -> crate::EdiError {
    let (element, component, ch) = found;
    let mut e = crate::EdiError::at_element(
        position,
        &seg.tag,
        element,
        format!("control character U+{:04X} in a value", ch as u32),
    );
    if seg.elements.get(element - 1).is_some_and(|el| el.len() > 1) {
        e.place.component = Some(component);
    }
    e
}

/// The trailer checks both standards make: a trailer's count of what it closes, and its repeat of the header's
/// control number.
pub(crate) mod envelope {
    use crate::{EdiError, Segment};

    /// Element `element` of the trailer `seg` must say `counted` (`what`: "segments", "messages" …).
    pub(crate) fn check_count(
        seg: &Segment,
        position: usize,
        element: usize,
        counted: usize,
        what: &str,
    ) -> Result<(), EdiError> {
        match seg.el(element).trim().parse::<usize>() {
            Ok(n) if n == counted => Ok(()),
            Ok(n) => Err(EdiError::at_element(
                position,
                &seg.tag,
                element,
                format!("{counted} {what} counted, the trailer says {n}"),
            )),
            Err(_) => Err(EdiError::at_element(
                position,
                &seg.tag,
                element,
                format!("count '{}' is not a number", seg.el(element)),
            )),
        }
    }

    /// Element `element` of the trailer `seg` must repeat `expected`, the `header` element's value (`noun` names
    /// it in the message). With `numeric`, equal numbers match whatever their leading zeros (X12 control numbers).
    pub(crate) fn check_control(
        seg: &Segment,
        position: usize,
        element: usize,
        expected: &str,
        header: &str,
        noun: &str,
        numeric: bool,
    ) -> Result<(), EdiError> {
        let got = seg.el(element);
        let same = got == expected
            || (numeric
                && matches!((got.parse::<u64>(), expected.parse::<u64>()), (Ok(a), Ok(b)) if a == b));
        if same {
            Ok(())
        } else {
            Err(EdiError::at_element(
                position,
                &seg.tag,
                element,
                format!("{noun} '{got}' does not match {header} '{expected}'"),
            ))
        }
    }
}
