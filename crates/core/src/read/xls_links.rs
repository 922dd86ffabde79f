//! The hyperlinks of an Excel 97–2003 workbook, which calamine does not read: the `HLINK`
//! records of the OLE2 `Workbook` stream.
//!
//! Sources: [MS-XLS] §2.1.4 (the stream is records of a 2-byte type, a 2-byte size and that
//! many bytes; `CONTINUE` records carry what does not fit), §2.4.21 `BOF`, §2.4.28
//! `BoundSheet8` (each sheet's name and the stream offset of its `BOF`), §2.4.140 `HLINK`
//! (a `Ref8U` range, a CLSID, then a Hyperlink Object); [MS-OSHARED] §2.3.7.1 Hyperlink Object
//! (flags saying which of display name, frame, moniker, location, GUID and time follow),
//! §2.3.7.2 HyperlinkString, §2.3.7.6 URL Moniker, §2.3.7.8 File Moniker. Every read is
//! bounds-checked: a damaged record gives no link, never a panic.

/// One `HLINK` record: the sheet it is in (by its `BoundSheet8` name), its range (0-based
/// `(row, column)`, corners included) and its target as [`crate::Sheet::hyperlinks`] holds
/// targets: a URL or path, `url#location`, or `internal:location` for a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub sheet: String,
    pub first: (u32, u32),
    pub last: (u32, u32),
    pub target: String,
}

type Position = (u32, u32);

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET8: u16 = 0x0085;
const FILEPASS: u16 = 0x002F;
const HLINK: u16 = 0x01B8;
const CONTINUE: u16 = 0x003C;
/// `BOF.vers` of BIFF8, the only version with `HLINK` records.
const BIFF8: u16 = 0x0600;

/// {79EAC9E0-BAF9-11CE-8C82-00AA004BA90B} as stored (MS-OSHARED §2.3.7.6).
const URL_MONIKER: [u8; 16] =
    [0xE0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B];
/// {00000303-0000-0000-C000-000000000046} as stored (MS-OSHARED §2.3.7.8).
const FILE_MONIKER: [u8; 16] =
    [0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

/// Hyperlink Object flags (MS-OSHARED §2.3.7.1).
const HAS_MONIKER: u32 = 1 << 0;
const HAS_LOCATION: u32 = 1 << 3;
const HAS_DISPLAY_NAME: u32 = 1 << 4;
const HAS_GUID: u32 = 1 << 5;
const HAS_CREATION_TIME: u32 = 1 << 6;
const HAS_FRAME_NAME: u32 = 1 << 7;
const MONIKER_SAVED_AS_STRING: u32 = 1 << 8;

/// The hyperlinks of an .xls file's `Workbook` stream, read through the `cfb` crate (the
/// container was checked by the caller's pre-scan). Empty when there is no such stream, the
/// workbook is encrypted or not BIFF8.
pub(crate) fn hyperlinks(file: &[u8]) -> Vec<Link> {
    let Ok(mut container) = cfb::CompoundFile::open(std::io::Cursor::new(file)) else { return Vec::new() };
    let Ok(mut stream) = container.open_stream("/Workbook") else { return Vec::new() };
    let mut bytes = Vec::new();
    if std::io::Read::read_to_end(&mut stream, &mut bytes).is_err() {
        return Vec::new();
    }
    walk(&bytes)
}

/// The records of a `Workbook` stream, in order: `(offset, type, data)`.
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let size = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + size)?;
        let offset = at;
        at += 4 + size;
        Some((offset, kind, data))
    })
}

