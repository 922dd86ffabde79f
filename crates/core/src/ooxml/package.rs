//! The zip package of an .xlsx: its parts read, its sheets found, and the package written
//! again with some parts replaced and the rest copied as they were.

use super::xml::each_element;
use crate::patch::PatchError;
use std::io::{Cursor, Read};

/// A new package being written. The same writer type as rust_xlsxwriter's `save_to_buffer`,
/// so the page's wasm holds one copy of the zip writer's code, not two.
pub(crate) type Package<'a> = zip::ZipWriter<zip::write::StreamWriter<Cursor<&'a mut Vec<u8>>>>;

/// The zip `package` again, part by part in order: the parts `claims` names are compressed
/// anew (level 2 of 9) from what `rewrite` writes for them, given their old bytes; every
/// other part is copied as it was, still compressed. `large` allows parts over 4 GB (ZIP64).
pub(crate) fn repack<E: From<String>>(
    package: &[u8],
    capacity: usize,
    large: bool,
    claims: impl Fn(&str) -> bool,
    mut rewrite: impl FnMut(&str, &[u8], &mut Package<'_>) -> Result<(), E>,
) -> Result<Vec<u8>, E> {
    let error = |e: &dyn std::fmt::Display| E::from(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| error(&e))?;
    let mut bytes = Vec::with_capacity(capacity);
    let mut out = zip::ZipWriter::new_stream(Cursor::new(&mut bytes));
    // Level 2: deflate dominates writing; ~25% faster than the default 6 for a file ~13%
    // larger (BENCHMARKS.md).
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(2))
        .large_file(large);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| error(&e))?;
        let name = entry.name().map_err(|e| error(&e))?.to_string();
        if !claims(&name) {
            out.raw_copy_file(entry).map_err(|e| error(&e))?;
            continue;
        }
        drop(entry);
        let mut old = Vec::new();
        archive.by_name(&name).map_err(|e| error(&e))?.read_to_end(&mut old).map_err(|e| error(&e))?;
        out.start_file(name.as_str(), options).map_err(|e| error(&e))?;
        rewrite(&name, &old, &mut out)?;
    }
    out.finish().map_err(|e| error(&e))?;
    Ok(bytes)
}

/// Every worksheet's name and zip path, in tab order: workbook.xml's `<sheet name r:id>`,
/// then the workbook's relationships. Sheets whose relationship is missing are left out.
pub(crate) fn sheet_parts(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<Vec<(String, String)>, PatchError> {
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

pub(crate) fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    path: &str,
) -> Result<Vec<u8>, PatchError> {
    let mut bytes = Vec::new();
    archive
        .by_name(path)
        .map_err(|e| PatchError::NotXlsx(format!("{path}: {e}")))?
        .read_to_end(&mut bytes)
        .map_err(|e| PatchError::NotXlsx(format!("{path}: {e}")))?;
    Ok(bytes)
}
