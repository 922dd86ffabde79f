//! Reading workbooks and CSV files into one plain model of sheets, rows and cells.

use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader};
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use thiserror::Error;

/// One cell's value, with the type the file gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, as written.
    Text(String),
    /// A number.
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date and/or time as an Excel serial number (days since 1899-12-30, 1900 system).
    DateTime(f64),
    /// A duration formatted as time (`[h]:mm:ss`), in days.
    Duration(f64),
    /// A formula error value such as `#N/A` or `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// The cell's text when it holds text; links are only ever text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value as a person would read it in a preview or a CSV file; dates in ISO 8601.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) | Cell::Duration(n) => n.to_string(),
            Cell::DateTime(n) => {
                let (y, mo, d, h, mi, s, _) =
                    ExcelDateTime::new(*n, ExcelDateTimeType::DateTime, false).to_ymd_hms_milli();
                if n.fract() == 0.0 {
                    format!("{y:04}-{mo:02}-{d:02}")
                } else {
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
                }
            }
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A cell's place: 0-based `(row, column)`; `(0, 0)` is A1.
pub type Position = (u32, u32);

/// A rectangle of cells, both corners included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Top-left cell.
    pub first: Position,
    /// Bottom-right cell.
    pub last: Position,
}

/// A named grid of cells. `rows[0][0]` is cell A1 (rows and columns are 0-based here, so
/// positions survive the round trip even when the data starts further down).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's tab name.
    pub name: String,
    /// Rows top to bottom; rows may have different lengths and end at their last used cell.
    pub rows: Vec<Vec<Cell>>,
    /// Formulas in Excel's syntax (no leading `=`), sorted by position; the cell holds the
    /// cached result ([`Cell::Empty`] when the file has none, or for a `HYPERLINK()` with
    /// literal arguments what it shows). Only .xlsx formulas are kept: the other formats'
    /// are read as results.
    #[serde(default)]
    pub formulas: Vec<(Position, String)>,
    /// Hyperlink targets by cell, sorted by position: a cell's hyperlink in .xlsx, or the
    /// URL of a `HYPERLINK()` formula in .xls, .xlsb and .ods. Internal links (to a place
    /// in the workbook) start with `internal:`.
    #[serde(default)]
    pub hyperlinks: Vec<(Position, String)>,
    /// Merged cell ranges, as the file lists them.
    #[serde(default)]
    pub merged: Vec<Span>,
    /// Points the file itself gives for a cell, sorted by position: a Google Takeout saved
    /// place's own point, put behind its `Google Maps URL` cell. They come before the cell's
    /// link when it is converted.
    #[serde(default)]
    pub points: Vec<(Position, crate::Coordinate)>,
}

impl Sheet {
    /// A sheet of plain values.
    pub fn new(name: impl Into<String>, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet { name: name.into(), rows, ..Sheet::default() }
    }

    /// The formula of a cell, when it has one.
    pub fn formula(&self, row: usize, column: usize) -> Option<&str> {
        find(&self.formulas, row, column).map(String::as_str)
    }

    /// The hyperlink target of a cell, when it has one.
    pub fn hyperlink(&self, row: usize, column: usize) -> Option<&str> {
        find(&self.hyperlinks, row, column).map(String::as_str)
    }

    /// The point the file gives for a cell ([`Sheet::points`]), when it gives one.
    pub fn point(&self, row: usize, column: usize) -> Option<crate::Coordinate> {
        find(&self.points, row, column).copied()
    }

    /// The link a cell stands for besides its text: its hyperlink's target, else the URL of
    /// its `HYPERLINK("url", "label")` formula. A cell showing "Map" is often only that.
    pub fn link_behind(&self, row: usize, column: usize) -> Option<&str> {
        self.hyperlink(row, column)
            .filter(|target| !target.starts_with("internal:"))
            .or_else(|| self.formula(row, column).and_then(hyperlink_formula_url))
    }

    /// True when row `row` (0-based) has no value, no formula and no hyperlink: a wholly
    /// empty row, which conversion skips. A `HYPERLINK()` formula saved without its result
    /// (openpyxl writes them so) is an empty cell that still holds a link.
    pub fn row_is_blank(&self, row: usize) -> bool {
        let in_row = |list: &[(Position, String)]| {
            let Ok(row) = u32::try_from(row) else { return false };
            let start = list.partition_point(|((r, _), _)| *r < row);
            list.get(start).is_some_and(|((r, _), _)| *r == row)
        };
        self.rows.get(row).is_none_or(|cells| cells.iter().all(|cell| cell == &Cell::Empty))
            && !in_row(&self.formulas)
            && !in_row(&self.hyperlinks)
    }

    /// Makes room in the grid for every formula's cell, as [`Cell::Empty`] where the file
    /// cached no result, so the sheet's width and row count include it: new columns must
    /// not land on it, and the row it is in is converted. Formulas come one per cell element
    /// of the file, so this allocates no more than the cells themselves would.
    ///
    /// A `HYPERLINK()` formula without its result gets the one the function has (ECMA-376
    /// Part 1, §18.17.7.156: the friendly name, else the link itself) when its arguments are
    /// literals, so the cell reads "Map" in the preview and in every output, as Excel shows it
    /// — rather than the `0` or blank a reader that does not calculate would show.
    fn cover_formulas(&mut self) {
        let positions: Vec<Position> = self.formulas.iter().map(|(position, _)| *position).collect();
        cover(&mut self.rows, positions);
        for ((row, column), formula) in &self.formulas {
            let Some(cell) = self.rows.get_mut(*row as usize).and_then(|r| r.get_mut(*column as usize))
            else {
                continue;
            };
            if *cell == Cell::Empty {
                if let Some(label) = hyperlink_formula_label(formula) {
                    *cell = Cell::Text(label);
                }
            }
        }
    }

