//! The fast .xlsx reader (read/xlsx_fast.rs) against calamine, the reader it stands in for:
//! wherever the fast path reads a workbook, calamine must read it and every sheet, cell,
//! formula, hyperlink and merged range must be equal. The inputs are files other programs
//! wrote (LibreOffice, openpyxl, rust_xlsxwriter, Excel's conventions as ECMA-376 gives them),
//! pinsheet's own output (people convert a converted file again), and worksheets generated
//! from the grammar of ECMA-376 Part 1 §18.3.1 and §18.4 with the corners the fast path must
//! either read as calamine does or leave to it.

use pinsheet_core::{read_xlsx_both, Workbook};
use proptest::prelude::*;
use std::io::Write;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The fast path read `bytes`, and read them as calamine does.
fn assert_same(bytes: &[u8], what: &str) -> Workbook {
    let (fast, calamine) = read_xlsx_both(bytes);
    let fast = fast.unwrap_or_else(|| panic!("{what}: the fast path left it to calamine"));
    let calamine = calamine.unwrap_or_else(|e| panic!("{what}: calamine refused it: {e}"));
    for (a, b) in fast.sheets.iter().zip(&calamine.sheets) {
        assert_eq!(a.name, b.name, "{what}");
        for (row, (x, y)) in a.rows.iter().zip(&b.rows).enumerate() {
            assert_eq!(x, y, "{what}: sheet {}, row {row}", a.name);
        }
    }
    assert_eq!(fast, calamine, "{what}");
    fast
}

#[test]
fn files_other_programs_wrote_read_alike() {
    for path in [
        "tests/fixtures/libreoffice/links.xlsx",
        "tests/fixtures/openpyxl/uncached.xlsx",
        "public/example.xlsx",
    ] {
        let workbook = assert_same(&fixture(path), path);
        assert!(workbook.sheets.iter().any(|s| !s.rows.is_empty()), "{path} has cells");
    }
}

/// A workbook as rust_xlsxwriter writes one — shared strings, numbers, dates and times in
/// several formats, booleans, formulas with and without results, rich strings, every kind of
/// hyperlink, merged ranges, two sheets — and pinsheet's own conversion of it.
#[test]
fn rust_xlsxwriter_workbooks_and_pinsheets_output_read_alike() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Url, Workbook as Book};
    let mut book = Book::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("hh:mm:ss");
    let elapsed = Format::new().set_num_format("[h]:mm");
    let money = Format::new().set_num_format("\"$\"#,##0.00;[Red]-\"$\"#,##0.00");
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Stops & sites").unwrap();
    for (k, header) in
        ["Name", "Link", "Date", "Time", "Hours", "Cost", "Done", "Formula", "Web"].iter().enumerate()
    {
        sheet.write_string_with_format(0, k as u16, *header, &bold).unwrap();
    }
    for row in 1..400u32 {
        let r = f64::from(row);
        sheet.write_string(row, 0, format!("  Stop {row} <&> \"é\"  ")).unwrap();
        sheet
            .write_string(
                row,
                1,
                format!(
                    "https://www.google.com/maps/place/X/@48.{row},2.{row},17z/data=!3d48.{row}!4d2.{row}"
                ),
            )
            .unwrap();
        let day = ExcelDateTime::from_ymd(2024, 1 + (row % 12) as u8, 1 + (row % 28) as u8).unwrap();
        sheet.write_datetime_with_format(row, 2, &day, &date).unwrap();
        sheet.write_number_with_format(row, 3, r / 401.0, &time).unwrap();
        sheet.write_number_with_format(row, 4, r / 7.0, &elapsed).unwrap();
        sheet.write_number_with_format(row, 5, -r * 1.25e-3, &money).unwrap();
        sheet.write_boolean(row, 6, row % 3 == 0).unwrap();
        let formula = Formula::new(format!("=A{}&\"!\"", row + 1));
        if row % 2 == 0 {
            sheet.write_formula(row, 7, formula.set_result(format!("Stop {row}!"))).unwrap();
        } else {
            sheet.write_formula(row, 7, formula).unwrap();
        }
        match row % 4 {
            0 => {
                sheet.write_url(row, 8, Url::new(format!("https://example.com/{row}?q=a b")).set_text("site"))
            }
            1 => sheet.write_url(row, 8, Url::new(format!("internal:'Stops & sites'!A{row}"))),
            2 => sheet.write_url(row, 8, Url::new("mailto:team@example.com")),
            _ => sheet.write_string(row, 8, ""),
        }
        .unwrap();
    }
    sheet.merge_range(401, 0, 402, 3, "merged", &bold).unwrap();
    sheet.write_rich_string(403, 0, &[(&bold, "rich "), (&Format::new(), "text")]).unwrap();
    sheet.write_number(1_000, 200, 1.5).unwrap();
    let other = book.add_worksheet().set_name("Second").unwrap();
    other.write_string(5, 2, "alone").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let workbook = assert_same(&bytes, "rust_xlsxwriter workbook");
    assert!(!workbook.sheets[0].hyperlinks.is_empty() && !workbook.sheets[0].merged.is_empty());
    assert!(!workbook.sheets[0].formulas.is_empty());

    let plan = pinsheet_core::detect(&workbook).unwrap();
    let conversion = pinsheet_core::convert(&workbook, &plan, |_, _| {});
    let output =
        pinsheet_core::write_xlsx(&workbook, &conversion, pinsheet_core::Placement::AfterLink).unwrap();
    assert_same(&output, "pinsheet's output");
}

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A package around one worksheet's XML, its shared strings and styles, compressed as Excel
/// compresses parts (deflate).
fn package(
    sheet: &(impl AsRef<[u8]> + ?Sized),
    strings: Option<&str>,
    styles: Option<&str>,
    rels: Option<&str>,
    date1904: &str,
) -> Vec<u8> {
    zip_of(&parts(sheet.as_ref(), strings, styles, rels, date1904))
}

