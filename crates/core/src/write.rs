//! Writing a converted sheet back out: the input untouched, three columns appended.

use crate::{Cell, Conversion, Outcome, Placement, Sheet, Workbook};
use rust_xlsxwriter::{Format as CellFormat, Formula, Url, XlsxError};
use thiserror::Error;

mod stream;

pub(crate) use stream::push_text_cell;

/// Names of the appended columns, written in the header row when the sheet has one.
pub const NEW_COLUMNS: [&str; 3] = ["Latitude", "Longitude", "Coordinate source"];

/// The most cells a CSV is padded out to (a million rows of a hundred columns).
const MAX_CSV_CELLS: usize = 100_000_000;

/// Excel's grid: 1,048,576 rows by 16,384 columns.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;

/// Why an output file could not be made.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The sheet plus the new columns does not fit Excel's grid; CSV has no such limit.
    #[error("Sheet '{sheet}' has {rows} rows and {columns} columns with the new ones; an .xlsx holds at most 1,048,576 rows and 16,384 columns. Download as CSV instead.")]
    TooLarge {
        /// The sheet's name.
        sheet: String,
        /// Rows in the sheet.
        rows: usize,
        /// Columns including the three new ones.
        columns: usize,
    },
    /// A CSV of the sheet would be absurdly large: its rows padded to its widest row (a single
    /// far-away cell makes every row millions of commas).
    #[error("A CSV of sheet '{sheet}' would hold {cells} cells ({rows} rows × {columns} columns); that is more than pinsheet writes. Remove the far-away cells and try again.")]
    CsvTooLarge {
        /// The sheet's name.
        sheet: String,
        /// Rows in the sheet.
        rows: usize,
        /// Columns including the three new ones.
        columns: usize,
        /// Rows × columns.
        cells: usize,
    },
    /// A cell holds more text than an .xlsx cell can (32,767 characters); CSV has no limit.
    #[error("Sheet '{sheet}' has a cell with more than 32,767 characters, more than an .xlsx cell holds. Download as CSV instead.")]
    TextTooLong {
        /// The sheet's name.
        sheet: String,
    },
    /// rust_xlsxwriter refused a value.
    #[error("The .xlsx could not be written: {0}")]
    Xlsx(#[from] XlsxError),
    /// Streaming the cells into rust_xlsxwriter's package failed; not expected.
    #[error("The .xlsx could not be written: {0}")]
    Package(String),
    /// The CSV writer failed; it writes to memory, so this is not expected.
    #[error("The CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
}

/// Where each input column lands in the converted sheet, and where each conversion's new
/// columns go.
#[derive(Debug, Clone, Default)]
struct Layout {
    /// Link columns with three new columns inserted right after them, ascending.
    inserted_after: Vec<usize>,
    /// The first new column of each conversion, in the order given.
    firsts: Vec<usize>,
}

impl Layout {
    fn new(conversions: &[&Conversion], width: usize, placement: Placement) -> Layout {
        if placement == Placement::AtEnd {
            let firsts = (0..conversions.len()).map(|k| width + k * NEW_COLUMNS.len()).collect();
            return Layout { inserted_after: Vec::new(), firsts };
        }
        let mut inserted_after: Vec<usize> = conversions.iter().map(|c| c.target.column).collect();
        inserted_after.sort_unstable();
        inserted_after.dedup();
        let mut layout = Layout { inserted_after, firsts: Vec::new() };
        layout.firsts = conversions.iter().map(|c| layout.column(c.target.column) + 1).collect();
        layout
    }

    /// Columns that stay where they are.
    fn unmoved() -> Layout {
        Layout::default()
    }

    /// Columns in the written sheet: the input's, moved, plus the new ones (a link column
    /// right of every used one puts its new columns further out).
    fn width(&self, input_width: usize) -> usize {
        let moved = if input_width == 0 { 0 } else { self.column(input_width - 1) + 1 };
        self.firsts.iter().map(|first| first + NEW_COLUMNS.len()).max().unwrap_or(0).max(moved)
    }

    fn column(&self, input: usize) -> usize {
        let before = self.inserted_after.iter().take_while(|&&link| link < input).count();
        input + before * NEW_COLUMNS.len()
    }

