//! "Keep formatting": the original .xlsx package with the new cells added to the converted
//! sheet's XML, every other part copied byte for byte (styles, charts, images, macros,
//! validation, defined names — all of it stays as the file had it).
//!
//! The sheet XML is not re-serialised either: the new cells are spliced in before each row's
//! `</row>`, and rows that did not exist are inserted in order, so everything else in the
//! part keeps its bytes. The new columns go after the last column any cell of the sheet
//! uses (styled empty cells included), because cells in a row must stay in column order.
//! Format of the parts: ECMA-376 Part 1, §18.3 (worksheets), §18.2 (workbook).

use crate::ooxml::package::{repack, sheet_part, Package};
use crate::ooxml::xml::{attribute, reference_column};
use crate::ooxml::PackageError;
use crate::{column_letter, Conversion, Outcome, Workbook, NEW_COLUMNS};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};

/// Why the original package could not be patched (the caller can fall back to
/// [`crate::write_xlsx`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PatchError {
    /// The original file is not a zip with the parts an .xlsx has: its workbook part, the
    /// workbook's relationships, the converted sheet's part.
    #[error("the original file is not an .xlsx package pinsheet can patch ({0})")]
    NotXlsx(PackageError),
    /// Nothing was converted, or the converted sheet is not in the workbook given.
    #[error("there is no converted sheet to add the columns to")]
    NoTarget,
    /// The workbook's or the sheet's XML could not be followed: not well-formed, or not as
    /// Excel writes it (rows out of order, no `sheetData`).
    #[error("the sheet's XML could not be followed ({0})")]
    Xml(PackageError),
    /// The new columns would pass Excel's last column, XFD.
    #[error("the sheet already uses columns up to XFD; there is no room for the new ones")]
    NoRoom,
    /// The patched package could not be written; it is written to memory, so this is not
    /// expected.
    #[error("the patched package could not be written ({0})")]
    Package(PackageError),
}

impl From<PackageError> for PatchError {
    fn from(error: PackageError) -> PatchError {
        match error {
            PackageError::Xml(_) | PackageError::Malformed(_) => PatchError::Xml(error),
            error if error.is_write() => PatchError::Package(error),
            error => PatchError::NotXlsx(error),
        }
    }
}

/// Adds `Latitude`, `Longitude` and `Coordinate source` to the converted sheet of `original`
/// (the bytes [`crate::read`] read `workbook` from), after the sheet's last used column, and
/// returns the new package. Only that sheet's XML part changes; no header is frozen or
/// filtered (the sheet keeps its own view settings).
///
/// # Errors
///
/// [`PatchError::NotXlsx`] when `original` is not a zip with the parts of an .xlsx,
/// [`PatchError::NoTarget`] when nothing was converted or its sheet is not in `workbook`,
/// [`PatchError::Xml`] when the workbook's or the sheet's XML cannot be followed,
/// [`PatchError::NoRoom`] when the sheet has no room to its right, [`PatchError::Package`] if
/// the new package cannot be written.
///
/// # Examples
///
/// ```
/// use pinsheet_core::{convert, patch_xlsx, read, write_xlsx, Placement, Target};
///
/// let csv = read(b"Link\n\"https://maps.google.com/?q=1.5,2.5\"\n", "a.csv")?;
/// let original = write_xlsx(&csv, &convert(&csv, &Target::new(9, 0, false), |_, _| {}), Placement::AtEnd)?;
/// let workbook = read(&original, "a.xlsx")?;
/// let target = Target::new(0, 0, true);
/// let patched = patch_xlsx(&original, &workbook, &convert(&workbook, &target, |_, _| {}))?;
/// let rows = &read(&patched, "a.xlsx")?.sheets[0].rows;
/// assert_eq!(rows[1][1], pinsheet_core::Cell::Number(1.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn patch_xlsx(
    original: &[u8],
    workbook: &Workbook,
    conversion: &Conversion,
) -> Result<Vec<u8>, PatchError> {
    patch_xlsx_all(original, workbook, std::slice::from_ref(conversion))
}

