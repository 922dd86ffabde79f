//! .xlsx / .xlsm: cells with their formulas streamed, then hyperlinks and merged ranges.

use super::grid::{cover, package_progress, sorted, spans, stream_grid};
use super::guard::{clamp, used_area};
use super::{damaged, ReadError, ReadProgress};
use crate::model::hyperlink_formula_label;
use crate::{Cell, Format, Position, Sheet, Workbook};
use calamine::Reader;
use std::collections::HashMap;
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
    match read_xlsx_fast(bytes, progress) {
        Some(workbook) => Ok(workbook),
        None => read_xlsx_calamine(bytes, progress),
    }
}

/// [`read_xlsx`] by the fast path ([`super::xlsx_fast`]), None where it leaves the file to
/// calamine.
pub(super) fn read_xlsx_fast(bytes: &[u8], progress: &mut dyn FnMut(ReadProgress)) -> Option<Workbook> {
    let read = super::xlsx_fast::read(bytes, progress)?;
    Some(Workbook::new(Format::Xlsx, read.into_iter().map(|(sheet, tail)| with_tail(sheet, tail)).collect()))
}

/// [`read_xlsx`] by calamine alone: for what the fast path ([`super::xlsx_fast`]) gives up on.
pub(super) fn read_xlsx_calamine(
    bytes: &[u8],
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<Workbook, ReadError> {
    let mut reader = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes))
        .map_err(|e| damaged(Format::Xlsx, &e))?;
    // A sheet's hyperlinks and merged ranges come after its cells. calamine's readers for them
    // each parse the whole sheet again; instead each sheet's tail after `</sheetData>` is found
    // (the package inflated once more) on another core while the cells are read, and they
    // are read from it. calamine's readers stay for a tail that cannot be found or read.
    let tails = || {
        let mut package = zip::ZipArchive::new(Cursor::new(bytes)).ok();
        let parts = package.as_mut().and_then(|archive| crate::ooxml::package::sheet_parts(archive).ok());
        let mut tail = |part: &str| {
            let archive = package.as_mut()?;
            let tail = sheet_tail(archive, part)?;
            let rels = memchr::memmem::find(&tail, b"hyperlink").and_then(|_| {
                use crate::ooxml::package::{read_part, relationships_part};
                read_part(archive, &relationships_part(part)).ok()
            });
            parse_tail(&tail, rels.as_deref())
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
    let sheets = sheets?
        .into_iter()
        .map(|sheet| {
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
            with_tail(sheet, tail)
        })
        .collect();
    Ok(Workbook::new(Format::Xlsx, sheets))
}

/// A sheet with its hyperlinks (each over the cells of its range that are in use) and merged
/// ranges.
fn with_tail(mut sheet: Sheet, tail: Tail) -> Sheet {
    let mut hyperlinks = Vec::new();
    let used = used_area(&sheet);
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
    sheet
}

/// A hyperlink: (first cell, last cell), its relationship's target, its `location` in the
/// workbook.
type Hyperlink = ((Position, Position), Option<String>, Option<String>);

/// What pinsheet keeps of a sheet beyond its cells.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Tail {
    pub hyperlinks: Vec<Hyperlink>,
    pub merged: Vec<calamine::Dimensions>,
}

/// The hyperlinks and merged ranges in what follows a sheet's `</sheetData>` (ECMA-376 Part 1
/// §18.3.1.48 `hyperlinks`, §18.3.1.56 `mergeCells`), with hyperlink targets from the sheet's
/// relationships `rels` (§9.2, type `…/relationships/hyperlink`). Read as calamine reads them:
/// the first `<hyperlinks>` and the first `<mergeCells>` only, an element without a `ref`
/// skipped. None — calamine's readers then — when either part is not well-formed, a `ref` is
/// not a range, or a hyperlink names a relationship and the relationships were not found.
pub(super) fn parse_tail(tail: &[u8], rels: Option<&[u8]>) -> Option<Tail> {
    let targets = match rels {
        Some(rels) => Some(hyperlink_targets(rels)?),
        None => None,
    };
    parse_tail_with(tail, targets.as_ref())
}