    /// The number of columns up to the last used one in any row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cell at a 0-based row and column; [`Cell::Empty`] beyond a row's end.
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(column)).unwrap_or(&Cell::Empty)
    }
}

/// The value at a cell in a list sorted by position.
fn find<T>(list: &[(Position, T)], row: usize, column: usize) -> Option<&T> {
    let key = (u32::try_from(row).ok()?, u32::try_from(column).ok()?);
    let index = list.binary_search_by_key(&key, |(position, _)| *position).ok()?;
    list.get(index).map(|(_, value)| value)
}

/// The URL of a `HYPERLINK("url", "label")` formula whose first argument is a string literal,
/// in Excel's syntax or OpenFormula's (`of:=HYPERLINK("url"; "label")`).
///
/// # Examples
///
/// ```
/// use pinsheet_core::hyperlink_formula_url;
/// assert_eq!(hyperlink_formula_url(r#"HYPERLINK("https://maps.google.com/?q=1,2","Map")"#), Some("https://maps.google.com/?q=1,2"));
/// assert_eq!(hyperlink_formula_url(r#"of:=hyperlink("geo:1,2";"x")"#), Some("geo:1,2"));
/// assert_eq!(hyperlink_formula_url("HYPERLINK(A2)"), None);
/// ```
pub fn hyperlink_formula_url(formula: &str) -> Option<&str> {
    let formula = formula.trim_start();
    let formula = formula.strip_prefix("of:").unwrap_or(formula);
    let formula = formula.strip_prefix('=').unwrap_or(formula).trim_start();
    let name = formula.get(..10)?;
    if !name.eq_ignore_ascii_case("HYPERLINK(") {
        return None;
    }
    let rest = formula[10..].trim_start().strip_prefix('"')?;
    // `""` inside a literal is an escaped quote; a URL with one is not worth unescaping.
    let end = rest.find('"')?;
    if rest[end + 1..].starts_with('"') {
        return None;
    }
    Some(&rest[..end]).filter(|url| !url.is_empty())
}

/// What a `HYPERLINK("url", "label")` formula shows: its label when that is a string literal,
/// its URL when it has no label; None when either is an expression.
fn hyperlink_formula_label(formula: &str) -> Option<String> {
    let url = hyperlink_formula_url(formula)?;
    // The URL is a slice of the formula; what follows its closing quote is the rest.
    let offset = (url.as_ptr() as usize).checked_sub(formula.as_ptr() as usize)?;
    let rest = formula.get(offset + url.len() + 1..)?.trim_start();
    // The formula is the call and nothing more: `HYPERLINK(…)&"x"` shows something else.
    let closes = |rest: &str| rest.trim_start().strip_prefix(')').is_some_and(|r| r.trim().is_empty());
    if closes(rest) {
        return Some(url.to_string());
    }
    let rest = rest.strip_prefix([',', ';'])?.trim_start().strip_prefix('"')?;
    let mut label = String::new();
    let mut chars = rest.chars();
    loop {
        match chars.next()? {
            // `""` inside a literal is one quote.
            '"' if chars.as_str().starts_with('"') => {
                chars.next();
                label.push('"');
            }
            '"' => break,
            c => label.push(c),
        }
    }
    closes(chars.as_str()).then_some(label).filter(|label| !label.is_empty())
}

/// The kind of file a workbook was read from, found from its bytes rather than its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// Excel 97–2003 workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Comma-, semicolon-, tab- or pipe-separated text.
    Csv,
    /// A GeoJSON FeatureCollection (RFC 7946), such as Google Takeout's `Saved Places.json`.
    GeoJson,
}

impl Format {
    /// True for the formats read as text (CSV, GeoJSON): they cannot be patched, so they come
    /// back as a rewritten .xlsx and as CSV.
    pub fn is_text(self) -> bool {
        matches!(self, Format::Csv | Format::GeoJson)
    }
}

/// Every sheet of one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    /// What the bytes were.
    pub format: Format,
    /// The sheets in tab order; a CSV file has one.
    pub sheets: Vec<Sheet>,
}

