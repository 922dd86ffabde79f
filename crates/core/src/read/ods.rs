//! .ods: OpenDocument spreadsheets, with the hyperlinks and merged ranges calamine does not
//! read gathered in the same pass that checks the repeat counts.

use super::grid::{read_sheets, sorted};
use super::guard::Repeats;
use super::ReadError;
use crate::excel::{LAST_COLUMN, LAST_ROW};
use crate::{Format, Position, Span, Workbook};
use std::io::Cursor;

/// Every table of an .ods, with its hyperlinks and merged ranges.
pub(super) fn read_ods(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let (links, merged) = prescan_ods(bytes)?;
    let reader = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes));
    let mut workbook = read_sheets(reader, Format::Ods)?;
    for (table, position, target) in links {
        if let Some(sheet) = workbook.sheets.get_mut(table) {
            sheet.hyperlinks.push((position, target));
        }
    }
    for (table, span) in merged {
        if let Some(sheet) = workbook.sheets.get_mut(table) {
            sheet.merged.push(span);
        }
    }
    for sheet in &mut workbook.sheets {
        sheet.hyperlinks = sorted(std::mem::take(&mut sheet.hyperlinks));
    }
    Ok(workbook)
}

/// Adds up the cells an .ods would expand to from its repeat counts, before calamine expands
/// them (it allows 100 million, 3 GB of cells: more than a browser tab can hold). On the way
/// it collects what calamine does not read: the cells' hyperlinks (`<text:a xlink:href>`) as
/// `(table index, (row, column), target)`, and merged ranges (`table:number-columns-spanned`,
/// `table:number-rows-spanned`) as `(table index, span)`.
#[allow(clippy::type_complexity)]
fn prescan_ods(bytes: &[u8]) -> Result<(Vec<(usize, Position, String)>, Vec<(usize, Span)>), ReadError> {
    use quick_xml::events::Event;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::DamagedZip(e.to_string()))?;
    let Ok(content) = archive.by_name("content.xml") else { return Ok((Vec::new(), Vec::new())) };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buffer = Vec::new();
    let (mut rows_repeated, mut repeats) = (1u64, Repeats::default());
    // Where the reader is: table index (+1), row and column, counting repeats as calamine does.
    let (mut table, mut row, mut column, mut cell_columns) = (0usize, 0u64, 0u64, 1u64);
    let mut in_cell = false;
    let (mut links, mut merged) = (Vec::new(), Vec::new());
    let repeat = |event: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        event
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    loop {
        let event = match xml.read_event_into(&mut buffer) {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            // calamine reports a damaged document better than a pre-scan can.
            Err(_) => break,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => (table, row) = (table + 1, 0),
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                rows_repeated = repeat(&e, "table:number-rows-repeated");
                column = 0;
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeat(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(rows_repeated)
            }
            Event::Empty(e) if e.name().as_ref() == "table:covered-table-cell" => {
                column = column.saturating_add(repeat(&e, "table:number-columns-repeated"));
            }
            Event::Start(e) if e.name().as_ref() == "table:covered-table-cell" => {
                (in_cell, cell_columns) = (true, repeat(&e, "table:number-columns-repeated"));
            }
            Event::End(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                column = column.saturating_add(cell_columns);
                in_cell = false;
            }
            Event::Start(e) if in_cell && e.name().as_ref() == "text:a" => {
                let href = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "xlink:href")
                    .map(|a| a.value.to_string());
                let position = (u32::try_from(row), u32::try_from(column));
                if let (Some(href), (Ok(r), Ok(c)), Some(index)) = (href, position, table.checked_sub(1)) {
                    links.push((
                        index,
                        (r, c),
                        quick_xml::escape::unescape(&href).map_or(href.clone(), |h| h.into_owned()),
                    ));
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table-cell" => {
                let columns = repeat(&e, "table:number-columns-repeated");
                let has_value = e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type");
                if has_value {
                    repeats.add(rows_repeated.saturating_mul(columns))?;
                }
                let spanned = |name| repeat(&e, name).saturating_sub(1);
                let (down, across) =
                    (spanned("table:number-rows-spanned"), spanned("table:number-columns-spanned"));
                if down + across > 0 {
                    let corner = (u32::try_from(row), u32::try_from(column));
                    let far = (u32::try_from(row + down), u32::try_from(column + across));
                    if let ((Ok(r), Ok(c)), (Ok(r2), Ok(c2)), Some(index)) =
                        (corner, far, table.checked_sub(1))
                    {
                        if r2 <= LAST_ROW && c2 <= LAST_COLUMN {
                            merged.push((index, Span { first: (r, c), last: (r2, c2) }));
                        }
                    }
                }
                if empty {
                    column = column.saturating_add(columns);
                } else {
                    (in_cell, cell_columns) = (true, columns);
                }
            }
            _ => {}
        }
        buffer.clear();
    }
    Ok((links, merged))
}
