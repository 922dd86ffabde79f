//! The bytes as the worksheet XML of an otherwise valid .xlsx (and as the content.xml of an
//! otherwise valid .ods), so the fuzzer spends its time inside the sheet readers rather than
//! on zip headers it would rarely get right.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "package.rs"]
mod package;
use package::{package, NS};

fn run(bytes: &[u8]) {
    if let Ok(workbook) = pinsheet_core::read(bytes, "fuzz") {
        if let Some(plan) = pinsheet_core::detect(&workbook) {
            let conversion = pinsheet_core::convert(&workbook, &plan, |_, _| {});
            let _ = pinsheet_core::write_xlsx(&workbook, &conversion, pinsheet_core::Placement::AfterLink);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let workbook = format!(r#"<workbook {NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    run(&package(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", data),
        ("xl/worksheets/_rels/sheet1.xml.rels", rels.as_bytes()),
    ]));
    run(&package(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", data),
    ]));
});
