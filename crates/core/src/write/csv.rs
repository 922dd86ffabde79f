//! The CSV writer: the converted sheet as CSV written as its input was (delimiter and
//! encoding), else as Excel reads UTF-8; the new columns where the .xlsx has them.

use super::layout::{new_column_names, same_sheet, Layout};
use super::WriteError;
use crate::{Conversion, Outcome, Placement, Sheet, TextFormat, Workbook};
use encoding_rs::{EncoderResult, Encoding, UTF_8};

/// The byte-order mark that makes Excel read a CSV as UTF-8: without it Excel takes the
/// text for the system's legacy code page and garbles every accent.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most cells a CSV is padded out to (a million rows of a hundred columns).
const MAX_CSV_CELLS: usize = 100_000_000;

/// Writes the converted sheet as CSV (quoted where needed), with the same three columns in the
/// same place as [`crate::write_xlsx`]; every row is padded to the same width. Formulas are
/// written as their results.
///
/// A CSV input comes back with its own delimiter and in its own encoding
/// ([`Workbook::text`]): Windows-1252 with `;` stays so, and Shift_JIS stays Shift_JIS.
/// UTF-8 (and UTF-16) text, and every other input, is written as UTF-8 with a byte-order
/// mark, which Excel needs to read UTF-8 — comma-separated unless the input said otherwise.
/// pinsheet's own words in the new columns keep to what a legacy encoding holds (an ASCII
/// hyphen for the dash and "->" for the arrow where it lacks them), so they alone never
/// change the file's encoding. When a cell holds a character the encoding lacks (a
/// cell edited into the workbook in another script, a byte the input's encoding could not
/// decode), the whole file is written as UTF-8 with the mark instead, so nothing is lost;
/// [`crate::write_file`] says so in its note.
///
/// # Errors
///
/// [`WriteError::CsvTooLarge`] when rows × columns exceeds 100 million cells;
/// [`WriteError::Csv`] if the in-memory writer fails.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, read, write_csv, Placement, Target};
///
/// let workbook = read(b"https://maps.app.goo.gl/x\n", "a.csv")?;
/// let conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
/// let csv = String::from_utf8(write_csv(&workbook, &conversion, Placement::AfterLink)?).unwrap();
/// assert_eq!(csv, "\u{feff}https://maps.app.goo.gl/x,,,short link — needs resolver\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv(
    workbook: &Workbook,
    conversion: &Conversion,
    placement: Placement,
) -> Result<Vec<u8>, WriteError> {
    write_csv_all(workbook, std::slice::from_ref(conversion), placement)
}

/// [`write_csv`] for several link columns of one sheet, laid out as [`crate::write_xlsx_all`].
///
/// # Errors
///
/// As [`write_csv`].
pub fn write_csv_all(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
) -> Result<Vec<u8>, WriteError> {
    write_csv_noted(workbook, conversions, placement).map(|(bytes, _)| bytes)
}

/// [`write_csv_all`], with the note saying why the CSV is UTF-8 when its input's encoding
/// could not hold every cell.
pub(crate) fn write_csv_noted(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
) -> Result<(Vec<u8>, Option<String>), WriteError> {
    let conversions = same_sheet(conversions);
    let empty = Sheet::default();
    let sheet = conversions.first().and_then(|c| workbook.sheets.get(c.target.sheet)).unwrap_or(&empty);
    let width = sheet.width();
    let layout = Layout::new(&conversions, width, placement);
    let (rows, columns) = (sheet.rows.len(), layout.width(width));
    let cells = rows.saturating_mul(columns);
    if cells > MAX_CSV_CELLS {
        return Err(WriteError::CsvTooLarge { sheet: sheet.name.clone(), rows, columns, cells });
    }
    let text = workbook.text.as_ref();
    let encoding = text.map_or(UTF_8, TextFormat::encoding).output_encoding();
    let delimiter = text.map_or(b',', |text| text.delimiter);
    let mut writer = csv::WriterBuilder::new().flexible(true).delimiter(delimiter).from_writer(Vec::new());
    let mut outcomes: Vec<_> = conversions.iter().map(|c| c.outcomes.iter().peekable()).collect();
    let header = conversions.first().is_some_and(|c| c.target.header);
    let mut record: Vec<String> = vec![String::new(); columns];
    for (row, cells) in sheet.rows.iter().enumerate() {
        record.iter_mut().for_each(String::clear);
        for (column, cell) in cells.iter().enumerate() {
            record[layout.column(column)] = cell.display();
        }
        for (k, conversion) in conversions.iter().enumerate() {
            let first = layout.firsts[k];
            match outcomes[k].next_if(|outcome| outcome.row == row) {
                Some(Outcome { extraction, .. }) => {
                    let point = extraction.coordinate;
                    record[first] = point.map(|p| p.lat().to_string()).unwrap_or_default();
                    record[first + 1] = point.map(|p| p.lon().to_string()).unwrap_or_default();
                    record[first + 2] = own_words(extraction.describe(), encoding);
                }
                None if row == 0 && header => {
                    for (offset, name) in new_column_names(sheet, conversion, k).into_iter().enumerate() {
                        record[first + offset] = name;
                    }
                }
                None => {}
            }
        }
        writer.write_record(&record)?;
    }
    let utf8 = writer.into_inner().map_err(|error| WriteError::Csv(error.into_error().into()))?;
    Ok(encoded(utf8, text))
}