/// Every `HLINK` of a BIFF8 `Workbook` stream, with the sheet it is in.
pub(crate) fn walk(stream: &[u8]) -> Vec<Link> {
    let mut sheets: Vec<(u32, String)> = Vec::new();
    let mut links = Vec::new();
    let mut current: Option<usize> = None;
    let mut in_globals = true;
    let mut all: Vec<(usize, u16, &[u8])> = records(stream).collect();
    // A trailing CONTINUE is looked for after each HLINK; a sentinel keeps that simple.
    all.push((stream.len(), EOF, &[]));
    for (index, &(offset, kind, data)) in all.iter().enumerate() {
        match kind {
            BOF if index == 0 && read_u16(data, 0) != Some(BIFF8) => return Vec::new(),
            BOF if index == 0 => {}
            BOF => {
                in_globals = false;
                current = sheets.iter().position(|(start, _)| usize::try_from(*start).ok() == Some(offset));
            }
            EOF if !in_globals => current = None,
            FILEPASS if in_globals => return Vec::new(),
            BOUNDSHEET8 if in_globals => {
                if let (Some(start), Some(name)) = (read_u32(data, 0), short_string(data.get(6..))) {
                    sheets.push((start, name));
                }
            }
            HLINK => {
                let Some((_, sheet)) = current.and_then(|index| sheets.get(index)) else { continue };
                let mut record = data.to_vec();
                for &(_, next, more) in all.get(index + 1..).unwrap_or_default() {
                    if next != CONTINUE {
                        break;
                    }
                    record.extend_from_slice(more);
                }
                if let Some((first, last, target)) = hlink(&record) {
                    links.push(Link { sheet: sheet.to_string(), first, last, target });
                }
            }
            _ => {}
        }
    }
    links
}

/// An `HLINK` record's range and target (MS-XLS §2.4.140).
fn hlink(data: &[u8]) -> Option<(Position, Position, String)> {
    // Ref8U: rwFirst, rwLast, colFirst, colLast.
    let (row_first, row_last) = (read_u16(data, 0)?, read_u16(data, 2)?);
    let (column_first, column_last) = (read_u16(data, 4)?, read_u16(data, 6)?);
    if row_first > row_last || column_first > column_last {
        return None;
    }
    // Then hlinkClsid (16 bytes), then the Hyperlink Object.
    let target = hyperlink_object(data.get(24..)?)?;
    Some(((row_first.into(), column_first.into()), (row_last.into(), column_last.into()), target))
}

/// The target of a Hyperlink Object (MS-OSHARED §2.3.7.1): its moniker's URL or path, and
/// its location (`#…` after the target, or `internal:` alone).
fn hyperlink_object(data: &[u8]) -> Option<String> {
    let flags = read_u32(data, 4)?;
    let mut at = 8usize;
    if flags & HAS_DISPLAY_NAME != 0 {
        at = hyperlink_string(data, at)?.1;
    }
    if flags & HAS_FRAME_NAME != 0 {
        at = hyperlink_string(data, at)?.1;
    }
    let mut target = None;
    if flags & HAS_MONIKER != 0 {
        if flags & MONIKER_SAVED_AS_STRING != 0 {
            let (text, next) = hyperlink_string(data, at)?;
            target = Some(text);
            at = next;
        } else {
            let (moniker, next) = moniker(data, at)?;
            target = moniker;
            at = next;
        }
    }
    let location = if flags & HAS_LOCATION != 0 { Some(hyperlink_string(data, at)?.0) } else { None };
    // GUID and creation time (HAS_GUID, HAS_CREATION_TIME) would follow; nothing needs them.
    let _ = (HAS_GUID, HAS_CREATION_TIME);
    let target = target.filter(|t| !t.is_empty());
    let location = location.filter(|l| !l.is_empty());
    match (target, location) {
        (Some(target), Some(location)) => Some(format!("{target}#{location}")),
        (Some(target), None) => Some(target),
        (None, Some(location)) => Some(format!("internal:{location}")),
        (None, None) => None,
    }
}

/// A HyperlinkMoniker at `at`: its text when it is a URL or file moniker (None for the other
/// kinds, whose size is not known: they end the object), and where the object goes on.
fn moniker(data: &[u8], at: usize) -> Option<(Option<String>, usize)> {
    let clsid = data.get(at..at + 16)?;
    let at = at + 16;
    if clsid == URL_MONIKER {
        // URLMoniker: length (bytes of what follows), url (null-terminated UTF-16), then
        // optional serialGUID, serialVersion, uriFlags inside that length.
        let length = usize::try_from(read_u32(data, at)?).ok()?;
        let body = data.get(at + 4..(at + 4).checked_add(length)?)?;
        return Some((Some(utf16_until_null(body)), at + 4 + length));
    }
    if clsid == FILE_MONIKER {
        return file_moniker(data, at).map(|(path, next)| (Some(path), next));
    }
    None
}

