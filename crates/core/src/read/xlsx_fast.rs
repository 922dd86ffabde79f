//! The fast path for an .xlsx's cells (issue 16): the shared strings read on one core while
//! the sheets' XML (then their relationships) is read on the other, each sheet inflated once
//! with its hyperlinks and merged ranges taken from the same pass. calamine reads the shared
//! strings, then each sheet, and [`super::xlsx`] inflates each sheet once more for its tail:
//! three passes, the first two on one core.
//!
//! A sheet's rows are read from the bytes while they are the markup spreadsheet programs
//! write (`<row r="…">`, `<c r s t>` with an `<f>` and a `<v>`, double-quoted attributes, no
//! entity but the five predefined ones in text); from the first element that is not, quick-xml's events read the
//! rest of it (`Cells::events`), with the byte scanner's state and its open elements handed
//! over. The scanner reads a sheet 2.4 times as fast as the events (BENCHMARKS.md, session 15).
//!
//! It reads what calamine 0.38 reads, the way calamine reads it (`read_shared_strings`,
//! `read_styles`' number formats, `XlsxCellReader::next_cell_with_formula`), and hands the
//! same values to the same conversion ([`super::grid::cell`]), so a workbook reads the same
//! either way. Where it would have to follow calamine further than it does it gives up (None)
//! and calamine reads the whole workbook: shared formulas, error cells, an empty shared
//! string, a cell value that is not a plain number, two cells at one position, a sheet part
//! outside `xl/worksheets/`, a package, workbook, styles part, tail or markup calamine could
//! read otherwise or refuse as far as this reader can tell (`workbook_sheets`, `each_sound`:
//! calamine reads fonts, fills and borders by rules not followed here, so a styles part
//! calamine refuses for one of those may still be read). `tests/read_fast.rs` holds the two readers equal on every fixture and
//! on generated workbooks; `fuzz/fuzz_targets/read_fast.rs` on any sheet XML.
//!
//! Formats: ECMA-376 Part 1 §18.3.1 (`sheetData`, `row`, `c`, `v`, `f`, `is`), §18.4 (shared
//! strings, rich text runs, phonetic runs), §18.8.30–31 (`numFmt`, built-in number formats).

use super::grid::cell;
use super::guard::in_grid;
use super::xlsx::{hyperlink_targets, parse_tail_with, Tail};
use super::{ReadProgress, PROGRESS_ROWS};
use crate::ooxml::cells::unescaped;
use crate::ooxml::package::{read_part, relationships_part};
use crate::ooxml::xml::reference_position;
use crate::{Cell, Position, Sheet};
use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesRef, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};
use zip::ZipArchive;

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// A sheet's hyperlink targets by relationship id: None without a relationships part,
/// `Some(None)` when it is not well-formed.
type Rels = Option<Option<HashMap<String, String>>>;

/// What a cell's number format makes of its number (calamine's `CellFormat`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum NumberFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The sheets' cells (formulas covered, as [`super::xlsx`] leaves them) and their tails, or
/// None for calamine to read the workbook.
pub(super) fn read(bytes: &[u8], progress: &mut dyn FnMut(ReadProgress)) -> Option<Vec<(Sheet, Tail)>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    // calamine finds a part whatever the case of its name and its slashes, the last of equal
    // names winning; here names are taken as written, so any that calamine might match
    // otherwise leave the workbook to it.
    let mut folded: Vec<String> =
        archive.file_names().flatten().map(|name| name.to_ascii_lowercase()).collect();
    folded.sort_unstable();
    if folded.windows(2).any(|pair| pair[0] == pair[1]) || folded.iter().any(|name| name.contains('\\')) {
        return None;
    }
    let (parts, is_1904) = workbook_sheets(&mut archive)?;
    if parts
        .iter()
        .any(|(_, part)| !part.starts_with("xl/worksheets/") || archive.index_for_name(part).is_none())
    {
        return None;
    }
    let mut named = vec!["xl/sharedStrings.xml".to_string(), "xl/styles.xml".to_string()];
    named.extend(parts.iter().map(|(_, part)| relationships_part(part)));
    if named.iter().any(|name| {
        archive.index_for_name(name).is_none() && folded.binary_search(&name.to_ascii_lowercase()).is_ok()
    }) {
        return None;
    }
    let formats = number_formats(&mut archive)?;
    let mut side = archive.clone();
    let background = || shared_strings(&mut side);
    // The relationships after the sheets: the shared strings usually take longer than them.
    let foreground = || -> Option<(Vec<Scan>, Vec<Rels>)> {
        let mut scans: Vec<Scan> = Vec::with_capacity(parts.len());
        for (index, (_, part)) in parts.iter().enumerate() {
            let before: usize = scans.iter().map(|s| s.grid.rows.len()).sum();
            let mut report = |row: usize, declared: usize| {
                progress(super::grid::package_progress(
                    bytes.len(),
                    (index, parts.len()),
                    (row, declared),
                    before + row,
                ));
            };
            scans.push(scan(&mut archive, part, (&formats, is_1904), &mut report)?);
        }
        // A part that is not well-formed is the tail's to refuse, if it has links.
        let rels = parts
            .iter()
            .map(|(_, part)| {
                read_part(&mut archive, &relationships_part(part)).ok().map(|rels| hyperlink_targets(&rels))
            })
            .collect();
        Some((scans, rels))
    };
    let (strings, scanned) = crate::parallel::both(background, foreground);
    let (mut strings, (scans, rels)) = (strings?, scanned?);
    let (tails, mut grids): (Vec<Vec<u8>>, Vec<Grid>) =
        scans.into_iter().map(|scan| (scan.tail, scan.grid)).unzip();
    // The tails on one core while the shared strings are put in place on the other.
    let parse_tails = || -> Option<Vec<Tail>> {
        tails
            .iter()
            .zip(rels)
            .map(|(tail, rels)| match (memchr::memmem::find(tail, b"hyperlink"), rels) {
                (None, _) | (_, None) => parse_tail_with(tail, None),
                (Some(_), Some(targets)) => parse_tail_with(tail, Some(&targets?)),
            })
            .collect()
    };
    let fill = || -> Option<()> {
        // A string used once is moved into its cell, not copied.
        let mut uses = vec![0u32; strings.len()];
        for grid in &grids {
            for &(_, _, index) in &grid.shared {
                *uses.get_mut(index as usize)? += 1;
            }
        }
        for grid in &mut grids {
            // From the last: a cell written twice keeps what came last, as in calamine's stream.
            for &(row, column, index) in grid.shared.iter().rev() {
                let slot =
                    grid.rows.get_mut(row as usize).and_then(|cells| cells.get_mut(column as usize))?;
                if !matches!(slot, Cell::Text(placeholder) if placeholder.is_empty()) {
                    continue;
                }
                let (left, text) = (uses.get_mut(index as usize)?, strings.get_mut(index as usize)?);
                // An empty shared string is no cell at all: the row would have to shrink.
                if text.is_empty() {
                    return None;
                }
                *left -= 1;
                *slot = Cell::Text(if *left == 0 { std::mem::take(text) } else { text.clone() });
            }
        }
        Some(())
    };
    let (tails, filled) = crate::parallel::both(parse_tails, fill);
    filled?;
    let mut read = Vec::with_capacity(grids.len());
    for (((name, _), grid), tail) in parts.into_iter().zip(grids).zip(tails?) {
        let mut sheet = Sheet { formulas: super::grid::sorted(grid.formulas), ..Sheet::new(name, grid.rows) };
        sheet.cover_formulas();
        read.push((sheet, tail));
    }
    Some(read)
}