/// The CSV's UTF-8 bytes in the encoding `text` names, or as UTF-8 with a byte-order mark
/// (and a note when that was not what the input was).
fn encoded(utf8: Vec<u8>, text: Option<&TextFormat>) -> (Vec<u8>, Option<String>) {
    let with_bom = |utf8: Vec<u8>| [UTF8_BOM, &utf8].concat();
    let encoding = text.map_or(UTF_8, TextFormat::encoding);
    // UTF-16's encoder writes UTF-8 (the Encoding Standard encodes only to ASCII-compatible
    // encodings); UTF-8 with its mark holds the same text and Excel reads it.
    if encoding.output_encoding() == UTF_8 {
        return (with_bom(utf8), None);
    }
    // Every cell was a Rust string, so the bytes are UTF-8; were they not, they go out as
    // they are rather than be lost.
    let csv = match String::from_utf8(utf8) {
        Ok(csv) => csv,
        Err(error) => return (with_bom(error.into_bytes()), None),
    };
    match encode(&csv, encoding) {
        Ok(bytes) => (bytes, None),
        Err(missing) => {
            let note = format!(
                "The CSV is written as UTF-8 rather than {} like the input: a cell holds \
                 a character {} cannot hold (\"{missing}\"). Excel reads it as UTF-8 by its \
                 byte-order mark.",
                encoding.name(),
                encoding.name()
            );
            (with_bom(csv.into_bytes()), Some(note))
        }
    }
}

/// pinsheet's `words` for a CSV in `encoding`: unchanged in UTF-8 and wherever the encoding
/// has their characters; else the dash, arrow, ellipsis and degree sign become ASCII.
fn own_words(words: std::borrow::Cow<'_, str>, encoding: &'static Encoding) -> String {
    if encoding == UTF_8 || words.is_ascii() {
        return words.into_owned();
    }
    let mut out = String::with_capacity(words.len());
    for c in words.chars() {
        let mut buffer = [0; 4];
        if c.is_ascii() || encode(c.encode_utf8(&mut buffer), encoding).is_ok() {
            out.push(c);
            continue;
        }
        out.push_str(match c {
            '\u{2014}' | '\u{2013}' => "-",
            '\u{2192}' => "->",
            '\u{2026}' => "...",
            '\u{b0}' => " deg",
            _ => "?",
        });
    }
    out
}

/// `text` in `encoding`, or the first character it cannot hold.
fn encode(text: &str, encoding: &'static Encoding) -> Result<Vec<u8>, char> {
    let mut encoder = encoding.new_encoder();
    let room = encoder.max_buffer_length_from_utf8_without_replacement(text.len()).unwrap_or(text.len());
    let mut out = Vec::with_capacity(room);
    let mut rest = text;
    loop {
        let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            EncoderResult::InputEmpty => return Ok(out),
            EncoderResult::Unmappable(missing) => return Err(missing),
            EncoderResult::OutputFull => out.reserve(rest.len().max(16) * 2),
        }
    }
}
