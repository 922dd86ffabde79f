//! Reading SpreadsheetML: elements with their attributes, and attribute values.

use crate::patch::PatchError;
use quick_xml::events::Event;

/// Calls `f(local name, [(attribute name, unescaped value)])` for every start or empty tag.
pub(crate) fn each_element(
    xml: &[u8],
    mut f: impl FnMut(&str, &[(String, String)]),
) -> Result<(), PatchError> {
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
            Err(e) => return Err(PatchError::Xml(e.to_string())),
        }
        buffer.clear();
    }
}

pub(crate) fn attribute(element: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    element.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string())
}