/// A sheet's hyperlink relationships (§9.2, type `…/relationships/hyperlink`): id → target.
/// None when the part is not well-formed.
pub(super) fn hyperlink_targets(rels: &[u8]) -> Option<HashMap<String, String>> {
    use quick_xml::events::Event;
    // `ooxml::xml::each_element`'s reading (a value that does not unescape is kept as written,
    // a malformed attribute skipped), without a String for every attribute: a sheet may hold
    // 65,530 hyperlinks.
    let unescaped = |value: &str| match quick_xml::escape::unescape(value) {
        Ok(value) => value.into_owned(),
        Err(_) => value.to_string(),
    };
    let mut reader = quick_xml::Reader::from_reader(rels);
    let (mut targets, mut buffer) = (HashMap::new(), Vec::new());
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Eof => return Some(targets),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (mut kind, mut id, mut target) = (None, None, None);
                for attribute in e.attributes().flatten() {
                    let slot = match attribute.key.as_ref() {
                        "Type" => &mut kind,
                        "Id" => &mut id,
                        "Target" => &mut target,
                        _ => continue,
                    };
                    // The first of a name counts, as `each_element`'s callers find it.
                    if slot.is_none() {
                        *slot = Some(attribute.value);
                    }
                }
                let hyperlink = kind.is_some_and(|t| unescaped(&t).ends_with("/relationships/hyperlink"));
                if let (true, Some(id)) = (hyperlink, id.map(|id| unescaped(&id))) {
                    if !id.is_empty() {
                        targets.insert(id, target.map(|t| unescaped(&t)).unwrap_or_default());
                    }
                }
            }
            _ => {}
        }
        buffer.clear();
    }
}

