//! The second half of [`super::write_xlsx_all`]: every sheet's plain values streamed into the
//! package rust_xlsxwriter wrote with only the cells that need it.
//!
//! rust_xlsxwriter keeps every cell in memory until the save and then builds each part's XML
//! in memory too (a million rows of links: over a gigabyte in the writer alone). Its
//! constant-memory mode streams rows, but through a temporary file, which the page's
//! wasm32-unknown-unknown has not. So rust_xlsxwriter writes the workbook — styles, formulas,
//! the links that are not web links, merged ranges, the first date of each number format,
//! the header, the frozen pane and filter — and here each worksheet part is copied with its
//! `<sheetData>` rebuilt row by row, the plain values (text as inline strings, numbers,
//! booleans, the other dates with the first's style) merged in column order with the cells
//! rust_xlsxwriter wrote. Web links are the stream's too ([`super::links`]): their cells,
//! `<hyperlink>`s and relationships (the sheet's `.rels` part rewritten, or added). Every other
//! part is copied compressed, untouched.
//!
//! Formats: ECMA-376 Part 1 §18.3.1 (`sheetData`, `row`, `c`, `is`, `dimension`) and §22.9.2.19
//! (`ST_Xstring`: characters XML cannot carry are written `_xHHHH_`).

use super::layout::Layout;
use super::links::{self, web_link};
use super::xlsx::{style_kind, Specials};
use super::WriteError;
use crate::ooxml::cells::{fits_in_cell, push_styled_text_cell, push_text_cell};
use crate::ooxml::package::{read_part, relationships_part, repack, sheet_parts, Package};
use crate::ooxml::xml::{attribute, reference_column};
use crate::ooxml::PackageError;
use crate::{column_letter, Cell, Conversion, Outcome, Sheet};
use quick_xml::events::Event;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::ops::Range;

/// What one worksheet part gets streamed into it.
pub(super) struct Stream<'a> {
    pub sheet: &'a Sheet,
    /// The sheet's name as written (rust_xlsxwriter's part is found by it).
    pub name: &'a str,
    pub layout: Layout,
    /// Columns of the written sheet, the new ones included.
    pub columns: usize,
    /// Cells rust_xlsxwriter holds: they are not streamed.
    pub specials: Specials,
    /// The conversions whose new columns go in this sheet (none for the other sheets).
    pub conversions: Vec<&'a Conversion>,
}

impl Stream<'_> {
    /// The web links the stream writes, with their relationship ids from `first_id`: (id,
    /// row, layout column, target, location). The sheet's `<hyperlink>`s and its relationships
    /// both come from here, so they name the same links with the same ids.
    fn web_links(&self, first_id: u32) -> impl Iterator<Item = (u32, u32, u16, &str, Option<&str>)> {
        let ids = (0..).map(move |k: u32| first_id.saturating_add(k));
        self.specials.web_links.iter().zip(ids).filter_map(|(&(row, column, index), id)| {
            let (target, location) = self.sheet.hyperlinks.get(index).and_then(|(_, link)| web_link(link))?;
            Some((id, row, column, target, location))
        })
    }
}

/// Output is handed to the compressor in pieces of about this many bytes.
const CHUNK: usize = 1 << 16;