    /// A formula with its references to the converted sheet moved as the inserts move them.
    fn shift(&self, formula: &str, target: &str, in_target: bool) -> String {
        // Rightmost first: moving columns after a link never changes a link further left.
        let mut formula = formula.to_string();
        for &link in self.inserted_after.iter().rev() {
            let moved =
                crate::shift_columns(&formula, target, in_target, link as u32 + 1, NEW_COLUMNS.len() as u32);
            formula = moved.into_owned();
        }
        formula
    }
}

/// The new columns' names for the `index`-th conversion: plain for the first, followed by
/// the link column's name (its header, else its letters) for the others.
pub(crate) fn new_column_names(sheet: &Sheet, conversion: &Conversion, index: usize) -> [String; 3] {
    if index == 0 {
        return NEW_COLUMNS.map(String::from);
    }
    let column = conversion.target.column;
    let label = match sheet.cell(0, column) {
        Cell::Text(text) if conversion.target.header && !text.trim().is_empty() => text.trim().to_string(),
        _ => crate::column_letter(column),
    };
    NEW_COLUMNS.map(|name| format!("{name} ({label})"))
}

/// The conversions that can be written together: those of the first one's sheet, one per
/// link column.
pub(crate) fn same_sheet(conversions: &[Conversion]) -> Vec<&Conversion> {
    let mut kept: Vec<&Conversion> = Vec::new();
    for conversion in conversions {
        let sheet = conversions[0].target.sheet;
        if conversion.target.sheet == sheet
            && kept.iter().all(|k| k.target.column != conversion.target.column)
        {
            kept.push(conversion);
        }
    }
    kept
}

/// Writes the workbook as .xlsx with `Latitude`, `Longitude` (numbers, WGS-84 decimal
/// degrees) and `Coordinate source` in the converted sheet — after the link column, the
/// columns to its right moved over (the default), or after its last used column
/// ([`Placement`]).
///
/// Every sheet and every cell value is written back with its type (text, number, boolean,
/// date, error); .xlsx formulas with their cached results (references to moved columns
/// rewritten, as Excel does on an insert), hyperlinks and merged ranges are kept. The
/// converted sheet's header row, when the target says there is one, gets the new column names,
/// is frozen and carries an autofilter. Cell styles, column widths, charts, images, defined
/// names and data validation are not carried over.
///
/// # Errors
///
/// [`WriteError::TooLarge`] when a sheet exceeds Excel's grid, [`WriteError::Xlsx`] when
/// rust_xlsxwriter refuses a value.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, detect, read, write_xlsx, Placement};
///
/// let workbook = read(b"Link\nhttps://www.google.com/maps/place/Louvre\n", "a.csv")?;
/// let target = detect(&workbook).unwrap();
/// let xlsx = write_xlsx(&workbook, &convert(&workbook, &target, |_, _| {}), Placement::AfterLink)?;
/// assert!(xlsx.starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_xlsx(
    workbook: &Workbook,
    conversion: &Conversion,
    placement: Placement,
) -> Result<Vec<u8>, WriteError> {
    write_xlsx_all(workbook, std::slice::from_ref(conversion), placement, |_, _| {})
}

