//! The hyperlinks the stream writes itself: web links (`scheme://…`), which are nearly all a
//! sheet's links. Handed to rust_xlsxwriter, each cost three copies of the link, a shared
//! string, a map entry and a copy of the whole map at the save — half the time of writing a
//! sheet with a hyperlink column. Here each becomes a styled inline-string cell, a
//! `<hyperlink>` in the sheet and a relationship in the sheet's `.rels` part, written as the
//! sheet streams. rust_xlsxwriter keeps `mailto:`, `internal:` and `file://` links (their rules
//! differ and they are rare) and the web links [`web_link`] refuses, and writes the first web
//! link's cell so the workbook has the Hyperlink cell style the others use.
//!
//! Formats: ECMA-376 Part 1 §18.3.1.47 (`hyperlink`: `ref`, `r:id`, `location`) and §18.3.1.48
//! (`hyperlinks`, after `dataValidations` and before `printOptions` in a worksheet), Part 2
//! §9.3 (relationships: `Id`, `Type`, `Target`, `TargetMode="External"`); RFC 3986 §2.1 and
//! §2.4 (percent-encoding, and a `%` that begins an encoded octet is data already encoded).

use std::fmt::Write as _;
use std::ops::Range;

/// The relationship type of a hyperlink (ECMA-376 Part 1 §15.3).
const HYPERLINK: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// The longest link (before its `#`) or location Excel takes, in UTF-16 code units.
const MAX_LINK: usize = 2_080;

/// A web link as the stream writes it: the relationship's target (before the first `#`) and
/// the location (after it, when not empty), as Excel splits them. None for a link left to
/// rust_xlsxwriter: another kind, longer than Excel takes, or with a character an XML
/// attribute cannot carry.
pub(super) fn web_link(link: &str) -> Option<(&str, Option<&str>)> {
    let other = ["mailto:", "internal:", "file://"].iter().any(|kind| link.starts_with(kind));
    if other || !link.contains("://") {
        return None;
    }
    if link.chars().any(|c| c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}') {
        return None;
    }
    let (target, location) = match link.split_once('#') {
        // An empty location is dropped, as rust_xlsxwriter drops it.
        Some((target, location)) => (target, Some(location).filter(|l| !l.is_empty())),
        None => (link, None),
    };
    let long = |s: &str| s.len() > MAX_LINK && s.encode_utf16().count() > MAX_LINK;
    if long(target) || location.is_some_and(long) {
        return None;
    }
    Some((target, location))
}

/// `target` as a relationship's `Target` attribute value: the characters a URI cannot hold
/// that Excel percent-encodes (space `"` `<` `>` `[` `]` `^` `` ` `` `{` `}`, and a `%` that
/// does not begin an encoded octet; lowercase hex, as Excel writes them), then `&` as an
/// entity. An octet already encoded (`%2C` in a Google Maps `query=`) is kept as it is, and
/// so are the brackets of an IPv6 host; other characters (non-ASCII included) are written as
/// they are, as Excel does.
pub(super) fn push_target(buffer: &mut String, target: &str) {
    let bytes = target.as_bytes();
    let host = authority(target);
    let mut copied = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = match byte {
            b'%' if encoded_octet(&bytes[i..]) => continue,
            b'[' | b']' if host.contains(&i) => continue,
            b'%' => "%25",
            b' ' => "%20",
            b'"' => "%22",
            b'<' => "%3c",
            b'>' => "%3e",
            b'[' => "%5b",
            b']' => "%5d",
            b'^' => "%5e",
            b'`' => "%60",
            b'{' => "%7b",
            b'}' => "%7d",
            b'&' => "&amp;",
            _ => continue,
        };
        // Every byte escaped is ASCII, so these are char boundaries.
        buffer.push_str(&target[copied..i]);
        buffer.push_str(escape);
        copied = i + 1;
    }
    buffer.push_str(&target[copied..]);
}

/// `%` and two hex digits at the start.
fn encoded_octet(bytes: &[u8]) -> bool {
    matches!(bytes, [b'%', a, b, ..] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit())
}

/// Where the authority (`host:port`) of `scheme://authority/…` is, in bytes.
fn authority(target: &str) -> Range<usize> {
    let Some(start) = target.find("://").map(|at| at + 3) else { return 0..0 };
    let length = target[start..].find(['/', '?']).unwrap_or(target.len() - start);
    start..start + length
}