/// Why a file could not be read. Messages are for the person who chose the file.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes at all.
    #[error("The file is empty.")]
    Empty,
    /// The workbook is encrypted; Excel does that when it is saved with a password.
    #[error("This file is password-protected. Save an unprotected copy and try again.")]
    Encrypted,
    /// The bytes are neither a workbook pinsheet reads nor text.
    #[error("This is not a spreadsheet pinsheet can read. Use .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or a Google Takeout saved-places .json.")]
    NotASpreadsheet,
    /// The file looks like a workbook but its contents are damaged or truncated.
    #[error("This {0} file is damaged or incomplete ({1}). Open and re-save it, then try again.")]
    Damaged(&'static str, String),
    /// A JSON file that is not a FeatureCollection: no places to make rows of.
    #[error("This JSON file is not a Google Takeout saved-places file or GeoJSON (a FeatureCollection of places), so there are no rows in it to convert. Export \"Saved\" or \"Maps (your places)\" from Google Takeout, or save the places as .csv or .xlsx.")]
    NotPlaces,
    /// A CSV file whose rows cannot be split into fields.
    #[error("This CSV file could not be read ({0}).")]
    Csv(String),
    /// The workbook's parts claim sizes or counts no real workbook has — typical of files
    /// built to crash readers (zip bombs, string-count bombs). It is not opened.
    #[error("This file looks damaged or built to crash spreadsheet readers ({0}); it was not opened. If it is yours, open it in Excel or LibreOffice and save a new copy.")]
    Suspicious(String),
}

/// How often, in rows, reading reports progress.
pub const PROGRESS_ROWS: usize = 20_000;

/// Limits for a workbook's zip package, checked before any part is parsed.
const MAX_ENTRIES: usize = 10_000;
const MAX_UNPACKED: u64 = 2 * 1024 * 1024 * 1024;
/// Real workbook parts compress 5–100×; zip bombs, thousands of times.
const MAX_RATIO: u64 = 1_000;
/// The smallest shared string, `<si><t/></si>`, takes 13 bytes.
const MIN_SHARED_STRING_BYTES: u64 = 13;
/// Excel's grid.
const MAX_ROW: u32 = 1_048_575;
const MAX_COLUMN: u32 = 16_383;

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
/// [`ReadError::Damaged`] when the workbook's parts cannot be parsed, [`ReadError::Csv`]
/// when the text cannot be split into records.
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

/// [`read`], calling `progress(rows)` with the rows read so far every [`PROGRESS_ROWS`] rows
/// of .xlsx, .xlsb and CSV files (the others are read whole), so a page can show a long read
/// moving.
///
/// # Errors
///
/// As [`read`].
pub fn read_with(bytes: &[u8], name: &str, mut progress: impl FnMut(usize)) -> Result<Workbook, ReadError> {
    let progress: &mut dyn FnMut(usize) = &mut progress;
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(CFB_MAGIC) {
        // Excel's password protection wraps even an .xlsx in an OLE2 file with this stream.
        if contains(bytes, &utf16("EncryptedPackage")) {
            return Err(ReadError::Encrypted);
        }
        prescan_cfb(bytes)?;
        let reader = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes));
        // The .xls reader has merged ranges from the start; take them before the reader goes.
        let merged: Vec<Vec<Span>> = reader.as_ref().map_or_else(
            |_| Vec::new(),
            |r| {
                r.sheet_names()
                    .iter()
                    .map(|n| spans(r.merge_cells_by_sheet_name(n).unwrap_or_default()))
                    .collect()
            },
        );
        let mut workbook = read_sheets(reader, Format::Xls, "Excel 97–2003")?;
        for (sheet, merged) in workbook.sheets.iter_mut().zip(merged) {
            sheet.merged = merged;
        }
        // calamine reads no HLINK records: cells that say "Map" with the link behind them.
        let links = crate::xls_links::hyperlinks(bytes);
        for sheet in &mut workbook.sheets {
            let mut added = false;
            for link in links.iter().filter(|link| link.sheet == sheet.name) {
                for position in clamp(sheet, link.first, link.last).collect::<Vec<_>>() {
                    sheet.hyperlinks.push((position, link.target.clone()));
                    added = true;
                }
            }
            if added {
                sheet.hyperlinks = sorted(std::mem::take(&mut sheet.hyperlinks));
            }
        }
        return Ok(workbook);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        prescan_zip(bytes)?;
        // Entry names are stored uncompressed in a zip, so the bytes tell what it packs.
        if contains(bytes, b"xl/workbook.bin") {
            return read_xlsb(bytes, progress);
        }
        if contains(bytes, b"xl/workbook.xml") {
            return read_xlsx(bytes, progress);
        }
        if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
            let (links, merged) = prescan_ods(bytes)?;
            let reader = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes));
            let mut workbook = read_sheets(reader, Format::Ods, "OpenDocument")?;
            for (table, position, target) in links {
                if let Some(sheet) = workbook.sheets.get_mut(table) {
                    sheet.hyperlinks.push((position, target));
                }
            }
            for (table, span) in merged {
                if let Some(sheet) = workbook.sheets.get_mut(table) {
                    sheet.merged.push(span);
                }
            }
            for sheet in &mut workbook.sheets {
                sheet.hyperlinks = sorted(std::mem::take(&mut sheet.hyperlinks));
            }
            return Ok(workbook);
        }
        return Err(ReadError::NotASpreadsheet);
    }
    let text = decode_text(bytes).ok_or(ReadError::NotASpreadsheet)?;
    // Sniffed by content: Takeout names its file "Saved Places.json", but a download may
    // have lost the name.
    if crate::takeout::is_json(&text) {
        match crate::takeout::read_geojson(&text, name) {
            // Text that only starts like JSON (a CSV whose first cell opens with `{`) is
            // read as CSV; a JSON file cut short is damaged.
            Err(ReadError::Damaged(_, _)) if !crate::takeout::is_cut_short(&text) => {}
            result => return result,
        }
    }
    read_csv(text.as_bytes(), name, progress)
}

