//! calamine's cells into rows from A1: streamed one by one for .xlsx and .xlsb, from a range
//! for .xls and .ods; the calamine value → [`Cell`] conversion and the dates.

use super::guard::in_grid;
use super::{damaged, ReadError, ReadProgress, PROGRESS_ROWS};
use crate::excel::{LAST_COLUMN, LAST_ROW};
use crate::model::hyperlink_formula_label;
use crate::{hyperlink_formula_url, Cell, Format, Position, Sheet, Span, Workbook};
use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType, Reader};
use std::io::Cursor;

/// Cells one at a time into rows from A1 — never a dense block sized by the sheet's declared
/// or furthest cell, which a single cell at XFD1048576 would make 17 billion slots.
pub(super) fn stream_grid<'a, E>(
    progress: &mut dyn FnMut(usize),
    mut next: impl FnMut() -> Result<Option<(Position, DataRef<'a>)>, E>,
) -> Result<Result<Vec<Vec<Cell>>, ReadError>, E> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut reported = 0;
    while let Some(((row, column), value)) = next()? {
        if let Err(error) = in_grid((row, column)) {
            return Ok(Err(error));
        }
        let value = cell(value);
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

/// How far through a package of `size` bytes a read is, estimated, when sheet `sheet` (of
/// `sheets`, 0-based) has reached row `row` of the `declared` its dimension gives, and
/// `rows` rows are read in all. The XML of a sheet is read in order, so the share of its rows
/// is about the share of its part; a dimension that lies only makes the estimate stop short.
pub(super) fn package_progress(
    size: usize,
    (sheet, sheets): (usize, usize),
    (row, declared): (usize, usize),
    rows: usize,
) -> ReadProgress {
    let declared = declared.max(1) as u128;
    let done = sheet as u128 * declared + (row as u128).min(declared);
    let bytes = size as u128 * done / (sheets.max(1) as u128 * declared);
    ReadProgress { rows, bytes: usize::try_from(bytes).unwrap_or(size).min(size) }
}

/// The one calamine value → [`Cell`] conversion, for every format. Text is moved or copied
/// once: a million links are a quarter of a gigabyte.
pub(super) fn cell(data: DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty | DataRef::SharedString("") => Cell::Empty,
        DataRef::String(s) if s.is_empty() => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        // OpenDocument stores dates as ISO 8601 text; keep them dates when they parse.
        DataRef::DateTimeIso(s) => match rust_xlsxwriter::ExcelDateTime::parse_from_str(&s) {
            Ok(date) => Cell::DateTime(date.to_excel()),
            Err(_) => Cell::Text(s),
        },
        DataRef::String(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) if dt.is_duration() => Cell::Duration(dt.as_f64()),
        DataRef::DateTime(dt) => Cell::DateTime(serial_1900(&dt)),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A value of a calamine range as the streaming readers' borrowed kind, for [`cell`]: text
/// borrowed, to be copied once.
fn borrowed(data: &Data) -> DataRef<'_> {
    match data {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
        Data::Error(e) => DataRef::Error(e.clone()),
    }
}

pub(super) fn read_sheets<'a, R>(reader: Result<R, R::Error>, format: Format) -> Result<Workbook, ReadError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut reader = reader.map_err(|e| damaged(format, &e))?;
    let mut sheets = Vec::new();
    for name in reader.sheet_names() {
        let range = reader.worksheet_range(&name).map_err(|e| damaged(format, &e))?;
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
    Ok(Workbook::new(format, sheets))
}

/// Lays a calamine range out from A1, so a sheet whose data starts at C5 keeps its place.
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((top, left)) = range.start() else { return Vec::new() };
    let (top, left) = (top as usize, left as usize);
    let mut rows = vec![Vec::new(); top];
    for source in range.rows() {
        let mut row: Vec<Cell> = Vec::with_capacity(left + source.len());
        row.resize(left, Cell::Empty);
        row.extend(source.iter().map(|data| cell(borrowed(data))));
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

/// Grows `rows` so each position is inside it (new cells [`Cell::Empty`]); positions past
/// Excel's grid are left out.
pub(super) fn cover(rows: &mut Vec<Vec<Cell>>, positions: impl IntoIterator<Item = Position>) {
    for (row, column) in positions {
        if row > LAST_ROW || column > LAST_COLUMN {
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
pub(super) fn show_hyperlink_label(rows: &mut Vec<Vec<Cell>>, position: Position, formula: &str) {
    cover(rows, [position]);
    let cell = rows.get_mut(position.0 as usize).and_then(|r| r.get_mut(position.1 as usize));
    if let (Some(cell @ Cell::Empty), Some(label)) = (cell, hyperlink_formula_label(formula)) {
        *cell = Cell::Text(label);
    }
}

/// Sorted by position, the last of duplicates kept (binary searches rely on both).
pub(super) fn sorted(mut list: Vec<(Position, String)>) -> Vec<(Position, String)> {
    list.reverse();
    list.sort_by_key(|(position, _)| *position);
    list.dedup_by_key(|(position, _)| *position);
    list
}

pub(super) fn spans(merged: Vec<calamine::Dimensions>) -> Vec<Span> {
    merged
        .into_iter()
        .filter(|d| {
            d.start.0 <= d.end.0 && d.start.1 <= d.end.1 && d.end.0 <= LAST_ROW && d.end.1 <= LAST_COLUMN
        })
        .map(|d| Span { first: d.start, last: d.end })
        .collect()
}