/// `<hyperlink ref r:id location/>` for the cell `reference`.
pub(super) fn push_hyperlink(buffer: &mut String, reference: &str, id: u32, location: Option<&str>) {
    buffer.push_str("<hyperlink ref=\"");
    buffer.push_str(reference);
    buffer.push_str("\" r:id=\"rId");
    let _ = write!(buffer, "{id}");
    if let Some(location) = location {
        buffer.push_str("\" location=\"");
        buffer.push_str(&quick_xml::escape::escape(location));
    }
    buffer.push_str("\"/>");
}

/// The `<Relationship>` of a hyperlink to `target`.
pub(super) fn push_relationship(buffer: &mut String, id: u32, target: &str) {
    buffer.push_str("<Relationship Id=\"rId");
    let _ = write!(buffer, "{id}");
    buffer.push_str("\" Type=\"");
    buffer.push_str(HYPERLINK);
    buffer.push_str("\" Target=\"");
    push_target(buffer, target);
    buffer.push_str("\" TargetMode=\"External\"/>");
}

/// A relationships part with nothing in it yet: the part's text before and after its
/// relationships.
pub(super) const EMPTY_RELATIONSHIPS: (&str, &str) = (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "</Relationships>",
);

/// Where new relationships go in a relationships part: before its `</Relationships>`.
pub(super) fn relationships_end(xml: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(xml, b"</Relationships>")
}

/// The first `rIdN` number free after every `rIdN` in a relationships part.
pub(super) fn first_free_id(xml: &[u8]) -> Result<u32, crate::ooxml::PackageError> {
    let mut last = 0u32;
    crate::ooxml::xml::each_element(xml, |element, attributes| {
        let id = attributes.iter().find(|(k, _)| k == "Id").map(|(_, v)| v.as_str());
        if let (true, Some(n)) = (element == "Relationship", id.and_then(|id| id.strip_prefix("rId"))) {
            last = last.max(n.parse().unwrap_or(0));
        }
    })?;
    Ok(last.saturating_add(1))
}

