//! Reading workbooks and CSV files into one plain model of sheets, rows and cells: the
//! format sniffed from the bytes, then one module per format, as calamine is laid out.

mod csv;
mod error;
mod grid;
mod guard;
mod ods;
mod sniff;
mod takeout;
mod xls;
mod xls_links;
mod xlsb;
mod xlsx;
mod xlsx_fast;

use error::damaged;
pub use error::ReadError;
pub use sniff::OtherFile;

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
/// workbook, [`ReadError::OtherKind`] for a kind of file told by its first bytes (an image,
/// a PDF, a Word document, an archive, a web page), [`ReadError::NotASpreadsheet`] for other
/// binary data, [`ReadError::XmlEntities`] for XML declaring entities,
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
/// An .xlsx read by both of pinsheet's readers, for differential tests and fuzzing: the fast
/// path's workbook (None where it leaves the file to calamine) and calamine's. The package is
/// checked first, as [`read`] checks it; anything but an .xlsx gives `(None, Err(…))`.
#[doc(hidden)]
pub fn read_xlsx_both(bytes: &[u8]) -> (Option<Workbook>, Result<Workbook, ReadError>) {
    let checked = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::DamagedZip(e.to_string()))
        .and_then(|mut archive| guard::zip(&mut archive).map(|()| zip_format(&mut archive)));
    match checked {
        Ok(Some(Format::Xlsx)) => {
            let fast = xlsx::read_xlsx_fast(bytes, &mut |_| {});
            (fast, xlsx::read_xlsx_calamine(bytes, &mut |_| {}))
        }
        Ok(_) => (None, Err(ReadError::NotASpreadsheet)),
        Err(error) => (None, Err(error)),
    }
}

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
        if let Some(kind) = sniff::ole2(bytes) {
            return Err(ReadError::OtherKind(kind));
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
            _ => Err(ReadError::OtherKind(sniff::zip(&mut archive))),
        };
    }
    if let Some(kind) = sniff::by_magic(bytes) {
        return Err(ReadError::OtherKind(kind));
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
        assert!(matches!(
            read(b"\x89PNG\r\n\x1a\n\0\0\0", "x.xlsx"),
            Err(ReadError::OtherKind(OtherFile::Png))
        ));
        assert!(matches!(
            read(b"\0\x01\x02\x03\xFE\xFD\0\0\0\x07", "x.bin"),
            Err(ReadError::NotASpreadsheet)
        ));
        assert!(matches!(read(b"PK\x03\x04garbage", "x.xlsx"), Err(ReadError::DamagedZip(_))));
        let truncated = b"PK\x03\x04\x14\0\0\0\0\0xl/workbook.xml";
        assert!(matches!(read(truncated, "x.xlsx"), Err(ReadError::DamagedZip(_))));
        let mut encrypted = CFB_MAGIC.to_vec();
        encrypted.extend(utf16("EncryptedPackage"));
        assert!(matches!(read(&encrypted, "x.xlsx"), Err(ReadError::Encrypted)));
    }

    /// A zip package holding these parts.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, contents) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(contents).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn kind(bytes: &[u8]) -> Option<OtherFile> {
        match read(bytes, "x.xlsx") {
            Err(ReadError::OtherKind(kind)) => Some(kind),
            _ => None,
        }
    }

    /// Each kind by the first bytes its specification gives it (cited on [`OtherFile`]'s
    /// variants), and for containers by the parts or streams inside.
    #[test]
    fn files_of_other_kinds_are_named_by_their_magic_numbers() {
        let ole2 =
            |names: &[&str]| [CFB_MAGIC.to_vec(), names.iter().flat_map(|n| utf16(n)).collect()].concat();
        for (bytes, want) in [
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), OtherFile::Png),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF\0".to_vec(), OtherFile::Jpeg),
            (b"GIF89a\x01\0\x01\0".to_vec(), OtherFile::Gif),
            (b"GIF87a\x01\0\x01\0".to_vec(), OtherFile::Gif),
            (b"RIFF\x24\0\0\0WEBPVP8 ".to_vec(), OtherFile::WebP),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), OtherFile::Pdf),
            (b"%PDF-2.0\n".to_vec(), OtherFile::Pdf),
            (b"\x1F\x8B\x08\0\0\0\0\0".to_vec(), OtherFile::Gzip),
            (b"7z\xBC\xAF\x27\x1C\0\x04".to_vec(), OtherFile::SevenZip),
            (b"Rar!\x1A\x07\x01\0".to_vec(), OtherFile::Rar),
            (b"Rar!\x1A\x07\0".to_vec(), OtherFile::Rar),
            (b"<!DOCTYPE html>\n<html><body>Sign in</body></html>".to_vec(), OtherFile::Html),
            (b"\xEF\xBB\xBF\n  <HTML lang=\"en\">".to_vec(), OtherFile::Html),
            (b"<head>\n<title>x</title>".to_vec(), OtherFile::Html),
            (zip_of(&[("notes.txt", b"hello")]), OtherFile::Zip),
            (
                zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
                OtherFile::Word,
            ),
            (zip_of(&[("ppt/presentation.xml", b"<p:presentation/>")]), OtherFile::PowerPoint),
            (
                zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")]),
                OtherFile::OdfText,
            ),
            (
                zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.presentation")]),
                OtherFile::OdfPresentation,
            ),
            (zip_of(&[("Index/Document.iwa", b"\0"), ("Metadata/Properties.plist", b"")]), OtherFile::Iwork),
            (ole2(&["Root Entry", "WordDocument", "1Table"]), OtherFile::Word),
            (ole2(&["Root Entry", "PowerPoint Document", "Current User"]), OtherFile::PowerPoint),
        ] {
            assert_eq!(
                kind(&bytes),
                Some(want),
                "{:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(24)])
            );
        }
        let pdf = read(b"%PDF-1.4\n", "report.pdf").unwrap_err().to_string();
        assert_eq!(pdf, "This is a PDF document, not a spreadsheet. Open it, export the table as .xlsx or .csv, and choose that.");
        let png = read(b"\x89PNG\r\n\x1a\n", "photo.xlsx").unwrap_err().to_string();
        assert!(png.starts_with("This is a PNG image, not a spreadsheet."), "{png}");
    }

    #[test]
    fn text_that_only_looks_like_another_kind_is_read_as_csv() {
        for text in [
            // "PK" as text is not the zip signature PK\3\4.
            "PK,Link\n1,\"geo:1,2\"\n",
            // "%PDF" without "-" and a version is a word.
            "%PDF tips;geo:1,2\n",
            "Note,Link\n\"%PDF-1.4 in a cell\",\"geo:1,2\"\n",
            // An inline tag is not one the MIME Sniffing standard starts HTML with.
            "<b>bold</b>;geo:1,2\n",
            "<html-ish>;x\n",
            "Name;Link\n<html>;geo:1,2\n",
            "GIF;JPEG\nx;y\n",
        ] {
            let workbook = read(text.as_bytes(), "x.csv").unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(workbook.format, Format::Csv, "{text}");
            assert!(!workbook.sheets[0].rows.is_empty());
        }
        // A workbook that embeds a Word document is still a workbook (here a damaged one).
        let embeds = [CFB_MAGIC.to_vec(), utf16("Workbook"), utf16("WordDocument")].concat();
        assert!(matches!(read(&embeds, "x.xls"), Err(ReadError::Damaged { format: Format::Xls, .. })));
    }

    #[test]
    fn parser_errors_are_told_in_plain_words_and_kept_for_logs() {
        let zip = read(b"PK\x03\x04garbage", "x.xlsx").unwrap_err();
        assert_eq!(
            zip.to_string(),
            "The file is damaged: its zip index is missing. Was the download cut short? Save it again from the program that made it, and choose the new copy."
        );
        assert!(zip.detail().is_some_and(|d| !d.is_empty()));

        let xls = read(&[CFB_MAGIC, b"\0\0\0\0 not a container"].concat(), "x.xls").unwrap_err();
        let message = xls.to_string();
        assert!(
            message.starts_with("The file looks like an old Excel (.xls) file but is damaged"),
            "{message}"
        );
        assert!(!message.contains("CFB") && xls.detail().is_some(), "{message}");

        // The "billion laughs": entities defined in a sheet's DOCTYPE, expanded by nothing.
        let book = {
            let mut book = rust_xlsxwriter::Workbook::new();
            book.add_worksheet().write_string(0, 0, "x").unwrap();
            book.save_to_buffer().unwrap()
        };
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"#;
        let mut archive = ZipArchive::new(Cursor::new(book.as_slice())).unwrap();
        let parts: Vec<(String, Vec<u8>)> = (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).unwrap();
                let mut contents = Vec::new();
                entry.read_to_end(&mut contents).unwrap();
                let name = entry.name().unwrap().to_string();
                let contents = if name == "xl/worksheets/sheet1.xml" { bomb.to_vec() } else { contents };
                (name, contents)
            })
            .collect();
        let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, c)| (n.as_str(), c.as_slice())).collect();
        let bombed = zip_of(&parts);
        let error = read(&bombed, "lol.xlsx").unwrap_err();
        assert!(matches!(error, ReadError::XmlEntities(_)), "{error:?}");
        assert!(error
            .to_string()
            .starts_with("The file uses XML features that spreadsheets never use (entity definitions)"));
        assert_eq!(read(b"", "x").unwrap_err().to_string().split(". ").next(), Some("The file is empty"));
    }
}
