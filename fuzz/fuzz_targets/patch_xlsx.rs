//! Any bytes as the original package of "keep formatting": read, convert, then patched with
//! the new columns — and the bytes as the sheet XML of an otherwise valid .xlsx, so the
//! fuzzer also reaches the splice. Nothing may panic; a refusal is a `PatchError`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn package(sheet: &[u8]) -> Vec<u8> {
    let workbook = format!(r#"<workbook {NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let parts: [(&str, &[u8]); 3] =
        [("xl/workbook.xml", workbook.as_bytes()), ("xl/_rels/workbook.xml.rels", rels.as_bytes()), ("xl/worksheets/sheet1.xml", sheet)];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        if zip.start_file(name, options).is_err() || zip.write_all(data).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn run(original: &[u8]) {
    let Ok(workbook) = pinsheet_core::read(original, "fuzz.xlsx") else { return };
    let Some(target) = pinsheet_core::detect(&workbook) else { return };
    let conversion = pinsheet_core::convert(&workbook, &target, |_, _| {});
    if let Ok(patched) = pinsheet_core::patch_xlsx(original, &workbook, &conversion) {
        // What comes out is a package pinsheet reads again.
        let _ = pinsheet_core::read(&patched, "patched.xlsx");
    }
}

fuzz_target!(|data: &[u8]| {
    run(data);
    run(&package(data));
});