fn damaged(kind: &'static str, error: &dyn std::fmt::Display) -> ReadError {
    let message = error.to_string();
    if message.to_ascii_lowercase().contains("password") {
        ReadError::Encrypted
    } else {
        ReadError::Damaged(kind, message)
    }
}

/// Sizes and counts from the zip's directory (no part is inflated but the head of
/// `xl/sharedStrings.xml`): calamine trusts them and would reserve memory for them, and in
/// wasm a failed allocation ends the module.
fn prescan_zip(bytes: &[u8]) -> Result<(), ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged("zip", e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(ReadError::Suspicious(format!("{} parts in the package", archive.len())));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| ReadError::Damaged("zip", e.to_string()))?;
        total = total.saturating_add(entry.size());
        if entry.size() > 1 << 20 && entry.size() / entry.compressed_size().max(1) > MAX_RATIO {
            let ratio = entry.size() / entry.compressed_size().max(1);
            return Err(ReadError::Suspicious(format!("a part unpacks to {ratio}× its size")));
        }
    }
    if total > MAX_UNPACKED {
        return Err(ReadError::Suspicious(format!("{} MB when unpacked", total >> 20)));
    }
    if let Ok(mut strings) = archive.by_name("xl/sharedStrings.xml") {
        let size = strings.size();
        let mut head = Vec::with_capacity(4096);
        // One read() of a deflate stream may stop short of the attribute: take the whole head.
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(&mut strings, 4096), &mut head);
        let head = String::from_utf8_lossy(&head);
        // Only `uniqueCount` sizes the table calamine reserves; `count` counts the cells that
        // use the strings, and a sheet repeating one word a million times is real.
        let attribute = "uniqueCount=\"";
        let declared = head
            .find(attribute)
            .map(|at| &head[at + attribute.len()..])
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(declared) = declared.filter(|&n| n > size / MIN_SHARED_STRING_BYTES + 1) {
            return Err(ReadError::Suspicious(format!(
                "it declares {declared} shared strings in {size} bytes"
            )));
        }
    }
    Ok(())
}

/// Every sheet of an .xlsx, cell by cell with its formula, then its hyperlinks and merged
/// ranges. A damaged hyperlink or merge list is skipped rather than refusing the values.
fn read_xlsx(bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<Workbook, ReadError> {
    const KIND: &str = "Excel";
    let mut reader = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
        .map_err(|e| damaged(KIND, &e))?;
    // Each of calamine's hyperlink and merge readers parses the whole sheet again; most sheets
    // have neither, and their tail after `</sheetData>` says so. The tails are found (the
    // package inflated once more) on another core while the cells are read.
    let tails = || {
        let mut package = zip::ZipArchive::new(Cursor::new(bytes)).ok();
        let parts = package.as_mut().and_then(|archive| crate::patch::sheet_parts(archive).ok());
        let mut tail = |part: &str| package.as_mut().and_then(|archive| sheet_tail(archive, part));
        parts.unwrap_or_default().into_iter().map(|(name, part)| (name, tail(&part))).collect::<Vec<_>>()
    };
    let cells = || -> Result<Vec<Sheet>, ReadError> {
        let mut sheets = Vec::new();
        for name in reader.sheet_names() {
            let mut formulas = Vec::new();
            let mut cells = reader.worksheet_cells_reader(&name).map_err(|e| damaged(KIND, &e))?;
            let rows = stream_grid(&mut *progress, || {
                Ok(cells.next_cell_with_formula()?.map(|cell| {
                    // An error value is written as the formula `#N/A` (rust_xlsxwriter has no
                    // other way); reading it back, it is the value, not a formula.
                    let error_literal = |f: &String| match &cell.value {
                        calamine::DataRef::Error(e) => *f == e.to_string(),
                        _ => false,
                    };
                    if let Some(formula) = cell.formula.filter(|f| !f.is_empty() && !error_literal(f)) {
                        formulas.push((cell.pos, formula));
                    }
                    (cell.pos, cell.value)
                }))
            })
            .map_err(|e: calamine::XlsxError| damaged(KIND, &e))??;
            let mut sheet = Sheet { formulas: sorted(formulas), ..Sheet::new(name.clone(), rows) };
            sheet.cover_formulas();
            sheets.push(sheet);
        }
        Ok(sheets)
    };
    let (tails, sheets) = crate::parallel::both(tails, cells);
    let mut sheets = sheets?;
    for sheet in &mut sheets {
        let name = sheet.name.clone();
        let tail = tails.iter().find(|(sheet, _)| *sheet == name).and_then(|(_, tail)| tail.as_ref());
        let (has_links, has_merges) = tail.map_or((true, true), |tail| {
            (
                memchr::memmem::find(tail, b"hyperlink").is_some(),
                memchr::memmem::find(tail, b"mergeCell").is_some(),
            )
        });
        let links =
            if has_links { reader.hyperlinks_by_sheet_name(&name).unwrap_or_default() } else { Vec::new() };
        let mut hyperlinks = Vec::new();
        for link in links {
            let target = match (link.target, link.location) {
                (Some(target), Some(location)) => format!("{target}#{location}"),
                (Some(target), None) => target,
                (None, Some(location)) => format!("internal:{location}"),
                (None, None) => continue,
            };
            for position in clamp(sheet, link.range.start, link.range.end) {
                hyperlinks.push((position, target.clone()));
            }
        }
        sheet.hyperlinks = sorted(hyperlinks);
        if has_merges {
            sheet.merged = spans(reader.merge_cells_by_sheet_name(&name).unwrap_or_default());
        }
    }
    Ok(Workbook { format: Format::Xlsx, sheets })
}

/// What follows `</sheetData>` in a sheet's XML part (hyperlinks, merges, page setup…), or
/// None when the part cannot be read. The part is inflated in pieces and only
/// its tail kept: a million-row sheet is hundreds of megabytes.
fn sheet_tail(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, part: &str) -> Option<Vec<u8>> {
    const MARK: &[u8] = b"sheetData>";
    // Room before the mark for `</` and a namespace prefix.
    const LOOK_BACK: usize = 32;
    let mut entry = archive.by_name(part).ok()?;
    let (mut tail, mut found) = (Vec::new(), false);
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let read = std::io::Read::read(&mut entry, &mut chunk).ok()?;
        if read == 0 {
            return found.then_some(tail);
        }
        let mut from = tail.len().saturating_sub(MARK.len() + LOOK_BACK);
        tail.extend_from_slice(&chunk[..read]);
        while let Some(offset) = memchr::memmem::find(&tail[from..], MARK) {
            let at = from + offset;
            // `</sheetData>` or `</x:sheetData>`, not the opening `<sheetData>`.
            let open = memchr::memrchr(b'<', &tail[at.saturating_sub(LOOK_BACK)..at]);
            let closing =
                open.is_some_and(|lt| tail.get(at.saturating_sub(LOOK_BACK) + lt + 1) == Some(&b'/'));
            if closing {
                tail.drain(..at + MARK.len());
                found = true;
                from = 0;
            } else {
                from = at + MARK.len();
            }
        }
        if !found {
            tail.drain(..tail.len().saturating_sub(MARK.len() + LOOK_BACK));
        }
    }
}

