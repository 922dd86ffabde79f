//! Every check made on a hostile file before a parser trusts it, in one place to audit: the
//! zip package's entry count, sizes and ratios and its shared-string count; the OLE2
//! container's streams (and the one that says it is encrypted); OpenDocument's repeat
//! counts; the grid a cell may claim; how far a hyperlink's range is expanded.
//!
//! calamine trusts what a file declares and reserves memory for it; in wasm a failed
//! allocation ends the module, so these run first and refuse with [`ReadError::Suspicious`].

use super::{damaged, ReadError};
use crate::excel::{LAST_COLUMN, LAST_ROW};
use crate::{Format, Position, Sheet};
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// Limits for a workbook's zip package, checked before any part is parsed.
const MAX_ENTRIES: usize = 10_000;
const MAX_UNPACKED: u64 = 2 * 1024 * 1024 * 1024;
/// Real workbook parts compress 5–100×; zip bombs, thousands of times.
const MAX_RATIO: u64 = 1_000;
/// The smallest shared string, `<si><t/></si>`, takes 13 bytes.
const MIN_SHARED_STRING_BYTES: u64 = 13;

/// Cells an OpenDocument file may make by repeating: `table:number-rows-repeated` times
/// `table:number-columns-repeated` of a cell holding a value. LibreOffice repeats runs of
/// equal cells, a little; a few bytes repeating a value over the whole grid are an attack.
const MAX_REPEATED_CELLS: u64 = 20_000_000;

/// How much of the shared strings' part is searched for their declared count.
const HEAD: usize = 1 << 16;

/// Sizes and counts from the zip's directory (no part is inflated but the head of
/// `xl/sharedStrings.xml`): calamine trusts them and would reserve memory for them, and in
/// wasm a failed allocation ends the module.
pub(super) fn zip(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadError> {
    if archive.len() > MAX_ENTRIES {
        return Err(ReadError::Suspicious(format!("{} parts in the package", archive.len())));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| ReadError::DamagedZip(e.to_string()))?;
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
        // A declaration and comments may stand before `<sst>`; one read() of a deflate
        // stream may stop short of the attribute: take the whole head.
        let mut head = Vec::with_capacity(HEAD);
        let _ = (&mut strings).take(HEAD as u64).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        // Only `uniqueCount` sizes the table calamine reserves; `count` counts the cells that
        // use the strings, and a sheet repeating one word a million times is real. Read as
        // calamine reads attributes: spaces around `=`, either quote.
        // The largest of any that parse: a decoy (in a comment, `x:uniqueCount`) first.
        let declared = head
            .match_indices("uniqueCount")
            .filter_map(|(at, key)| {
                let rest = head[at + key.len()..].trim_start().strip_prefix('=')?.trim_start();
                let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
                rest[1..].split(quote).next()?.parse::<u64>().ok()
            })
            .max();
        // A count past the head would go unseen: the `<sst …>` tag must end within it.
        let opened = head.match_indices("sst").any(|(at, name)| {
            let before = head[..at].chars().next_back();
            let after = head[at + name.len()..].chars().next();
            matches!(before, Some('<' | ':'))
                && after.is_some_and(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
                && head[at..].contains('>')
        });
        if !opened && size > HEAD as u64 {
            return Err(ReadError::Suspicious(
                "its shared strings do not begin in the first 64 KB of their part".to_string(),
            ));
        }
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
pub(super) fn cfb(bytes: &[u8]) -> Result<(), ReadError> {
    const KIND: Format = Format::Xls;
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

/// A sheet's used area as (rows, columns), for [`clamp`]: found once a sheet, not once a
/// hyperlink (the width is a walk over every row).
pub(super) fn used_area(sheet: &Sheet) -> Position {
    (u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX), u32::try_from(sheet.width()).unwrap_or(u32::MAX))
}

/// The cells of a hyperlink's range that lie within the sheet's used area ([`used_area`]), so
/// a hostile `A1:XFD1048576` is not expanded to 17 billion entries.
pub(super) fn clamp(
    (rows, columns): Position,
    first: Position,
    last: Position,
) -> impl Iterator<Item = Position> {
    let last_row = last.0.min(rows.saturating_sub(1)).max(first.0);
    let last_column = last.1.min(columns.saturating_sub(1)).max(first.1);
    (first.0..=last_row).flat_map(move |row| (first.1..=last_column).map(move |column| (row, column)))
}

/// True for an OLE2 file holding an `EncryptedPackage` stream: Excel's password protection
/// wraps even an .xlsx in one (MS-OFFCRYPTO §2.3.4.4). The name is looked for in the bytes,
/// as it is stored in the container's directory in UTF-16.
pub(super) fn encrypted(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, &utf16("EncryptedPackage")).is_some()
}

/// A cell at `position` is inside Excel's grid; one past it is no cell a real file has.
pub(super) fn in_grid((row, column): Position) -> Result<(), ReadError> {
    if row > LAST_ROW || column > LAST_COLUMN {
        return Err(ReadError::Suspicious(format!("a cell at row {}, column {}", row + 1, column + 1)));
    }
    Ok(())
}

/// The cells an OpenDocument file makes by repeating, added up as its content is read.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    cells: u64,
}

impl Repeats {
    /// Counts a cell holding a value that its row's and its own repeat counts make `cells`
    /// cells (1 for a cell not repeated, which costs nothing).
    pub(super) fn add(&mut self, cells: u64) -> Result<(), ReadError> {
        if cells > 1 {
            self.cells = self.cells.saturating_add(cells);
            if self.cells > MAX_REPEATED_CELLS {
                return Err(ReadError::Suspicious(format!(
                    "its repeat counts make more than {MAX_REPEATED_CELLS} cells"
                )));
            }
        }
        Ok(())
    }
}

pub(super) fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}
