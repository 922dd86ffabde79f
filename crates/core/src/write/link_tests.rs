//! The web links the stream writes ([`super::links`]): read back by pinsheet's reader and by
//! calamine's, beside the links rust_xlsxwriter still writes, and against rust_xlsxwriter
//! writing the same links itself.
//!
//! The expected targets follow the rule Excel keeps (ECMA-376 Part 1 §18.3.1.47 and RFC 3986
//! §2.1/§2.4): a link is split at its first `#` into the relationship's target and the cell's
//! location; in the target, space `"` `<` `>` `[` `]` `^` `` ` `` `{` `}` and a `%` that does
//! not begin an encoded octet are percent-encoded, and nothing else is touched.

use super::*;
use crate::{convert, read, Format, Target};
use crate::{Cell, Placement, Sheet, Workbook};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A sheet with a header and one link text a row in column B, each with `links[row - 1]` as
/// its hyperlink, and a name in column A. Column C has a number, which moves when the new
/// columns go after the link.
fn sheet_of(links: &[String]) -> Workbook {
    Workbook::new(Format::Xlsx, vec![named_sheet("Links", links)])
}

fn named_sheet(name: &str, links: &[String]) -> Sheet {
    let mut rows = vec![vec![text("Name"), text("Link"), text("Count")]];
    let mut hyperlinks = Vec::new();
    for (k, link) in links.iter().enumerate() {
        rows.push(vec![text(&format!("place {k}")), text(&format!("link {k}")), Cell::Number(k as f64)]);
        hyperlinks.push(((k as u32 + 1, 1), link.clone()));
    }
    let mut sheet = Sheet::new(name, rows);
    sheet.hyperlinks = hyperlinks;
    sheet
}

fn write(input: &Workbook, placement: Placement) -> Vec<u8> {
    let conversion = convert(input, &Target::new(0, 1, true), |_, _| {});
    write_xlsx(input, &conversion, placement).expect("the workbook is written")
}

/// A sheet's hyperlinks as calamine reads them: `target#location`, by 0-based cell.
fn calamine_links(xlsx: &[u8], sheet: &str) -> BTreeMap<(u32, u32), String> {
    let mut reader =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(xlsx)).expect("opens");
    let links = reader.hyperlinks_by_sheet_name(sheet).expect("hyperlinks read");
    links
        .into_iter()
        .map(|link| {
            let whole = match (link.target, link.location) {
                (Some(target), Some(location)) => format!("{target}#{location}"),
                (Some(target), None) => target,
                (None, Some(location)) => format!("internal:{location}"),
                (None, None) => String::new(),
            };
            (link.range.start, whole)
        })
        .collect()
}

/// The first sheet part and its relationships part, as text.
fn sheet_parts(xlsx: &[u8]) -> (String, String) {
    sheet_parts_of(xlsx, 1)
}

/// Sheet `n`'s part (`sheetN.xml`) and its relationships part, as text; empty when missing.
fn sheet_parts_of(xlsx: &[u8], n: usize) -> (String, String) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("a zip");
    let mut part = |path: &str| {
        crate::ooxml::package::read_part(&mut archive, path)
            .map(|bytes| String::from_utf8(bytes).expect("UTF-8"))
            .unwrap_or_default()
    };
    (part(&format!("xl/worksheets/sheet{n}.xml")), part(&format!("xl/worksheets/_rels/sheet{n}.xml.rels")))
}

/// What a sheet part says, read with quick-xml: each `<row r>` number, each cell's style by
/// reference, each `<hyperlink>`'s (ref, r:id), and whether the `r` prefix is declared.
struct SheetXml {
    rows: Vec<u32>,
    styles: HashMap<String, String>,
    hyperlinks: Vec<(String, String)>,
    hyperlink_blocks: usize,
    declares_r: bool,
}

