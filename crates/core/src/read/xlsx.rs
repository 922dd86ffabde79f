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
    // What is in them (hyperlinks, merged ranges) is read from the tail too: calamine's
    // readers would parse the whole sheet once more for each.
    let tails = || {
        let mut package = zip::ZipArchive::new(Cursor::new(bytes)).ok();
        let parts = package.as_mut().and_then(|archive| crate::ooxml::package::sheet_parts(archive).ok());
        let mut tail = |part: &str| {
            let archive = package.as_mut()?;
            let tail = sheet_tail(archive, part)?;
            let rels = memchr::memmem::find(&tail, b"hyperlink").and_then(|_| {
                let (folder, file) = part.rsplit_once('/')?;
                crate::ooxml::package::read_part(archive, &format!("{folder}/_rels/{file}.rels")).ok()
            });
            parse_tail(&tail, rels.as_deref().unwrap_or_default())
        };
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
    let (mut tails, sheets) = crate::parallel::both(tails, cells);
    let mut sheets = sheets?;
    for sheet in &mut sheets {
        let name = sheet.name.clone();
        let tail = tails.iter_mut().find(|(sheet, _)| *sheet == name).and_then(|(_, tail)| tail.take());
        // A tail that could not be read or parsed: calamine's readers, each parsing the sheet.
        let tail = tail.unwrap_or_else(|| Tail {
            hyperlinks: reader
                .hyperlinks_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|link| ((link.range.start, link.range.end), link.target, link.location))
                .collect(),
            merged: reader.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        });
        let mut hyperlinks = Vec::new();
        let used = used_area(sheet);
        for ((first, last), target, location) in tail.hyperlinks {
            let target = match (target, location) {
                (Some(target), Some(location)) => format!("{target}#{location}"),
                (Some(target), None) => target,
                (None, Some(location)) => format!("internal:{location}"),
                (None, None) => continue,
            };
            for position in clamp(used, first, last) {
                hyperlinks.push((position, target.clone()));
            }
        }
        sheet.hyperlinks = sorted(hyperlinks);
        sheet.merged = spans(tail.merged);
    }
    Ok(Workbook::new(Format::Xlsx, sheets))
}

/// A hyperlink: (first cell, last cell), its relationship's target, its `location` in the
/// workbook.
type Hyperlink = ((Position, Position), Option<String>, Option<String>);

/// What pinsheet keeps of a sheet beyond its cells.
#[derive(Debug, Default, PartialEq)]
struct Tail {
    hyperlinks: Vec<Hyperlink>,
    merged: Vec<calamine::Dimensions>,
}