/// Every sheet of an .xlsb, cell by cell; formulas are only looked at for `HYPERLINK()`
/// (calamine 0.38 rebuilds their text from the parsed tokens, `HYPERLINK("url","label")`;
/// no .xlsb fixture exists here, as only Excel writes the format).
fn read_xlsb(bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<Workbook, ReadError> {
    const KIND: &str = "Excel binary";
    let mut reader = calamine::open_workbook_from_rs::<calamine::Xlsb<_>, _>(Cursor::new(bytes))
        .map_err(|e| damaged(KIND, &e))?;
    let mut sheets = Vec::new();
    for name in reader.sheet_names() {
        let rows = {
            let mut cells = reader.worksheet_cells_reader(&name).map_err(|e| damaged(KIND, &e))?;
            stream_grid(&mut *progress, || {
                Ok(cells.next_cell()?.map(|cell| (cell.get_position(), cell.get_value().clone())))
            })
            .map_err(|e: calamine::XlsbError| damaged(KIND, &e))??
        };
        let mut links = Vec::new();
        let mut rows = rows;
        if let Ok(mut cells) = reader.worksheet_cells_reader(&name) {
            while let Ok(Some(formula)) = cells.next_formula() {
                if let Some(url) = hyperlink_formula_url(formula.get_value()) {
                    let position = formula.get_position();
                    links.push((position, url.to_string()));
                    show_hyperlink_label(&mut rows, position, formula.get_value());
                }
            }
        }
        sheets.push(Sheet { hyperlinks: sorted(links), ..Sheet::new(name, rows) });
    }
    Ok(Workbook { format: Format::Xlsb, sheets })
}

/// Grows `rows` so each position is inside it (new cells [`Cell::Empty`]); positions past
/// Excel's grid are left out.
fn cover(rows: &mut Vec<Vec<Cell>>, positions: impl IntoIterator<Item = Position>) {
    for (row, column) in positions {
        if row > MAX_ROW || column > MAX_COLUMN {
            continue;
        }
        let (row, column) = (row as usize, column as usize);
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        if let Some(cells) = rows.get_mut(row) {
            if cells.len() <= column {
                cells.resize(column + 1, Cell::Empty);
            }
        }
    }
}

/// Makes room for a `HYPERLINK()` formula's cell, and when the file saved no result for it
/// (calamine then has no cell), gives it what HYPERLINK shows.
fn show_hyperlink_label(rows: &mut Vec<Vec<Cell>>, position: Position, formula: &str) {
    cover(rows, [position]);
    let cell = rows.get_mut(position.0 as usize).and_then(|r| r.get_mut(position.1 as usize));
    if let (Some(cell @ Cell::Empty), Some(label)) = (cell, hyperlink_formula_label(formula)) {
        *cell = Cell::Text(label);
    }
}

/// Sorted by position, the last of duplicates kept (binary searches rely on both).
fn sorted(mut list: Vec<(Position, String)>) -> Vec<(Position, String)> {
    list.reverse();
    list.sort_by_key(|(position, _)| *position);
    list.dedup_by_key(|(position, _)| *position);
    list
}

/// The cells of a hyperlink's range that lie within the sheet's used area, so a hostile
/// `A1:XFD1048576` is not expanded to 17 billion entries.
fn clamp(sheet: &Sheet, first: Position, last: Position) -> impl Iterator<Item = Position> {
    let rows = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    let columns = u32::try_from(sheet.width()).unwrap_or(u32::MAX);
    let last_row = last.0.min(rows.saturating_sub(1)).max(first.0);
    let last_column = last.1.min(columns.saturating_sub(1)).max(first.1);
    (first.0..=last_row).flat_map(move |row| (first.1..=last_column).map(move |column| (row, column)))
}

fn spans(merged: Vec<calamine::Dimensions>) -> Vec<Span> {
    merged
        .into_iter()
        .filter(|d| {
            d.start.0 <= d.end.0 && d.start.1 <= d.end.1 && d.end.0 <= MAX_ROW && d.end.1 <= MAX_COLUMN
        })
        .map(|d| Span { first: d.start, last: d.end })
        .collect()
}

/// Cells an OpenDocument file may make by repeating: `table:number-rows-repeated` times
/// `table:number-columns-repeated` of a cell holding a value. LibreOffice repeats runs of
/// equal cells, a little; a few bytes repeating a value over the whole grid are an attack.
const MAX_REPEATED_CELLS: u64 = 20_000_000;

/// Adds up the cells an .ods would expand to from its repeat counts, before calamine expands
/// them (it allows 100 million, 3 GB of cells: more than a browser tab can hold). On the way
/// it collects what calamine does not read: the cells' hyperlinks (`<text:a xlink:href>`) as
/// `(table index, (row, column), target)`, and merged ranges (`table:number-columns-spanned`,
/// `table:number-rows-spanned`) as `(table index, span)`.
#[allow(clippy::type_complexity)]
fn prescan_ods(bytes: &[u8]) -> Result<(Vec<(usize, Position, String)>, Vec<(usize, Span)>), ReadError> {
    use quick_xml::events::Event;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged("zip", e.to_string()))?;
    let Ok(content) = archive.by_name("content.xml") else { return Ok((Vec::new(), Vec::new())) };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buffer = Vec::new();
    let (mut rows_repeated, mut repeated_cells) = (1u64, 0u64);
    // Where the reader is: table index (+1), row and column, counting repeats as calamine does.
    let (mut table, mut row, mut column, mut cell_columns) = (0usize, 0u64, 0u64, 1u64);
    let mut in_cell = false;
    let (mut links, mut merged) = (Vec::new(), Vec::new());
    let repeat = |event: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        event
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    loop {
        let event = match xml.read_event_into(&mut buffer) {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            // calamine reports a damaged document better than a pre-scan can.
            Err(_) => break,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => (table, row) = (table + 1, 0),
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                rows_repeated = repeat(&e, "table:number-rows-repeated");
                column = 0;
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeat(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(rows_repeated)
            }
            Event::Empty(e) if e.name().as_ref() == "table:covered-table-cell" => {
                column = column.saturating_add(repeat(&e, "table:number-columns-repeated"));
            }
            Event::Start(e) if e.name().as_ref() == "table:covered-table-cell" => {
                (in_cell, cell_columns) = (true, repeat(&e, "table:number-columns-repeated"));
            }
            Event::End(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                column = column.saturating_add(cell_columns);
                in_cell = false;
            }
            Event::Start(e) if in_cell && e.name().as_ref() == "text:a" => {
                let href = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "xlink:href")
                    .map(|a| a.value.to_string());
                let position = (u32::try_from(row), u32::try_from(column));
                if let (Some(href), (Ok(r), Ok(c)), Some(index)) = (href, position, table.checked_sub(1)) {
                    links.push((
                        index,
                        (r, c),
                        quick_xml::escape::unescape(&href).map_or(href.clone(), |h| h.into_owned()),
                    ));
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table-cell" => {
                let columns = repeat(&e, "table:number-columns-repeated");
                let has_value = e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type");
                let cells = rows_repeated.saturating_mul(columns);
                if has_value && cells > 1 {
                    repeated_cells = repeated_cells.saturating_add(cells);
                    if repeated_cells > MAX_REPEATED_CELLS {
                        return Err(ReadError::Suspicious(format!(
                            "its repeat counts make more than {MAX_REPEATED_CELLS} cells"
                        )));
                    }
                }
                let spanned = |name| repeat(&e, name).saturating_sub(1);
                let (down, across) =
                    (spanned("table:number-rows-spanned"), spanned("table:number-columns-spanned"));
                if down + across > 0 {
                    let corner = (u32::try_from(row), u32::try_from(column));
                    let far = (u32::try_from(row + down), u32::try_from(column + across));
                    if let ((Ok(r), Ok(c)), (Ok(r2), Ok(c2)), Some(index)) =
                        (corner, far, table.checked_sub(1))
                    {
                        if r2 <= MAX_ROW && c2 <= MAX_COLUMN {
                            merged.push((index, Span { first: (r, c), last: (r2, c2) }));
                        }
                    }
                }
                if empty {
                    column = column.saturating_add(columns);
                } else {
                    (in_cell, cell_columns) = (true, columns);
                }
            }
            _ => {}
        }
        buffer.clear();
    }
    Ok((links, merged))
}