/// A quick-xml reader set up as calamine sets up its own (`xml_reader`): empty elements
/// expanded, text untrimmed, end names and comments not checked.
fn reader<R: BufRead>(source: R) -> quick_xml::Reader<R> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// A part's reader, None when it is missing (`Some(None)`) or cannot be opened.
fn open<'a, 'b>(
    archive: &'a mut Archive<'b>,
    part: &str,
) -> Option<Option<quick_xml::Reader<impl BufRead + use<'a, 'b>>>> {
    match archive.by_name(part) {
        Ok(file) => Some(Some(reader(BufReader::with_capacity(1 << 16, file)))),
        Err(zip::result::ZipError::FileNotFound) => Some(None),
        Err(_) => None,
    }
}

/// An attribute's value as written (entities not resolved, as calamine reads them), None
/// when any of the element's attributes is malformed (calamine refuses some of those) or a
/// form feed stands between them (see [`sound`]).
fn attribute<'e>(element: &'e quick_xml::events::BytesStart<'_>, key: &str) -> Option<Option<Cow<'e, str>>> {
    if element.attributes_raw().as_bytes().contains(&0x0C) {
        return None;
    }
    let mut found = None;
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        if found.is_none() && attribute.key.as_ref() == key {
            found = Some(attribute.value);
        }
    }
    Some(found)
}

fn raw(element: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<Option<String>> {
    Some(attribute(element, key)?.map(Cow::into_owned))
}

/// An element whose attributes calamine reads as quick-xml does: no form feed (calamine's
/// own attribute reader takes it for a space, quick-xml for part of a name), every attribute
/// well-formed, every entity in a value known.
fn sound(element: &quick_xml::events::BytesStart<'_>) -> Option<()> {
    if element.attributes_raw().as_bytes().contains(&0x0C) {
        return None;
    }
    for attribute in element.attributes() {
        quick_xml::escape::unescape(&attribute.ok()?.value).ok()?;
    }
    Some(())
}

/// Every element of `xml` (its local name and raw attributes) to `each`, None unless the
/// part is well-formed up to the end of its `root`, as calamine requires, and every element
/// [`sound`].
fn each_sound(
    xml: &[u8],
    root: &str,
    mut each: impl FnMut(&str, &[(String, String)]) -> Option<()>,
) -> Option<()> {
    // Stricter than calamine's reader: end tags must match, for calamine's loops that read an
    // element up to its own end tag read on past a mismatched one.
    let mut xml = reader(xml);
    xml.config_mut().check_end_names = true;
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            Event::Start(e) => {
                sound(&e)?;
                let attributes: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| a.ok().map(|a| (a.key.as_ref().to_string(), a.value.into_owned())))
                    .collect::<Option<_>>()?;
                each(e.local_name().as_ref(), &attributes)?;
            }
            Event::End(e) if e.local_name().as_ref() == root => return Some(()),
            Event::GeneralRef(reference) => entity(&reference, &mut String::new())?,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The workbook's sheets (name, part) in tab order and its date system (ECMA-376 Part 1
/// §18.2.28 `date1904`), as calamine's `read_package_relationships`, `read_relationships`
/// and `read_workbook` find them; None wherever calamine could find others or refuse:
/// a workbook not at `xl/workbook.xml`, a sheet that is not a worksheet, a missing
/// relationship, an unknown `state`, two sheets of one name, an entity where calamine takes
/// the text as written.
fn workbook_sheets(archive: &mut Archive<'_>) -> Option<(Vec<(String, String)>, bool)> {
    let plain = |value: &str| (!value.contains('&')).then_some(());
    let (mut document, mut opened) = (None, false);
    each_sound(&read_part(archive, "_rels/.rels").ok()?, "Relationships", |element, attributes| {
        opened |= element == "Relationships";
        // calamine takes relationships only inside `<Relationships>`.
        if element == "Relationship" && !opened {
            return None;
        }
        if element == "Relationship" {
            let find = |key: &str| attributes.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
            if find("Type").is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
                document = Some(find("Target")?.to_string());
            }
        }
        Some(())
    })?;
    if !matches!(document.as_deref(), Some("xl/workbook.xml" | "/xl/workbook.xml")) {
        return None;
    }
    let mut targets: HashMap<String, (String, String)> = HashMap::new();
    each_sound(
        &read_part(archive, "xl/_rels/workbook.xml.rels").ok()?,
        "Relationships",
        |element, attributes| {
            if element == "Relationship" {
                let find =
                    |key: &str| attributes.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
                if let Some(id) = find("Id") {
                    let (target, kind) =
                        (find("Target").unwrap_or_default(), find("Type").unwrap_or_default());
                    plain(target)?;
                    targets.insert(id.to_string(), (target.to_string(), kind.to_string()));
                }
            }
            Some(())
        },
    )?;
    let (mut sheets, mut is_1904, mut defined_names) = (Vec::new(), false, false);
    each_sound(&read_part(archive, "xl/workbook.xml").ok()?, "workbook", |element, attributes| {
        match element {
            "sheet" => {
                if defined_names {
                    return None;
                }
                let (mut name, mut id) = (String::new(), None);
                for (key, value) in attributes {
                    match key.as_str() {
                        "name" => name = quick_xml::escape::unescape(value).ok()?.into_owned(),
                        "state" if !matches!(value.as_str(), "visible" | "hidden" | "veryHidden") => {
                            return None
                        }
                        // `package::sheet_parts` (the calamine path's tails) takes only a
                        // prefixed id, the first; calamine the last: one, prefixed, agrees.
                        "id" => return None,
                        key if key.ends_with(":id") && id.is_some() => return None,
                        key if key.ends_with(":id") => id = Some(value.as_str()),
                        _ => {}
                    }
                }
                let id = id?;
                let (target, kind) = targets.get(id)?;
                if kind.rsplit('/').next() != Some("worksheet") {
                    return None;
                }
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                sheets.push((name, part));
            }
            "workbookPr" => {
                if let Some((_, value)) = attributes.iter().rev().find(|(key, _)| key == "date1904") {
                    // calamine skips what a defined name holds; Excel writes `workbookPr`
                    // before them (a later `x15:workbookPr` carries no `date1904`).
                    if defined_names {
                        return None;
                    }
                    is_1904 = value == "1" || value == "true";
                }
            }
            "definedName" => defined_names = true,
            "workbook" if defined_names => return None,
            _ => {}
        }
        Some(())
    })?;
    let mut names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|pair| pair[0] == pair[1]) {
        return None;
    }
    Some((sheets, is_1904))
}

