//! The one plain model every reader fills and every writer reads: workbooks, sheets, cells.

use calamine::{ExcelDateTime, ExcelDateTimeType};
use serde::{Deserialize, Serialize};

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

    /// What a cell shows a person (0-based `row` and `column`): its value, or for an empty
    /// cell with a link behind it what `HYPERLINK()` shows — its literal label, else its link
    /// (ECMA-376 Part 1, §18.17.7.156). A formula saved without its result is such a cell.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinsheet_core::{Cell, Sheet};
    ///
    /// let mut sheet = Sheet::new("S", vec![vec![Cell::Text("Depot".into()), Cell::Empty]]);
    /// sheet.formulas = vec![((0, 1), r#"HYPERLINK("geo:1,2",A1)"#.into())];
    /// assert_eq!(sheet.shown(0, 0), "Depot");
    /// assert_eq!(sheet.shown(0, 1), "geo:1,2");
    /// assert_eq!(sheet.shown(0, 2), "");
    /// ```
    pub fn shown(&self, row: usize, column: usize) -> String {
        match self.cell(row, column) {
            Cell::Empty => self
                .formula(row, column)
                .and_then(hyperlink_formula_label)
                .or_else(|| self.link_behind(row, column).map(str::to_string))
                .unwrap_or_default(),
            cell => cell.display(),
        }
    }

    /// One past the last column of row `row` (0-based) that has a value or a hyperlink: a
    /// hyperlink may sit on a cell past the row's last value.
    pub fn shown_width(&self, row: usize) -> usize {
        let cells = self.rows.get(row).map_or(0, Vec::len);
        let Ok(row) = u32::try_from(row) else { return cells };
        let start = self.hyperlinks.partition_point(|((r, _), _)| *r < row);
        let links = self.hyperlinks[start..]
            .iter()
            .take_while(|((r, _), _)| *r == row)
            .last()
            .map_or(0, |((_, column), _)| *column as usize + 1);
        cells.max(links)
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
pub(crate) fn hyperlink_formula_label(formula: &str) -> Option<String> {
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
    /// How a CSV file's text was written, so its CSV comes back written the same way; None
    /// for every other input.
    #[serde(default)]
    pub text: Option<TextFormat>,
}

impl Workbook {
    /// A workbook of `format` with these sheets, not read from text.
    pub fn new(format: Format, sheets: Vec<Sheet>) -> Workbook {
        Workbook { format, sheets, text: None }
    }
}

/// How a CSV file's text was written: its delimiter and its encoding, as they were detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextFormat {
    /// The field delimiter: `,`, `;`, tab or `|`.
    pub delimiter: u8,
    /// The text's encoding by its name in the WHATWG Encoding Standard: `UTF-8`,
    /// `UTF-16LE`, `windows-1252`, `Shift_JIS`…
    pub encoding: String,
}

impl TextFormat {
    /// The encoding named by [`TextFormat::encoding`]; UTF-8 for a name the Encoding
    /// Standard does not know.
    pub fn encoding(&self) -> &'static encoding_rs::Encoding {
        encoding_rs::Encoding::for_label(self.encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8)
    }
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
}
