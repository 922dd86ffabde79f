//! The zip package of an .xlsx: its parts read, its sheets found, and the package written
//! again with some parts replaced and the rest copied as they were.

use super::xml::each_element;
use super::PackageError;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// A new package being written. The same writer type as rust_xlsxwriter's `save_to_buffer`,
/// so the page's wasm holds one copy of the zip writer's code, not two.
pub(crate) type Package<'a> = zip::ZipWriter<zip::write::StreamWriter<Cursor<&'a mut Vec<u8>>>>;

/// The deflate level of every part pinsheet compresses (of 9): deflate dominates writing, and
/// 2 is ~25% faster than the default 6 for a file ~13% larger (BENCHMARKS.md).
pub(crate) const LEVEL: u8 = 2;

/// The zip `package` again, part by part in order: the parts `claims` names are compressed
/// anew (at [`LEVEL`]) from what `rewrite` writes for them, given their old bytes; every
/// other part is copied as it was, still compressed; then the parts `added` names are written
/// after them, from what `rewrite` writes given no old bytes. `large` allows parts over 4 GB
/// (ZIP64).
///
/// # Errors
///
/// `rewrite`'s own errors, and a [`PackageError`] (made into an `E`) when `package` is not a
/// zip ([`PackageError::NotZip`]), one of its entries or parts cannot be read
/// ([`PackageError::Entry`], [`PackageError::Part`]) or the new package cannot be written
/// ([`PackageError::Write`]).
pub(crate) fn repack<E: From<PackageError>>(
    package: &[u8],
    capacity: usize,
    large: bool,
    claims: impl Fn(&str) -> bool,
    added: &[String],
    mut rewrite: impl FnMut(&str, &[u8], &mut Package<'_>) -> Result<(), E>,
) -> Result<Vec<u8>, E> {
    let mut archive = ZipArchive::new(Cursor::new(package)).map_err(PackageError::NotZip)?;
    let mut bytes = Vec::with_capacity(capacity);
    let mut out = zip::ZipWriter::new_stream(Cursor::new(&mut bytes));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(LEVEL)))
        .large_file(large);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(PackageError::Entry)?;
        let name = entry.name().map_err(PackageError::Entry)?.to_string();
        if !claims(&name) {
            out.raw_copy_file(entry).map_err(PackageError::Write)?;
            continue;
        }
        drop(entry);
        let old = read_part(&mut archive, &name)?;
        out.start_file(name.as_str(), options).map_err(PackageError::Write)?;
        rewrite(&name, &old, &mut out)?;
    }
    for name in added {
        out.start_file(name.as_str(), options).map_err(PackageError::Write)?;
        rewrite(name, &[], &mut out)?;
    }
    out.finish().map_err(PackageError::Write)?;
    Ok(bytes)
}

/// Every worksheet's name and zip path, in tab order: workbook.xml's `<sheet name r:id>`,
/// then the workbook's relationships. Sheets whose relationship is missing are left out.
///
/// # Errors
///
/// [`PackageError::Part`] when either part is missing or damaged, [`PackageError::Xml`] when
/// its XML is not well-formed.
pub(crate) fn sheet_parts(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
) -> Result<Vec<(String, String)>, PackageError> {
    let workbook = read_part(archive, "xl/workbook.xml")?;
    let mut sheets = Vec::new();
    each_element(&workbook, |element, attributes| {
        let name = attributes.iter().find(|(k, _)| k == "name");
        let id = attributes.iter().find(|(k, _)| k == "r:id" || k.ends_with(":id"));
        if let (true, Some((_, name)), Some((_, id))) = (element == "sheet", name, id) {
            sheets.push((name.clone(), id.clone()));
        }
    })?;
    let rels = read_part(archive, "xl/_rels/workbook.xml.rels")?;
    let mut targets = std::collections::HashMap::new();
    each_element(&rels, |element, attributes| {
        let id = attributes.iter().find(|(k, _)| k == "Id");
        let target = attributes.iter().find(|(k, _)| k == "Target");
        if let (true, Some((_, id)), Some((_, target))) = (element == "Relationship", id, target) {
            targets.insert(id.clone(), target.clone());
        }
    })?;
    Ok(sheets
        .into_iter()
        .filter_map(|(name, id)| {
            let target = targets.get(&id)?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect())
}

/// The zip path of the worksheet named `name` (see [`sheet_parts`]).
///
/// # Errors
///
/// As [`sheet_parts`], and [`PackageError::NoSheet`] when the workbook has no such sheet.
pub(crate) fn sheet_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, PackageError> {
    sheet_parts(archive)?
        .into_iter()
        .find(|(sheet, _)| sheet == name)
        .map(|(_, part)| part)
        .ok_or_else(|| PackageError::NoSheet(name.to_string()))
}

/// The relationships part of the part at `path` (`xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`, ECMA-376 Part 2 §9.3.3).
pub(crate) fn relationships_part(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/_rels/{name}.rels"),
        None => format!("_rels/{path}.rels"),
    }
}

/// The inflated bytes of the part at `path`.
///
/// # Errors
///
/// [`PackageError::Part`] when the package has no such part or it cannot be inflated.
pub(crate) fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    path: &str,
) -> Result<Vec<u8>, PackageError> {
    let part = |source| PackageError::Part { part: path.to_string(), source };
    let mut bytes = Vec::new();
    let mut entry = archive.by_name(path).map_err(part)?;
    entry.read_to_end(&mut bytes).map_err(|e| part(e.into()))?;
    Ok(bytes)
}
