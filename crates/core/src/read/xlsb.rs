//! .xlsb: Excel's binary workbook, cells streamed; `HYPERLINK()` formulas become hyperlinks.

use super::grid::{package_progress, show_hyperlink_label, sorted, stream_grid};
use super::{damaged, ReadError, ReadProgress};
use crate::{hyperlink_formula_url, Format, Sheet, Workbook};
use calamine::Reader;
use std::io::Cursor;

/// Every sheet of an .xlsb, cell by cell; formulas are only looked at for `HYPERLINK()`
/// (calamine 0.38 rebuilds their text from the parsed tokens, `HYPERLINK("url","label")`;
/// no .xlsb fixture exists here, as only Excel writes the format).
pub(super) fn read_xlsb(bytes: &[u8], progress: &mut dyn FnMut(ReadProgress)) -> Result<Workbook, ReadError> {
    let mut reader = calamine::open_workbook_from_rs::<calamine::Xlsb<_>, _>(Cursor::new(bytes))
        .map_err(|e| damaged(Format::Xlsb, &e))?;
    let mut sheets: Vec<Sheet> = Vec::new();
    let names = reader.sheet_names();
    let count = names.len();
    for (index, name) in names.into_iter().enumerate() {
        let rows = {
            let mut cells = reader.worksheet_cells_reader(&name).map_err(|e| damaged(Format::Xlsb, &e))?;
            let declared = cells.dimensions().end.0 as usize + 1;
            let before: usize = sheets.iter().map(|s| s.rows.len()).sum();
            let mut report =
                |row| progress(package_progress(bytes.len(), (index, count), (row, declared), before + row));
            stream_grid(&mut report, || {
                Ok(cells.next_cell()?.map(|cell| (cell.get_position(), cell.get_value().clone())))
            })
            .map_err(|e: calamine::XlsbError| damaged(Format::Xlsb, &e))??
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
    Ok(Workbook::new(Format::Xlsb, sheets))
}