/// The package with each worksheet's plain values streamed in. `progress(sheet, rows done)`
/// is called every [`crate::PROGRESS_ROWS`] rows.
///
/// # Errors
///
/// [`WriteError::TextTooLong`] for a text longer than a cell holds, [`WriteError::Package`]
/// when rust_xlsxwriter's package cannot be followed or the new one written.
pub(super) fn finish(
    package: &[u8],
    streams: &[Stream<'_>],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, WriteError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(PackageError::NotZip)?;
    let parts = sheet_parts(&mut archive)?;
    let stream_of = |part: &str| {
        let name = parts.iter().find(|(_, p)| p == part).map(|(name, _)| name)?;
        streams.iter().position(|stream| stream.name == name)
    };
    // Each stream with web links: its relationships part, and the first id free in it.
    struct Relationships {
        part: String,
        /// rust_xlsxwriter wrote the part (it has its own links); else it is added.
        written: bool,
        first_id: u32,
    }
    let mut relationships: Vec<Option<Relationships>> = (0..streams.len()).map(|_| None).collect();
    for (_, part) in &parts {
        let Some(k) = stream_of(part).filter(|&k| !streams[k].specials.web_links.is_empty()) else {
            continue;
        };
        let part = relationships_part(part);
        let written = archive.index_for_name(&part).is_some();
        let first_id = if written { links::first_free_id(&read_part(&mut archive, &part)?)? } else { 1 };
        relationships[k] = Some(Relationships { part, written, first_id });
    }
    let relationships_of =
        |part: &str| relationships.iter().position(|r| r.as_ref().is_some_and(|r| r.part == part));
    let added: Vec<String> =
        relationships.iter().flatten().filter(|r| !r.written).map(|r| r.part.clone()).collect();
    let cells: usize = streams.iter().map(|s| s.sheet.rows.len().saturating_mul(s.columns)).sum();
    // About what the cells take compressed; never more than 256 MiB reserved up front (in
    // wasm a reservation is memory taken).
    let capacity = package.len().saturating_add(cells.saturating_mul(6)).min(1 << 28);
    let first_id = |k: usize| relationships[k].as_ref().map_or(1, |r| r.first_id);
    let rewrite = |part: &str, xml: &[u8], out: &mut Package<'_>| {
        if let Some(k) = relationships_of(part) {
            let build = |sink: &mut dyn Write| write_relationships(sink, xml, &streams[k], first_id(k));
            return compress_alongside(out, build);
        }
        let k = stream_of(part).ok_or_else(|| PackageError::NoSheet(part.to_string()))?;
        let first = first_id(k);
        let build =
            |sink: &mut dyn Write| write_sheet(sink, xml, &streams[k], first, &mut |done| progress(k, done));
        compress_alongside(out, build)
    };
    let claims = |part: &str| stream_of(part).is_some() || relationships_of(part).is_some();
    repack(package, capacity, cells > 40_000_000, claims, &added, rewrite)
}