/// [`parse_tail`] with the relationships' targets read already (None: no relationships part).
pub(super) fn parse_tail_with(tail: &[u8], targets: Option<&HashMap<String, String>>) -> Option<Tail> {
    use crate::ooxml::xml::reference_position;
    use quick_xml::events::Event;
    #[derive(Clone, Copy, PartialEq)]
    enum Block {
        Before,
        In,
        Done,
    }
    let (mut links, mut merges) = (Block::Before, Block::Before);
    let mut found = Tail::default();
    // The tail closes `<worksheet>` (whatever its prefix): it is opened for the reader.
    let xml = [&b"<worksheet>"[..], tail].concat();
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    reader.config_mut().check_end_names = false;
    let mut buffer = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buffer).ok()?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => return Some(found),
            Event::End(e) => match e.local_name().as_ref() {
                "hyperlinks" if links == Block::In => links = Block::Done,
                "mergeCells" if merges == Block::In => merges = Block::Done,
                _ => {}
            },
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                let block = match name.as_ref() {
                    "hyperlinks" | "mergeCells" => {
                        let block = if name.as_ref() == "hyperlinks" { &mut links } else { &mut merges };
                        if *block == Block::Before {
                            *block = if empty { Block::Done } else { Block::In };
                        }
                        None
                    }
                    "hyperlink" if links == Block::In => Some(true),
                    "mergeCell" if merges == Block::In => Some(false),
                    _ => None,
                };
                let Some(is_link) = block else { continue };
                let (mut reference, mut id, mut location) = (None, None, None);
                for attribute in e.attributes() {
                    let attribute = attribute.ok()?;
                    // Every value must unescape; only the three used are kept.
                    let value = quick_xml::escape::unescape(&attribute.value).ok()?;
                    let slot = match attribute.key.as_ref() {
                        "ref" => &mut reference,
                        "location" => &mut location,
                        key if key == "id" || key.ends_with(":id") => &mut id,
                        _ => continue,
                    };
                    *slot = Some(value.into_owned());
                }
                let Some(reference) = reference else { continue };
                let (first, last) = reference.split_once(':').unwrap_or((&reference, &reference));
                let (first, last) = (reference_position(first)?, reference_position(last)?);
                if is_link {
                    if id.is_some() && targets.is_none() {
                        return None;
                    }
                    let target = id.and_then(|id| targets?.get(&id).cloned());
                    found.hyperlinks.push(((first, last), target, location));
                } else {
                    found.merged.push(calamine::Dimensions::new(first, last));
                }
            }
            _ => {}
        }
        buffer.clear();
    }
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
                let rels = crate::ooxml::package::read_part(
                    &mut archive,
                    &crate::ooxml::package::relationships_part(&part),
                )
                .ok();
                let ours = parse_tail(&tail, rels.as_deref()).unwrap();
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
    fn a_tail_that_cannot_be_read_leaves_it_to_calamine() {
        let link = b"<hyperlinks><hyperlink ref=\"A1\" r:id=\"rId1\"/></hyperlinks></worksheet>";
        assert_eq!(parse_tail(link, Some(b"<Relationships><Relationship")), None, "relationships cut short");
        assert_eq!(parse_tail(link, None), None, "relationships not found");
        assert_eq!(
            parse_tail(b"<mergeCells><mergeCell ref=\"A1:ZZZZ2\"/></mergeCells></worksheet>", None),
            None
        );
        assert_eq!(parse_tail(b"<mergeCells><mergeCell ref=\"A+1\"/></mergeCells></worksheet>", None), None);
        assert_eq!(parse_tail(b"<mergeCells><mergeCell ref=\"A1\"></worksheet", None), None);
        let tail = parse_tail(
            b"<mergeCells><mergeCell/><mergeCell ref=\"B2:C3\"/></mergeCells></x:worksheet>",
            None,
        );
        assert_eq!(tail.map(|t| t.merged), Some(vec![calamine::Dimensions::new((1, 1), (2, 2))]));
    }

    /// ECMA-376 Part 1 §18.3.1.48 and §9.2, read as calamine does: the first block of each,
    /// whatever the namespace prefix; entities unescaped; an empty or unknown id gives no target.
    #[test]
    fn the_first_block_of_each_counts_whatever_its_prefix() {
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/?a=1&amp;b=2" TargetMode="External"/>
            <Relationship Id="" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/empty"/>
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>
        </Relationships>"#;
        let tail = br#"<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells>
            <x:hyperlinks><x:hyperlink ref="C2" rel:id="rId1" display="Map"/><x:hyperlink ref="D2:D3" location="'Other'!A1&amp;"/>
            <x:hyperlink ref="E2" r:id=""/><x:hyperlink ref="F2" r:id="rId3"/><x:hyperlink location="nowhere"/></x:hyperlinks>
            <x:hyperlinks><x:hyperlink ref="G9" r:id="rId1"/></x:hyperlinks><x:mergeCells><x:mergeCell ref="H1:H2"/></x:mergeCells>
            </x:worksheet>"#;
        let found = parse_tail(tail, Some(rels)).unwrap();
        assert_eq!(
            found.hyperlinks,
            vec![
                (((1, 2), (1, 2)), Some("https://example.com/?a=1&b=2".to_string()), None),
                (((1, 3), (2, 3)), None, Some("'Other'!A1&".to_string())),
                (((1, 4), (1, 4)), None, None),
                (((1, 5), (1, 5)), None, None),
            ]
        );
        assert_eq!(found.merged, vec![calamine::Dimensions::new((0, 0), (0, 1))]);
        let closed = parse_tail(
            b"<hyperlinks/><hyperlinks><hyperlink ref=\"A1\" location=\"B2\"/></hyperlinks>",
            None,
        );
        assert_eq!(closed.map(|t| t.hyperlinks), Some(Vec::new()), "an empty first block ends the search");
    }
}
