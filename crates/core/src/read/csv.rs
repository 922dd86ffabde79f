//! CSV and other delimited text: the text's encoding decoded, the delimiter sniffed.

use super::{ReadError, PROGRESS_BYTES, PROGRESS_TEXT_ROWS};
use crate::excel::sheet_name;
use crate::{Cell, Format, Sheet, TextFormat, Workbook};
use encoding_rs::Encoding;

/// Text in whatever encoding it came in, as UTF-8: a byte-order mark decides (UTF-8, UTF-16
/// LE/BE), else valid UTF-8 is taken as is, else UTF-16 without a mark is recognised by its
/// zero bytes, else chardetng guesses among the legacy encodings (Windows-1252 and the other
/// Windows code pages, Shift_JIS, GBK, EUC-KR…). The text comes with the encoding it was
/// decoded from. None for binary data of another kind.
pub(super) fn decode_text(bytes: &[u8]) -> Option<(std::borrow::Cow<'_, str>, &'static Encoding)> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        return Some((text, encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (!text[..floor_boundary(text, 8192)].contains('\0'))
            .then_some((std::borrow::Cow::Borrowed(text), encoding_rs::UTF_8));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        // ASCII-range text in UTF-16 has a zero in every other byte.
        let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
        let half = head.len() / 2;
        let encoding = if zeros_at(1) * 10 >= half * 9 {
            encoding_rs::UTF_16LE
        } else if zeros_at(0) * 10 >= half * 9 {
            encoding_rs::UTF_16BE
        } else {
            return None;
        };
        return Some((encoding.decode_without_bom_handling(bytes).0, encoding));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Some((text, encoding))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Reads delimited text (UTF-8 by now, decoded from `encoding`). The delimiter is the most
/// frequent of `,` `;` tab `|` on the first line; rows keep their own lengths. Both are kept
/// in [`Workbook::text`]. `progress(rows, at)` hears of the rows read and the byte of the
/// text they end at, every [`PROGRESS_BYTES`] or [`PROGRESS_TEXT_ROWS`] rows.
pub(super) fn read_csv(
    bytes: &[u8],
    name: &str,
    encoding: &'static Encoding,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Workbook, ReadError> {
    let delimiter = sniff_delimiter(bytes);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    let (mut reported_rows, mut reported_at) = (0, 0);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut row: Vec<Cell> = record
                    .iter()
                    .map(|field| match String::from_utf8_lossy(field) {
                        text if text.is_empty() => Cell::Empty,
                        text => Cell::Text(text.into_owned()),
                    })
                    .collect();
                while row.last() == Some(&Cell::Empty) {
                    row.pop();
                }
                rows.push(row);
                // The reader's position is a counter it keeps: asking costs nothing.
                let at = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
                if rows.len() - reported_rows >= PROGRESS_TEXT_ROWS
                    || at.saturating_sub(reported_at) >= PROGRESS_BYTES
                {
                    (reported_rows, reported_at) = (rows.len(), at);
                    progress(rows.len(), at);
                }
            }
            Err(error) => return Err(ReadError::Csv(error.to_string())),
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    let text = TextFormat { delimiter, encoding: encoding.name().to_string() };
    Ok(Workbook { text: Some(text), ..Workbook::new(Format::Csv, vec![Sheet::new(sheet_name(name), rows)]) })
}

/// The delimiter of the first record, counted outside quotes: a quoted field may hold
/// commas, tabs and line breaks of its own.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if quoted => {}
            b',' => counts[0] += 1,
            b';' => counts[1] += 1,
            b'\t' => counts[2] += 1,
            b'|' => counts[3] += 1,
            _ => {}
        }
    }
    // On a tie the earlier one wins: `,` is the most common.
    let delimiters = [b',', b';', b'\t', b'|'];
    (0..4).rev().max_by_key(|&i| counts[i]).map_or(b',', |i| delimiters[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read;

    #[test]
    fn delimiter_is_sniffed_from_the_first_line() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
        assert_eq!(sniff_delimiter(b"single column\n"), b',');
        assert_eq!(sniff_delimiter(b"a,b;c"), b',');
        assert_eq!(sniff_delimiter(b"\"\t\n;\",x,\"y\"\n"), b',', "delimiters inside quotes do not count");
    }

    #[test]
    fn csv_keeps_ragged_rows_and_quotes_and_drops_the_bom() {
        // The csv crate skips wholly blank lines: they hold no data.
        let csv = "\u{feff}a,\"b, with comma\"\n\n1,2,3\n,\n";
        let sheet = &read(csv.as_bytes(), "x.csv").unwrap().sheets[0];
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0], vec![Cell::Text("a".into()), Cell::Text("b, with comma".into())]);
        assert_eq!(sheet.rows[1].len(), 3);
    }

    #[test]
    fn csv_encodings_are_recognised() {
        let first = |bytes: &[u8]| read(bytes, "x.csv").unwrap().sheets[0].rows[0].clone();
        let want = vec![Cell::Text("Café".into()), Cell::Text("Zürich".into())];
        let (windows_1252, _, _) = encoding_rs::WINDOWS_1252.encode("Café;Zürich\nMünchen;Genève, Ôle\n");
        assert_eq!(first(&windows_1252), want);
        let utf16le: Vec<u8> = "Café\tZürich\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(first(&utf16le), want, "UTF-16 without a byte-order mark");
        let mut with_bom = vec![0xFE, 0xFF];
        with_bom.extend("Café|Zürich\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(first(&with_bom), want);
        let (shift_jis, _, _) =
            encoding_rs::SHIFT_JIS.encode("東京駅,大阪城\n皇居,https://maps.google.com/?q=35.68,139.75\n");
        assert_eq!(first(&shift_jis), vec![Cell::Text("東京駅".into()), Cell::Text("大阪城".into())]);
    }
}