/// The OLE2 container of an .xls, checked by the `cfb` crate before calamine reads it:
/// calamine follows sector chains and stream sizes as the header states them, and a few
/// crafted bytes (a FAT or stream size in the billions, a chain that loops) make it allocate
/// gigabytes or never stop.
fn prescan_cfb(bytes: &[u8]) -> Result<(), ReadError> {
    const KIND: &str = "Excel 97–2003";
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(KIND, &e))?;
    let streams: Vec<_> =
        file.walk().filter(|e| e.is_stream()).map(|e| (e.path().to_path_buf(), e.len())).collect();
    if let Some((path, len)) = streams.iter().find(|(_, len)| *len > bytes.len() as u64) {
        return Err(ReadError::Suspicious(format!(
            "its part {} claims {len} bytes in a file of {}",
            path.display(),
            bytes.len()
        )));
    }
    for (path, len) in streams {
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
        if matches!(name.as_deref(), Some("workbook" | "book")) {
            // Reading the stream walks its whole sector chain: a loop or a sector past the
            // end is an error here, not an endless loop later.
            let mut stream = file.open_stream(&path).map_err(|e| damaged(KIND, &e))?;
            let copied = std::io::copy(&mut stream, &mut std::io::sink()).map_err(|e| damaged(KIND, &e))?;
            if copied != len {
                return Err(damaged(KIND, &"the workbook stream is shorter than it says"));
            }
        }
    }
    Ok(())
}

