//! Reading workbooks and CSV files into one plain model of sheets, rows and cells: the
//! format sniffed from the bytes, then one module per format, as calamine is laid out.

mod csv;
mod error;
mod grid;
mod guard;
mod ods;
mod takeout;
mod xls;
mod xls_links;
mod xlsb;
mod xlsx;

use error::damaged;
pub use error::ReadError;

use crate::{Cell, Format, Sheet, Workbook};
use csv::{decode_text, read_csv};
use std::io::{Cursor, Read};
use xlsb::read_xlsb;
use xlsx::read_xlsx;
use zip::ZipArchive;

/// How often, in rows, reading a workbook (and writing one) reports progress.
pub const PROGRESS_ROWS: usize = 20_000;

/// How often, in bytes of text, reading a CSV file reports progress (or every
/// [`PROGRESS_TEXT_ROWS`] rows, whichever comes first).
pub const PROGRESS_BYTES: usize = 1 << 20;

/// How often, in rows, reading a CSV file of short rows reports progress.
pub const PROGRESS_TEXT_ROWS: usize = 1 << 16;

/// How far a read is: what [`read_with`] reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadProgress {
    /// Rows read so far (of every sheet read so far).
    pub rows: usize,
    /// How many of the file's bytes those rows came from: exact for UTF-8 text, in proportion
    /// for text decoded from another encoding, and for .xlsx and .xlsb an estimate from the
    /// sheets done and the share of its declared rows the current sheet has reached. Never
    /// more than the file's size.
    pub bytes: usize,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a workbook or CSV file from its bytes.
///
/// The format is recognised from the bytes (a zip holding `xl/workbook.xml` or
/// `xl/workbook.bin`, an OpenDocument zip, the OLE2 signature of .xls, else text as CSV);
/// `name` is used only to name the sheet of a CSV file. Formulas are read as their cached
/// results.
///
/// # Errors
///
/// [`ReadError::Empty`] for no bytes, [`ReadError::Encrypted`] for a password-protected
/// workbook, [`ReadError::NotASpreadsheet`] for binary data of another kind,
/// [`ReadError::DamagedZip`] for a zip whose directory cannot be read,
/// [`ReadError::Damaged`] when the workbook's parts (or a JSON file) cannot be parsed,
/// [`ReadError::Suspicious`] when its sizes or counts are those of a file built to crash
/// readers (the guards of `read/guard.rs`), [`ReadError::NotPlaces`] for JSON that is not a
/// FeatureCollection, [`ReadError::Csv`] when the text cannot be split into records.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{read, Cell, Format};
///
/// let workbook = read(b"Name;Link\nDepot;https://maps.google.com/?q=1,2\n", "depots.csv")?;
/// assert_eq!(workbook.format, Format::Csv);
/// assert_eq!(workbook.sheets[0].name, "depots");
/// assert_eq!(workbook.sheets[0].rows[1][0], Cell::Text("Depot".into()));
/// # Ok::<(), pinsheet_core::ReadError>(())
/// ```
pub fn read(bytes: &[u8], name: &str) -> Result<Workbook, ReadError> {
    read_with(bytes, name, |_| {})
}