/// The hyperlinks and merged ranges in what follows a sheet's `</sheetData>` (ECMA-376 Part 1
/// §18.3.1.47 `hyperlink`, §18.3.1.55 `mergeCell`), with hyperlink targets from the sheet's
/// relationships `rels` (§9.2, type `…/relationships/hyperlink`). None when either is not
/// well-formed. As calamine reads them: a hyperlink or merge without a `ref` is skipped.
fn parse_tail(tail: &[u8], rels: &[u8]) -> Option<Tail> {
    use crate::ooxml::xml::{each_element_of, reference_position};
    let range = |reference: &str| {
        let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
        Some((reference_position(first)?, reference_position(last)?))
    };
    let value = |attributes: &[(String, String)], name: &str| {
        attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone())
    };
    let mut targets = std::collections::HashMap::new();
    each_element_of(rels, true, |element, attributes| {
        let hyperlink = value(attributes, "Type").is_some_and(|t| t.ends_with("/relationships/hyperlink"));
        if let (true, true, Some(id)) = (element == "Relationship", hyperlink, value(attributes, "Id")) {
            targets.insert(id, value(attributes, "Target").unwrap_or_default());
        }
    })
    .ok()?;
    let mut found = Tail::default();
    let mut bad = false;
    // The tail closes `<worksheet>` (whatever its prefix): it is opened for the reader.
    let tail = [&b"<worksheet>"[..], tail].concat();
    each_element_of(&tail, false, |element, attributes| {
        if element != "hyperlink" && element != "mergeCell" {
            return;
        }
        let Some(reference) = value(attributes, "ref") else { return };
        let Some((first, last)) = range(&reference) else {
            bad = true;
            return;
        };
        match element {
            "hyperlink" => {
                let id = attributes.iter().find(|(key, _)| key == "id" || key.ends_with(":id"));
                let target = id.and_then(|(_, id)| targets.get(id).cloned());
                found.hyperlinks.push(((first, last), target, value(attributes, "location")));
            }
            _ => found.merged.push(calamine::Dimensions::new(first, last)),
        }
    })
    .ok()?;
    (!bad).then_some(found)
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

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};
    use rust_xlsxwriter::{Format as CellFormat, Url, Workbook as Book};

    /// A workbook written by rust_xlsxwriter with every kind of hyperlink Excel keeps and merged
    /// ranges, in several sheets.
    fn linked_workbook() -> Vec<u8> {
        let mut book = Book::new();
        let plain = CellFormat::new();
        let first = book.add_worksheet().set_name("Links").unwrap();
        first.write_string(0, 0, "Name").unwrap();
        for row in 1..300u32 {
            let url = match row % 5 {
                0 => format!("https://www.google.com/maps/search/?api=1&query={row}.5%2C2.25#top"),
                1 => format!("internal:'Other sheet'!B{row}"),
                2 => format!("mailto:depot{row}@example.com?subject=A&body=B"),
                3 => format!("https://example.com/a?x=<{row}>&y=\"q\""),
                _ => format!("https://maps.apple.com/?ll={row}.1,3.2"),
            };
            first.write_url(row, 1, Url::new(url).set_text(format!("Link {row}"))).unwrap();
        }
        first.merge_range(400, 0, 401, 3, "merged", &plain).unwrap();
        first.write_url(400, 0, Url::new("https://example.com/over-a-merge")).unwrap();
        first.autofilter(0, 0, 300, 1).unwrap();
        let other = book.add_worksheet().set_name("Other sheet").unwrap();
        other.merge_range(0, 0, 0, 5, "title", &plain).unwrap();
        other.merge_range(2, 1, 9, 1, "side", &plain).unwrap();
        book.add_worksheet().set_name("Empty").unwrap().write_string(0, 0, "x").unwrap();
        book.save_to_buffer().unwrap()
    }

    /// The fast path against calamine, which it replaces: every sheet's hyperlinks and merged
    /// ranges equal, in every .xlsx here (rust_xlsxwriter's, LibreOffice's, openpyxl's and the
    /// hostile ones).
    #[test]
    fn the_tail_holds_the_hyperlinks_and_merges_calamine_reads() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let mut files = vec![("rust_xlsxwriter".to_string(), linked_workbook())];
        for folder in ["libreoffice", "openpyxl", "hostile"] {
            for entry in std::fs::read_dir(format!("{fixtures}/{folder}")).unwrap().flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "xlsx" || e == "xlsm") {
                    files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut compared = 0;
        for (name, bytes) in &files {
            // What pinsheet's guards refuse never reaches calamine (a shared-string bomb would
            // take the test's memory).
            if crate::read(bytes, "in.xlsx").is_err() {
                continue;
            }
            let mut calamine = Xlsx::new(Cursor::new(bytes.as_slice())).unwrap();
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
            for (sheet, part) in crate::ooxml::package::sheet_parts(&mut archive).unwrap() {
                let tail = sheet_tail(&mut archive, &part).unwrap();
                let (folder, file) = part.rsplit_once('/').unwrap();
                let rels =
                    crate::ooxml::package::read_part(&mut archive, &format!("{folder}/_rels/{file}.rels"))
                        .unwrap_or_default();
                let ours = parse_tail(&tail, &rels).unwrap();
                let links: Vec<_> = calamine
                    .hyperlinks_by_sheet_name(&sheet)
                    .unwrap()
                    .into_iter()
                    .map(|link| ((link.range.start, link.range.end), link.target, link.location))
                    .collect();
                assert_eq!(ours.hyperlinks, links, "{name}: {sheet}");
                assert_eq!(
                    ours.merged,
                    calamine.merge_cells_by_sheet_name(&sheet).unwrap(),
                    "{name}: {sheet}"
                );
                compared += ours.hyperlinks.len() + ours.merged.len();
            }
        }
        assert!(compared > 300, "only {compared} hyperlinks and merges were compared");
    }

    #[test]
    fn a_tail_that_is_not_well_formed_leaves_it_to_calamine() {
        assert_eq!(parse_tail(b"<hyperlinks><hyperlink ref=\"A1\" r:id=\"rId1\"/>", b"<Relationships"), None);
        assert_eq!(
            parse_tail(b"<mergeCells><mergeCell ref=\"A1:ZZZZ2\"/></mergeCells></worksheet>", b""),
            None
        );
        let tail =
            parse_tail(b"<mergeCells><mergeCell/><mergeCell ref=\"B2:C3\"/></mergeCells></x:worksheet>", b"");
        assert_eq!(tail.map(|t| t.merged), Some(vec![calamine::Dimensions::new((1, 1), (2, 2))]));
    }
}
