//! Errors that say where: segment position (1-based, counted from the start of the interchange), tag, element and
//! component (1-based, as implementation guides number them).

use std::fmt;

/// Where in an interchange a problem is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The segment's position in the interchange, from 1 (0 when the problem is before the first segment).
    pub segment: usize,
    /// The segment's tag (`PO1`, `UNH`), when known.
    pub tag: String,
    /// The element's position in the segment, from 1.
    pub element: Option<usize>,
    /// The component's position in the element, from 1.
    pub component: Option<usize>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segment == 0 {
            write!(f, "start of the interchange")?;
        } else if self.tag.is_empty() {
            write!(f, "segment {}", self.segment)?;
        } else {
            write!(f, "segment {} ({})", self.segment, self.tag)?;
        }
        if let Some(e) = self.element {
            write!(f, ", element {e}")?;
        }
        if let Some(c) = self.component {
            write!(f, ", component {c}")?;
        }
        Ok(())
    }
}

/// A syntax or envelope error, e.g. `segment 14 (SE), element 1: 12 segments counted, the trailer says 13`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct EdiError {
    pub place: Place,
    pub message: String,
}

impl EdiError {
    pub fn at(segment: usize, tag: &str, message: impl Into<String>) -> Self {
        Self {
            place: Place {
                segment,
                tag: tag.to_owned(),
                element: None,
                component: None,
            },
            message: message.into(),
        }
    }

    pub fn at_element(
        segment: usize,
        tag: &str,
        element: usize,
        message: impl Into<String>,
    ) -> Self {
        let mut e = Self::at(segment, tag, message);
        e.place.element = Some(element);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_the_way_people_name_places() {
        let e = EdiError::at_element(14, "PO1", 2, "quantity 'ten' is not a number");
        assert_eq!(
            e.to_string(),
            "segment 14 (PO1), element 2: quantity 'ten' is not a number"
        );
        let e = EdiError::at(0, "", "empty interchange");
        assert_eq!(e.to_string(), "start of the interchange: empty interchange");
    }
}