/// [`patch_xlsx`] for several link columns of one sheet: one set of three columns per
/// conversion, side by side after the last used column, named as in
/// [`crate::write_xlsx_all`]. Conversions of another sheet than the first's, or of a column
/// already given, are left out.
///
/// # Errors
///
/// As [`patch_xlsx`].
pub fn patch_xlsx_all(
    original: &[u8],
    workbook: &Workbook,
    conversions: &[Conversion],
) -> Result<Vec<u8>, PatchError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(original))
        .map_err(|error| PatchError::NotXlsx(PackageError::NotZip(error)))?;
    let first = conversions.first().ok_or(PatchError::NoTarget)?;
    let sheet = workbook.sheets.get(first.target.sheet).ok_or(PatchError::NoTarget)?;
    let conversions = crate::write::same_sheet(conversions);
    let part = sheet_part(&mut archive, &sheet.name)?;
    let rewrite = |_: &str, xml: &[u8], out: &mut Package<'_>| {
        let patched = splice(xml, sheet, &conversions)?;
        out.write_all(&patched).map_err(|error| PatchError::Package(error.into()))
    };
    repack(original, original.len() + original.len() / 8, false, |name| name == part, &[], rewrite)
}

/// Where a row sits in the sheet XML.
struct RowAt {
    /// 1-based row number.
    number: u32,
    /// Byte offset of the row's start tag.
    start: usize,
    /// Byte offset of `</row>`, or of the `/>` of a self-closing `<row …/>`.
    end: usize,
    /// The row was written `<row …/>`.
    empty: bool,
}

/// The sheet XML with the new cells spliced in.
fn splice(xml: &[u8], sheet: &crate::Sheet, conversions: &[&Conversion]) -> Result<Vec<u8>, PatchError> {
    let (rows, last_column, sheet_data_end) = scan(xml)?;
    let first = last_column.map_or(0, |c| c as usize + 1);
    let count = NEW_COLUMNS.len() * conversions.len();
    if first + count > crate::excel::MAX_COLUMNS {
        return Err(PatchError::NoRoom);
    }
    let letters: Vec<String> = (first..first + count).map(column_letter).collect();
    // Cells per row, each row's in column order: conversion by conversion, left to right.
    let mut added: BTreeMap<u32, String> = BTreeMap::new();
    for (k, conversion) in conversions.iter().enumerate() {
        let letters = &letters[k * NEW_COLUMNS.len()..(k + 1) * NEW_COLUMNS.len()];
        if conversion.target.header && !sheet.rows.is_empty() {
            let cells = added.entry(1).or_default();
            for (name, letter) in crate::write::new_column_names(sheet, conversion, k).iter().zip(letters) {
                text_cell(cells, letter, 1, name);
            }
        }
        for Outcome { row, extraction, .. } in &conversion.outcomes {
            let number = u32::try_from(row + 1).map_err(|_| PatchError::NoRoom)?;
            let cells = added.entry(number).or_default();
            if let Some(point) = extraction.coordinate {
                cells.push_str(&format!("<c r=\"{}{number}\"><v>{}</v></c>", letters[0], point.lat()));
                cells.push_str(&format!("<c r=\"{}{number}\"><v>{}</v></c>", letters[1], point.lon()));
            }
            text_cell(cells, &letters[2], number, &extraction.describe());
        }
    }

    let mut out = Vec::with_capacity(xml.len() + added.values().map(String::len).sum::<usize>() + 64);
    let mut copied = 0;
    let mut pending = added.into_iter().peekable();
    for row in &rows {
        // Rows the sheet did not have go in before the first row numbered after them.
        while let Some((number, cells)) = pending.next_if(|(n, _)| *n < row.number) {
            out.extend_from_slice(&xml[copied..row.start]);
            copied = row.start;
            out.extend_from_slice(format!("<row r=\"{number}\">{cells}</row>").as_bytes());
        }
        if let Some((_, cells)) = pending.next_if(|(n, _)| *n == row.number) {
            out.extend_from_slice(&xml[copied..row.end]);
            if row.empty {
                out.extend_from_slice(format!(">{cells}</row>").as_bytes());
                copied = row.end + 2;
            } else {
                out.extend_from_slice(cells.as_bytes());
                copied = row.end;
            }
        }
    }
    let rest: Vec<_> = pending.collect();
    if !rest.is_empty() {
        let Some((at, self_closing)) = sheet_data_end else {
            return Err(PatchError::Xml(PackageError::Malformed("no sheetData element")));
        };
        out.extend_from_slice(&xml[copied..at]);
        if self_closing {
            out.extend_from_slice(b">");
        }
        for (number, cells) in rest {
            out.extend_from_slice(format!("<row r=\"{number}\">{cells}</row>").as_bytes());
        }
        if self_closing {
            out.extend_from_slice(b"</sheetData>");
            copied = at + 2;
        } else {
            copied = at;
        }
    }
    out.extend_from_slice(&xml[copied..]);
    Ok(out)
}

