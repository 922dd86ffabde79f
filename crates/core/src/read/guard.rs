//! Every check made on a hostile file before a parser trusts it: the zip package's entry
//! count, sizes and ratios, the shared-string count, the OLE2 container's streams, the
//! OpenDocument repeat counts and the grid a cell may claim.

use super::{damaged, ReadError};
use crate::{Position, Sheet};
use std::io::Cursor;

/// Limits for a workbook's zip package, checked before any part is parsed.
const MAX_ENTRIES: usize = 10_000;
const MAX_UNPACKED: u64 = 2 * 1024 * 1024 * 1024;
/// Real workbook parts compress 5–100×; zip bombs, thousands of times.
const MAX_RATIO: u64 = 1_000;
/// The smallest shared string, `<si><t/></si>`, takes 13 bytes.
const MIN_SHARED_STRING_BYTES: u64 = 13;
/// Excel's grid.
pub(super) const MAX_ROW: u32 = 1_048_575;
pub(super) const MAX_COLUMN: u32 = 16_383;

/// Cells an OpenDocument file may make by repeating: `table:number-rows-repeated` times
/// `table:number-columns-repeated` of a cell holding a value. LibreOffice repeats runs of
/// equal cells, a little; a few bytes repeating a value over the whole grid are an attack.
pub(super) const MAX_REPEATED_CELLS: u64 = 20_000_000;

/// Sizes and counts from the zip's directory (no part is inflated but the head of
/// `xl/sharedStrings.xml`): calamine trusts them and would reserve memory for them, and in
/// wasm a failed allocation ends the module.
pub(super) fn prescan_zip(bytes: &[u8]) -> Result<(), ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged("zip", e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(ReadError::Suspicious(format!("{} parts in the package", archive.len())));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| ReadError::Damaged("zip", e.to_string()))?;
        total = total.saturating_add(entry.size());
        if entry.size() > 1 << 20 && entry.size() / entry.compressed_size().max(1) > MAX_RATIO {
            let ratio = entry.size() / entry.compressed_size().max(1);
            return Err(ReadError::Suspicious(format!("a part unpacks to {ratio}× its size")));
        }
    }
    if total > MAX_UNPACKED {
        return Err(ReadError::Suspicious(format!("{} MB when unpacked", total >> 20)));
    }
    if let Ok(mut strings) = archive.by_name("xl/sharedStrings.xml") {
        let size = strings.size();
        let mut head = Vec::with_capacity(4096);
        // One read() of a deflate stream may stop short of the attribute: take the whole head.
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(&mut strings, 4096), &mut head);
        let head = String::from_utf8_lossy(&head);
        // Only `uniqueCount` sizes the table calamine reserves; `count` counts the cells that
        // use the strings, and a sheet repeating one word a million times is real.
        let attribute = "uniqueCount=\"";
        let declared = head
            .find(attribute)
            .map(|at| &head[at + attribute.len()..])
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(declared) = declared.filter(|&n| n > size / MIN_SHARED_STRING_BYTES + 1) {
            return Err(ReadError::Suspicious(format!(
                "it declares {declared} shared strings in {size} bytes"
            )));
        }
    }
    Ok(())
}

/// The OLE2 container of an .xls, checked by the `cfb` crate before calamine reads it:
/// calamine follows sector chains and stream sizes as the header states them, and a few
/// crafted bytes (a FAT or stream size in the billions, a chain that loops) make it allocate
/// gigabytes or never stop.
pub(super) fn prescan_cfb(bytes: &[u8]) -> Result<(), ReadError> {
    const KIND: &str = "Excel 97–2003";
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(KIND, &e))?;
    let streams: Vec<_> =
        file.walk().filter(|e| e.is_stream()).map(|e| (e.path().to_path_buf(), e.len())).collect();
    if let Some((path, len)) = streams.iter().find(|(_, len)| *len > bytes.len() as u64) {
        return Err(ReadError::Suspicious(format!(
            "its part {} claims {len} bytes in a file of {}",
            path.display(),
            bytes.len()
        )));
    }
    for (path, len) in streams {
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
        if matches!(name.as_deref(), Some("workbook" | "book")) {
            // Reading the stream walks its whole sector chain: a loop or a sector past the
            // end is an error here, not an endless loop later.
            let mut stream = file.open_stream(&path).map_err(|e| damaged(KIND, &e))?;
            let copied = std::io::copy(&mut stream, &mut std::io::sink()).map_err(|e| damaged(KIND, &e))?;
            if copied != len {
                return Err(damaged(KIND, &"the workbook stream is shorter than it says"));
            }
        }
    }
    Ok(())
}

/// The cells of a hyperlink's range that lie within the sheet's used area, so a hostile
/// `A1:XFD1048576` is not expanded to 17 billion entries.
pub(super) fn clamp(sheet: &Sheet, first: Position, last: Position) -> impl Iterator<Item = Position> {
    let rows = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    let columns = u32::try_from(sheet.width()).unwrap_or(u32::MAX);
    let last_row = last.0.min(rows.saturating_sub(1)).max(first.0);
    let last_column = last.1.min(columns.saturating_sub(1)).max(first.1);
    (first.0..=last_row).flat_map(move |row| (first.1..=last_column).map(move |column| (row, column)))
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

pub(super) fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}
