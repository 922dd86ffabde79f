//! Writing SpreadsheetML cells: inline-string cells and their text escaped as Excel does.

use crate::excel::MAX_TEXT;
use std::fmt::Write as _;

/// True when `text` fits in a cell: at most 32,767 UTF-16 code units (counted only when the
/// bytes say it might not).
pub(crate) fn fits_in_cell(text: &str) -> bool {
    text.len() <= MAX_TEXT || text.encode_utf16().count() <= MAX_TEXT
}

/// An inline-string cell (the caller has checked the length).
pub(crate) fn push_text_cell(buffer: &mut String, letter: &str, number: usize, text: &str) {
    push_styled_text_cell(buffer, letter, number, None, text);
}

/// An inline-string cell with the cell style (`s`) `style`, if any.
pub(crate) fn push_styled_text_cell(
    buffer: &mut String,
    letter: &str,
    number: usize,
    style: Option<&str>,
    text: &str,
) {
    let edge = [' ', '\t', '\n'];
    let preserve = match text.starts_with(edge) || text.ends_with(edge) {
        true => " xml:space=\"preserve\"",
        false => "",
    };
    let _ = write!(buffer, "<c r=\"{letter}{number}\"");
    if let Some(style) = style {
        let _ = write!(buffer, " s=\"{style}\"");
    }
    let _ = write!(buffer, " t=\"inlineStr\"><is><t{preserve}>");
    push_escaped(buffer, text);
    buffer.push_str("</t></is></c>");
}

/// Text as XML character data, the way Excel writes it: `&`, `<` and `>` as entities; the
/// control characters XML 1.0 cannot carry (all below U+0020 but tab and line feed) and
/// U+FFFE/U+FFFF as `_xHHHH_`; and a literal `_xHHHH_` with its underscore escaped, so it
/// reads back as typed.
pub(crate) fn push_escaped(buffer: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (escape, code, length) = match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'&', _) => ("&amp;", 0, 1),
            (b'<', _) => ("&lt;", 0, 1),
            (b'>', _) => ("&gt;", 0, 1),
            (byte @ (0..=0x08 | 0x0b..=0x1f), _) => ("", u32::from(byte), 1),
            (b'_', _) if reads_as_escape(&bytes[i..]) => ("", u32::from(b'_'), 1),
            (0xef, Some([0xbf, low @ (0xbe | 0xbf)])) => ("", 0xfff0 | u32::from(*low & 15), 3),
            _ => {
                i += 1;
                continue;
            }
        };
        // Every byte escaped is ASCII or starts a character, so these are char boundaries.
        buffer.push_str(&text[copied..i]);
        buffer.push_str(escape);
        if escape.is_empty() {
            buffer.push_str("_x");
            for shift in [12, 8, 4, 0] {
                buffer.push(char::from(b"0123456789ABCDEF"[(code >> shift & 15) as usize]));
            }
            buffer.push('_');
        }
        i += length;
        copied = i;
    }
    buffer.push_str(&text[copied..]);
}

/// Character data as Excel means it, `_xHHHH_` escapes decoded (ECMA-376 Part 1 §22.9.2.19):
/// each is one UTF-16 code unit, two in a row may make a surrogate pair, and a surrogate
/// left alone reads as U+FFFD. The inverse of [`push_escaped`] after XML's own entities.
pub(crate) fn unescaped(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let escape = bytes.get(at..at + 7)?;
        if !looks_escaped(escape) {
            return None;
        }
        // Four ASCII hex digits: a char boundary on each side, and a u16.
        u16::from_str_radix(text.get(at + 2..at + 6)?, 16).ok()
    };
    let mut from = 0;
    let next = |from: usize| {
        memchr::memchr_iter(b'_', &bytes[from..]).map(|k| from + k).find_map(|at| Some((at, unit(at)?)))
    };
    let Some(mut found) = next(0) else { return std::borrow::Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    loop {
        let (at, code) = found;
        out.push_str(&text[from..at]);
        from = at + 7;
        let pair = match code {
            0xD800..=0xDBFF => unit(from).filter(|low| (0xDC00..=0xDFFF).contains(low)),
            _ => None,
        };
        match pair {
            Some(low) => {
                let high = u32::from(code - 0xD800) << 10;
                out.push(
                    char::from_u32(0x10000 + high + u32::from(low - 0xDC00))
                        .unwrap_or(char::REPLACEMENT_CHARACTER),
                );
                from += 7;
            }
            None => out.push(char::from_u32(u32::from(code)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        match next(from) {
            Some(escape) => found = escape,
            None => break,
        }
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// `_xHHHH_` at the start: what Excel reads as an escaped character.
fn looks_escaped(bytes: &[u8]) -> bool {
    matches!(bytes, [b'_', b'x', a, b, c, d, b'_', ..] if [a, b, c, d].iter().all(|h| h.is_ascii_hexdigit()))
}

/// `_xHHHH_` at the start as written: typed so, or `_xHHHH` before a character that is itself
/// written as an escape, whose `_` would close it.
fn reads_as_escape(bytes: &[u8]) -> bool {
    looks_escaped(bytes)
        || matches!(bytes, [b'_', b'x', a, b, c, d, next @ ..] if [a, b, c, d].iter().all(|h| h.is_ascii_hexdigit())
            && matches!(next, [0..=0x08 | 0x0b..=0x1f, ..] | [0xef, 0xbf, 0xbe | 0xbf, ..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, text);
        out
    }

    #[test]
    fn text_is_escaped_as_excel_writes_it() {
        assert_eq!(escaped("a&b<c>d"), "a&amp;b&lt;c&gt;d");
        assert_eq!(escaped("tab\tline\nreturn\r"), "tab\tline\nreturn_x000D_");
        assert_eq!(escaped("\u{1}bell\u{7}"), "_x0001_bell_x0007_");
        assert_eq!(escaped("_x0041_ stays typed"), "_x005F_x0041_ stays typed");
        assert_eq!(escaped("_x004_ and _xZZZZ_"), "_x004_ and _xZZZZ_");
        assert_eq!(escaped("_xA00a\u{0}"), "_x005F_xA00a_x0000_");
        assert_eq!(escaped("é\u{FFFE}ü\u{FFFF}"), "é_xFFFE_ü_xFFFF_");
        assert_eq!(escaped("Zürich — 東京"), "Zürich — 東京");
    }

    #[test]
    fn escapes_read_as_excel_means_them() {
        assert_eq!(unescaped("return_x000D_"), "return\r");
        assert_eq!(unescaped("_x005F_x0041_ stays typed"), "_x0041_ stays typed");
        assert_eq!(unescaped("_x004_ and _xZZZZ_ and _x00e9_"), "_x004_ and _xZZZZ_ and é");
        assert_eq!(unescaped("map _xD83D__xDDFA_"), "map 🗺");
        assert_eq!(unescaped("lone _xD83D_ and _xDDFA_"), "lone \u{FFFD} and \u{FFFD}");
        assert_eq!(unescaped("_x0041__x0042_"), "AB");
        assert!(matches!(unescaped("plain_text x_"), std::borrow::Cow::Borrowed("plain_text x_")));
    }

    proptest::proptest! {
        /// Whatever a cell holds is read back as written.
        #[test]
        fn unescaping_undoes_escaping(text in "(_x[0-9A-Fa-f]{0,4}_?|[a-z_ ]|\\PC|[\u{0}-\u{1f}])*") {
            let written = escaped(&text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
            proptest::prop_assert_eq!(unescaped(&written), text.as_str());
        }
    }
}