/// Cells one at a time into rows from A1 — never a dense block sized by the sheet's declared
/// or furthest cell, which a single cell at XFD1048576 would make 17 billion slots.
fn stream_grid<'a, E>(
    progress: &mut dyn FnMut(usize),
    mut next: impl FnMut() -> Result<Option<(Position, calamine::DataRef<'a>)>, E>,
) -> Result<Result<Vec<Vec<Cell>>, ReadError>, E> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut reported = 0;
    while let Some(((row, column), value)) = next()? {
        if row > MAX_ROW || column > MAX_COLUMN {
            return Ok(Err(ReadError::Suspicious(format!(
                "a cell at row {}, column {}",
                row + 1,
                column + 1
            ))));
        }
        let value = cell_ref(value);
        if value == Cell::Empty {
            continue;
        }
        let (row, column) = (row as usize, column as usize);
        if rows.len() <= row {
            // A row is about as wide as the one before: one allocation, not one per cell (the
            // empty rows of a gap take none).
            let width = rows.last().map_or(0, Vec::len);
            rows.resize_with(row, Vec::new);
            rows.push(Vec::with_capacity(width));
            if row >= reported + PROGRESS_ROWS {
                reported = row;
                progress(row);
            }
        }
        let cells = &mut rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = value;
    }
    Ok(Ok(rows))
}