fn parse_sheet(xml: &str) -> SheetXml {
    use quick_xml::events::Event;
    let mut found = SheetXml {
        rows: Vec::new(),
        styles: HashMap::new(),
        hyperlinks: Vec::new(),
        hyperlink_blocks: 0,
        declares_r: false,
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attribute = |name: &str| crate::ooxml::xml::attribute(&e, name);
                match e.name().as_ref() {
                    "worksheet" => found.declares_r = attribute("xmlns:r").is_some(),
                    "row" => found.rows.push(attribute("r").and_then(|r| r.parse().ok()).expect("r")),
                    "c" => {
                        let reference = attribute("r").expect("r");
                        found.styles.insert(reference, attribute("s").unwrap_or_default());
                    }
                    "hyperlinks" => found.hyperlink_blocks += 1,
                    "hyperlink" => found
                        .hyperlinks
                        .push((attribute("ref").expect("ref"), attribute("r:id").unwrap_or_default())),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    found
}

/// Each relationship's Id, with its Target.
fn relationships(xml: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    crate::ooxml::xml::each_element(xml.as_bytes(), |element, attributes| {
        let value = |name: &str| attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        if element == "Relationship" {
            found.push((value("Id").unwrap_or_default(), value("Target").unwrap_or_default()));
        }
    })
    .expect("well-formed");
    found
}

/// Checks that hold for any output: one `<row>` a row number, in order; every hyperlink's
/// `r:id` names one relationship; one `<hyperlinks>` block; the `r` prefix declared.
fn assert_well_formed(xlsx: &[u8]) {
    assert_sheet_well_formed(xlsx, 1);
}

fn assert_sheet_well_formed(xlsx: &[u8], n: usize) {
    let (sheet, rels) = sheet_parts_of(xlsx, n);
    let parsed = parse_sheet(&sheet);
    assert!(parsed.rows.windows(2).all(|w| w[0] < w[1]), "rows once each, in order: {:?}", parsed.rows);
    assert!(parsed.hyperlink_blocks <= 1, "one <hyperlinks> block");
    let ids: Vec<String> = relationships(&rels).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "relationship ids are unique: {ids:?}");
    for (reference, id) in &parsed.hyperlinks {
        assert!(id.is_empty() || ids.contains(id), "{reference}'s {id} is a relationship");
    }
    if !parsed.hyperlinks.is_empty() {
        assert!(parsed.declares_r, "the r: prefix is declared");
    }
}

#[test]
fn web_links_come_back_as_excel_writes_them_beside_the_links_rust_xlsxwriter_writes() {
    let links: Vec<String> = [
        // An encoded octet stays as it is: rust_xlsxwriter wrote `%252C` here.
        "https://www.google.com/maps/search/?api=1&query=48.8584%2C2.2945",
        "https://example.com/a b?x=\"q\"&y=<1>#Sheet 2!A1",
        "mailto:someone@example.com",
        "http://[2001:db8::1]:8080/x[1]?k={v}",
        "https://münchen.de/straße?q=東京&p=100%&z=%zz",
        "internal:'Links'!A1",
        "geo:-33.8568,151.2153",
        "https://example.com/trailing#",
        "ftp://files.example.com/a^b`c",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut input = sheet_of(&links);
    // A second link given for the first cell: the last one given is the cell's.
    input.sheets[0].hyperlinks.insert(0, ((1, 1), "https://example.com/replaced".into()));
    // Links on other columns: a name, and a number (not text, so not a link Excel keeps).
    input.sheets[0].hyperlinks.push(((2, 0), "https://example.com/name".into()));
    input.sheets[0].hyperlinks.push(((3, 2), "https://example.com/number".into()));
    // A link on a formula's cell: the formula is kept, not the link.
    input.sheets[0].formulas = vec![((4, 0), "\"place \"&3".into())];
    input.sheets[0].rows[4][0] = text("place 3");
    input.sheets[0].hyperlinks.push(((4, 0), "https://example.com/formula".into()));

    let xlsx = write(&input, Placement::AfterLink);
    assert_well_formed(&xlsx);
    let expected: BTreeMap<(u32, u32), String> = [
        ((1, 1), "https://www.google.com/maps/search/?api=1&query=48.8584%2C2.2945"),
        ((2, 0), "https://example.com/name"),
        ((2, 1), "https://example.com/a%20b?x=%22q%22&y=%3c1%3e#Sheet 2!A1"),
        ((3, 1), "mailto:someone@example.com"),
        ((4, 1), "http://[2001:db8::1]:8080/x%5b1%5d?k=%7bv%7d"),
        ((5, 1), "https://münchen.de/straße?q=東京&p=100%25&z=%25zz"),
        ((6, 1), "internal:'Links'!A1"),
        ((7, 1), "geo:-33.8568,151.2153"),
        ((8, 1), "https://example.com/trailing"),
        ((9, 1), "ftp://files.example.com/a%5eb%60c"),
    ]
    .into_iter()
    .map(|(at, link)| (at, link.to_string()))
    .collect();

    let output = read(&xlsx, "out.xlsx").expect("read back");
    let sheet = &output.sheets[0];
    let ours: BTreeMap<(u32, u32), String> = sheet.hyperlinks.iter().cloned().collect();
    // The `geo:` link is a `HYPERLINK()` formula, not a hyperlink: the cell's link all the same.
    let mut hyperlinks = expected.clone();
    let formula_link = hyperlinks.remove(&(7, 1));
    assert_eq!(ours, hyperlinks);
    assert_eq!(calamine_links(&xlsx, "Links"), hyperlinks);
    assert_eq!(sheet.link_behind(7, 1), formula_link.as_deref());
    assert_eq!(
        sheet.formulas.iter().find(|(at, _)| *at == (4, 0)).map(|(_, f)| f.as_str()),
        Some("\"place \"&3")
    );
    // The cells keep their text, and the number its value, beside the new columns.
    for (k, row) in sheet.rows.iter().enumerate().skip(1) {
        assert_eq!(row[1], text(&format!("link {}", k - 1)), "row {k}");
        assert_eq!(row[5], Cell::Number((k - 1) as f64), "row {k}");
    }

    // Every link cell shows as a link: the Hyperlink cell style, one style for them all.
    let (xml, _) = sheet_parts(&xlsx);
    let styles = parse_sheet(&xml).styles;
    let link_styles: BTreeSet<&str> = ["B2", "A3", "B3", "B4", "B5", "B6", "B7", "B9", "B10"]
        .iter()
        .map(|r| styles.get(*r).map(String::as_str).unwrap_or_else(|| panic!("{r} is written")))
        .collect();
    assert_eq!(link_styles.len(), 1, "{link_styles:?}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.as_slice())).expect("zip");
    let styles_xml = crate::ooxml::package::read_part(&mut archive, "xl/styles.xml").expect("styles");
    assert!(memchr::memmem::find(&styles_xml, b"name=\"Hyperlink\"").is_some());
}

#[test]
fn a_sheet_of_web_links_alone_gets_its_relationships_part() {
    let links: Vec<String> = (0..300).map(|k| format!("https://example.com/{k}?a=1&b={k}#p{k}")).collect();
    let input = sheet_of(&links);
    for placement in [Placement::AfterLink, Placement::AtEnd] {
        let xlsx = write(&input, placement);
        assert_well_formed(&xlsx);
        let (sheet, rels) = sheet_parts(&xlsx);
        assert_eq!(relationships(&rels).len(), 300);
        assert_eq!(parse_sheet(&sheet).hyperlinks.len(), 300);
        let expected: BTreeMap<(u32, u32), String> =
            links.iter().enumerate().map(|(k, link)| ((k as u32 + 1, 1), link.clone())).collect();
        assert_eq!(calamine_links(&xlsx, "Links"), expected);
        let ours: BTreeMap<_, _> =
            read(&xlsx, "out.xlsx").expect("read").sheets[0].hyperlinks.iter().cloned().collect();
        assert_eq!(ours, expected);
    }
}

/// Two sheets, each with web links beside the links rust_xlsxwriter writes (`mailto:`,
/// `file://`, `internal:`), one of them not converted and one link in a merged range: each
/// sheet's links read back as rust_xlsxwriter writing them all itself gives them, each sheet's
/// ids name its own relationships, and `<hyperlinks>` sits where CT_Worksheet orders it.
#[test]
fn every_sheet_s_links_read_back_as_rust_xlsxwriter_writes_them() {
    let links = |kind: &str| -> Vec<String> {
        vec![
            format!("https://{kind}.example/a?b=1&c=2#frag"),
            "mailto:team@example.com?subject=Places".into(),
            format!("https://{kind}.example/second"),
            "file:///C:/data/places.xlsx".into(),
            "internal:'Other'!B2".into(),
            format!("http://{kind}.example/last"),
        ]
    };
    let (first, second) = (links("first"), links("second"));
    let mut other = named_sheet("Other", &second);
    other.merged = vec![crate::Span { first: (3, 1), last: (3, 2) }];
    other.rows[3].truncate(2);
    let input = Workbook::new(Format::Xlsx, vec![named_sheet("Links", &first), other]);
    let xlsx = write(&input, Placement::AfterLink);
    let theirs = by_rust_xlsxwriter(&[("Links", &first), ("Other", &second)]);
    for (n, name) in [(1, "Links"), (2, "Other")] {
        assert_sheet_well_formed(&xlsx, n);
        assert_eq!(calamine_links(&xlsx, name), calamine_links(&theirs, name), "{name}");
        let (sheet, _) = sheet_parts_of(&xlsx, n);
        let at = |tag: &str| sheet.find(tag);
        let block = at("<hyperlinks>").expect("a block");
        assert!(at("<pageMargins").is_some_and(|margins| block < margins), "{name}: before pageMargins");
        for before in ["<mergeCells", "<autoFilter", "</sheetData>"] {
            assert!(at(before).is_none_or(|b| b < block), "{name}: after {before}");
        }
    }
    let output = read(&xlsx, "out.xlsx").expect("read back");
    assert_eq!(output.sheets[1].rows[3][1], text("link 2"), "the merged range keeps its first cell");
    assert_eq!(output.sheets[1].merged, vec![crate::Span { first: (3, 1), last: (3, 2) }]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.as_slice())).expect("zip");
    let types = crate::ooxml::package::read_part(&mut archive, "[Content_Types].xml").expect("types");
    assert!(memchr::memmem::find(&types, b"Extension=\"rels\"").is_some(), "new .rels parts have a type");
}

/// rust_xlsxwriter writing the same links itself, on a sheet of its own, as pinsheet wrote
/// them before the stream took them over.
fn by_rust_xlsxwriter(sheets: &[(&str, &[String])]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, links) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).expect("a name");
        for (k, link) in links.iter().enumerate() {
            let url = rust_xlsxwriter::Url::new(link.as_str());
            sheet.write_url_with_text(k as u32 + 1, 1, url, format!("link {k}")).expect("a link");
        }
    }
    workbook.save_to_buffer().expect("saved")
}