type Parts = Vec<(String, Vec<u8>)>;

/// The parts of [`package`], by name, for a test to change one.
fn parts(
    sheet: &[u8],
    strings: Option<&str>,
    styles: Option<&str>,
    rels: Option<&str>,
    date1904: &str,
) -> Vec<(String, Vec<u8>)> {
    let workbook = format!(
        r#"<workbook {NS}>{date1904}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    let mut parts = vec![
        ("[Content_Types].xml", types.to_string()),
        ("_rels/.rels", root.to_string()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels.to_string()),
    ];
    for (name, part) in [
        ("xl/sharedStrings.xml", strings),
        ("xl/styles.xml", styles),
        ("xl/worksheets/_rels/sheet1.xml.rels", rels),
    ] {
        if let Some(part) = part {
            parts.push((name, part.to_string()));
        }
    }
    let mut parts: Vec<(String, Vec<u8>)> =
        parts.into_iter().map(|(name, data)| (name.to_string(), data.into_bytes())).collect();
    parts.push(("xl/worksheets/sheet1.xml".to_string(), sheet.to_vec()));
    parts
}

/// A zip of `parts`, deflated as Excel deflates them.
fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Text as people type it, with what XML and Excel make of it: entities, line ends, spaces
/// at the ends, non-ASCII, an `_xHHHH_` escape, CDATA.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.:/@!-]{0,12}",
        Just("  padded  ".to_string()),
        Just("a &amp; b &lt;c&gt; &#233;&#x4E2D;".to_string()),
        Just("line\r\nbreak\rend\n".to_string()),
        Just("Zürich 東京 🗺".to_string()),
        Just("tab\there".to_string()),
        Just("carriage_x000D_return".to_string()),
        Just("map _xD83D__xDDFA_, lone _xD800_, typed _x005F_x0041_".to_string()),
        Just("<![CDATA[raw <b> & ]]>".to_string()),
        Just(String::new()),
        Just("&unknown;".to_string()),
    ]
}

/// A string item's body (`si` or `is`): plain, rich text runs, a phonetic run, kept spaces.
fn string_item() -> impl Strategy<Value = String> {
    prop_oneof![
        text().prop_map(|t| format!("<t>{t}</t>")),
        text().prop_map(|t| format!(r#"<t xml:space="preserve">{t}</t>"#)),
        (text(), text()).prop_map(|(a, b)| format!(
            r#"<r><rPr><b/></rPr><t>{a}</t></r><r><t xml:space="preserve">{b}</t></r>"#
        )),
        (text(), text()).prop_map(|(a, b)| format!("<t>{a}</t><rPh sb=\"0\" eb=\"1\"><t>{b}</t></rPh>")),
        Just(String::new()),
        Just("<t/>".to_string()),
    ]
}

/// A number as a `<v>` holds it: what Excel writes, and a few it does not.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-1e6f64..1e6).prop_map(|n| n.to_string()),
        2 => (0u32..80_000).prop_map(|n| n.to_string()),
        1 => (-1e-3f64..1e-3).prop_map(|n| format!("{n:e}")),
        1 => prop_oneof![Just("1E+300"), Just(".5"), Just("7."), Just("+3"), Just("1e"), Just("NaN"), Just("inf"), Just("12abc"), Just(" 4"), Just("")].prop_map(str::to_string),
    ]
}