/// `build(sink)` with what it writes compressed into `out` — natively on another core, so
/// making the XML and deflating it (about half the time each) overlap.
fn compress_alongside<W: Write + Send>(
    out: &mut W,
    build: impl FnOnce(&mut dyn Write) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    #[cfg(not(target_arch = "wasm32"))]
    if crate::parallel::threads() > 1 {
        /// Hands each piece written to the compressing thread.
        struct Pieces(std::sync::mpsc::SyncSender<Vec<u8>>);
        impl Write for Pieces {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                // The compressor stopped: its error is the one reported.
                self.0.send(bytes.to_vec()).map_err(|_| std::io::ErrorKind::BrokenPipe)?;
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
        let compress = move || receiver.into_iter().try_for_each(|piece| out.write_all(&piece));
        let (compressed, built) = crate::parallel::both(compress, || build(&mut Pieces(sender)));
        compressed.map_err(PackageError::Io)?;
        return built;
    }
    build(out)
}

/// A value written by the stream.
enum Plain<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Bool(bool),
    /// A number with the cell style (`s`) that reads it as a date or duration.
    Styled(f64, &'a str),
    /// A web link's text, with the Hyperlink cell style.
    Link(&'a str, &'a str),
}

/// The cells rust_xlsxwriter wrote in one row: (column, byte range of the `<c>` element).
struct XmlRow {
    /// 0-based.
    row: u32,
    cells: Vec<(u16, Range<usize>)>,
}

/// rust_xlsxwriter's worksheet part taken apart around `<sheetData>`.
struct Parsed {
    /// Everything before `<sheetData>`.
    head: Range<usize>,
    rows: Vec<XmlRow>,
    /// Everything after `</sheetData>`.
    tail: Range<usize>,
}

/// A worksheet part: rust_xlsxwriter's `xml` with the plain values and web links streamed in,
/// the links' relationships numbered from `first_id`.
fn write_sheet(
    out: &mut dyn Write,
    xml: &[u8],
    stream: &Stream<'_>,
    first_id: u32,
    progress: &mut dyn FnMut(usize),
) -> Result<(), WriteError> {
    let parsed = parse(xml)?;
    let sheet = stream.sheet;
    let last_xml_row = parsed.rows.last().map_or(0, |row| row.row as usize + 1);
    let rows = sheet.rows.len().max(last_xml_row);
    let last_xml_column =
        parsed.rows.iter().flat_map(|row| row.cells.iter().map(|(c, _)| *c as usize + 1)).max();
    let columns = stream.columns.max(last_xml_column.unwrap_or(0));
    let letters: Vec<String> = (0..columns).map(column_letter).collect();
    let letter = |c: u16| match letters.get(usize::from(c)) {
        Some(letters) => Cow::Borrowed(letters.as_str()),
        None => Cow::Owned(column_letter(usize::from(c))),
    };

    let head = std::str::from_utf8(&xml[parsed.head.clone()])
        .map_err(|_| PackageError::Malformed("a sheet that is not UTF-8"))?;
    let dimension = match (rows, columns) {
        (0, _) | (_, 0) => "A1".to_string(),
        _ => format!("A1:{}{rows}", letters[columns - 1]),
    };
    out.write_all(with_dimension(head, &dimension).as_bytes()).map_err(PackageError::Io)?;
    out.write_all(b"<sheetData>").map_err(PackageError::Io)?;

    let specials = &stream.specials;
    let [day, date, duration, link] = styles_at(
        xml,
        &parsed,
        [specials.styled[0], specials.styled[1], specials.styled[2], specials.link_style],
    )?;
    let styles = [day, date, duration];
    let mut web_links = specials.web_links.iter().peekable();
    let mut buffer = String::with_capacity(CHUNK + 4096);
    let mut xml_rows = parsed.rows.iter().peekable();
    let mut specials = stream.specials.lists();
    let mut here: Vec<&[(u32, u16)]> = Vec::with_capacity(specials.len());
    let mut outcomes: Vec<_> = stream.conversions.iter().map(|c| c.outcomes.iter().peekable()).collect();
    let mut plain: Vec<(u16, Plain<'_>)> = Vec::new();
    for row in 0..rows {
        if row % crate::PROGRESS_ROWS == 0 {
            progress(row);
        }
        let r = row as u32;
        here.clear();
        for list in &mut specials {
            let (this_row, rest) = list.split_at(list.iter().take_while(|(at, _)| *at <= r).count());
            here.push(this_row);
            *list = rest;
        }
        let is_special = |c: u16| here.iter().flat_map(|list| list.iter()).any(|&(at, x)| at == r && x == c);

        plain.clear();
        for (column, cell) in sheet.rows.get(row).into_iter().flatten().enumerate() {
            let c = stream.layout.column(column) as u16;
            let value = match cell {
                Cell::Text(text) if !text.is_empty() => {
                    while web_links.next_if(|&&(at, x, _)| (at, x) < (r, c)).is_some() {}
                    match web_links.next_if(|&&(at, x, _)| (at, x) == (r, c)) {
                        Some(_) => {
                            Plain::Link(text, link.as_deref().ok_or(malformed("a link without its style"))?)
                        }
                        None => Plain::Text(Cow::Borrowed(text)),
                    }
                }
                Cell::Number(n) if n.is_finite() => Plain::Number(*n),
                // Not a number Excel can store; its text is kept.
                Cell::Number(n) => Plain::Text(Cow::Owned(n.to_string())),
                Cell::Bool(b) => Plain::Bool(*b),
                Cell::DateTime(n) | Cell::Duration(n) if n.is_finite() => {
                    let style = style_kind(cell).and_then(|kind| styles[kind].as_deref());
                    // Every kind in the sheet has its first cell written by rust_xlsxwriter.
                    Plain::Styled(*n, style.ok_or(malformed("a date without its style"))?)
                }
                _ => continue,
            };
            if !is_special(c) {
                plain.push((c, value));
            }
        }
        // The sheet's cells came in column order; the new ones go in among them.
        let mut put = |c: u16, value| plain.insert(plain.partition_point(|(x, _)| *x < c), (c, value));
        for (k, outcomes) in outcomes.iter_mut().enumerate() {
            let Some(Outcome { extraction, .. }) = outcomes.next_if(|o| o.row == row) else { continue };
            let first = stream.layout.firsts[k] as u16;
            if let Some(point) = extraction.coordinate {
                put(first, Plain::Number(point.lat()));
                put(first + 1, Plain::Number(point.lon()));
            }
            put(first + 2, Plain::Text(extraction.describe()));
        }
        let written = xml_rows.next_if(|x| x.row == r);
        let written = written.map_or(&[][..], |x| x.cells.as_slice());
        if plain.is_empty() && written.is_empty() {
            continue;
        }

        let number = row + 1;
        let _ = write!(buffer, "<row r=\"{number}\">");
        let (mut mine, mut theirs) = (plain.iter().peekable(), written.iter().peekable());
        loop {
            let next_theirs = theirs.peek().map(|(x, _)| *x);
            if let Some((c, value)) = mine.next_if(|(c, _)| next_theirs.is_none_or(|x| *c <= x)) {
                // Same column: rust_xlsxwriter's cell is a merged range's blank.
                theirs.next_if(|(x, _)| x == c);
                if !push_cell(&mut buffer, &letter(*c), number, value) {
                    return Err(WriteError::TextTooLong { sheet: sheet.name.clone() });
                }
            } else if let Some((_, range)) = theirs.next() {
                buffer.push_str(std::str::from_utf8(&xml[range.clone()]).unwrap_or_default());
            } else {
                break;
            }
        }
        buffer.push_str("</row>");
        if buffer.len() >= CHUNK {
            out.write_all(buffer.as_bytes()).map_err(PackageError::Io)?;
            buffer.clear();
        }
    }
    progress(rows);
    out.write_all(buffer.as_bytes()).map_err(PackageError::Io)?;
    buffer.clear();
    out.write_all(b"</sheetData>").map_err(PackageError::Io)?;
    let tail = &xml[parsed.tail.clone()];
    if stream.specials.web_links.is_empty() {
        out.write_all(tail).map_err(PackageError::Io)?;
        return Ok(());
    }
    let (at, in_block) =
        links::hyperlinks_at(tail).ok_or(malformed("a sheet without room for its hyperlinks"))?;
    out.write_all(&tail[..at]).map_err(PackageError::Io)?;
    if !in_block {
        buffer.push_str("<hyperlinks>");
    }
    let mut reference = String::new();
    for (id, row, column, _, location) in stream.web_links(first_id) {
        reference.clear();
        reference.push_str(&letter(column));
        let _ = write!(reference, "{}", row + 1);
        links::push_hyperlink(&mut buffer, &reference, id, location);
        if buffer.len() >= CHUNK {
            out.write_all(buffer.as_bytes()).map_err(PackageError::Io)?;
            buffer.clear();
        }
    }
    if !in_block {
        buffer.push_str("</hyperlinks>");
    }
    out.write_all(buffer.as_bytes()).map_err(PackageError::Io)?;
    out.write_all(&tail[at..]).map_err(PackageError::Io)?;
    Ok(())
}

/// A worksheet's relationships part: rust_xlsxwriter's `xml` (or a new part when it is
/// empty) with a relationship for each of the stream's web links, numbered from `first_id`.
fn write_relationships(
    out: &mut dyn Write,
    xml: &[u8],
    stream: &Stream<'_>,
    first_id: u32,
) -> Result<(), WriteError> {
    let (head, tail) = match xml.is_empty() {
        true => (links::EMPTY_RELATIONSHIPS.0.as_bytes(), links::EMPTY_RELATIONSHIPS.1.as_bytes()),
        false => {
            let end = links::relationships_end(xml).ok_or(malformed("relationships that do not end"))?;
            xml.split_at(end)
        }
    };
    out.write_all(head).map_err(PackageError::Io)?;
    let mut buffer = String::with_capacity(CHUNK + 4096);
    for (id, _, _, target, _) in stream.web_links(first_id) {
        links::push_relationship(&mut buffer, id, target);
        if buffer.len() >= CHUNK {
            out.write_all(buffer.as_bytes()).map_err(PackageError::Io)?;
            buffer.clear();
        }
    }
    out.write_all(buffer.as_bytes()).map_err(PackageError::Io)?;
    out.write_all(tail).map_err(PackageError::Io)?;
    Ok(())
}

/// A plain value's cell; false (and nothing written) for a text longer than a cell holds.
fn push_cell(buffer: &mut String, letter: &str, number: usize, value: &Plain<'_>) -> bool {
    match value {
        Plain::Number(n) => {
            let _ = write!(buffer, "<c r=\"{letter}{number}\"><v>{n}</v></c>");
        }
        Plain::Styled(n, style) => {
            let _ = write!(buffer, "<c r=\"{letter}{number}\" s=\"{style}\"><v>{n}</v></c>");
        }
        Plain::Bool(b) => {
            let _ = write!(buffer, "<c r=\"{letter}{number}\" t=\"b\"><v>{}</v></c>", u8::from(*b));
        }
        Plain::Text(text) => {
            if !fits_in_cell(text) {
                return false;
            }
            push_text_cell(buffer, letter, number, text);
        }
        Plain::Link(text, style) => {
            if !fits_in_cell(text) {
                return false;
            }
            push_styled_text_cell(buffer, letter, number, Some(style), text);
        }
    }
    true
}

/// The head with its `<dimension ref>` (the used range; rust_xlsxwriter's counts only its own
/// cells) set to `range`.
fn with_dimension<'a>(head: &'a str, range: &str) -> Cow<'a, str> {
    let Some(start) = head.find("<dimension ref=\"").map(|at| at + "<dimension ref=\"".len()) else {
        return Cow::Borrowed(head);
    };
    let Some(length) = head[start..].find('"') else { return Cow::Borrowed(head) };
    Cow::Owned(format!("{}{range}{}", &head[..start], &head[start + length..]))
}