/// Characters a link's path, query and location carry, the ones Excel encodes among them.
fn link_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => proptest::char::range('0', '9'),
            2 => proptest::sample::select(vec![
                '/', '?', '=', '&', '.', ',', '-', '_', '~', '+', ':', '@', '!', '$', '\'', '(', ')', '*', ';',
                ' ', '"', '<', '>', '[', ']', '^', '`', '{', '}', '|', '\\', '#', '%', 'é', '東', '😀',
            ]),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn web_link() -> impl Strategy<Value = String> {
    (prop_oneof![Just("https"), Just("http"), Just("ftp")], "[a-z]{1,12}", link_text())
        .prop_map(|(scheme, host, rest)| format!("{scheme}://{host}.example/{rest}"))
}

/// What a link reads back as, by the rule above: the target encoded, the location as it is,
/// an empty location dropped (as rust_xlsxwriter drops it).
fn as_excel_keeps(link: &str) -> String {
    let (target, location) = match link.split_once('#') {
        Some((target, location)) => (target, (!location.is_empty()).then_some(location)),
        None => (link, None),
    };
    let mut encoded = String::new();
    let bytes = target.as_bytes();
    for (i, c) in target.char_indices() {
        let octet = bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        match c {
            '%' if !octet => encoded.push_str("%25"),
            ' ' | '"' | '<' | '>' | '[' | ']' | '^' | '`' | '{' | '}' => {
                encoded.push_str(&format!("%{:02x}", c as u32))
            }
            c => encoded.push(c),
        }
    }
    match location {
        Some(location) => format!("{encoded}#{location}"),
        None => encoded,
    }
}