fn cell_ref(data: calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    // Text is moved or copied once: a million links are a quarter of a gigabyte.
    match data {
        DataRef::SharedString("") => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::String(s) if s.is_empty() => Cell::Empty,
        DataRef::String(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => cell(&Data::DateTime(dt)),
        DataRef::DateTimeIso(s) => cell(&Data::DateTimeIso(s)),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn read_sheets<'a, R>(
    reader: Result<R, R::Error>,
    format: Format,
    kind: &'static str,
) -> Result<Workbook, ReadError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut reader = reader.map_err(|e| damaged(kind, &e))?;
    let mut sheets = Vec::new();
    for name in reader.sheet_names() {
        let range = reader.worksheet_range(&name).map_err(|e| damaged(kind, &e))?;
        let mut sheet = Sheet::new(name.clone(), grid(&range));
        // Formulas in these formats are written back as their results; only the links of
        // `HYPERLINK()` formulas are kept, as hyperlinks.
        if let Ok(formulas) = reader.worksheet_formula(&name) {
            let mut links = Vec::new();
            for (row, column, formula) in formulas.used_cells() {
                let (Some(url), Some((start_row, start_column))) =
                    (hyperlink_formula_url(formula), formulas.start())
                else {
                    continue;
                };
                // Offsets from the file's own range: saturated, so a hostile range cannot wrap.
                let offset =
                    |start: u32, by: usize| start.saturating_add(u32::try_from(by).unwrap_or(u32::MAX));
                let position = (offset(start_row, row), offset(start_column, column));
                links.push((position, url.to_string()));
                show_hyperlink_label(&mut sheet.rows, position, formula);
            }
            sheet.hyperlinks = sorted(links);
        }
        sheets.push(sheet);
    }
    Ok(Workbook { format, sheets })
}

/// Lays a calamine range out from A1, so a sheet whose data starts at C5 keeps its place.
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((top, left)) = range.start() else { return Vec::new() };
    let (top, left) = (top as usize, left as usize);
    let mut rows = vec![Vec::new(); top];
    for source in range.rows() {
        let mut row: Vec<Cell> = Vec::with_capacity(left + source.len());
        row.resize(left, Cell::Empty);
        row.extend(source.iter().map(cell));
        while row.last() == Some(&Cell::Empty) {
            row.pop();
        }
        rows.push(row);
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        // OpenDocument stores dates as ISO 8601 text; keep them dates when they parse.
        Data::DateTimeIso(s) => match rust_xlsxwriter::ExcelDateTime::parse_from_str(s) {
            Ok(date) => Cell::DateTime(date.to_excel()),
            Err(_) => Cell::Text(s.clone()),
        },
        Data::String(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_duration() => Cell::Duration(dt.as_f64()),
        Data::DateTime(dt) => Cell::DateTime(serial_1900(dt)),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Workbooks saved in the 1904 date system count days from 1904-01-01; the output is always
/// in the 1900 system, 1,462 days later. calamine keeps the flag private but lets the
/// calendar date show it.
fn serial_1900(dt: &ExcelDateTime) -> f64 {
    let as_1900 = ExcelDateTime::new(dt.as_f64(), ExcelDateTimeType::DateTime, false);
    if as_1900.to_ymd_hms_milli() == dt.to_ymd_hms_milli() {
        dt.as_f64()
    } else {
        dt.as_f64() + 1462.0
    }
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
    Workbook { format: Format::Csv, sheets: vec![Sheet::new("Pasted", rows)] }
}

/// Text in whatever encoding it came in, as UTF-8: a byte-order mark decides (UTF-8, UTF-16
/// LE/BE), else valid UTF-8 is taken as is, else UTF-16 without a mark is recognised by its
/// zero bytes, else chardetng guesses among the legacy encodings (Windows-1252 and the other
/// Windows code pages, Shift_JIS, GBK, EUC-KR…). None for binary data of another kind.
fn decode_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Some(text);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (!text[..floor_boundary(text, 8192)].contains('\0'))
            .then_some(std::borrow::Cow::Borrowed(text));
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
        return Some(encoding.decode_without_bom_handling(bytes).0);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (text, _) = detector.guess(None, true).decode_without_bom_handling(bytes);
    Some(text)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Reads delimited text (UTF-8 by now). The delimiter is the most frequent of `,` `;` tab
/// `|` on the first line; rows keep their own lengths.
fn read_csv(bytes: &[u8], name: &str, progress: &mut dyn FnMut(usize)) -> Result<Workbook, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(bytes))
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
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
                if rows.len() % PROGRESS_ROWS == 0 {
                    progress(rows.len());
                }
            }
            Err(error) => return Err(ReadError::Csv(error.to_string())),
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(Workbook { format: Format::Csv, sheets: vec![Sheet::new(sheet_name(name), rows)] })
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

/// A CSV file's sheet takes the file's name without extension, made a legal Excel sheet name
/// (at most 31 characters, none of `[]:*?/\`).
pub(crate) fn sheet_name(file_name: &str) -> String {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    let clean: String =
        stem.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
    let clean = clean.trim_matches('\'').trim();
    if clean.is_empty() {
        "Sheet1".to_string()
    } else {
        clean.to_string()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_formulas_show_their_label() {
        for (formula, shown) in [
            (r#"HYPERLINK("https://maps.google.com/?q=1,2","Map")"#, Some("Map")),
            (r#"of:=HYPERLINK("geo:1,2" ; "say ""hi""")"#, Some(r#"say "hi""#)),
            (r#"HYPERLINK("geo:1,2")"#, Some("geo:1,2")),
            (r#"HYPERLINK("geo:1,2",A1)"#, None),
            (r#"HYPERLINK("geo:1,2","Map")&"x""#, None),
            (r#"HYPERLINK("geo:1,2","unterminated"#, None),
            (r#"HYPERLINK("geo:1,2","")"#, None),
        ] {
            assert_eq!(hyperlink_formula_label(formula).as_deref(), shown, "{formula}");
        }
    }

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
    fn csv_sheet_names_are_legal_excel_names() {
        assert_eq!(sheet_name("places.csv"), "places");
        assert_eq!(sheet_name("/tmp/x/a[1]:b.tsv"), "a1b");
        assert_eq!(sheet_name(".csv"), "Sheet1");
        assert_eq!(sheet_name(&"n".repeat(40)).len(), 31);
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
        let csv = "https://maps.google.com/?q=1,2\n".repeat(45_000);
        let mut seen = Vec::new();
        read_with(csv.as_bytes(), "x.csv", |rows| seen.push(rows)).unwrap();
        assert_eq!(seen, [20_000, 40_000]);

        let workbook = read(csv.as_bytes(), "x.csv").unwrap();
        let conversion = crate::Conversion {
            target: crate::Target::new(9, 0, false),
            outcomes: vec![],
            stats: Default::default(),
        };
        let xlsx = crate::write_xlsx(&workbook, &conversion, crate::Placement::AfterLink).unwrap();
        let mut seen = Vec::new();
        read_with(&xlsx, "x.xlsx", |rows| seen.push(rows)).unwrap();
        assert_eq!(seen, [20_000, 40_000]);
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

    #[test]
    fn unreadable_inputs_get_a_reason() {
        assert!(matches!(read(b"", "x"), Err(ReadError::Empty)));
        assert!(matches!(read(b"\x89PNG\r\n\x1a\n\0\0\0", "x.xlsx"), Err(ReadError::NotASpreadsheet)));
        assert!(matches!(read(b"PK\x03\x04garbage", "x.xlsx"), Err(ReadError::Damaged("zip", _))));
        let truncated = b"PK\x03\x04\x14\0\0\0\0\0xl/workbook.xml";
        assert!(matches!(read(truncated, "x.xlsx"), Err(ReadError::Damaged(..))));
        let mut encrypted = CFB_MAGIC.to_vec();
        encrypted.extend(utf16("EncryptedPackage"));
        assert!(matches!(read(&encrypted, "x.xlsx"), Err(ReadError::Encrypted)));
    }
}