fn text_cell(out: &mut String, letter: &str, row: u32, text: &str) {
    crate::ooxml::cells::push_text_cell(out, letter, row as usize, text);
}

type Scan = (Vec<RowAt>, Option<u32>, Option<(usize, bool)>);

/// Every row's place, the last column any cell uses, and where `</sheetData>` (or the `/>`
/// of an empty `<sheetData/>`) is.
fn scan(xml: &[u8]) -> Result<Scan, PatchError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let (mut rows, mut last_column, mut sheet_data_end) = (Vec::new(), None::<u32>, None);
    let (mut row_number, mut column) = (0u32, 0u32);
    let mut open_row: Option<(u32, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event_into(&mut buffer).map_err(|e| PatchError::Xml(e.into()))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let empty = xml.get(after.saturating_sub(2)..after) == Some(b"/>");
                row_number = attribute(&e, "r").and_then(|r| r.parse().ok()).unwrap_or(row_number + 1);
                column = 0;
                if empty {
                    rows.push(RowAt { number: row_number, start: before, end: after - 2, empty: true });
                } else {
                    open_row = Some((row_number, before));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                if let Some((number, start)) = open_row.take() {
                    rows.push(RowAt { number, start, end: before, empty: false });
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                if let Some(c) = attribute(&e, "r").as_deref().and_then(reference_column) {
                    column = c as u32;
                }
                last_column = Some(last_column.map_or(column, |l| l.max(column)));
                column += 1;
            }
            Event::End(e) if e.local_name().as_ref() == "sheetData" => sheet_data_end = Some((before, false)),
            Event::Empty(e) if e.local_name().as_ref() == "sheetData" => {
                sheet_data_end = Some((after - 2, true))
            }
            _ => {}
        }
        buffer.clear();
    }
    // Rows must be in order for the splice; a sheet that lists them out of order is not
    // one Excel writes, and is rewritten instead.
    if rows.windows(2).any(|pair| pair[0].number >= pair[1].number) {
        return Err(PatchError::Xml(PackageError::Malformed("rows are not in order")));
    }
    Ok((rows, last_column, sheet_data_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{convert, read, Cell, Target};
    use std::io::Read;

    const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

    /// A package by hand: the sheet XML as given, a styles part and an image to stay untouched.
    fn package(sheet: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let parts: [(&str, &[u8]); 6] = [
            ("[Content_Types].xml", br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
            ("_rels/.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", format!(r#"<workbook {NS}><sheets><sheet name="Q&amp;A" sheetId="1" r:id="rId7"/></sheets></workbook>"#).as_bytes().to_vec().leak()),
            ("xl/_rels/workbook.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>"#),
            ("xl/worksheets/data.xml", sheet.as_bytes().to_vec().leak()),
            ("xl/media/image1.png", b"\x89PNG not really, but kept byte for byte"),
        ];
        for (name, data) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn inline(reference: &str, text: &str) -> String {
        format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn new_cells_go_after_every_used_column_and_nothing_else_changes() {
        let sheet = format!(
            r#"<worksheet {NS}><sheetData><row r="1" spans="1:3">{}{}<c r="C1" s="4"/></row><row r="2">{}</row><row r="4"/><row r="6">{}</row></sheetData><mergeCells count="1"><mergeCell ref="A8:B8"/></mergeCells></worksheet>"#,
            inline("A1", "Name"),
            inline("B1", "Link"),
            inline("B2", "https://maps.google.com/?q=1.5,2.5"),
            inline("B6", "geo:-3.25,4.5"),
        );
        let original = package(&sheet);
        let workbook = read(&original, "in.xlsx").unwrap();
        let rows = workbook.sheets[0].rows.len();
        let mut workbook = workbook;
        // Row 4 (index 3) gets an outcome though the file wrote it empty; row 5 gets one too.
        workbook.sheets[0].rows.resize(rows.max(5), Vec::new());
        workbook.sheets[0].rows[3] = vec![Cell::Empty, Cell::Text("https://maps.google.com/?q=7,8".into())];
        workbook.sheets[0].rows[4] = vec![Cell::Empty, Cell::Text("nothing".into())];
        let conversion = convert(&workbook, &Target::new(0, 1, true), |_, _| {});
        let patched = patch_xlsx(&original, &workbook, &conversion).unwrap();

        let out = read(&patched, "out.xlsx").unwrap();
        let rows = &out.sheets[0].rows;
        // C holds a styled empty cell, so the new columns start at D.
        assert_eq!(
            rows[0][3..],
            [
                Cell::Text("Latitude".into()),
                Cell::Text("Longitude".into()),
                Cell::Text("Coordinate source".into())
            ]
        );
        assert_eq!(rows[1][3..5], [Cell::Number(1.5), Cell::Number(2.5)]);
        assert_eq!(rows[3][3..5], [Cell::Number(7.0), Cell::Number(8.0)]);
        assert_eq!(rows[4][5], Cell::Text("no coordinates".into()));
        assert_eq!(rows[5][3..5], [Cell::Number(-3.25), Cell::Number(4.5)]);
        assert_eq!(out.sheets[0].merged.len(), 1);

        let mut before = zip::ZipArchive::new(Cursor::new(&original[..])).unwrap();
        let mut after = zip::ZipArchive::new(Cursor::new(&patched[..])).unwrap();
        assert_eq!(before.len(), after.len());
        for index in 0..before.len() {
            let name = before.by_index(index).unwrap().name().unwrap().to_string();
            if name == "xl/worksheets/data.xml" {
                continue;
            }
            let raw = |archive: &mut zip::ZipArchive<Cursor<&[u8]>>| {
                let mut bytes = Vec::new();
                let mut entry = archive.by_name(&name).unwrap();
                entry.read_to_end(&mut bytes).unwrap();
                (bytes, entry.compressed_size(), entry.crc32())
            };
            assert_eq!(raw(&mut before), raw(&mut after), "{name} is copied as it was");
        }
    }

    #[test]
    fn an_empty_sheet_data_gets_rows() {
        let original = package(&format!(r#"<worksheet {NS}><sheetData/></worksheet>"#));
        let mut workbook = read(&original, "in.xlsx").unwrap();
        workbook.sheets[0].rows = vec![vec![Cell::Text("geo:1,2".into())]];
        let conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
        let out = read(&patch_xlsx(&original, &workbook, &conversion).unwrap(), "out.xlsx").unwrap();
        assert_eq!(out.sheets[0].rows[0][..2], [Cell::Number(1.0), Cell::Number(2.0)]);
    }

    #[test]
    fn rows_out_of_order_or_no_room_are_refused() {
        let original = package(&format!(
            r#"<worksheet {NS}><sheetData><row r="3">{}</row><row r="2"/></sheetData></worksheet>"#,
            inline("A3", "geo:1,2")
        ));
        let workbook = read(&original, "in.xlsx").unwrap();
        let conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
        assert!(matches!(patch_xlsx(&original, &workbook, &conversion), Err(PatchError::Xml(_))));

        let original = package(&format!(
            r#"<worksheet {NS}><sheetData><row r="1">{}<c r="XFC1"><v>1</v></c></row></sheetData></worksheet>"#,
            inline("A1", "geo:1,2")
        ));
        let workbook = read(&original, "in.xlsx").unwrap();
        let conversion = convert(&workbook, &Target::new(0, 0, false), |_, _| {});
        assert!(matches!(patch_xlsx(&original, &workbook, &conversion), Err(PatchError::NoRoom)));
    }
}
