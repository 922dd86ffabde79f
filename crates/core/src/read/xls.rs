//! .xls: Excel 97–2003 (BIFF8 in an OLE2 container), after the container's pre-scan; its
//! hyperlinks from [`super::xls_links`].

use super::grid::{read_sheets, sorted, spans};
use super::guard::{self, clamp, used_area};
use super::ReadError;
use crate::{Format, Span, Workbook};
use calamine::Reader;
use std::io::Cursor;

/// Every sheet of an .xls, with its merged ranges and its HLINK records' hyperlinks.
pub(super) fn read_xls(bytes: &[u8]) -> Result<Workbook, ReadError> {
    guard::cfb(bytes)?;
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
    let mut workbook = read_sheets(reader, Format::Xls)?;
    for (sheet, merged) in workbook.sheets.iter_mut().zip(merged) {
        sheet.merged = merged;
    }
    // calamine reads no HLINK records: cells that say "Map" with the link behind them.
    let links = super::xls_links::hyperlinks(bytes);
    for sheet in &mut workbook.sheets {
        let mut added = false;
        let used = used_area(sheet);
        for link in links.iter().filter(|link| link.sheet == sheet.name) {
            for position in clamp(used, link.first, link.last) {
                sheet.hyperlinks.push((position, link.target.clone()));
                added = true;
            }
        }
        if added {
            sheet.hyperlinks = sorted(std::mem::take(&mut sheet.hyperlinks));
        }
    }
    Ok(workbook)
}
