//! .xlsb: Excel's binary workbook, cells streamed; `HYPERLINK()` formulas become hyperlinks.

use super::grid::{show_hyperlink_label, sorted, stream_grid};
use super::{damaged, ReadError};
use crate::{hyperlink_formula_url, Format, Sheet, Workbook};
use calamine::Reader;
use std::io::Cursor;

/// Every sheet of an .xlsb, cell by cell; formulas are only looked at for `HYPERLINK()`
/// (calamine 0.38 rebuilds their text from the parsed tokens, `HYPERLINK("url","label")`;
/// no .xlsb fixture exists here, as only Excel writes the format).
pub(super) fn read_xlsb(bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<Workbook, ReadError> {
    let mut reader = calamine::open_workbook_from_rs::<calamine::Xlsb<_>, _>(Cursor::new(bytes))
        .map_err(|e| damaged(Format::Xlsb, &e))?;
    let mut sheets = Vec::new();
    for name in reader.sheet_names() {
        let rows = {
            let mut cells = reader.worksheet_cells_reader(&name).map_err(|e| damaged(Format::Xlsb, &e))?;
            stream_grid(&mut *progress, || {
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
    Ok(Workbook { format: Format::Xlsb, sheets })
}