fn decoded(link: &str) -> String {
    percent_encoding::percent_decode_str(link).decode_utf8_lossy().into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any web link reads back as Excel keeps it, decoding to what was given; one with
    /// nothing to encode reads back exactly.
    #[test]
    fn any_web_link_reads_back_meaning_what_it_said(links in proptest::collection::vec(web_link(), 1..12)) {
        let xlsx = write(&sheet_of(&links), Placement::AfterLink);
        assert_well_formed(&xlsx);
        let output = read(&xlsx, "out.xlsx").expect("read back");
        let back: BTreeMap<(u32, u32), String> = output.sheets[0].hyperlinks.iter().cloned().collect();
        prop_assert_eq!(&back, &calamine_links(&xlsx, "Links"));
        for (k, link) in links.iter().enumerate() {
            let got = back.get(&(k as u32 + 1, 1)).expect("every link is kept");
            prop_assert_eq!(got, &as_excel_keeps(link));
            let whole = link.strip_suffix('#').filter(|l| !l.contains('#')).unwrap_or(link);
            prop_assert_eq!(decoded(got), decoded(whole));
            let plain = !link.chars().any(|c| " \"<>[]^`{}%".contains(c)) && whole == link;
            if plain {
                prop_assert_eq!(got, link);
            }
        }
    }

    /// Links without a `%` (which rust_xlsxwriter reads as "already encoded" and then leaves
    /// alone entirely) read back as they did when rust_xlsxwriter wrote them.
    #[test]
    fn links_read_back_as_rust_xlsxwriter_wrote_them(
        links in proptest::collection::vec(web_link().prop_filter("no %", |l| !l.contains('%')), 1..12)
    ) {
        let ours = write(&sheet_of(&links), Placement::AfterLink);
        let theirs = by_rust_xlsxwriter(&[("Links", &links)]);
        prop_assert_eq!(calamine_links(&ours, "Links"), calamine_links(&theirs, "Links"));
        let read_links = |xlsx: &[u8]| -> Vec<((u32, u32), String)> {
            read(xlsx, "x.xlsx").expect("read").sheets[0].hyperlinks.clone()
        };
        prop_assert_eq!(read_links(&ours), read_links(&theirs));
    }
}