/// Each cell style's number format, by style id (`cellXfs`), from `xl/styles.xml`.
fn number_formats(archive: &mut Archive<'_>) -> Option<Vec<NumberFormat>> {
    if archive.index_for_name("xl/styles.xml").is_none() {
        return Some(Vec::new());
    }
    let styles = read_part(archive, "xl/styles.xml").ok()?;
    // calamine reads the fonts, fills, borders and alignments too, and refuses the workbook
    // for a malformed one: what it could refuse is left to it.
    each_sound(&styles, "styleSheet", |_, _| Some(()))?;
    let mut xml = reader(styles.as_slice());
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut formats = Vec::new();
    let (mut buffer, mut inner) = (Vec::new(), Vec::new());
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "numFmts" => loop {
                inner.clear();
                match xml.read_event_into(&mut inner).ok()? {
                    Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                        if let (Some(id), Some(code)) = (raw(&e, "numFmtId")?, raw(&e, "formatCode")?) {
                            custom.insert(id, quick_xml::escape::unescape(&code).ok()?.into_owned());
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "numFmts" => break,
                    Event::Eof => return None,
                    _ => {}
                }
            },
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => loop {
                inner.clear();
                match xml.read_event_into(&mut inner).ok()? {
                    Event::Start(e) if e.local_name().as_ref() == "xf" => {
                        formats.push(match raw(&e, "numFmtId")? {
                            None => NumberFormat::Other,
                            Some(id) => {
                                custom.get(&id).map_or_else(|| built_in(&id), |code| custom_format(code))
                            }
                        });
                        // Its body is calamine's to read (alignment, protection), not a style.
                        let mut body = Vec::new();
                        xml.read_to_end_into(e.name(), &mut body).ok()?;
                    }
                    Event::End(e) if e.local_name().as_ref() == "cellXfs" => break,
                    Event::Eof => return None,
                    _ => {}
                }
            },
            Event::Eof => return Some(formats),
            _ => {}
        }
    }
}

/// The built-in number formats that show a date or a time (ECMA-376 Part 1 §18.8.30; 27–36
/// and 50–58 are the East Asian locales' dates), as calamine classes them.
fn built_in(id: &str) -> NumberFormat {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58)
            if id.bytes().all(|b| b.is_ascii_digit()) && !id.starts_with('0') =>
        {
            NumberFormat::DateTime
        }
        Ok(46) if id == "46" => NumberFormat::TimeDelta,
        _ => NumberFormat::Other,
    }
}

/// Whether a format code's first section shows a date or time, or an elapsed time
/// (`[h]`, `[mm]`, `[ss]`), by calamine's rule: outside quotes, brackets and the character
/// after `\`, `_` or `*`, any of `d m h y s` is a date, and so is `m`, `p` or `/` after an `a`.
fn custom_format(code: &str) -> NumberFormat {
    let (mut escaped, mut quoted, mut after_a, mut elapsed) = (false, false, false, false);
    let (mut brackets, mut previous) = (0u8, ' ');
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            quoted = c != '"';
        } else if c == '"' {
            quoted = true;
        } else if c == ';' {
            return NumberFormat::Other;
        } else if c == '[' {
            brackets = brackets.saturating_add(1);
        } else if c == ']' && brackets == 1 && elapsed {
            return NumberFormat::TimeDelta;
        } else if c == ']' {
            brackets = brackets.saturating_sub(1);
        } else if matches!(c, 'a' | 'A') && !after_a && brackets == 0 {
            after_a = true;
        } else if brackets == 0
            && ((after_a && matches!(c, 'p' | 'P' | 'm' | 'M' | '/'))
                || (!after_a && matches!(c.to_ascii_lowercase(), 'd' | 'm' | 'h' | 'y' | 's')))
        {
            return NumberFormat::DateTime;
        } else if !(elapsed && c.eq_ignore_ascii_case(&previous)) {
            elapsed = previous == '[' && matches!(c.to_ascii_lowercase(), 'm' | 'h' | 's');
        }
        previous = c;
    }
    NumberFormat::Other
}

