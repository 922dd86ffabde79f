//! The CSV writer: the converted sheet as UTF-8 CSV, the new columns where the .xlsx has them.

use super::layout::{new_column_names, same_sheet, Layout};
use super::WriteError;
use crate::{Conversion, Outcome, Placement, Sheet, Workbook};

/// The most cells a CSV is padded out to (a million rows of a hundred columns).
const MAX_CSV_CELLS: usize = 100_000_000;

/// Writes the converted sheet as UTF-8 CSV (comma-separated, quoted where needed), with the
/// same three columns in the same place as [`crate::write_xlsx`]; every row is padded to the same
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