/// A FileMoniker (MS-OSHARED §2.3.7.8): the Unicode path when it has one, else the ANSI
/// path; `..\` once per `cAnti`.
fn file_moniker(data: &[u8], at: usize) -> Option<(String, usize)> {
    let up = read_u16(data, at)?;
    let ansi_length = usize::try_from(read_u32(data, at + 2)?).ok()?;
    let ansi = data.get(at + 6..(at + 6).checked_add(ansi_length)?)?;
    // endServer (2), versionNumber (2), reserved1 (16), reserved2 (4).
    let mut next = at + 6 + ansi_length + 24;
    let unicode_size = usize::try_from(read_u32(data, next)?).ok()?;
    next += 4;
    let mut path = None;
    if unicode_size > 0 {
        // cbUnicodePathBytes, usKeyValue (3), then the path without a terminator.
        let bytes = usize::try_from(read_u32(data, next)?).ok()?;
        let body = data.get(next + 6..(next + 6).checked_add(bytes)?)?;
        path = Some(utf16_until_null(body));
        // A 32-bit size may not fit a wasm32 usize sum: checked, not wrapped.
        next = next.checked_add(unicode_size)?;
    }
    let path = path.unwrap_or_else(|| {
        // The ANSI path is in the system code page; Windows-1252 is the common one.
        let ansi = ansi.split(|&b| b == 0).next().unwrap_or_default();
        encoding_rs::WINDOWS_1252.decode_without_bom_handling(ansi).0.into_owned()
    });
    Some((format!("{}{path}", "..\\".repeat(usize::from(up.min(64)))), next))
}

/// A HyperlinkString at `at` (MS-OSHARED §2.3.7.2): a character count that includes the
/// terminating null, then UTF-16LE; and where what follows starts.
fn hyperlink_string(data: &[u8], at: usize) -> Option<(String, usize)> {
    let chars = usize::try_from(read_u32(data, at)?).ok()?;
    let end = (at + 4).checked_add(chars.checked_mul(2)?)?;
    let body = data.get(at + 4..end)?;
    Some((utf16_until_null(body), end))
}

/// A ShortXLUnicodeString (MS-XLS §2.5.240): a character count, a flag byte whose low bit
/// says 2-byte characters, then the characters (1-byte ones are Latin-1).
fn short_string(data: Option<&[u8]>) -> Option<String> {
    let data = data?;
    let count = usize::from(*data.first()?);
    let wide = data.get(1)? & 1 != 0;
    if wide {
        Some(utf16_until_null(data.get(2..2 + 2 * count)?))
    } else {
        Some(data.get(2..2 + count)?.iter().map(|&b| char::from(b)).collect())
    }
}