/// `xl/sharedStrings.xml`'s strings in order, None when one needs calamine.
fn shared_strings(archive: &mut Archive<'_>) -> Option<Vec<String>> {
    let Some(mut xml) = open(archive, "xl/sharedStrings.xml")? else { return Some(Vec::new()) };
    let (mut buffer, mut inner, mut text) = (Vec::new(), Vec::new(), Vec::new());
    let mut strings = Vec::new();
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "sst" => {
                let count = raw(&e, "uniqueCount")?.and_then(|n| n.parse::<usize>().ok());
                // A hint, not trusted: the guard checks only a double-quoted count, and an
                // allocation that fails aborts the page's worker.
                strings.reserve(count.unwrap_or(0).min(1 << 20));
                break;
            }
            Event::Eof => return None,
            _ => {}
        }
    }
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                let closing = e.name().as_ref().to_string();
                strings.push(read_string(&mut xml, &closing, &mut inner, &mut text)?);
            }
            Event::End(e) if e.local_name().as_ref() == "sst" => return Some(strings),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A string item up to its end tag `closing` (`si`, or a cell's `is`): its `t`s, those of
/// rich text runs joined, phonetic runs (`rPh`) skipped; a `t` without `xml:space="preserve"`
/// loses the ASCII whitespace at its ends, as calamine trims it.
fn read_string<R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    closing: &str,
    buffer: &mut Vec<u8>,
    text: &mut Vec<u8>,
) -> Option<String> {
    let mut joined: Option<String> = None;
    let mut phonetic = false;
    loop {
        buffer.clear();
        match xml.read_event_into(buffer).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "r" && joined.is_none() => {
                joined = Some(String::new())
            }
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => return Some(joined.unwrap_or_default()),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = attribute(&e, "xml:space")?.is_some_and(|v| v.as_ref() == "preserve");
                let name = e.name().as_ref().to_string();
                let mut value = String::new();
                loop {
                    text.clear();
                    match xml.read_event_into(text).ok()? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => entity(&r, &mut value)?,
                        Event::End(end) if end.name().as_ref() == name.as_str() => break,
                        Event::Eof => return None,
                        _ => {}
                    }
                }
                let trimmed = match preserve {
                    true => value.as_str(),
                    false => value.trim_matches([' ', '\t', '\r', '\n']),
                };
                let value = match unescaped(trimmed) {
                    // The common case, a plain string: moved, not copied.
                    Cow::Borrowed(same) if same.len() == value.len() => value,
                    other => other.into_owned(),
                };
                match &mut joined {
                    Some(joined) => joined.push_str(&value),
                    None => joined = Some(value),
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// An entity or character reference, as calamine resolves it: the five XML entities and
/// `&#…;`; anything else makes calamine refuse the part.
fn entity(reference: &BytesRef<'_>, into: &mut String) -> Option<()> {
    if let Some(text) = quick_xml::escape::resolve_xml_entity(reference) {
        into.push_str(text);
        return Some(());
    }
    into.push(reference.resolve_char_ref().ok()??);
    Some(())
}

/// One sheet read: its rows, with shared strings still to fill in (placeholders at `shared`:
/// row, column, index), its formulas, and what follows `</sheetData>`.
struct Scan {
    grid: Grid,
    tail: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq)]
struct Grid {
    rows: Vec<Vec<Cell>>,
    formulas: Vec<(Position, String)>,
    shared: Vec<(u32, u32, u32)>,
}

/// A cell's value: converted, or a shared string's index.
enum Value {
    Data(DataRef<'static>),
    Shared(u32),
}

fn scan(
    archive: &mut Archive<'_>,
    part: &str,
    (formats, is_1904): (&[NumberFormat], bool),
    progress: &mut dyn FnMut(usize, usize),
) -> Option<Scan> {
    let mut xml = open(archive, part)??;
    let mut buffer = Vec::new();
    let (mut declared, mut depth) = (1, 0usize);
    let self_closed = loop {
        buffer.clear();
        let event = xml.read_event_into(&mut buffer).ok()?.into_owned();
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "sheetData" => {}
            // [`super::xlsx`] takes the tail from the last `</sheetData>` in the part's bytes:
            // one before the sheet's data (in a comment, say) is left to it.
            _ if memchr::memmem::find(&buffer, b"sheetData").is_some() => return None,
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.checked_sub(1)?,
            _ => {}
        }
        match event {
            Event::Start(e) if e.local_name().as_ref() == "dimension" => {
                // One cell or two, each a reference, as calamine requires of it.
                let reference = raw(&e, "ref")??;
                let corners: Vec<Position> =
                    reference.split(':').map(reference_position).collect::<Option<_>>()?;
                let (Some(first), Some(last), 1..=2) = (corners.first(), corners.last(), corners.len())
                else {
                    return None;
                };
                if last.0 < first.0 || last.1 < first.1 {
                    return None;
                }
                declared = last.0 as usize + 1;
            }
            Event::Start(e) if e.local_name().as_ref() == "sheetData" => {
                // `<sheetData/>`: the buffer holds the tag as read.
                break buffer.ends_with(b"/>");
            }
            Event::Eof => return None,
            _ => {}
        }
    };
    let mut cells = Cells::new(declared, (formats, is_1904), progress);
    let mut tail = Vec::new();
    if self_closed {
        // Through the reader's buffer first: what quick-xml has not yet taken.
        cells.events(xml)?.0.read_to_end(&mut tail).ok()?;
        // The tail [`super::xlsx`] reads follows a closing `</sheetData>`; without one it reads
        // the sheet's hyperlinks and merged ranges by calamine's readers.
        match after_last_closing(&mut tail) {
            true => {}
            false
                if memchr::memmem::find(&tail, b"hyperlink").is_none()
                    && memchr::memmem::find(&tail, b"mergeCell").is_none() =>
            {
                tail.clear();
            }
            false => return None,
        }
        return Some(Scan { grid: cells.found, tail });
    }
    let (mut tail, plain) = cells.sheet_data(xml.into_inner(), depth, CHUNK)?;
    // An end tag written otherwise (`</sheetData >`): [`super::xlsx`] finds no tail and
    // leaves the hyperlinks and merged ranges to calamine's readers.
    if !after_last_closing(&mut tail) && !plain {
        if memchr::memmem::find(&tail, b"hyperlink").is_some()
            || memchr::memmem::find(&tail, b"mergeCell").is_some()
        {
            return None;
        }
        tail.clear();
    }
    Some(Scan { grid: cells.found, tail })
}

/// A sheet's cells as they are read, and where the reading is: the row and column a cell
/// without a reference takes.
struct Cells<'a> {
    found: Grid,
    row_index: u32,
    column_index: u32,
    /// Rows the scanner has seen start and not end.
    open_rows: usize,
    reported: usize,
    declared: usize,
    formats: &'a [NumberFormat],
    is_1904: bool,
    progress: &'a mut dyn FnMut(usize, usize),
}

/// Where the byte scanner stopped: at `</sheetData>`, with what follows it read so far, or at
/// markup it leaves to quick-xml, from that element on.
enum Handover {
    Ended(Vec<u8>),
    Other(Vec<u8>),
}

/// What one element at the scanner's position came to.
enum Step {
    Took(usize),
    Ended(usize),
    More,
    Other,
}

/// The bytes the scanner reads at a time from the inflating part.
const CHUNK: u64 = 1 << 20;