/// [`read`], calling `progress` with how far it is — every [`PROGRESS_ROWS`] rows of .xlsx
/// and .xlsb files, every [`PROGRESS_BYTES`] bytes or [`PROGRESS_TEXT_ROWS`] rows of CSV (the
/// other formats are read whole) — so a page can show a long read moving against the file's
/// size.
///
/// # Errors
///
/// As [`read`].
pub fn read_with(
    bytes: &[u8],
    name: &str,
    mut progress: impl FnMut(ReadProgress),
) -> Result<Workbook, ReadError> {
    let progress: &mut dyn FnMut(ReadProgress) = &mut progress;
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(CFB_MAGIC) {
        if guard::encrypted(bytes) {
            return Err(ReadError::Encrypted);
        }
        return xls::read_xls(bytes);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        let mut archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::DamagedZip(e.to_string()))?;
        guard::zip(&mut archive)?;
        return match zip_format(&mut archive) {
            Some(Format::Xlsb) => read_xlsb(bytes, progress),
            Some(Format::Xlsx) => read_xlsx(bytes, progress),
            Some(Format::Ods) => ods::read_ods(bytes),
            _ => Err(ReadError::NotASpreadsheet),
        };
    }
    let (text, encoding) = decode_text(bytes).ok_or(ReadError::NotASpreadsheet)?;
    // Sniffed by content: Takeout names its file "Saved Places.json", but a download may
    // have lost the name.
    if takeout::is_json(&text) {
        match takeout::read_geojson(&text, name) {
            // Text that only starts like JSON (a CSV whose first cell opens with `{`) is
            // read as CSV; a JSON file cut short is damaged.
            Err(ReadError::Damaged { .. }) if !takeout::is_cut_short(&text) => {}
            result => return result,
        }
    }
    // The text's bytes stand for the file's in proportion: a decoded file's text is longer
    // or shorter than the file.
    let (file_bytes, text_bytes) = (bytes.len(), text.len().max(1));
    let mut report = |rows, at: usize| {
        let bytes = u128::from(at as u64) * u128::from(file_bytes as u64) / u128::from(text_bytes as u64);
        progress(ReadProgress { rows, bytes: usize::try_from(bytes).unwrap_or(file_bytes).min(file_bytes) })
    };
    read_csv(text.as_bytes(), name, encoding, &mut report)
}

/// The workbook a zip package holds, told by the names in its central directory (just read):
/// `xl/workbook.bin` for .xlsb, `xl/workbook.xml` for .xlsx/.xlsm, and for OpenDocument its
/// `mimetype` part (ODF 1.2 Part 3, §3.3). None for any other zip.
fn zip_format(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Option<Format> {
    const ODS: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
    if archive.index_for_name("xl/workbook.bin").is_some() {
        return Some(Format::Xlsb);
    }
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return Some(Format::Xlsx);
    }
    // Only the head of the part is read: its size has been checked, but it is not trusted.
    let mut mimetype = Vec::new();
    let entry = archive.by_name("mimetype").ok()?;
    entry.take(256).read_to_end(&mut mimetype).ok()?;
    mimetype.starts_with(ODS).then_some(Format::Ods)
}

/// Pasted text as a one-column sheet named "Pasted": one row per line, each line's text
/// trimmed, blank lines kept as empty rows (trailing ones dropped). Nothing is split — a
/// line like `48.85, 2.29` is one cell, unlike a CSV file.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{read_lines, Cell};
///
/// let workbook = read_lines("geo:1,2\n\n 48.85, 2.29 \n\n");
/// assert_eq!(workbook.sheets[0].rows, vec![
///     vec![Cell::Text("geo:1,2".into())],
///     vec![],
///     vec![Cell::Text("48.85, 2.29".into())],
/// ]);
/// ```
pub fn read_lines(text: &str) -> Workbook {
    let mut rows: Vec<Vec<Cell>> = text
        .lines()
        .map(|line| match line.trim() {
            "" => Vec::new(),
            text => vec![Cell::Text(text.to_string())],
        })
        .collect();
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Workbook::new(Format::Csv, vec![Sheet::new("Pasted", rows)])
}

#[cfg(test)]
mod tests {
    use super::guard::utf16;
    use super::*;
    use crate::Cell;
    use std::io::Cursor;