/// [`write_xlsx`] for several link columns of one sheet at once, calling `progress(done,
/// total)` as the converted sheet's rows are written and compressed (every
/// [`crate::PROGRESS_ROWS`] rows; `total` is its row count). Each conversion gets its own
/// three columns (after its link column, or one set after another at the end, as `placement`
/// says); the first keeps the plain names, the others add their link
/// column's name: `Latitude (Pickup)`. Conversions of another sheet than the first's, or of
/// a column already given, are left out.
///
/// Text is written as inline strings (no shared-string table), which Excel, LibreOffice,
/// Google Sheets, openpyxl and calamine all read; memory stays near the size of the output
/// file, whatever the number of rows.
///
/// # Errors
///
/// As [`write_xlsx`].
pub fn write_xlsx_all(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<u8>, WriteError> {
    // One copy of the writer whatever the callback: the page's worker calls it with two.
    write_xlsx_with(workbook, conversions, placement, &mut progress)
}

fn write_xlsx_with(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, WriteError> {
    let conversions = same_sheet(conversions);
    let mut book = rust_xlsxwriter::Workbook::new();
    let formats = Formats::new();
    let names = sheet_names(workbook);
    let sheet_index = conversions.first().map_or(usize::MAX, |c| c.target.sheet);
    let target = workbook.sheets.get(sheet_index);
    let target_layout =
        target.map_or(Layout::unmoved(), |sheet| Layout::new(&conversions, sheet.width(), placement));
    let mut streams = Vec::with_capacity(workbook.sheets.len());
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let converted = index == sheet_index;
        let width = sheet.width();
        let columns = if converted { target_layout.width(width) } else { width };
        if sheet.rows.len() > MAX_ROWS || columns > MAX_COLUMNS {
            return Err(WriteError::TooLarge { sheet: sheet.name.clone(), rows: sheet.rows.len(), columns });
        }
        let layout = if converted { target_layout.clone() } else { Layout::unmoved() };
        let out = book.add_worksheet();
        out.set_name(&names[index])?;
        // References into the converted sheet follow its moved columns, from any sheet.
        let shift = |formula: &str| match target {
            Some(target) => target_layout.shift(formula, &target.name, converted),
            None => formula.to_string(),
        };
        let header =
            converted && conversions.first().is_some_and(|c| c.target.header) && !sheet.rows.is_empty();
        let mut specials = write_specials(out, sheet, &layout, &formats, &shift)?;
        let mut header_cells = Vec::new();
        if converted {
            for (k, conversion) in conversions.iter().enumerate() {
                let first = layout.firsts[k] as u16;
                out.set_column_width(first, 12)?;
                out.set_column_width(first + 1, 12)?;
                out.set_column_width(first + 2, 26)?;
                if header {
                    for (offset, name) in new_column_names(sheet, conversion, k).iter().enumerate() {
                        out.write_string_with_format(0, first + offset as u16, name, &formats.bold)?;
                        header_cells.push((0, first + offset as u16));
                    }
                }
            }
        }
        if header {
            out.set_freeze_panes(1, 0)?;
            let last_row = sheet.rows.len().saturating_sub(1) as u32;
            out.autofilter(0, 0, last_row.max(1), (columns - 1) as u16)?;
        }
        specials.push(header_cells);
        let conversions = if converted { conversions.clone() } else { Vec::new() };
        streams.push(stream::Stream { sheet, name: &names[index], layout, columns, specials, conversions });
    }
    // Small: only the cells that need rust_xlsxwriter's styles, formulas and relationships.
    let package = book.save_to_buffer()?;
    let mut report = |stream: usize, done: usize| {
        if stream == sheet_index {
            progress(done, workbook.sheets[stream].rows.len());
        }
    };
    stream::finish(&package, &streams, &mut report).map_err(|error| match error {
        stream::StreamError::TextTooLong(index) => {
            WriteError::TextTooLong { sheet: workbook.sheets[index].name.clone() }
        }
        stream::StreamError::Package(message) => WriteError::Package(message),
    })
}

struct Formats {
    date: CellFormat,
    day: CellFormat,
    duration: CellFormat,
    bold: CellFormat,
    plain: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            date: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            day: CellFormat::new().set_num_format("yyyy-mm-dd"),
            duration: CellFormat::new().set_num_format("[h]:mm:ss"),
            bold: CellFormat::new().set_bold(),
            plain: CellFormat::new(),
        }
    }

    /// The number format a value needs to read back as the same type.
    fn of(&self, cell: &Cell) -> Option<&CellFormat> {
        match cell {
            Cell::DateTime(n) if n.fract() == 0.0 => Some(&self.day),
            Cell::DateTime(_) => Some(&self.date),
            Cell::Duration(_) => Some(&self.duration),
            _ => None,
        }
    }
}

/// Names Excel accepts for every sheet, in order: at most 31 characters, none of
/// `[]:*?/\`, not starting or ending with `'`, not `History`, unique regardless of case.
/// Names from a workbook Excel wrote are already all of these and stay as they are.
fn sheet_names(workbook: &Workbook) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let clean: String = sheet
            .name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        let mut base = clean.trim_matches('\'').to_string();
        if base.trim().is_empty() || base.eq_ignore_ascii_case("History") {
            base = format!("Sheet{}", index + 1);
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = base.chars().take(31 - suffix.chars().count()).collect::<String>();
            name = format!("{keep}{suffix}");
            n += 1;
        }
        taken.push(name.clone());
        names.push(name);
    }
    names
}