impl<'a> Cells<'a> {
    fn new(
        declared: usize,
        (formats, is_1904): (&'a [NumberFormat], bool),
        progress: &'a mut dyn FnMut(usize, usize),
    ) -> Self {
        let found = Grid { rows: Vec::new(), formulas: Vec::new(), shared: Vec::new() };
        Cells {
            found,
            row_index: 0,
            column_index: 0,
            open_rows: 0,
            reported: 0,
            declared,
            formats,
            is_1904,
            progress,
        }
    }

    /// The rows and cells after `<sheetData>` (`depth` elements open), by the byte scanner
    /// and, from the first markup it leaves, by quick-xml's events; what follows
    /// `</sheetData>`.
    fn sheet_data<S: BufRead>(&mut self, mut source: S, depth: usize, chunk: u64) -> Option<(Vec<u8>, bool)> {
        let mut tail = Vec::new();
        match self.bytes(&mut source, chunk)? {
            Handover::Ended(rest) => {
                tail = rest;
                source.read_to_end(&mut tail).ok()?;
                Some((tail, true))
            }
            Handover::Other(rest) => {
                // quick-xml refuses an end tag with nothing open: it is told what is open.
                let mut open = b"<x>".repeat(depth + self.open_rows);
                open.extend(rest);
                let (mut rest, plain) = self.events(reader(Cursor::new(open).chain(source)))?;
                rest.read_to_end(&mut tail).ok()?;
                Some((tail, plain))
            }
        }
    }

    /// `sheetData`'s rows and cells by quick-xml's events, up to `</sheetData>`; the source
    /// after it, and whether that end tag is one [`super::xlsx`] finds.
    fn events<R: BufRead>(&mut self, mut xml: quick_xml::Reader<R>) -> Option<(R, bool)> {
        let (mut buffer, mut inner, mut text, mut more) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut closing = String::new();
        loop {
            buffer.clear();
            match xml.read_event_into(&mut buffer).ok()? {
                Event::Start(e) if e.local_name().as_ref() == "row" => {
                    if let Some(r) = attribute(&e, "r")? {
                        self.row_number(r.as_bytes())?;
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "row" => self.row_end()?,
                Event::Start(e) if e.local_name().as_ref() == "c" => {
                    let (mut reference, mut style, mut kind) = (None, None, None);
                    if e.attributes_raw().as_bytes().contains(&0x0C) {
                        return None;
                    }
                    for attribute in e.attributes() {
                        let attribute = attribute.ok()?;
                        match attribute.key.as_ref() {
                            "r" => reference = Some(attribute.value),
                            "s" => style = Some(attribute.value),
                            "t" => kind = Some(attribute.value),
                            _ => {}
                        }
                    }
                    let (position, format) = self.cell_start(reference.as_deref(), style.as_deref())?;
                    let kind = kind.as_deref();
                    let mut value = Value::Data(DataRef::Empty);
                    let mut formula = None;
                    loop {
                        inner.clear();
                        match xml.read_event_into(&mut inner).ok()? {
                            Event::Start(e) if e.local_name().as_ref() == "f" => {
                                if attribute(&e, "t")?.is_some_and(|t| t.as_ref() == "shared") {
                                    return None;
                                }
                                closing.clear();
                                closing.push_str(e.name().as_ref());
                                formula = Some(read_text(&mut xml, &closing, &mut text)?);
                            }
                            Event::Start(e) => {
                                closing.clear();
                                closing.push_str(e.name().as_ref());
                                value = match (e.local_name().as_ref(), kind) {
                                    ("is", _) => Value::Data(DataRef::String(read_string(
                                        &mut xml, &closing, &mut text, &mut more,
                                    )?)),
                                    ("v", Some("inlineStr" | "is")) => {
                                        skip(&mut xml, &closing, &mut text)?;
                                        Value::Data(DataRef::Empty)
                                    }
                                    ("v", Some("n" | "s" | "b" | "e") | None) => {
                                        text.clear();
                                        let read = match xml.read_event_into(&mut text).ok()? {
                                            Event::Text(t) => {
                                                Some(plain_value(&t, kind, format, self.is_1904)?)
                                            }
                                            Event::End(end) if end.name().as_ref() == closing.as_str() => {
                                                None
                                            }
                                            Event::Eof => return None,
                                            _ => Some(Value::Data(DataRef::Empty)),
                                        };
                                        match read {
                                            Some(read) => {
                                                skip(&mut xml, &closing, &mut text)?;
                                                read
                                            }
                                            None => Value::Data(DataRef::Empty),
                                        }
                                    }
                                    ("v", Some("str")) => {
                                        let v = read_text(&mut xml, &closing, &mut text)?;
                                        Value::Data(DataRef::String(unescaped(&v).into_owned()))
                                    }
                                    ("v", Some("d")) => Value::Data(DataRef::DateTimeIso(read_text(
                                        &mut xml, &closing, &mut text,
                                    )?)),
                                    _ => return None,
                                };
                            }
                            Event::End(e) if e.local_name().as_ref() == "c" => break,
                            Event::Eof => return None,
                            _ => {}
                        }
                    }
                    self.put(position, value, formula)?;
                }
                Event::End(e) if e.local_name().as_ref() == "sheetData" => break,
                Event::Eof => return None,
                _ => {}
            }
        }
        // Whether `sheet_tail` finds this end tag (as read, `<` to `>`): `</…sheetData>`, no
        // space, a short prefix; it finds "sheetData>" with `</` at most 32 bytes before it.
        let plain = buffer.starts_with(b"</")
            && buffer.ends_with(b"sheetData>")
            && buffer.len() <= 42
            && buffer.iter().filter(|&&b| b == b'<').count() == 1;
        Some((xml.into_inner(), plain))
    }

    /// `sheetData`'s rows and cells read from the bytes, for the markup spreadsheet programs
    /// write: `<row …>`, `<c …>` with at most an `<f>` without attributes and a `<v>`, no
    /// entities, double-quoted attributes. At anything else it stops and hands over; what it
    /// reads, it reads as [`Cells::events`] does.
    fn bytes<S: Read>(&mut self, source: &mut S, chunk: u64) -> Option<Handover> {
        let mut buffer: Vec<u8> = Vec::with_capacity(chunk as usize);
        let (mut at, mut exhausted) = (0, false);
        loop {
            match self.element(buffer.get(at..)?)? {
                Step::Took(length) => at += length,
                Step::Ended(length) => return Some(Handover::Ended(buffer.split_off(at + length))),
                Step::Other => return Some(Handover::Other(buffer.split_off(at))),
                Step::More if exhausted => return Some(Handover::Other(buffer.split_off(at))),
                Step::More => {
                    buffer.drain(..at);
                    at = 0;
                    exhausted = source.by_ref().take(chunk).read_to_end(&mut buffer).ok()? == 0;
                }
            }
        }
    }

    /// One element (or run of whitespace) at the start of `xml`; None where the whole
    /// workbook is calamine's.
    fn element(&mut self, xml: &[u8]) -> Option<Step> {
        const ROW_END: &[u8] = b"</row>";
        const DATA_END: &[u8] = b"</sheetData>";
        let Some(&first) = xml.first() else { return Some(Step::More) };
        if first != b'<' {
            let spaces = xml.iter().take_while(|&&b| is_space(b)).count();
            return Some(if spaces == 0 { Step::Other } else { Step::Took(spaces) });
        }
        if xml.starts_with(ROW_END) {
            if self.open_rows == 0 {
                return Some(Step::Other);
            }
            self.open_rows -= 1;
            self.row_end()?;
            return Some(Step::Took(ROW_END.len()));
        }
        if xml.starts_with(DATA_END) {
            return Some(Step::Ended(DATA_END.len()));
        }
        if xml.len() <= DATA_END.len() {
            return Some(Step::More);
        }
        let Some(close) = memchr::memchr(b'>', xml) else { return Some(Step::More) };
        let tag = &xml[..close];
        // The event reader refuses a tag that is not UTF-8, in any attribute.
        if std::str::from_utf8(tag).is_err() {
            return Some(Step::Other);
        }
        let (tag, self_closing) = match tag.strip_suffix(b"/") {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let named =
            |name: &[u8]| tag.strip_prefix(name).filter(|rest| rest.first().is_none_or(|&b| is_space(b)));
        if let Some(attributes) = named(b"<row") {
            let Some([r]) = attributes_of(attributes, [b"r"]) else { return Some(Step::Other) };
            if let Some(r) = r {
                self.row_number(r)?;
            }
            match self_closing {
                true => self.row_end()?,
                false => self.open_rows += 1,
            }
            return Some(Step::Took(close + 1));
        }
        let Some(attributes) = named(b"<c") else { return Some(Step::Other) };
        let Some([reference, style, kind]) = attributes_of(attributes, [b"r", b"s", b"t"]) else {
            return Some(Step::Other);
        };
        let (Some(reference), Some(style), Some(kind)) = (text(reference), text(style), text(kind)) else {
            return Some(Step::Other);
        };
        let mut at = close + 1;
        let (mut formula, mut v) = (None, None);
        if !self_closing {
            // `[<f>…</f>][<v>…</v>]</c>`, each read up to the next `<`.
            for (open, end, slot) in [(&b"<f>"[..], &b"</f>"[..], &mut formula), (b"<v>", b"</v>", &mut v)] {
                match expect(xml, at, open) {
                    Ok(after) => {
                        let Some(length) = memchr::memchr(b'<', &xml[after..]) else {
                            return Some(Step::More);
                        };
                        *slot = Some(&xml[after..after + length]);
                        at = match expect(xml, after + length, end) {
                            Ok(after) => after,
                            Err(step) => return Some(step),
                        };
                    }
                    Err(Step::More) => return Some(Step::More),
                    Err(_) => {}
                }
            }
            at = match expect(xml, at, b"</c>") {
                Ok(after) => after,
                Err(step) => return Some(step),
            };
        }
        let formula = match formula.map(decoded) {
            Some(None) => return Some(Step::Other),
            Some(Some(formula)) => Some(formula.into_owned()),
            None => None,
        };
        // Idempotent: the event reader, if handed this cell, finds the same position.
        let (position, format) = self.cell_start(reference, style)?;
        // As `Cells::events` reads a `<v>`: by the cell's type, an empty one too.
        let value = match (v, kind) {
            (None, _) => Value::Data(DataRef::Empty),
            (Some([]), Some("n" | "s" | "b" | "e") | None) => Value::Data(DataRef::Empty),
            // The event reader reads a number's text up to its first entity.
            (Some(v), Some("n" | "s" | "b" | "e") | None) => match plain(v) {
                Some(v) => plain_value(v, kind, format, self.is_1904)?,
                None => return Some(Step::Other),
            },
            (Some(v), Some("str")) => match decoded(v) {
                Some(v) => Value::Data(DataRef::String(unescaped(&v).into_owned())),
                None => return Some(Step::Other),
            },
            (Some(v), Some("d")) => match decoded(v) {
                Some(v) => Value::Data(DataRef::DateTimeIso(v.into_owned())),
                None => return Some(Step::Other),
            },
            (Some(_), Some(_)) => return Some(Step::Other),
        };
        self.put(position, value, formula)?;
        Some(Step::Took(at))
    }

    /// A row's `r`: 1–9 digits, which calamine reads alike; anything else is left to it.
    fn row_number(&mut self, r: &[u8]) -> Option<()> {
        if r.is_empty() || r.len() > 9 || r.iter().any(|b| !b.is_ascii_digit()) {
            return None;
        }
        self.row_index = std::str::from_utf8(r).ok()?.parse::<u32>().ok()?.checked_sub(1)?;
        Some(())
    }

    fn row_end(&mut self) -> Option<()> {
        self.row_index = self.row_index.checked_add(1)?;
        self.column_index = 0;
        Some(())
    }

    /// A cell's position (its reference, else the next in its row) and number format.
    fn cell_start(
        &mut self,
        reference: Option<&str>,
        style: Option<&str>,
    ) -> Option<(Position, Option<NumberFormat>)> {
        let position = match reference {
            Some(reference) => {
                let (row, column) = reference_position(reference)?;
                self.column_index = column;
                (row, column)
            }
            None => (self.row_index, self.column_index),
        };
        let format = match style {
            Some(id) => self.formats.get(digits_or_zero(id)).copied(),
            None => Some(NumberFormat::Other),
        };
        Some((position, format))
    }

    fn put(&mut self, position: Position, value: Value, formula: Option<String>) -> Option<()> {
        self.column_index = self.column_index.checked_add(1)?;
        in_grid(position).ok()?;
        if let Some(formula) = formula.filter(|f| !f.is_empty()) {
            self.found.formulas.push((position, formula));
        }
        let value = match value {
            Value::Shared(index) => {
                self.found.shared.push((position.0, position.1, index));
                Cell::Text(String::new())
            }
            Value::Data(data) => cell(data),
        };
        if value == Cell::Empty {
            return Some(());
        }
        let (row, column) = (position.0 as usize, position.1 as usize);
        let rows = &mut self.found.rows;
        if rows.len() <= row {
            let width = rows.last().map_or(0, Vec::len);
            rows.resize_with(row, Vec::new);
            rows.push(Vec::with_capacity(width));
            if row >= self.reported + PROGRESS_ROWS {
                self.reported = row;
                (self.progress)(row, self.declared);
            }
        }
        let cells = rows.get_mut(row)?;
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        let slot = cells.get_mut(column)?;
        // A second cell at one position (a repeated reference) is calamine's to settle: here
        // an empty text would pass for a shared string still to come.
        if *slot != Cell::Empty {
            return None;
        }
        *slot = value;
        Some(())
    }
}

fn text(bytes: Option<&[u8]>) -> Option<Option<&str>> {
    bytes.map(std::str::from_utf8).transpose().ok()
}

/// Text with nothing the event reader would decode (entities, line ends), else None.
fn plain(bytes: &[u8]) -> Option<&str> {
    match bytes.iter().any(|&b| b == b'&' || b == b'\r') {
        true => None,
        false => std::str::from_utf8(bytes).ok(),
    }
}

/// Text with XML's five predefined entities resolved (XML 1.0 §4.6), as the event reader
/// resolves them; None for a character reference or a line end, which are left to it.
fn decoded(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let text = std::str::from_utf8(bytes).ok()?;
    if text.contains('\r') {
        return None;
    }
    if !text.contains('&') {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';')?;
        out.push(match &after[..end] {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => return None,
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `literal` at `at` in `xml`: the position after it, or More when `xml` ends inside it, or
/// Other.
fn expect(xml: &[u8], at: usize, literal: &[u8]) -> Result<usize, Step> {
    let rest = xml.get(at..).ok_or(Step::Other)?;
    if rest.starts_with(literal) {
        Ok(at + literal.len())
    } else if rest.len() < literal.len() && literal.starts_with(rest) {
        Err(Step::More)
    } else {
        Err(Step::Other)
    }
}

/// The values of the attributes `keys` in a tag's attribute list, None unless every attribute
/// is `name="value"` with one space or more before it, no name twice and no `&` or `<` in a value.
fn attributes_of<'x, const N: usize>(mut list: &'x [u8], keys: [&[u8]; N]) -> Option<[Option<&'x [u8]>; N]> {
    const MOST: usize = 8;
    let mut found = [None; N];
    let (mut names, mut count): ([&[u8]; MOST], usize) = ([&[]; MOST], 0);
    loop {
        let spaces = list.iter().take_while(|&&b| is_space(b)).count();
        list = &list[spaces..];
        if list.is_empty() {
            return Some(found);
        }
        let equals = memchr::memchr(b'=', list)?;
        let name = &list[..equals];
        let value = list.get(equals + 1..)?.strip_prefix(b"\"")?;
        let length = memchr::memchr(b'"', value)?;
        let (value, rest) = (&value[..length], &value[length + 1..]);
        let name_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-');
        if spaces == 0
            || name.is_empty()
            || !name.iter().all(name_byte)
            || value.iter().any(|&b| b == b'&' || b == b'<')
        {
            return None;
        }
        if count == MOST || names[..count].contains(&name) {
            return None;
        }
        names[count] = name;
        count += 1;
        if let Some(slot) = keys.iter().position(|key| *key == name) {
            found[slot] = Some(value);
        }
        list = rest;
    }
}

/// `tail` from after its last `</sheetData>` on, as [`super::xlsx`]'s `sheet_tail` keeps it;
/// whether there was one.
fn after_last_closing(tail: &mut Vec<u8>) -> bool {
    // Each search starts (and looks back no further than) where the last closing ended, as
    // `sheet_tail` sees its tail after each drain; one drain at the end.
    let mut from = 0;
    while let Some(end) = tail.get(from..).and_then(closing_sheet_data) {
        from += end;
    }
    tail.drain(..from);
    from > 0
}

/// Where the first `</sheetData>` (any prefix) ends.
fn closing_sheet_data(xml: &[u8]) -> Option<usize> {
    const MARK: &[u8] = b"sheetData>";
    const LOOK_BACK: usize = 32;
    memchr::memmem::find_iter(xml, MARK).find_map(|at| {
        let from = at.saturating_sub(LOOK_BACK);
        let open = memchr::memrchr(b'<', &xml[from..at])?;
        (xml.get(from + open + 1) == Some(&b'/')).then_some(at + MARK.len())
    })
}

/// A `<v>` of a number, shared string or boolean: plain ASCII, read as calamine reads it,
/// None where calamine would refuse it or read it by a rule not followed here.
fn plain_value(v: &str, kind: Option<&str>, format: Option<NumberFormat>, is_1904: bool) -> Option<Value> {
    Some(match kind {
        Some("s") if v.is_empty() => Value::Data(DataRef::Empty),
        Some("s") if v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit()) => Value::Shared(v.parse().ok()?),
        Some("b") => Value::Data(match v.trim() {
            "" => DataRef::Empty,
            t if t == "0" || t.eq_ignore_ascii_case("false") => DataRef::Bool(false),
            t if t == "1" || t.eq_ignore_ascii_case("true") => DataRef::Bool(true),
            _ => return None,
        }),
        Some("n") | None if v.is_empty() => Value::Data(DataRef::Empty),
        Some("n") | None if is_plain_number(v) => {
            let number = v.parse::<f64>().ok()?;
            Value::Data(match format {
                Some(NumberFormat::DateTime) => {
                    DataRef::DateTime(ExcelDateTime::new(number, ExcelDateTimeType::DateTime, is_1904))
                }
                Some(NumberFormat::TimeDelta) => {
                    DataRef::DateTime(ExcelDateTime::new(number, ExcelDateTimeType::TimeDelta, is_1904))
                }
                _ => DataRef::Float(number),
            })
        }
        _ => return None,
    })
}

/// A style id as calamine reads it: its digits, else 0 (the default style).
fn digits_or_zero(id: &str) -> usize {
    match id.bytes().all(|b| b.is_ascii_digit()) {
        true => id.parse().unwrap_or(0),
        false => 0,
    }
}

/// `[-]digits[.digits][e[±]digits]`: the numbers Excel writes, which any correct float parser
/// reads alike.
fn is_plain_number(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v).as_bytes();
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let whole = digits(v);
    let mut at = whole;
    let mut fraction = 0;
    if v.get(at) == Some(&b'.') {
        fraction = digits(&v[at + 1..]);
        at += 1 + fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(v.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(v.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(&v[at.min(v.len())..]);
        if exponent == 0 {
            return false;
        }
        at += exponent;
    }
    at == v.len()
}

/// An element's text up to its end tag `closing`, entities resolved, line ends as XML 1.0
/// makes them.
fn read_text<R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    closing: &str,
    buffer: &mut Vec<u8>,
) -> Option<String> {
    let mut value = String::new();
    loop {
        buffer.clear();
        match xml.read_event_into(buffer).ok()? {
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => entity(&r, &mut value)?,
            Event::End(end) if end.name().as_ref() == closing => return Some(value),
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn skip<R: BufRead>(xml: &mut quick_xml::Reader<R>, closing: &str, buffer: &mut Vec<u8>) -> Option<()> {
    buffer.clear();
    xml.read_to_end_into(quick_xml::name::QName(closing), buffer).ok()?;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ECMA-376 Part 1 §18.8.30's built-in formats: 14–22 and 45–47 show dates and times,
    /// 46 (`[h]:mm:ss`) an elapsed time; 0–13 and 37–44, 48, 49 numbers and text.
    #[test]
    fn built_in_formats_are_classed_by_the_table() {
        for id in ["14", "15", "17", "20", "22", "45", "47", "27", "58"] {
            assert_eq!(built_in(id), NumberFormat::DateTime, "{id}");
        }
        assert_eq!(built_in("46"), NumberFormat::TimeDelta);
        for id in ["0", "1", "4", "9", "11", "13", "37", "44", "48", "49", "164", "", "x", "014"] {
            assert_eq!(built_in(id), NumberFormat::Other, "{id:?}");
        }
    }

    /// Format codes as Excel's dialog writes them (§18.8.31): the first section decides;
    /// quoted text, escaped characters and bracketed colours or locales are not tokens.
    #[test]
    fn custom_formats_are_classed_by_their_first_section() {
        for code in ["yyyy-mm-dd", "d/m/yy h:mm AM/PM", "hh:mm", "[$-409]mmmm d, yyyy", "a/p", "DD.MM.YYYY"] {
            assert_eq!(custom_format(code), NumberFormat::DateTime, "{code}");
        }
        for code in ["[h]:mm:ss", "[mm]:ss", "[s]"] {
            assert_eq!(custom_format(code), NumberFormat::TimeDelta, "{code}");
        }
        for code in [
            "0.00",
            "#,##0;[Red]-#,##0",
            "\"day\" 0",
            "0\\d",
            "_(* #,##0_)",
            "@",
            "0.0E+00",
            "General;[h]",
            "[Blue]0",
        ] {
            assert_eq!(custom_format(code), NumberFormat::Other, "{code}");
        }
    }

    /// The byte scanner, with the part arriving a few bytes at a time so that every element
    /// is cut somewhere, reads what quick-xml's events read, whatever it hands over.
    #[test]
    fn the_byte_scanner_reads_what_the_events_read_in_any_chunks() {
        let rows = [
            r#"<row r="1" spans="1:4"><c r="A1" t="s"><v>3</v></c><c r="B1" s="1"><v>45000.5</v></c>"#,
            r#"<c r="C1" t="b"><v>1</v></c><c r="D1" t="str"><f>A1&amp;"x"</f><v>ax</v></c></row>"#,
            r#"<row r="2"><c r="A2"><f>SUM(B1:B9)</f><v>12</v></c><c r="B2" t="d"><v>2024-03-01</v></c>"#,
            r#"<c r="C2"/><c r="D2" t="str"><f>B1</f><v>a_x0041_b</v></c><c><v>-1.5E-3</v></c></row>"#,
            "\n  <row r=\"4\"/><row><c t=\"n\"><v></v></c><c><f>NOW()</f></c></row>",
            r#"<row r="7"><c r="E7" t="inlineStr"><is><t>inline</t></is></c><c r="F7"><v>7</v></c></row>"#,
            r#"<row r="8"><c r="A8"><v>8</v></c></row></sheetData><mergeCells count="1"></mergeCells>"#,
        ];
        // The last rows hand over at the inline string; without them the scanner reads to the end.
        for take in [rows.len(), 5] {
            let xml: String = rows[..take].concat() + if take == 5 { "</sheetData><x/>" } else { "" };
            let formats = [NumberFormat::Other, NumberFormat::DateTime];
            let read = |chunk: Option<u64>| {
                let mut progress = |_: usize, _: usize| {};
                let mut cells = Cells::new(1, (&formats, false), &mut progress);
                let tail = match chunk {
                    Some(chunk) if take == 5 => {
                        // Markup as spreadsheet programs write it: the scanner's alone.
                        let mut source = xml.as_bytes();
                        match cells.bytes(&mut source, chunk) {
                            Some(Handover::Ended(mut rest)) => Some({
                                rest.extend(source);
                                rest
                            }),
                            _ => None,
                        }
                    }
                    Some(chunk) => cells.sheet_data(xml.as_bytes(), 2, chunk).map(|(tail, _)| tail),
                    None => {
                        let events = reader(Cursor::new(format!("<w><d>{xml}").into_bytes()));
                        cells.events(events).map(|(mut rest, plain)| {
                            assert!(plain, "</sheetData> as sheet_tail finds it");
                            let mut tail = Vec::new();
                            rest.read_to_end(&mut tail).map(|_| tail).unwrap_or_default()
                        })
                    }
                };
                (tail, cells.found)
            };
            let (tail, expected) = read(None);
            assert!(
                tail.is_some() && expected.rows.len() >= 2 && expected.formulas.len() == 4,
                "{expected:?}"
            );
            for chunk in 1..=64 {
                assert_eq!(read(Some(chunk)), (tail.clone(), expected.clone()), "chunks of {chunk}");
            }
        }
    }

    #[test]
    fn plain_numbers_are_the_ones_excel_writes() {
        for v in ["0", "-12", "3.25", "1E+300", "-4.5e-7", ".5", "7."] {
            assert!(is_plain_number(v), "{v}");
        }
        for v in ["", "-", ".", "+3", "1e", "1e+", "NaN", "inf", "12abc", " 4", "1.2.3", "0x10"] {
            assert!(!is_plain_number(v), "{v:?}");
        }
    }
}