    #[test]
    fn ods_hyperlinks_are_the_cells_links() {
        use std::io::Write;
        let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="First"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="Links"><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="3"/><table:covered-table-cell/><table:table-cell office:value-type="string"><text:p><text:a xlink:href="https://maps.google.com/?q=1.5,2.5&amp;z=3">Map</text:a></text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        // OpenDocument stores its mimetype first and uncompressed (ODF 1.2, part 3, §3.3).
        zip.start_file("mimetype", options.compression_method(zip::CompressionMethod::Stored)).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        zip.start_file("META-INF/manifest.xml", options).unwrap();
        zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
        zip.start_file("content.xml", options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let workbook = read(&bytes, "x.ods").unwrap();
        let sheet = &workbook.sheets[1];
        assert_eq!(sheet.cell(2, 2), &Cell::Text("Map".into()));
        assert_eq!(sheet.link_behind(2, 2), Some("https://maps.google.com/?q=1.5,2.5&z=3"));
        assert!(workbook.sheets[0].hyperlinks.is_empty());
    }

    #[test]
    fn long_reads_report_their_progress() {
        // 31 bytes a line: the first MiB ends on line ⌈1,048,576 / 31⌉ = 33,826; 45,000 lines
        // make no second MiB and fewer than 65,536 rows.
        let csv = "https://maps.google.com/?q=1,2\n".repeat(45_000);
        let mut seen = Vec::new();
        read_with(csv.as_bytes(), "x.csv", |at| seen.push(at)).unwrap();
        assert_eq!(seen, [ReadProgress { rows: 33_826, bytes: 33_826 * 31 }]);

        // Short lines report every 65,536 rows: 8 bytes a line makes half a MiB.
        let short = "geo:1,2\n".repeat(140_000);
        let mut seen = Vec::new();
        read_with(short.as_bytes(), "x.csv", |at| seen.push(at)).unwrap();
        let rows: Vec<usize> = seen.iter().map(|at| at.rows).collect();
        assert_eq!(rows, [65_536, 131_072]);
        assert_eq!(seen[1].bytes, 131_072 * 8);

        // Text decoded from another encoding counts the file's bytes, never past its size:
        // "é" is one byte in Windows-1252 and two in UTF-8.
        let text = "Café é,geo:1,2\n".repeat(200_000);
        let (legacy, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let mut seen = Vec::new();
        read_with(&legacy, "x.csv", |at| seen.push(at)).unwrap();
        assert!(seen.len() >= 2 && seen.windows(2).all(|w| w[0].bytes < w[1].bytes));
        let last = seen.last().unwrap();
        assert!(last.bytes <= legacy.len());
        // Each line is 15 bytes in the file, 17 as text; the estimate is within a line.
        assert!(last.bytes.abs_diff(last.rows * 15) <= 15, "{last:?}");

        let workbook = read(csv.as_bytes(), "x.csv").unwrap();
        let conversion = crate::Conversion {
            target: crate::Target::new(9, 0, false),
            outcomes: vec![],
            stats: Default::default(),
        };
        let xlsx = crate::write_xlsx(&workbook, &conversion, crate::Placement::AfterLink).unwrap();
        let mut seen = Vec::new();
        read_with(&xlsx, "x.xlsx", |at| seen.push(at)).unwrap();
        // Its one sheet declares A1:A45000: each report is that share of the file.
        let at = |rows: usize| ReadProgress { rows, bytes: xlsx.len() * rows / 45_000 };
        assert_eq!(seen, [at(20_000), at(40_000)]);
    }

    #[test]
    fn unreadable_inputs_get_a_reason() {
        assert!(matches!(read(b"", "x"), Err(ReadError::Empty)));
        assert!(matches!(read(b"\x89PNG\r\n\x1a\n\0\0\0", "x.xlsx"), Err(ReadError::NotASpreadsheet)));
        assert!(matches!(read(b"PK\x03\x04garbage", "x.xlsx"), Err(ReadError::DamagedZip(_))));
        let truncated = b"PK\x03\x04\x14\0\0\0\0\0xl/workbook.xml";
        assert!(matches!(read(truncated, "x.xlsx"), Err(ReadError::DamagedZip(_))));
        let mut encrypted = CFB_MAGIC.to_vec();
        encrypted.extend(utf16("EncryptedPackage"));
        assert!(matches!(read(&encrypted, "x.xlsx"), Err(ReadError::Encrypted)));
    }
}
