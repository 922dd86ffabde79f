//! Reading SpreadsheetML: elements with their attributes, attribute values and cell
//! references.

use super::PackageError;
use quick_xml::events::{BytesStart, Event};

/// Calls `f(local name, [(attribute name, unescaped value)])` for every start or empty tag.
///
/// # Errors
///
/// [`PackageError::Xml`] when `xml` is not well-formed.
pub(crate) fn each_element(
    xml: &[u8],
    mut f: impl FnMut(&str, &[(String, String)]),
) -> Result<(), PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let local = e.local_name().as_ref().to_string();
                let attributes: Vec<(String, String)> = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let key = a.key.as_ref().to_string();
                        let value = quick_xml::escape::unescape(&a.value)
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| a.value.to_string());
                        (key, value)
                    })
                    .collect();
                f(&local, &attributes);
            }
            Ok(_) => {}
            Err(e) => return Err(PackageError::Xml(e)),
        }
        buffer.clear();
    }
}

/// The raw value of an element's attribute `name`, as written (not unescaped).
pub(crate) fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string())
}

/// The 0-based column of an A1-style cell reference (`AB12` → 27): its leading letters. None
/// when they are not a column of Excel's grid.
pub(crate) fn reference_column(reference: &str) -> Option<usize> {
    let letters =
        reference.find(|c: char| !c.is_ascii_alphabetic()).map_or(reference, |end| &reference[..end]);
    crate::excel::parse_column_letter(letters)
}

/// The 0-based (row, column) of an A1-style cell reference (`B3` → (2, 1)); None when it is
/// not a cell of Excel's grid.
pub(crate) fn reference_position(reference: &str) -> Option<(u32, u32)> {
    let column = reference_column(reference)?;
    let digits = reference.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row = digits.parse::<u32>().ok().filter(|&row| (1..=crate::excel::LAST_ROW + 1).contains(&row))?;
    Some((row - 1, u32::try_from(column).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_give_their_columns() {
        assert_eq!(reference_column("A1"), Some(0));
        assert_eq!(reference_column("ab12"), Some(27));
        assert_eq!(reference_column("XFD1048576"), Some(16_383));
        assert_eq!(reference_column("XFE1"), None);
        assert_eq!(reference_column("12"), None);
        assert_eq!(reference_position("B3"), Some((2, 1)));
        assert_eq!(reference_position("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(reference_position("A0"), None);
        assert_eq!(reference_position("A1048577"), None);
        assert_eq!(reference_position("A1x"), None);
        assert_eq!(reference_position("B"), None);
        assert_eq!(reference_position("A+1"), None);
    }
}