fn utf16_until_null(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn utf16z(text: &str) -> Vec<u8> {
        text.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect()
    }

    fn hyperlink_string(text: &str) -> Vec<u8> {
        let mut out = ((text.encode_utf16().count() + 1) as u32).to_le_bytes().to_vec();
        out.extend(utf16z(text));
        out
    }

    /// An HLINK record as MS-XLS §2.4.140 and MS-OSHARED §2.3.7 lay it out.
    fn hlink_record(
        rows: (u16, u16),
        columns: (u16, u16),
        flags: u32,
        moniker: &[u8],
        location: Option<&str>,
    ) -> Vec<u8> {
        let mut data = Vec::new();
        for n in [rows.0, rows.1, columns.0, columns.1] {
            data.extend(n.to_le_bytes());
        }
        data.extend([
            0xD0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B,
        ]);
        data.extend(2u32.to_le_bytes());
        data.extend(flags.to_le_bytes());
        if flags & HAS_DISPLAY_NAME != 0 {
            data.extend(hyperlink_string("Map"));
        }
        data.extend_from_slice(moniker);
        if let Some(location) = location {
            data.extend(hyperlink_string(location));
        }
        record(HLINK, &data)
    }

    fn url_moniker(url: &str) -> Vec<u8> {
        let mut out = URL_MONIKER.to_vec();
        let body = utf16z(url);
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        out
    }

    fn bof() -> Vec<u8> {
        let mut data = BIFF8.to_le_bytes().to_vec();
        data.extend([0u8; 14]);
        record(BOF, &data)
    }

    /// Globals (a BOUNDSHEET8 per sheet, pointing at its BOF), then the sheets.
    fn stream(sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let boundsheet = |start: u32, name: &str| {
            let mut data = start.to_le_bytes().to_vec();
            data.extend([0, 0, name.len() as u8, 0]);
            data.extend(name.bytes());
            record(BOUNDSHEET8, &data)
        };
        let globals_len = bof().len()
            + sheets.iter().map(|(name, _)| boundsheet(0, name).len()).sum::<usize>()
            + record(EOF, &[]).len();
        let mut out = bof();
        let mut start = globals_len;
        let mut bodies = Vec::new();
        for (name, body) in sheets {
            out.extend(boundsheet(start as u32, name));
            let mut sheet = bof();
            sheet.extend(body);
            sheet.extend(record(EOF, &[]));
            start += sheet.len();
            bodies.extend(sheet);
        }
        out.extend(record(EOF, &[]));
        out.extend(bodies);
        out
    }

    #[test]
    fn url_file_and_internal_links_are_read_per_sheet() {
        let mut file = FILE_MONIKER.to_vec();
        file.extend(1u16.to_le_bytes());
        file.extend(9u32.to_le_bytes());
        file.extend(b"maps.kml\0");
        file.extend(0xFFFFu16.to_le_bytes());
        file.extend(0xDEADu16.to_le_bytes());
        file.extend([0u8; 20]);
        file.extend(0u32.to_le_bytes());
        let links = walk(&stream(&[
            ("First", Vec::new()),
            (
                "Stops",
                [
                    hlink_record(
                        (1, 1),
                        (1, 1),
                        HAS_MONIKER | 2 | HAS_DISPLAY_NAME,
                        &url_moniker("https://maps.google.com/?q=1.5,2.5"),
                        None,
                    ),
                    hlink_record((2, 3), (0, 0), HAS_MONIKER, &file, None),
                    hlink_record((4, 4), (2, 2), HAS_LOCATION, &[], Some("First!A1")),
                    hlink_record(
                        (5, 5),
                        (2, 2),
                        HAS_MONIKER | HAS_LOCATION,
                        &url_moniker("https://example.com/"),
                        Some("top"),
                    ),
                ]
                .concat(),
            ),
        ]));
        let got: Vec<(&str, Position, Position, &str)> =
            links.iter().map(|l| (l.sheet.as_str(), l.first, l.last, l.target.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Stops", (1, 1), (1, 1), "https://maps.google.com/?q=1.5,2.5"),
                ("Stops", (2, 0), (3, 0), "..\\maps.kml"),
                ("Stops", (4, 2), (4, 2), "internal:First!A1"),
                ("Stops", (5, 2), (5, 2), "https://example.com/#top"),
            ]
        );
    }

    #[test]
    fn a_link_split_over_continue_records_is_joined() {
        let whole = hlink_record((0, 0), (0, 0), HAS_MONIKER, &url_moniker("geo:1,2"), None);
        let data = &whole[4..];
        let mut split = record(HLINK, &data[..30]);
        split.extend(record(CONTINUE, &data[30..]));
        let links = walk(&stream(&[("S", split)]));
        assert_eq!(links.iter().map(|l| l.target.as_str()).collect::<Vec<_>>(), ["geo:1,2"]);
    }

    #[test]
    fn damaged_records_give_no_link_and_no_panic() {
        let good = hlink_record((0, 0), (0, 0), HAS_MONIKER, &url_moniker("geo:1,2"), None);
        // Every truncation of the record, and every byte of it set to 0xFF.
        for cut in 4..good.len() {
            let mut data = good[4..cut].to_vec();
            let _ = walk(&stream(&[("S", record(HLINK, &data))]));
            data = good[4..].to_vec();
            data[cut - 4] = 0xFF;
            let _ = walk(&stream(&[("S", record(HLINK, &data))]));
        }
        assert!(walk(&[]).is_empty());
        assert!(walk(&[0x09, 0x08, 0xFF, 0xFF]).is_empty());
        let mut encrypted = bof();
        encrypted.extend(record(FILEPASS, &[0; 6]));
        encrypted.extend(good);
        assert!(walk(&encrypted).is_empty(), "an encrypted stream's records are not plain");
        let links =
            walk(&stream(&[("S", hlink_record((3, 1), (0, 0), HAS_MONIKER, &url_moniker("geo:1,2"), None))]));
        assert!(links.is_empty(), "rwFirst after rwLast");
    }
}