/// Hands rust_xlsxwriter the cells of one sheet that need more than a value — merged ranges,
/// formulas (with their cached results), hyperlinks, dates and durations (a number format),
/// error values — at their layout columns, and returns where they are (lists each in row
/// order). The plain values (text, numbers, booleans) are streamed into its package
/// afterwards ([`stream`]): held in rust_xlsxwriter's model, a million rows take over a
/// gigabyte, more than a tab can spare.
fn write_specials(
    out: &mut rust_xlsxwriter::Worksheet,
    sheet: &Sheet,
    layout: &Layout,
    formats: &Formats,
    shift: &dyn Fn(&str) -> String,
) -> Result<Vec<Vec<(u32, u16)>>, WriteError> {
    let (mut values, mut formulas, mut links, mut link_formulas) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // merge_range blanks the range; those blanks are not specials: a value streamed into the
    // range replaces its blank.
    for span in &sheet.merged {
        let (first, last) = (layout.column(span.first.1 as usize), layout.column(span.last.1 as usize));
        if first >= MAX_COLUMNS || last >= MAX_COLUMNS {
            continue;
        }
        // An overlapping or one-cell range is refused by Excel too; its cells are kept.
        let _ = out.merge_range(span.first.0, first as u16, span.last.0, last as u16, "", &formats.plain);
    }
    for (row, cells) in sheet.rows.iter().enumerate() {
        // The grid was checked against Excel's limits, so these conversions cannot truncate.
        let r = row as u32;
        for (column, cell) in cells.iter().enumerate() {
            let c = layout.column(column) as u16;
            match cell {
                Cell::DateTime(n) | Cell::Duration(n) => {
                    out.write_number_with_format(r, c, *n, formats.of(cell).unwrap_or(&formats.plain))?
                }
                Cell::Error(e) => out.write_formula(r, c, Formula::new(e.as_str()).set_result(e.as_str()))?,
                _ => continue,
            };
            values.push((r, c));
        }
    }
    // A formula or link Excel would refuse leaves its cell a plain value.
    for ((row, column), formula) in &sheet.formulas {
        let cell = sheet.cell(*row as usize, *column as usize);
        let c = layout.column(*column as usize);
        if c >= MAX_COLUMNS || *row as usize >= MAX_ROWS {
            continue;
        }
        let result = match cell {
            Cell::Empty => String::new(),
            Cell::Number(n) | Cell::DateTime(n) | Cell::Duration(n) => n.to_string(),
            other => other.display(),
        };
        let formula = Formula::new(shift(formula)).set_result(result);
        let written = match formats.of(cell) {
            Some(format) => out.write_formula_with_format(*row, c as u16, formula, format),
            None => out.write_formula(*row, c as u16, formula),
        };
        if written.is_ok() {
            formulas.push((*row, c as u16));
        }
    }
    for ((row, column), link) in &sheet.hyperlinks {
        let (r, column) = (*row as usize, *column as usize);
        let Cell::Text(text) = sheet.cell(r, column) else { continue };
        let c = layout.column(column);
        if sheet.formula(r, column).is_some() || c >= MAX_COLUMNS {
            continue;
        }
        // Excel refuses links over 2,080 characters and more than 65,530 per sheet.
        if out.write_url_with_text(*row, c as u16, Url::new(link.as_str()), text).is_ok() {
            links.push((*row, c as u16));
        } else if let Some(formula) = hyperlink_formula(link, text) {
            // A scheme rust_xlsxwriter does not take for a hyperlink (`geo:`, `comgooglemaps:`)
            // is kept as Excel's own HYPERLINK(), showing the same text: the link is not lost.
            if out.write_formula(*row, c as u16, Formula::new(formula).set_result(text)).is_ok() {
                link_formulas.push((*row, c as u16));
            }
        }
    }
    Ok(vec![values, formulas, links, link_formulas])
}

