//! The bytes as the worksheet XML of an otherwise valid .xlsx, read by the fast path and by
//! calamine (pinsheet_core::read_xlsx_both): wherever the fast path reads the sheet, calamine
//! must read it too, and every cell, formula, hyperlink and merged range must be equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "package.rs"]
mod package;
use package::{package, NS};

fuzz_target!(|data: &[u8]| {
    let workbook = format!(r#"<workbook {NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let strings = format!(r#"<sst {NS} count="3" uniqueCount="3"><si><t>one</t></si><si><r><t>two </t></r><r><t xml:space="preserve"> runs</t></r></si><si><t>https://maps.google.com/?q=1,2</t></si></sst>"#);
    let styles = format!(r#"<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs></styleSheet>"#);
    let bytes = package(&[
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/sharedStrings.xml", strings.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/worksheets/sheet1.xml", data),
    ]);
    let (fast, calamine) = pinsheet_core::read_xlsx_both(&bytes);
    if let Some(fast) = fast {
        match calamine {
            Ok(calamine) => assert_eq!(fast, calamine, "the fast path and calamine read the sheet differently"),
            Err(error) => panic!("calamine refused what the fast path read: {error}"),
        }
    }
});
