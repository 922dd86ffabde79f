//! Writing a converted sheet back out: the input untouched, three columns appended.

use crate::{Cell, Conversion, Outcome, Sheet, Workbook};
use rust_xlsxwriter::{Format as CellFormat, Formula, XlsxError};
use thiserror::Error;

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
    /// rust_xlsxwriter refused a value (a text longer than Excel's 32,767 characters, say).
    #[error("The .xlsx could not be written: {0}")]
    Xlsx(#[from] XlsxError),
    /// The CSV writer failed; it writes to memory, so this is not expected.
    #[error("The CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
}

/// Writes the workbook as .xlsx with `Latitude`, `Longitude` (numbers, WGS-84 decimal
/// degrees) and `Coordinate source` appended after the converted sheet's last used column.
///
/// Every sheet and every cell value is written back at its own position with its type
/// (text, number, boolean, date, error); the header row gets the new column names when the
/// plan says there is one. Formulas are written as their cached values, and cell styles,
/// charts and images are not carried over.
///
/// # Errors
///
/// [`WriteError::TooLarge`] when a sheet exceeds Excel's grid, [`WriteError::Xlsx`] when
/// rust_xlsxwriter refuses a value.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, detect, read, write_xlsx};
///
/// let workbook = read(b"Link\nhttps://www.google.com/maps/place/Louvre\n", "a.csv")?;
/// let plan = detect(&workbook).unwrap();
/// let xlsx = write_xlsx(&workbook, &convert(&workbook, &plan, |_, _| {}))?;
/// assert!(xlsx.starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_xlsx(workbook: &Workbook, conversion: &Conversion) -> Result<Vec<u8>, WriteError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    // Level 2 of 9: deflate dominates the save; this is ~25% faster than the default 6 for a
    // file ~13% larger (BENCHMARKS.md).
    book.set_zip_compression_level(2);
    let date = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let day = CellFormat::new().set_num_format("yyyy-mm-dd");
    let duration = CellFormat::new().set_num_format("[h]:mm:ss");
    let bold = CellFormat::new().set_bold();
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let converted = index == conversion.plan.sheet;
        let width = sheet.width();
        let columns = width + if converted { NEW_COLUMNS.len() } else { 0 };
        if sheet.rows.len() > MAX_ROWS || columns > MAX_COLUMNS {
            return Err(WriteError::TooLarge { sheet: sheet.name.clone(), rows: sheet.rows.len(), columns });
        }
        let out = book.add_worksheet();
        out.set_name(&sheet.name)?;
        for (row, cells) in sheet.rows.iter().enumerate() {
            // Both limits were checked above, so these conversions cannot truncate.
            let r = row as u32;
            for (column, cell) in cells.iter().enumerate() {
                let c = column as u16;
                match cell {
                    Cell::Empty => continue,
                    Cell::Text(text) => out.write_string(r, c, text)?,
                    Cell::Number(n) => out.write_number(r, c, *n)?,
                    Cell::Bool(b) => out.write_boolean(r, c, *b)?,
                    Cell::DateTime(n) if n.fract() == 0.0 => out.write_number_with_format(r, c, *n, &day)?,
                    Cell::DateTime(n) => out.write_number_with_format(r, c, *n, &date)?,
                    Cell::Duration(n) => out.write_number_with_format(r, c, *n, &duration)?,
                    Cell::Error(e) => {
                        out.write_formula(r, c, Formula::new(e.as_str()).set_result(e.as_str()))?
                    }
                };
            }
        }
        if !converted {
            continue;
        }
        let first = width as u16;
        out.set_column_width(first, 12)?;
        out.set_column_width(first + 1, 12)?;
        out.set_column_width(first + 2, 26)?;
        if conversion.plan.header && !sheet.rows.is_empty() {
            for (offset, name) in NEW_COLUMNS.iter().enumerate() {
                out.write_string_with_format(0, first + offset as u16, *name, &bold)?;
            }
        }
        for Outcome { row, extraction } in &conversion.outcomes {
            let r = *row as u32;
            if let Some(point) = extraction.coordinate {
                out.write_number(r, first, point.lat)?;
                out.write_number(r, first + 1, point.lon)?;
            }
            out.write_string(r, first + 2, extraction.describe())?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// Writes the converted sheet as UTF-8 CSV (comma-separated, quoted where needed), with the
/// same three columns appended as [`write_xlsx`]; every row is padded to the same width.
///
/// # Errors
///
/// [`WriteError::CsvTooLarge`] when rows × columns exceeds 100 million cells;
/// [`WriteError::Csv`] if the in-memory writer fails.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, read, write_csv, Plan};
///
/// let workbook = read(b"https://maps.app.goo.gl/x\n", "a.csv")?;
/// let conversion = convert(&workbook, &Plan { sheet: 0, column: 0, header: false, near: None }, |_, _| {});
/// let csv = String::from_utf8(write_csv(&workbook, &conversion)?).unwrap();
/// assert_eq!(csv, "https://maps.app.goo.gl/x,,,short link — needs resolver\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv(workbook: &Workbook, conversion: &Conversion) -> Result<Vec<u8>, WriteError> {
    let empty = Sheet::default();
    let sheet = workbook.sheets.get(conversion.plan.sheet).unwrap_or(&empty);
    let width = sheet.width();
    let (rows, columns) = (sheet.rows.len(), width + NEW_COLUMNS.len());
    let cells = rows.saturating_mul(columns);
    if cells > MAX_CSV_CELLS {
        return Err(WriteError::CsvTooLarge { sheet: sheet.name.clone(), rows, columns, cells });
    }
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let mut outcomes = conversion.outcomes.iter().peekable();
    let mut record: Vec<String> = Vec::with_capacity(width + NEW_COLUMNS.len());
    for (row, cells) in sheet.rows.iter().enumerate() {
        record.clear();
        record.extend(cells.iter().map(Cell::display));
        record.resize(width, String::new());
        let outcome = outcomes.next_if(|outcome| outcome.row == row);
        match outcome {
            Some(Outcome { extraction, .. }) => {
                let point = extraction.coordinate;
                record.push(point.map(|p| p.lat.to_string()).unwrap_or_default());
                record.push(point.map(|p| p.lon.to_string()).unwrap_or_default());
                record.push(extraction.describe().into_owned());
            }
            None if row == 0 && conversion.plan.header => record.extend(NEW_COLUMNS.map(String::from)),
            None => record.resize(width + NEW_COLUMNS.len(), String::new()),
        }
        writer.write_record(&record)?;
    }
    writer.into_inner().map_err(|error| WriteError::Csv(error.into_error().into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{convert, read, Format, Plan};

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn workbook() -> Workbook {
        let links = Sheet {
            name: "Links".into(),
            rows: vec![
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
        };
        let other = Sheet { name: "Other".into(), rows: vec![vec![Cell::Empty, text("kept")]] };
        Workbook { format: Format::Xlsx, sheets: vec![links, other] }
    }

    fn converted(workbook: &Workbook) -> Conversion {
        convert(workbook, &Plan { sheet: 0, column: 1, header: true, near: None }, |_, _| {})
    }

    #[test]
    fn xlsx_round_trip_keeps_every_cell_and_appends_three_columns() {
        let input = workbook();
        let output = read(&write_xlsx(&input, &converted(&input)).unwrap(), "out.xlsx").unwrap();
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
        let csv = String::from_utf8(write_csv(&input, &converted(&input)).unwrap()).unwrap();
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
    fn a_sheet_too_wide_for_excel_is_refused_with_advice() {
        let mut input = workbook();
        input.sheets[0].rows[0].resize(MAX_COLUMNS - 1, text("x"));
        let error = write_xlsx(&input, &converted(&input)).unwrap_err();
        assert!(matches!(error, WriteError::TooLarge { columns: 16_386, .. }));
        assert!(error.to_string().contains("Download as CSV"));
    }
}