/// One cell: its reference or none, its style, its type and content.
fn cell(strings: usize) -> impl Strategy<Value = (Option<(u32, u32)>, Option<u32>, String)> {
    let body = prop_oneof![
        4 => (0..strings.max(1)).prop_map(|k| format!(r#" t="s"><v>{k}</v>"#)),
        1 => Just(format!(r#" t="s"><v>{strings}</v>"#)),
        3 => number().prop_map(|n| format!("><v>{n}</v>")),
        1 => number().prop_map(|n| format!(r#" t="n"><v>{n}</v>"#)),
        1 => prop_oneof![Just("0"), Just("1"), Just("true"), Just("FALSE"), Just(" 1 "), Just("2"), Just("")].prop_map(|b| format!(r#" t="b"><v>{b}</v>"#)),
        2 => string_item().prop_map(|s| format!(r#" t="inlineStr"><is>{s}</is>"#)),
        1 => (text(), text()).prop_map(|(f, v)| format!(r#" t="str"><f>{f}</f><v>{v}</v>"#)),
        1 => text().prop_map(|f| format!("><f>{f}</f>")),
        1 => Just(r#"><f t="shared" ref="A1:A3" si="0">B1</f><v>1</v>"#.to_string()),
        1 => Just(r#" t="e"><v>#N/A</v>"#.to_string()),
        1 => Just(r#" t="d"><v>2024-03-01T10:00:00</v>"#.to_string()),
        1 => Just("/>".to_string()),
        1 => Just("><v></v>".to_string()),
        1 => Just("><v>&#49;2</v>".to_string()),
    ];
    (proptest::option::weighted(0.8, (0u32..40, 0u32..6)), proptest::option::weighted(0.6, 0u32..12), body)
}

/// A number format code of the kinds Excel's dialog makes, dates and not.
fn format_code() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("yyyy-mm-dd"),
        Just("d/m/yy h:mm AM/PM"),
        Just("[h]:mm:ss"),
        Just("[mm]:ss"),
        Just("hh:mm"),
        Just("0.00"),
        Just("#,##0;[Red]-#,##0"),
        Just("\"day\" 0"),
        Just("0\\d"),
        Just("_(* #,##0_)"),
        Just("[$-409]mmmm d, yyyy"),
        Just("@"),
        Just("0.0E+00"),
        Just("[Blue]0;[Red]0"),
        Just("a/p"),
        Just("[s]"),
        Just("General;[h]"),
        Just("*-0"),
    ]
    .prop_map(|c| c.replace('"', "&quot;"))
}

fn worksheet() -> impl Strategy<Value = Vec<u8>> {
    let strings = proptest::collection::vec(string_item(), 0..8);
    let formats = proptest::collection::vec(format_code(), 0..4);
    let xfs = proptest::collection::vec(0u32..60, 1..12);
    (strings, formats, xfs).prop_flat_map(|(strings, formats, xfs)| {
        let rows = proptest::collection::vec((proptest::option::weighted(0.7, 1u32..45), proptest::collection::vec(cell(strings.len()), 0..6), 0u8..16), 0..12);
        let tail = prop_oneof![
            Just(String::new()),
            Just(r#"<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>"#.to_string()),
            Just(r#"<hyperlinks><hyperlink ref="A1" r:id="rId1"/><hyperlink ref="B2:B4" location="S!A1"/></hyperlinks>"#.to_string()),
        ];
        let date1904 = prop_oneof![Just(""), Just(r#"<workbookPr date1904="false"/>"#), Just(r#"<workbookPr date1904="1"/>"#)];
        let dimension = prop_oneof![
            4 => Just(r#"<dimension ref="A1:F45"/>"#),
            2 => Just(""),
            1 => prop_oneof![Just(r#"<dimension ref="C3"/>"#), Just(r#"<dimension ref="A0:D3"/>"#), Just(r#"<dimension ref="A1:B2:C3"/>"#), Just("<dimension/>")],
        ];
        (Just(strings), Just(formats), Just(xfs), rows, tail, dimension, date1904)
    })
    .prop_map(|(strings, formats, xfs, rows, tail, dimension, date1904)| {
        let mut sheet = format!("<worksheet {NS}>");
        sheet.push_str(dimension);
        sheet.push_str("<sheetData>");
        for (r, cells, spelling) in rows {
            // Mostly as spreadsheet programs write rows; sometimes as XML also allows.
            let r = r.map(|r| match spelling {
                1 => format!(" r='{r}'"),
                2 => format!(" r = \"{r}\" spans=\"1:6\""),
                3 => format!(" r=\"{r}\" x=\"a>b\""),
                4 => format!("\n r=\"{r}\"\t"),
                _ => format!(" r=\"{r}\""),
            });
            let (prefix, gap) = match spelling {
                5 => ("x:", ""),
                6 => ("", " "),
                7 => ("", "\n  "),
                8 => ("", "<!-- c -->"),
                _ => ("", ""),
            };
            match spelling {
                9 => sheet.push_str(&format!("<row{}/>", r.unwrap_or_default())),
                _ => sheet.push_str(&format!("<row{}>", r.unwrap_or_default())),
            }
            for (reference, style, body) in cells {
                sheet.push_str(gap);
                sheet.push_str(&format!("<{prefix}c"));
                if let Some((row, column)) = reference {
                    sheet.push_str(&format!(r#" r="{}{}""#, (b'A' + column as u8) as char, row + 1));
                }
                if let Some(style) = style {
                    sheet.push_str(&format!(r#" s="{style}""#));
                }
                sheet.push_str(&body);
                if !body.ends_with("/>") {
                    sheet.push_str(&format!("</{prefix}c>"));
                }
            }
            sheet.push_str(gap);
            match spelling {
                9 => {}
                10 => sheet.push_str("</row >"),
                11 => sheet.push_str("</row></row>"),
                _ => sheet.push_str("</row>"),
            }
        }
        sheet.push_str("</sheetData>");
        sheet.push_str(&tail);
        sheet.push_str("</worksheet>");
        let shared = format!(
            r#"<sst {NS} count="{0}" uniqueCount="{0}">{1}</sst>"#,
            strings.len(),
            strings.iter().map(|s| format!("<si>{s}</si>")).collect::<String>()
        );
        let numbers: String = formats.iter().enumerate().map(|(k, code)| format!(r#"<numFmt numFmtId="{}" formatCode="{code}"/>"#, 164 + k)).collect();
        let cell_xfs: String = xfs.iter().map(|id| format!(r#"<xf numFmtId="{}" fontId="0"/>"#, if *id >= 50 && !formats.is_empty() { 164 + (*id as usize % formats.len()) as u32 } else { *id })).collect();
        let styles = format!(r#"<styleSheet {NS}><numFmts>{numbers}</numFmts><fonts count="1"><font/></fonts><cellXfs>{cell_xfs}</cellXfs></styleSheet>"#);
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/a%20b" TargetMode="External"/></Relationships>"#;
        let has_links = tail.contains("hyperlink");
        package(&sheet, Some(&shared), Some(&styles), has_links.then_some(rels), date1904)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

    /// Wherever the fast path reads a generated worksheet, calamine reads the same.
    #[test]
    fn generated_worksheets_read_alike(bytes in worksheet()) {
        let (fast, calamine) = read_xlsx_both(&bytes);
        if let Some(fast) = fast {
            let calamine = calamine.map_err(|e| TestCaseError::fail(format!("calamine refused what the fast path read: {e}")))?;
            prop_assert_eq!(fast, calamine);
        }
    }
}

/// The property above says nothing if the fast path gives up on everything: most plain
/// worksheets (no shared formula, error or ISO date cell, no escape) must be read by it.
#[test]
fn the_fast_path_reads_plain_worksheets() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut plain, mut read) = (0, 0);
    for _ in 0..400 {
        let bytes = worksheet().new_tree(&mut runner).unwrap().current();
        let sheet = {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(
                &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
                &mut xml,
            )
            .unwrap();
            xml
        };
        let refused = [
            "A0:D3",
            "A1:B2:C3",
            "<dimension/>",
            "t=\"shared\"",
            "t=\"e\"",
            "t=\"d\"",
            "&unknown;",
            "&#49;",
            "NaN",
            "inf",
            "abc",
            "+3",
            ">1e<",
            " 4<",
            ">2<",
        ];
        if refused.iter().any(|r| sheet.contains(r)) {
            continue;
        }
        plain += 1;
        read += usize::from(read_xlsx_both(&bytes).0.is_some());
    }
    assert!(plain >= 40, "only {plain} plain worksheets generated");
    assert!(read * 2 >= plain, "the fast path read {read} of {plain} plain worksheets");
}

/// Markup calamine refuses or reads by its own rules — attributes without values, stray end
/// tags, references outside the grid, a dimension with a row 0 — is read alike or left to it.
#[test]
fn damaged_markup_is_read_alike_or_left_to_calamine() {
    let cells = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c></row>"#;
    for sheet in [
        format!(r#"<worksheet><dimension ref="A0:D3"/><sheetData>{cells}</sheetData></worksheet>"#),
        format!(r#"<worksheet><dimension ref="A1:B2:C3"/><sheetData>{cells}</sheetData></worksheet>"#),
        format!(r#"<worksheet>"x"</f><sheetData>{cells}</sheetData></worksheet>"#),
        r#"<worksheet><sheetData><row r="1" </f><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#.to_string(),
        r#"<worksheet><sheetData><row r="1"><c r="A1" t><v>1</v></c></row></sheetData></worksheet>"#.to_string(),
        r#"<worksheet><sheetData><row r="1"><c r="A1" r="B1"><v>1</v></c></row></sheetData></worksheet>"#.to_string(),
        r#"<worksheet><sheetData><row r="0"><c><v>1</v></c></row></sheetData></worksheet>"#.to_string(),
        r#"<worksheet><sheetData><row r="2"><c r="XFE2"><v>1</v></c></row></sheetData></worksheet>"#.to_string(),
        r#"<worksheet><sheetData><row><c r="A1"><x>1</x></c></row></sheetData></worksheet>"#.to_string(),
        format!(r#"<worksheet><sheetData>{cells}</sheetData><mergeCells><mergeCell ref="A1:"/></mergeCells></worksheet>"#),
        format!(r#"<worksheet><sheetData>{cells}</sheetData><merCslgeel>:D>"#),
        format!(r#"<worksheet><sheetData>{cells}"#),
        r#"<worksheet><sheetData/><mergeCells><mergeCell ref="A3:B6"/></mergeCells></worksheet>"#.to_string(),
        r#"<worksheet><sheetData ref="A1"/><pageMargins left="0.7"/></worksheet>"#.to_string(),
        r#"<worksheet><sheetData/><x></sheetData><mergeCells><mergeCell ref="A3:B6"/></mergeCells></worksheet>"#.to_string(),
        format!(r#"<worksheet><sheetData>{cells}<!-- </sheetData> --></sheetData><mergeCells><mergeCell ref="A3:B6"/></mergeCells></worksheet>"#),
    ] {
        let strings = format!(r#"<sst {NS} uniqueCount="1"><si><t>one</t></si></sst>"#);
        let bytes = package(&sheet, Some(&strings), None, None, "");
        let (fast, calamine) = read_xlsx_both(&bytes);
        if let Some(fast) = fast {
            assert_eq!(Some(&fast), calamine.as_ref().ok(), "{sheet}");
        }
    }
}

/// Bytes that are not UTF-8 — in an attribute the fast path does not need, in a value, in a
/// formula — are read alike or left to calamine (which refuses them).
#[test]
fn bytes_that_are_not_utf8_are_left_to_calamine() {
    let strings = format!(r#"<sst {NS} uniqueCount="1"><si><t>one</t></si></sst>"#);
    for damaged in [
        &b"<row r=\"1\" spans=\"1:\xff\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"[..],
        b"<row r=\"1\"><c r=\"A1\" s=\"0\" x=\"\xc3\"><v>1</v></c></row>",
        b"<row r=\"1\"><c r=\"A1\" t=\"str\"><v>caf\xe9</v></c></row>",
        b"<row r=\"1\"><c r=\"A1\"><f>\"\xe9\"</f><v>1</v></c></row>",
    ] {
        let mut sheet = b"<worksheet><sheetData>".to_vec();
        sheet.extend_from_slice(damaged);
        sheet.extend_from_slice(b"</sheetData></worksheet>");
        let (fast, calamine) = read_xlsx_both(&package(&sheet, Some(&strings), None, None, ""));
        if let Some(fast) = fast {
            assert_eq!(Some(&fast), calamine.as_ref().ok(), "{}", String::from_utf8_lossy(&sheet));
        }
    }
}

/// `<sheetData/>` (an empty sheet, as LibreOffice writes one) followed by markup calamine's
/// own readers skip: the merged range after it is read, by calamine and by the fast path
/// alike, or left to calamine.
#[test]
fn an_empty_sheet_data_is_followed_as_calamine_follows_it() {
    let sheet = r#"<worksheet><sheetData ref="A1"/><x><mergeCells><mergeCell ref="A3:B3"/></mergeCells><y z=></worksheet>"#;
    let (fast, calamine) = read_xlsx_both(&package(sheet, None, None, None, ""));
    // calamine's readers find the merged range past the markup they skip.
    assert_eq!(calamine.as_ref().map(|c| c.sheets[0].merged.len()).ok(), Some(1), "{calamine:?}");
    if let Some(fast) = fast {
        assert_eq!(Some(&fast), calamine.as_ref().ok());
    }
    let empty = r#"<worksheet><sheetData/><pageMargins left="0.7"/></worksheet>"#;
    let workbook = assert_same(&package(empty, None, None, None, ""), "an empty sheet");
    assert!(workbook.sheets[0].rows.is_empty());
}

/// A sheet larger than the byte scanner's read (1 MiB of XML), shifted a few bytes at a time
/// so that the cut falls inside a different element each time: read alike, by the fast path.
#[test]
fn a_sheet_read_in_several_pieces_reads_alike() {
    let strings = format!(
        r#"<sst {NS} uniqueCount="3"><si><t>Depot</t></si><si><t>Dock &amp; yard</t></si><si><t>https://maps.google.com/?q=48.85,2.29</t></si></sst>"#
    );
    let styles =
        format!(r#"<styleSheet {NS}><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#);
    let mut rows = String::new();
    for r in 1..=6_500u32 {
        rows.push_str(&format!(
            r#"<row r="{r}" spans="1:5"><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}" s="1"><v>{}.25</v></c><c r="C{r}" t="b"><v>{}</v></c><c r="D{r}"><f>B{r}&amp;"x"</f><v>{}</v></c><c r="E{r}" t="str"><v>w{r}&lt;</v></c></row>"#,
            r % 3,
            40_000 + r * 7 % 9_000,
            r % 2,
            f64::from(r) / 8.0
        ));
    }
    for shift in [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
        let sheet = format!(
            r#"<worksheet {NS}><dimension ref="A1:E6500"/><sheetData>{}{rows}</sheetData></worksheet>"#,
            " ".repeat(shift)
        );
        assert!(sheet.len() > 1 << 20);
        let workbook =
            assert_same(&package(&sheet, Some(&strings), Some(&styles), None, ""), &format!("shift {shift}"));
        assert_eq!(workbook.sheets[0].rows.len(), 6_500);
    }
}

/// The whole workbook read alike or left to calamine.
fn alike_or_left(bytes: &[u8], what: &str) {
    let (fast, calamine) = read_xlsx_both(bytes);
    if let Some(fast) = fast {
        assert_eq!(Some(&fast), calamine.as_ref().ok(), "{what}");
    }
}

/// Markup XML allows and calamine reads by rules of its own: a form feed between attributes
/// (a space to calamine), an empty value of a date or of an unknown type, two cells at one
/// position, a `</sheetData>` in a comment before or after the sheet's data.
#[test]
fn markup_calamine_reads_by_its_own_rules_is_read_alike_or_left_to_it() {
    let strings = format!(r#"<sst {NS} uniqueCount="1"><si><t>one</t></si></sst>"#);
    let merge = r#"<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>"#;
    for body in [
        "<sheetData><row r=\"1\"><c r=\"A1\"\x0Ct=\"s\"><v>0</v></c></row></sheetData>".to_string(),
        "<sheetData><row\x0Cr=\"3\"><c><v>1</v></c></row></sheetData>".to_string(),
        "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"\x0C><v>45000</v></c></row></sheetData>".to_string(),
        r#"<sheetData><row r="1"><c r="A1" t="d"><v></v></c></row></sheetData>"#.to_string(),
        r#"<sheetData><row r="1"><c r="A1" t="x"><v></v></c><c r="B1" t=""><v></v></c></row></sheetData>"#.to_string(),
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="A1" t="str"><v></v></c></row></sheetData>"#.to_string(),
        r#"<sheetData><row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c><c><v>3</v></c></row></sheetData>"#.to_string(),
        format!(r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>{merge}<!-- </sheetData> -->"#),
        format!(r#"<!-- </sheetData> --><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>{merge}"#),
        format!(r#"<sheetData/>{merge}<!-- </x:sheetData> -->"#),
    ] {
        let sheet = format!("<worksheet {NS}>{body}</worksheet>");
        let styles = format!(r#"<styleSheet {NS}><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#);
        alike_or_left(&package(&sheet, Some(&strings), Some(&styles), None, ""), &sheet);
    }
}

/// A hyperlink and a merged range after the sheet's data, and the relationship the link
/// names.
const LINKED: &str = r#"<hyperlinks><hyperlink ref="B1" r:id="rId1" location="S!A1_x0041_"/></hyperlinks><mergeCells count="1"><mergeCell ref="C1:D2"/></mergeCells></worksheet>"#;
const LINK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/a" TargetMode="External"/></Relationships>"#;

/// The package around the sheets, as calamine finds its parts (ECMA-376 Part 2 §9: the
/// package relationships, the workbook's, zip names whatever their case) and as it refuses
/// them: read alike or left to calamine.
#[test]
fn packages_calamine_reads_otherwise_or_refuses_are_read_alike_or_left_to_it() {
    let sheet = format!(
        r#"<worksheet {NS}><sheetData><row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    let strings = format!(r#"<sst {NS} uniqueCount="1"><si><t>one</t></si></sst>"#);
    let styles = format!(
        r#"<styleSheet {NS}><fonts count="1"><font><name val="Calibri"/></font></fonts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#
    );
    let base = parts(sheet.as_bytes(), Some(&strings), Some(&styles), None, r#"<workbookPr date1904="0"/>"#);
    let unchanged = zip_of(&base);
    assert!(read_xlsx_both(&unchanged).0.is_some(), "the fast path reads the package unchanged");
    let rename = |parts: &mut Parts, from: &str, to: &str| {
        parts.iter_mut().filter(|(name, _)| name == from).for_each(|(name, _)| *name = to.to_string())
    };
    let replace = |parts: &mut Parts, part: &str, from: &str, to: &str| {
        let (_, data) = parts.iter_mut().find(|(name, _)| name == part).unwrap();
        let text = String::from_utf8(data.clone()).unwrap();
        assert!(text.contains(from), "{part} has {from}");
        *data = text.replacen(from, to, 1).into_bytes();
    };
    type Change = Box<dyn Fn(&mut Parts)>;
    let changes: Vec<(&str, Change)> = vec![
        ("no package relationships", Box::new(|p| p.retain(|(name, _)| name != "_rels/.rels"))),
        (
            "the workbook elsewhere",
            Box::new(move |p| {
                replace(p, "_rels/.rels", "Target=\"xl/workbook.xml\"", "Target=\"xl/book.xml\"")
            }),
        ),
        (
            "an unknown sheet state",
            Box::new(move |p| {
                replace(p, "xl/workbook.xml", "sheetId=\"1\"", "sheetId=\"1\" state=\"bogus\"")
            }),
        ),
        ("a plain id", Box::new(move |p| replace(p, "xl/workbook.xml", "r:id=", "id="))),
        (
            "a plain id, with hyperlinks",
            Box::new(move |p| {
                replace(p, "xl/workbook.xml", "r:id=", "id=");
                replace(p, "xl/worksheets/sheet1.xml", "</worksheet>", LINKED);
                p.push(("xl/worksheets/_rels/sheet1.xml.rels".to_string(), LINK_RELS.as_bytes().to_vec()));
            }),
        ),
        (
            "two ids, with hyperlinks",
            Box::new(move |p| {
                replace(p, "xl/workbook.xml", "r:id=\"rId1\"", "r:id=\"rId1\" x:id=\"rId1\"");
                replace(p, "xl/worksheets/sheet1.xml", "</worksheet>", LINKED);
                p.push(("xl/worksheets/_rels/sheet1.xml.rels".to_string(), LINK_RELS.as_bytes().to_vec()));
            }),
        ),
        (
            "an end tag with a space, with hyperlinks",
            Box::new(move |p| {
                replace(
                    p,
                    "xl/worksheets/sheet1.xml",
                    "<c r=\"A1\" s=\"1\"><v>45000</v></c>",
                    "<c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c>",
                );
                replace(p, "xl/worksheets/sheet1.xml", "</sheetData>", "</sheetData >");
                replace(p, "xl/worksheets/sheet1.xml", "</worksheet>", LINKED);
                p.push(("xl/worksheets/_rels/sheet1.xml.rels".to_string(), LINK_RELS.as_bytes().to_vec()));
            }),
        ),
        (
            "a sheet inside a defined name",
            Box::new(move |p| {
                replace(p, "xl/workbook.xml", "</sheets>", "</sheets><definedNames><definedName name=\"n\"><sheet name=\"T\" sheetId=\"2\" r:id=\"rId1\"/></definedName></definedNames>")
            }),
        ),
        (
            "1904 dates inside a defined name",
            Box::new(move |p| {
                replace(p, "xl/workbook.xml", "</sheets>", "</sheets><definedNames><definedName name=\"n\"><workbookPr date1904=\"1\"/></definedName></definedNames>")
            }),
        ),
        (
            "a relationship before the relationships",
            Box::new(move |p| {
                let (_, root) = p.iter_mut().find(|(name, _)| name == "_rels/.rels").unwrap();
                let text = String::from_utf8(root.clone()).unwrap();
                let at = text.find("<Relationship ").unwrap();
                let end = text[at..].find("/>").unwrap() + at + 2;
                let relationship = text[at..end].to_string();
                *root = format!("{relationship}{}", text.replacen(&relationship, "", 1)).into_bytes();
            }),
        ),
        (
            "a relationship not found",
            Box::new(move |p| replace(p, "xl/workbook.xml", "r:id=\"rId1\"", "r:id=\"rId9\"")),
        ),
        (
            "a chart sheet",
            Box::new(move |p| replace(p, "xl/_rels/workbook.xml.rels", "/worksheet\"", "/chartsheet\"")),
        ),
        (
            "a target with an entity",
            Box::new(move |p| replace(p, "xl/_rels/workbook.xml.rels", "sheet1.xml", "sheet&#49;.xml")),
        ),
        (
            "date1904 as an entity",
            Box::new(move |p| replace(p, "xl/workbook.xml", "date1904=\"0\"", "date1904=\"&#49;\"")),
        ),
        (
            "two sheets of one name",
            Box::new(move |p| {
                replace(
                    p,
                    "xl/workbook.xml",
                    "</sheets>",
                    "<sheet name=\"S\" sheetId=\"2\" r:id=\"rId1\"/></sheets>",
                )
            }),
        ),
        ("a workbook cut short", Box::new(move |p| replace(p, "xl/workbook.xml", "</workbook>", ""))),
        ("styles in another case", Box::new(move |p| rename(p, "xl/styles.xml", "xl/Styles.xml"))),
        ("styles with a backslash", Box::new(move |p| rename(p, "xl/styles.xml", "xl\\styles.xml"))),
        (
            "a sheet in another case",
            Box::new(move |p| rename(p, "xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml")),
        ),
        (
            "an xf inside an xf",
            Box::new(move |p| {
                replace(
                    p,
                    "xl/styles.xml",
                    "<xf numFmtId=\"0\"/>",
                    "<xf numFmtId=\"0\"><xf numFmtId=\"14\"/></xf>",
                )
            }),
        ),
        ("a font's end tag misspelt", Box::new(move |p| replace(p, "xl/styles.xml", "</font>", "</font.>"))),
        ("styles cut short", Box::new(move |p| replace(p, "xl/styles.xml", "</styleSheet>", ""))),
        (
            "a font with an unknown entity",
            Box::new(move |p| replace(p, "xl/styles.xml", "Calibri", "&bogus;")),
        ),
        (
            "a form feed in an xf",
            Box::new(move |p| {
                replace(p, "xl/styles.xml", "<xf numFmtId=\"14\"/>", "<xf\x0CnumFmtId=\"14\"/>")
            }),
        ),
        (
            "a shared-string count in single quotes",
            Box::new(move |p| {
                replace(p, "xl/sharedStrings.xml", "uniqueCount=\"1\"", "uniqueCount='99999999999999'")
            }),
        ),
    ];
    for (what, change) in changes {
        let mut changed = base.clone();
        change(&mut changed);
        alike_or_left(&zip_of(&changed), what);
    }
}

/// A shared-string count far beyond what the part holds is refused before either reader
/// trusts it (calamine reserves memory for it; in wasm a failed allocation ends the worker),
/// however the attribute is written.
#[test]
fn a_shared_string_count_out_of_all_proportion_is_refused_however_written() {
    let sheet = format!(
        r#"<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    for count in [
        r#"uniqueCount="99999999999""#,
        "uniqueCount='99999999999'",
        "uniqueCount = \"99999999999\"",
        r#"a:uniqueCount="1" uniqueCount="99999999999""#,
    ] {
        // A decoy before the table counts for nothing.
        let strings = format!(r#"<!-- uniqueCount="1" --><sst {NS} {count}><si><t>one</t></si></sst>"#);
        let (fast, calamine) = read_xlsx_both(&package(&sheet, Some(&strings), None, None, ""));
        assert!(fast.is_none(), "{count}");
        let error = calamine.expect_err(count).to_string();
        assert!(error.contains("shared strings"), "{count}: {error}");
    }
}

/// The count hidden past what the guard reads (a long comment before `<sst>`) is refused
/// too: the table must begin near the start of its part.
#[test]
fn shared_strings_that_begin_far_into_their_part_are_refused() {
    let sheet = format!(
        r#"<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    let strings = format!(
        r#"<!--{}--><sst {NS} uniqueCount="99999999999"><si><t>one</t></si></sst>"#,
        " ".repeat(70_000)
    );
    let (fast, calamine) = read_xlsx_both(&package(&sheet, Some(&strings), None, None, ""));
    assert!(fast.is_none());
    assert!(calamine.expect_err("refused").to_string().contains("shared strings"));
}

/// Thousands of `</sheetData>` after the sheet's data are read in one pass, as calamine's
/// path reads them: alike.
#[test]
fn many_closing_tags_after_the_data_are_read_alike_in_one_pass() {
    let strings = format!(r#"<sst {NS} uniqueCount="1"><si><t>one</t></si></sst>"#);
    let sheet = format!(
        r#"<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells><!--{}--></worksheet>"#,
        "</sheetData>".repeat(20_000)
    );
    let bytes = package(&sheet, Some(&strings), None, None, "");
    let workbook = assert_same(&bytes, "many closings");
    assert!(workbook.sheets[0].merged.is_empty(), "the tail is what follows the last closing");
}