/// Where the `<hyperlink>`s go in what follows a worksheet's `</sheetData>`: before the
/// `</hyperlinks>` there is (true), or else where the block belongs (false): before the
/// first element that follows it in a worksheet, or `</worksheet>`. None when neither is
/// there, or the block is an empty `<hyperlinks/>`.
pub(super) fn hyperlinks_at(tail: &[u8]) -> Option<(usize, bool)> {
    if let Some(at) = memchr::memmem::find(tail, b"</hyperlinks>") {
        return Some((at, true));
    }
    // An empty `<hyperlinks/>` cannot take entries, and a second block is not allowed.
    if memchr::memmem::find(tail, b"<hyperlinks/>").is_some() {
        return None;
    }
    const AFTER: [&str; 21] = [
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "rowBreaks",
        "colBreaks",
        "customProperties",
        "cellWatches",
        "ignoredErrors",
        "smartTags",
        "drawing",
        "legacyDrawing",
        "legacyDrawingHF",
        "drawingHF",
        "picture",
        "oleObjects",
        "controls",
        "webPublishItems",
        "tableParts",
        "extLst",
        "/worksheet",
    ];
    AFTER
        .iter()
        .filter_map(|name| {
            let tag = format!("<{name}");
            memchr::memmem::find_iter(tail, tag.as_bytes())
                .find(|&at| matches!(tail.get(at + tag.len()), Some(b' ' | b'/' | b'>')))
        })
        .min()
        .map(|at| (at, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(link: &str) -> String {
        let mut out = String::new();
        push_target(&mut out, link);
        out
    }

    #[test]
    fn web_links_are_split_at_their_first_hash() {
        assert_eq!(web_link("https://example.com/a#b#c"), Some(("https://example.com/a", Some("b#c"))));
        assert_eq!(web_link("https://example.com/a#"), Some(("https://example.com/a", None)));
        assert_eq!(web_link("ftp://example.com/"), Some(("ftp://example.com/", None)));
        for other in ["mailto:a@example.com", "internal:Sheet2!A1", "file:///C:/a.xlsx", "geo:1,2", "a b"] {
            assert_eq!(web_link(other), None, "{other}");
        }
        assert_eq!(web_link("https://example.com/\u{7}"), None);
        let long = format!("https://example.com/{}", "é".repeat(2_060));
        assert_eq!(web_link(&long), Some((long.as_str(), None)), "2,080 UTF-16 units fit");
        let longer = format!("{long}é");
        assert_eq!(web_link(&longer), None);
        assert_eq!(web_link(&format!("https://example.com/#{}", "x".repeat(2_081))), None);
    }

    /// RFC 3986 §2.4: an octet already encoded is not encoded again; what a URI cannot hold
    /// is, with Excel's lowercase hex.
    #[test]
    fn targets_are_percent_encoded_once() {
        let cases = [
            (
                "https://www.google.com/maps/search/?api=1&query=48.8584%2C2.2945",
                "https://www.google.com/maps/search/?api=1&amp;query=48.8584%2C2.2945",
            ),
            ("https://example.com/a b?x=\"q\"", "https://example.com/a%20b?x=%22q%22"),
            ("https://example.com/<a>[b]^`{c}", "https://example.com/%3ca%3e%5bb%5d%5e%60%7bc%7d"),
            ("https://example.com/100%", "https://example.com/100%25"),
            ("https://example.com/%zz%2", "https://example.com/%25zz%252"),
            ("https://example.com/a%20b c", "https://example.com/a%20b%20c"),
            ("http://[2001:db8::1]:8080/x[1]", "http://[2001:db8::1]:8080/x%5b1%5d"),
            ("https://münchen.de/straße?q=東京", "https://münchen.de/straße?q=東京"),
        ];
        for (link, written) in cases {
            assert_eq!(target(link), written, "{link}");
        }
    }

    #[test]
    fn entries_are_written_as_the_formats_say() {
        let mut out = String::new();
        push_hyperlink(&mut out, "F3", 7, Some("Sheet \"2\"&<x>"));
        push_hyperlink(&mut out, "A1", 8, None);
        assert_eq!(
            out,
            r#"<hyperlink ref="F3" r:id="rId7" location="Sheet &quot;2&quot;&amp;&lt;x&gt;"/><hyperlink ref="A1" r:id="rId8"/>"#
        );
        out.clear();
        push_relationship(&mut out, 2, "https://example.com/?a=1&b=2");
        assert_eq!(
            out,
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/?a=1&amp;b=2" TargetMode="External"/>"#
        );
        let part = crate::ooxml::package::relationships_part("xl/worksheets/sheet12.xml");
        assert_eq!(part, "xl/worksheets/_rels/sheet12.xml.rels");
    }

    #[test]
    fn ids_and_places_are_found() -> Result<(), crate::ooxml::PackageError> {
        let rels = br#"<Relationships><Relationship Id="rId3" Target="a"/><Relationship Id="rId12" Target="b"/><Relationship Id="other" Target="c"/></Relationships>"#;
        assert_eq!(first_free_id(rels)?, 13);
        assert_eq!(first_free_id(b"<Relationships></Relationships>")?, 1);
        assert_eq!(relationships_end(rels), Some(rels.len() - "</Relationships>".len()));
        let with_block =
            b"<mergeCells/><hyperlinks><hyperlink ref=\"A1\"/></hyperlinks><pageMargins/></worksheet>";
        let end = with_block.len() - "</hyperlinks><pageMargins/></worksheet>".len();
        assert_eq!(hyperlinks_at(with_block), Some((end, true)));
        let without = b"<mergeCells/><printOptionsX/><pageMargins left=\"1\"/><pageSetup/></worksheet>";
        assert_eq!(hyperlinks_at(without), Some(("<mergeCells/><printOptionsX/>".len(), false)));
        assert_eq!(
            hyperlinks_at(b"<autoFilter ref=\"A1\"/></worksheet>"),
            Some(("<autoFilter ref=\"A1\"/>".len(), false))
        );
        assert_eq!(hyperlinks_at(b"<hyperlinks/><pageMargins/></worksheet>"), None);
        assert_eq!(hyperlinks_at(b"<sheetPr/>"), None, "a tail that does not end");
        Ok(())
    }
}
