//! .xlsx / .xlsm: cells with their formulas streamed, then hyperlinks and merged ranges.

use super::grid::{cover, package_progress, sorted, spans, stream_grid};
use super::guard::{clamp, used_area};
use super::{damaged, ReadError, ReadProgress};
use crate::model::hyperlink_formula_label;
use crate::{Cell, Format, Position, Sheet, Workbook};
use calamine::Reader;
use std::io::Cursor;

impl Sheet {
    /// Makes room in the grid for every formula's cell, as [`Cell::Empty`] where the file
    /// cached no result, so the sheet's width and row count include it: new columns must
    /// not land on it, and the row it is in is converted. Formulas come one per cell element
    /// of the file, so this allocates no more than the cells themselves would.
    ///
    /// A `HYPERLINK()` formula without its result gets the one the function has (ECMA-376
    /// Part 1, §18.17.7.156: the friendly name, else the link itself) when its arguments are
    /// literals, so the cell reads "Map" in the preview and in every output, as Excel shows it
    /// — rather than the `0` or blank a reader that does not calculate would show.
    pub(super) fn cover_formulas(&mut self) {
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
}

/// Every sheet of an .xlsx, cell by cell with its formula, then its hyperlinks and merged
/// ranges. A damaged hyperlink or merge list is skipped rather than refusing the values.
pub(super) fn read_xlsx(bytes: &[u8], progress: &mut dyn FnMut(ReadProgress)) -> Result<Workbook, ReadError> {
    let mut reader = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
        .map_err(|e| damaged(Format::Xlsx, &e))?;
    // Each of calamine's hyperlink and merge readers parses the whole sheet again; most sheets
    // have neither, and their tail after `</sheetData>` says so. The tails are found (the
    // package inflated once more) on another core while the cells are read.
    let tails = || {
        let mut package = zip::ZipArchive::new(Cursor::new(bytes)).ok();
        let parts = package.as_mut().and_then(|archive| crate::ooxml::package::sheet_parts(archive).ok());
        let mut tail = |part: &str| package.as_mut().and_then(|archive| sheet_tail(archive, part));
        parts.unwrap_or_default().into_iter().map(|(name, part)| (name, tail(&part))).collect::<Vec<_>>()
    };
    let cells = || -> Result<Vec<Sheet>, ReadError> {
        let mut sheets: Vec<Sheet> = Vec::new();
        let names = reader.sheet_names();
        let count = names.len();
        for (index, name) in names.into_iter().enumerate() {
            let mut formulas = Vec::new();
            let mut cells = reader.worksheet_cells_reader(&name).map_err(|e| damaged(Format::Xlsx, &e))?;
            let declared = cells.dimensions().end.0 as usize + 1;
            let before: usize = sheets.iter().map(|s| s.rows.len()).sum();
            let mut report =
                |row| progress(package_progress(bytes.len(), (index, count), (row, declared), before + row));
            let rows = stream_grid(&mut report, || {
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
            .map_err(|e: calamine::XlsxError| damaged(Format::Xlsx, &e))??;
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
        let used = used_area(sheet);
        for link in links {
            let target = match (link.target, link.location) {
                (Some(target), Some(location)) => format!("{target}#{location}"),
                (Some(target), None) => target,
                (None, Some(location)) => format!("internal:{location}"),
                (None, None) => continue,
            };
            for position in clamp(used, link.range.start, link.range.end) {
                hyperlinks.push((position, target.clone()));
            }
        }
        sheet.hyperlinks = sorted(hyperlinks);
        if has_merges {
            sheet.merged = spans(reader.merge_cells_by_sheet_name(&name).unwrap_or_default());
        }
    }
    Ok(Workbook::new(Format::Xlsx, sheets))
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