/// The style (`s`) rust_xlsxwriter gave the cells at `at` (the first of each [`style_kind`],
/// the first web link), for the stream to give the rest of their kind.
fn styles_at<const N: usize>(
    xml: &[u8],
    parsed: &Parsed,
    at: [Option<(u32, u16)>; N],
) -> Result<[Option<String>; N], PackageError> {
    let mut styles: [Option<String>; N] = std::array::from_fn(|_| None);
    for (style, at) in styles.iter_mut().zip(at) {
        let Some((r, c)) = at else { continue };
        let row = parsed.rows.iter().find(|row| row.row == r);
        let range = row.and_then(|row| row.cells.iter().find(|(x, _)| *x == c)).map(|(_, range)| range);
        let range = range.ok_or(malformed("a styled cell rust_xlsxwriter did not write"))?;
        let mut reader = quick_xml::Reader::from_reader(&xml[range.clone()]);
        let mut buffer = Vec::new();
        if let Event::Start(e) | Event::Empty(e) = reader.read_event_into(&mut buffer)? {
            *style = attribute(&e, "s");
        }
        if style.as_deref().is_none_or(|s| s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit())) {
            return Err(malformed("a styled cell without its style"));
        }
    }
    Ok(styles)
}

fn malformed(what: &'static str) -> PackageError {
    PackageError::Malformed(what)
}

