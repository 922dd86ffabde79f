//! The bytes as the parts around a sheet — `\0`-separated: the sheet XML, workbook.xml, its
//! relationships, the package relationships, styles.xml, sharedStrings.xml; a part left out
//! is the usual one — read by the fast path and by calamine: wherever the fast path reads the
//! package, calamine must read it too, and every sheet and cell must be equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "package.rs"]
mod package;
use package::{package, NS};

fuzz_target!(|data: &[u8]| {
    let workbook = format!(r#"<workbook {NS}><workbookPr date1904="0"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let styles = format!(r#"<styleSheet {NS}><fonts count="1"><font><name val="Calibri"/></font></fonts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#);
    let strings = format!(r#"<sst {NS} count="2" uniqueCount="2"><si><t>one</t></si><si><t>two</t></si></sst>"#);
    let mut given = data.split(|&b| b == 0);
    let mut part = |usual: &[u8]| given.next().map_or_else(|| usual.to_vec(), <[u8]>::to_vec);
    let sheet = part(br#"<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>"#);
    let (workbook, rels, root) = (part(workbook.as_bytes()), part(rels.as_bytes()), part(root.as_bytes()));
    let (styles, strings) = (part(styles.as_bytes()), part(strings.as_bytes()));
    let bytes = package(&[
        ("xl/workbook.xml", &workbook),
        ("xl/_rels/workbook.xml.rels", &rels),
        ("_rels/.rels", &root),
        ("xl/sharedStrings.xml", &strings),
        ("xl/styles.xml", &styles),
        ("xl/worksheets/sheet1.xml", &sheet),
    ]);
    let (fast, calamine) = pinsheet_core::read_xlsx_both(&bytes);
    if let Some(fast) = fast {
        match calamine {
            Ok(calamine) => assert_eq!(fast, calamine, "the fast path and calamine read the package differently"),
            Err(error) => panic!("calamine refused what the fast path read: {error}"),
        }
    }
});