/// `HYPERLINK("link","text")`, quotes doubled; None past Excel's 255 characters for a string
/// in a formula.
fn hyperlink_formula(link: &str, text: &str) -> Option<String> {
    const MAX_LITERAL: usize = 255;
    if link.chars().count() > MAX_LITERAL || text.chars().count() > MAX_LITERAL || link.is_empty() {
        return None;
    }
    let quote = |s: &str| s.replace('"', "\"\"");
    Some(format!("HYPERLINK(\"{}\",\"{}\")", quote(link), quote(text)))
}

/// Writes the converted sheet as UTF-8 CSV (comma-separated, quoted where needed), with the
/// same three columns in the same place as [`write_xlsx`]; every row is padded to the same
/// width. Formulas are written as their results.
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
/// assert_eq!(csv, "https://maps.app.goo.gl/x,,,short link — needs resolver\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv(
    workbook: &Workbook,
    conversion: &Conversion,
    placement: Placement,
) -> Result<Vec<u8>, WriteError> {
    write_csv_all(workbook, std::slice::from_ref(conversion), placement)
}

/// [`write_csv`] for several link columns of one sheet, laid out as [`write_xlsx_all`].
///
/// # Errors
///
/// As [`write_csv`].
pub fn write_csv_all(
    workbook: &Workbook,
    conversions: &[Conversion],
    placement: Placement,
) -> Result<Vec<u8>, WriteError> {
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
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
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
                    record[first] = point.map(|p| p.lat.to_string()).unwrap_or_default();
                    record[first + 1] = point.map(|p| p.lon.to_string()).unwrap_or_default();
                    record[first + 2] = extraction.describe().into_owned();
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
    writer.into_inner().map_err(|error| WriteError::Csv(error.into_error().into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{convert, read, Format, Span, Target};

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn workbook() -> Workbook {
        let links = Sheet::new(
            "Links",
            vec![
                vec![text("Name"), text("Link"), text("When"), text("Ok")],
                vec![
                    text("pin"),
                    text("https://maps.google.com/?q=1.5,-2.25"),
                    Cell::DateTime(45292.0),
                    Cell::Bool(true),
                ],
                vec![],
                vec![
                    Cell::Number(7.5),
                    text("https://maps.app.goo.gl/x"),
                    Cell::DateTime(45292.5),
                    Cell::Error("#N/A".into()),
                ],
                vec![Cell::Empty, Cell::Empty, Cell::Duration(0.25)],
            ],
        );
        let other = Sheet::new("Other", vec![vec![Cell::Empty, text("kept")]]);
        Workbook { format: Format::Xlsx, sheets: vec![links, other] }
    }

    fn converted(workbook: &Workbook) -> Conversion {
        at_end(workbook)
    }

    fn at_end(workbook: &Workbook) -> Conversion {
        convert(workbook, &Target::new(0, 1, true), |_, _| {})
    }

    fn after_link(workbook: &Workbook) -> Conversion {
        convert(workbook, &Target::new(0, 1, true), |_, _| {})
    }

    #[test]
    fn new_columns_go_after_the_link_column_by_default() {
        let input = workbook();
        let output =
            read(&write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap(), "out.xlsx")
                .unwrap();
        let rows = &output.sheets[0].rows;
        assert_eq!(
            rows[0],
            [
                text("Name"),
                text("Link"),
                text("Latitude"),
                text("Longitude"),
                text("Coordinate source"),
                text("When"),
                text("Ok")
            ]
        );
        assert_eq!(
            rows[1][2..5],
            [Cell::Number(1.5), Cell::Number(-2.25), text("Google Maps: typed coordinates")]
        );
        assert_eq!(rows[1][5..], [Cell::DateTime(45292.0), Cell::Bool(true)]);
        let csv =
            String::from_utf8(write_csv(&input, &after_link(&input), Placement::AfterLink).unwrap()).unwrap();
        assert_eq!(csv.lines().next(), Some("Name,Link,Latitude,Longitude,Coordinate source,When,Ok"));
        assert_eq!(csv.lines().nth(4), Some(",,,,empty cell,0.25,"));
    }

    #[test]
    fn formulas_hyperlinks_and_merges_survive_and_formulas_follow_moved_columns() {
        let mut input = workbook();
        input.sheets[0].rows[1].push(Cell::Number(3.0));
        input.sheets[0].rows[3].push(Cell::Number(4.0));
        input.sheets[0].rows[3][0] = text("Label");
        input.sheets[0].formulas = vec![((1, 4), "1+2".into()), ((3, 4), "E2+1".into())];
        input.sheets[0].hyperlinks = vec![((3, 0), "https://example.com/a".into())];
        input.sheets[0].merged = vec![Span { first: (2, 2), last: (2, 3) }];
        input.sheets[1].formulas = vec![((0, 1), "Links!E4&\"x\"".into())];
        input.sheets[1].rows[0][1] = text("4x");
        let output =
            read(&write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap(), "out.xlsx")
                .unwrap();
        let (links, other) = (&output.sheets[0], &output.sheets[1]);
        assert_eq!(links.formulas, vec![((1, 7), "1+2".into()), ((3, 7), "H2+1".into())]);
        assert_eq!(links.rows[3][7], Cell::Number(4.0), "the cached result is kept");
        assert_eq!(links.hyperlinks, vec![((3, 0), "https://example.com/a".into())]);
        assert_eq!(links.merged, vec![Span { first: (2, 5), last: (2, 6) }]);
        assert_eq!(other.formulas, vec![((0, 1), "Links!H4&\"x\"".into())]);
        assert_eq!(other.rows[0][1], text("4x"));
    }

    #[test]
    fn a_link_rust_xlsxwriter_refuses_survives_as_a_hyperlink_formula() {
        let mut input = workbook();
        input.sheets[0].rows[3][0] = text("Map \"A\"");
        input.sheets[0].hyperlinks = vec![((3, 0), "geo:-33.8568,151.2153".into())];
        let output =
            read(&write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap(), "out.xlsx")
                .unwrap();
        let sheet = &output.sheets[0];
        let formula = r#"HYPERLINK("geo:-33.8568,151.2153","Map ""A""")"#;
        assert_eq!(sheet.formulas, vec![((3, 0), formula.to_string())]);
        assert_eq!(sheet.rows[3][0], text("Map \"A\""), "it shows the same text");
        assert_eq!(sheet.link_behind(3, 0), Some("geo:-33.8568,151.2153"));
    }

    #[test]
    fn several_link_columns_each_get_their_own_columns() {
        let mut input = Workbook {
            format: Format::Xlsx,
            sheets: vec![Sheet::new(
                "Trips",
                vec![
                    vec![text("Name"), text("Pickup"), text("Drop"), text("Notes")],
                    vec![text("a"), text("geo:1,2"), text("geo:3,4"), Cell::Number(9.0)],
                ],
            )],
        };
        input.sheets[0].formulas = vec![((1, 4), "D2*2".into())];
        input.sheets[0].rows[1].push(Cell::Number(18.0));
        let conversions: Vec<_> =
            [2, 1].iter().map(|&c| convert(&input, &Target::new(0, c, true), |_, _| {})).collect();
        let out =
            read(&write_xlsx_all(&input, &conversions, Placement::AfterLink, |_, _| {}).unwrap(), "o.xlsx")
                .unwrap();
        let names: Vec<_> = out.sheets[0].rows[0].iter().map(Cell::display).collect();
        assert_eq!(
            names,
            [
                "Name",
                "Pickup",
                "Latitude (Pickup)",
                "Longitude (Pickup)",
                "Coordinate source (Pickup)",
                "Drop",
                "Latitude",
                "Longitude",
                "Coordinate source",
                "Notes"
            ]
        );
        assert_eq!(out.sheets[0].rows[1][2..4], [Cell::Number(1.0), Cell::Number(2.0)]);
        assert_eq!(out.sheets[0].rows[1][6..8], [Cell::Number(3.0), Cell::Number(4.0)]);
        assert_eq!(out.sheets[0].formulas, vec![((1, 10), "J2*2".into())]);

        let csv =
            String::from_utf8(write_csv_all(&input, &conversions, Placement::AfterLink).unwrap()).unwrap();
        let rows = &read(csv.as_bytes(), "o.csv").unwrap().sheets[0].rows;
        assert_eq!(rows[1].len(), 11);
        assert_eq!(rows[1][2..4], [text("1"), text("2")]);
        assert_eq!(rows[1][6..8], [text("3"), text("4")]);

        let out = read(&write_xlsx_all(&input, &conversions, Placement::AtEnd, |_, _| {}).unwrap(), "o.xlsx")
            .unwrap();
        let names: Vec<_> = out.sheets[0].rows[0].iter().skip(5).map(Cell::display).collect();
        assert_eq!(
            names,
            [
                "Latitude",
                "Longitude",
                "Coordinate source",
                "Latitude (Pickup)",
                "Longitude (Pickup)",
                "Coordinate source (Pickup)"
            ]
        );
    }

    #[test]
    fn the_header_row_is_frozen_and_filtered() {
        let input = workbook();
        let xlsx = write_xlsx(&input, &after_link(&input), Placement::AfterLink).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml)
            .unwrap();
        assert!(
            xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
            "{xml}"
        );
        assert!(xml.contains(r#"<autoFilter ref="A1:G5"/>"#), "{xml}");
    }

    #[test]
    fn xlsx_round_trip_keeps_every_cell_and_appends_three_columns() {
        let input = workbook();
        let output =
            read(&write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap(), "out.xlsx").unwrap();
        assert_eq!(output.sheets[1], input.sheets[1]);
        let rows = &output.sheets[0].rows;
        assert_eq!(rows.len(), input.sheets[0].rows.len());
        for (got, want) in rows.iter().zip(&input.sheets[0].rows) {
            assert_eq!(&got[..want.len().min(got.len())], &want[..want.len().min(got.len())]);
        }
        assert_eq!(rows[0][4..], [text("Latitude"), text("Longitude"), text("Coordinate source")]);
        assert_eq!(
            rows[1][4..],
            [Cell::Number(1.5), Cell::Number(-2.25), text("Google Maps: typed coordinates")]
        );
        assert!(rows[2].is_empty(), "a wholly empty row stays empty");
        assert_eq!(rows[3][4..], [Cell::Empty, Cell::Empty, text("short link — needs resolver")]);
        assert_eq!(rows[4][6], text("empty cell"));
    }

    #[test]
    fn csv_pads_rows_and_names_the_new_columns() {
        let input = workbook();
        let csv =
            String::from_utf8(write_csv(&input, &converted(&input), Placement::AtEnd).unwrap()).unwrap();
        let lines: Vec<_> = csv.lines().collect();
        assert_eq!(lines[0], "Name,Link,When,Ok,Latitude,Longitude,Coordinate source");
        assert_eq!(lines[1], "pin,\"https://maps.google.com/?q=1.5,-2.25\",2024-01-01,TRUE,1.5,-2.25,Google Maps: typed coordinates");
        assert_eq!(lines[2], ",,,,,,");
        assert_eq!(
            lines[3],
            "7.5,https://maps.app.goo.gl/x,2024-01-01 12:00:00,#N/A,,,short link — needs resolver"
        );
    }

    #[test]
    fn sheet_names_excel_refuses_are_made_legal_and_unique() {
        let mut input = workbook();
        input.sheets[0].name = "Bad[name]?*".to_string() + &"x".repeat(40);
        input.sheets[1].name = "'History'".into();
        input.sheets.push(Sheet::new("links", vec![]));
        input.sheets.push(Sheet::new("LINKS", vec![]));
        let names: Vec<_> = sheet_names(&input);
        assert_eq!(names, ["Badnamexxxxxxxxxxxxxxxxxxxxxxxx", "Sheet2", "links", "LINKS (2)"]);
        let output =
            read(&write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap(), "out.xlsx").unwrap();
        assert_eq!(output.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), names);
    }

    #[test]
    fn text_too_long_for_a_cell_is_refused_with_advice() {
        let mut input = workbook();
        input.sheets[1].rows[0][1] = text(&"y".repeat(40_000));
        let error = write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap_err();
        assert_eq!(error.to_string(), "Sheet 'Other' has a cell with more than 32,767 characters, more than an .xlsx cell holds. Download as CSV instead.");
    }

    #[test]
    fn a_sheet_too_wide_for_excel_is_refused_with_advice() {
        let mut input = workbook();
        input.sheets[0].rows[0].resize(MAX_COLUMNS - 1, text("x"));
        let error = write_xlsx(&input, &converted(&input), Placement::AtEnd).unwrap_err();
        assert!(matches!(error, WriteError::TooLarge { columns: 16_386, .. }));
        assert!(error.to_string().contains("Download as CSV"));
    }
}