/// Splits rust_xlsxwriter's worksheet XML around `<sheetData>` and lists the cells in it.
fn parse(xml: &[u8]) -> Result<Parsed, PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let (mut head, mut tail) = (None, None);
    let mut rows: Vec<XmlRow> = Vec::new();
    let mut cell: Option<(u16, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event_into(&mut buffer)?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Eof => break,
            Event::Empty(e) if e.local_name().as_ref() == "sheetData" => {
                (head, tail) = (Some(before), Some(after));
            }
            Event::Start(e) if e.local_name().as_ref() == "sheetData" => head = Some(before),
            Event::End(e) if e.local_name().as_ref() == "sheetData" => tail = Some(after),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let number = attribute(&e, "r").and_then(|r| r.parse::<u32>().ok()).filter(|&n| n > 0);
                let number = number.ok_or(malformed("a row without its number"))?;
                rows.push(XmlRow { row: number - 1, cells: Vec::new() });
            }
            Event::Start(ref e) | Event::Empty(ref e) if e.local_name().as_ref() == "c" => {
                let reference = attribute(e, "r").ok_or(malformed("a cell without its reference"))?;
                let column =
                    reference_column(&reference).ok_or(malformed("a cell with a bad reference"))? as u16;
                if matches!(event, Event::Empty(_)) {
                    rows.last_mut()
                        .ok_or(malformed("a cell outside a row"))?
                        .cells
                        .push((column, before..after));
                } else {
                    cell = Some((column, before));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "c" => {
                let (column, start) = cell.take().ok_or(malformed("a cell that does not open"))?;
                rows.last_mut().ok_or(malformed("a cell outside a row"))?.cells.push((column, start..after));
            }
            _ => {}
        }
        buffer.clear();
    }
    let (Some(head), Some(tail)) = (head, tail) else { return Err(malformed("no sheetData element")) };
    Ok(Parsed { head: 0..head, rows, tail: tail..xml.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_used_range_is_set() {
        let head = r#"<worksheet><dimension ref="A1:C1"/><sheetViews/>"#;
        assert_eq!(with_dimension(head, "A1:F9"), r#"<worksheet><dimension ref="A1:F9"/><sheetViews/>"#);
        assert_eq!(with_dimension("<worksheet>", "A1"), "<worksheet>");
    }

    #[test]
    fn cells_are_found_with_their_columns() -> Result<(), PackageError> {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="B1" s="1"/><c r="AA1"><f>1+1</f><v>2</v></c></row><row r="4"><c r="C4" t="s"><v>0</v></c></row></sheetData><hyperlinks/></worksheet>"#;
        let parsed = parse(xml)?;
        assert_eq!(&xml[parsed.head.clone()], b"<worksheet>");
        assert_eq!(&xml[parsed.tail.clone()], b"<hyperlinks/></worksheet>");
        let cells: Vec<(u32, u16, &[u8])> = parsed
            .rows
            .iter()
            .flat_map(|row| row.cells.iter().map(move |(c, range)| (row.row, *c, &xml[range.clone()])))
            .collect();
        assert_eq!(
            cells,
            [
                (0, 1, &br#"<c r="B1" s="1"/>"#[..]),
                (0, 26, &br#"<c r="AA1"><f>1+1</f><v>2</v></c>"#[..]),
                (3, 2, &br#"<c r="C4" t="s"><v>0</v></c>"#[..]),
            ]
        );
        let empty = parse(b"<worksheet><sheetData/><x/></worksheet>")?;
        assert!(empty.rows.is_empty());
        assert_eq!(empty.tail, 23..39);
        Ok(())
    }
}
